"""Sources: the five reports, where each dataset's rows come from, anomalies, map credits."""

import streamlit as st

from components import downloads
from components import sources_views as views
from components.i18n import t
from components.layout import page_header
from queries.sources import anomalies, dataset_citations, source_documents

page_header("sources.title", "sources.intro", sources=("000", "001", "002", "003", "004"))

st.subheader(t("sources.reports"))
downloads.table(views.reports_table(source_documents()), "reports")

st.subheader(t("sources.datasets"), help=t("sources.datasets_help"))
downloads.table(views.datasets_table(dataset_citations()), "dataset_citations")

st.subheader(t("sources.anomalies"))
# A static table: each description is read in full (a data grid cuts it to one line).
anomaly_rows = views.anomalies_table(anomalies())
st.table(anomaly_rows.set_index(anomaly_rows.columns[0]))
downloads.table_exports(anomaly_rows, "anomalies")

st.subheader(t("sources.boundaries"))
st.markdown(t("boundary.disclaimer"))
st.markdown(t("boundary.credits"))
st.markdown(t("sources.gazetteer"))
