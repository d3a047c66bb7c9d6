"""Shared sidebar controls, each kept in the URL (?lang=en&tier=leading&tier=pioneer&tier_edition=…).

Their values are read from the URL when the page context is built (components.page_context);
these widgets show and change them.
"""

import streamlit as st

from components.i18n import localized, t
from components.page_context import LANGUAGE_KEY, TIER_EDITION_KEY, TIER_KEY, current
from components.palette import TIERS
from queries.tiers import tier_editions
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


def _edition_record(edition: str | None) -> dict:
    editions = tier_editions()
    found = editions[editions["edition"] == edition]
    return found.iloc[0].to_dict() if len(found) else {}


def tier_edition_label(edition: str) -> str:
    """'2025 · 赛迪 2025 梯队': the year first, as the filter names it, then the edition's own name."""
    record = _edition_record(edition)
    name = localized(record, "label") if record else edition
    year = record.get("year")
    return f"{int(year)} · {name}" if year == year and year is not None else name


def tier_heading() -> str:
    """The tier filter's name, from the edition it uses: '2022 梯队', '2025 tiers' after an upload."""
    record = _edition_record(current().tier_edition)
    year = record.get("year")
    if year is None or year != year:
        return t("filter.tier_any")
    return t("filter.tier_of", year=int(year))


def tier_edition_filter() -> None:
    """A choice of tier edition when more than one is in force (an upload added one): the newest is
    the default, an older one stays selectable, and the choice is kept in the URL."""
    editions = tier_editions()["edition"].tolist()
    if len(editions) > 1:
        labels = {edition: tier_edition_label(edition) for edition in editions}  # this run's names
        st.sidebar.selectbox(
            t("filter.tier_edition"),
            options=editions,
            format_func=lambda edition: labels.get(edition, edition),
            key=TIER_EDITION_KEY,
            help=t("filter.tier_edition_help"),
        )


def selected_tier_edition() -> str | None:
    return current().tier_edition


def tier_filter(where=st.sidebar) -> list[str]:
    """The tier pills, in the sidebar (or, in an embed that keeps them, `where=st` in the page)."""
    where.pills(
        tier_heading(),
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
