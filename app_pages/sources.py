"""Sources: the five reports, where each dataset's rows come from, anomalies, map credits."""

import streamlit as st

from components import downloads, source_reader
from components import sources_views as views
from components.i18n import t
from components.layout import page_header
from queries.sources import anomalies, dataset_citations, dataset_rows, source_documents

page_header("sources.title", "sources.intro", sources=("000", "001", "002", "003", "004"))

st.caption(t("reader.table_hint"))
st.subheader(t("sources.reports"))
documents = source_documents()
source_reader.cited_table(views.reports_table(documents), "reports", views.title_citations(documents))

st.subheader(t("sources.datasets"), help=t("sources.datasets_help"))
citations = dataset_citations()
source_reader.cited_table(
    views.datasets_table(citations), "dataset_citations", views.dataset_row_citations(citations, dataset_rows())
)

st.subheader(t("sources.anomalies"))
# A static table: each description is read in full (a data grid cuts it to one line).
anomaly_rows = views.anomalies_table(anomalies())
st.table(anomaly_rows.set_index(anomaly_rows.columns[0]))
downloads.table_exports(anomaly_rows, "anomalies")
found = anomalies()
source_reader.source_button(source_reader.citations_of(found, label=views.anomaly_labels(found)), "anomalies")

st.subheader(t("sources.boundaries"))
st.markdown(t("boundary.disclaimer"))
st.markdown(t("boundary.credits"))
st.markdown(t("sources.gazetteer"))
