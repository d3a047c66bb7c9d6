"""Shared sidebar controls, each kept in the URL (?lang=en&tier=leading&tier=pioneer)."""

import streamlit as st

from components import url_state
from components.i18n import DEFAULT_LANGUAGE, LANGUAGE_KEY, LANGUAGES, t
from components.palette import TIERS

TIER_KEY = "tier"
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}


def language_switch() -> str:
    url_state.seed(LANGUAGE_KEY, LANGUAGES, DEFAULT_LANGUAGE)
    return st.sidebar.segmented_control(  # type: ignore[return-value]  # required=True: never None
        t("sidebar.language"),
        options=LANGUAGES,
        required=True,
        format_func=LANGUAGE_NAMES.__getitem__,
        key=LANGUAGE_KEY,
    )


def tier_label(tier: str, basis: str | None = None) -> str:
    """'领军', or '领军（推断）' when the placement was reconstructed rather than printed."""
    label = t(f"tier.{tier}")
    return t("tier.inferred_suffix", tier=label) if basis == "inferred" else label


def tier_filter() -> list[str]:
    url_state.seed(TIER_KEY, TIERS, list(TIERS), multi=True)
    st.sidebar.pills(
        t("filter.tier"),
        options=TIERS,
        selection_mode="multi",
        format_func=tier_label,
        key=TIER_KEY,
        help=t("filter.tier_help"),
    )
    return selected_tiers()


def selected_tiers() -> list[str]:
    """The tiers the user keeps in view (all four until they choose), in display order."""
    chosen = st.session_state.get(TIER_KEY)
    return list(TIERS) if chosen is None else [tier for tier in TIERS if tier in chosen]
