"""Sources: the five reports, where each dataset's rows come from, anomalies, map credits."""

import streamlit as st

from components import share
from components import sources_views as views
from components.i18n import t
from components.layout import page_header
from queries.sources import anomalies, dataset_citations, source_documents

page_header("sources.title", "sources.intro", sources=("000", "001", "002", "003", "004"))

st.subheader(t("sources.reports"))
share.table(views.reports_table(source_documents()), "reports")

st.subheader(t("sources.datasets"), help=t("sources.datasets_help"))
share.table(views.datasets_table(dataset_citations()), "dataset_citations")

st.subheader(t("sources.anomalies"))
share.table(views.anomalies_table(anomalies()), "anomalies")

st.subheader(t("sources.boundaries"))
st.markdown(t("boundary.disclaimer"))
st.markdown(t("boundary.credits"))
st.markdown(t("sources.gazetteer"))
