"""The dataset an analyst works on, kept in ?kind=: shared by Upload data and Dataset versions."""

import streamlit as st

from components.i18n import t
from components.page_context import current
from queries.ingest.kinds import KINDS

KIND_KEY = "kind"


def kind_label(kind: str) -> str:
    return t(f"ingest.kinds.{kind}")


def kind_selector(key: str = KIND_KEY) -> str:
    current().url.seed(key, list(KINDS), "rankings")
    return st.selectbox(
        t("ingest.kind"), options=list(KINDS), format_func=kind_label, key=key, help=t("ingest.kind_help")
    )
