"""Shared sidebar controls, each kept in the URL (?lang=en&tier=leading&tier=pioneer).

Their values are read from the URL when the page context is built (components.page_context);
these widgets show and change them.
"""

import streamlit as st

from components.i18n import t
from components.page_context import LANGUAGE_KEY, TIER_KEY, current
from components.palette import TIERS
from texts.catalogue import LANGUAGES

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}


def language_switch() -> str:
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
    return current().tiers
