"""Map legends (pydeck has none): colour swatches built from our own escaped labels."""

import streamlit as st

from components import downloads
from components.filters import tier_label
from components.i18n import t
from components.map_render import LegendItem
from components.page_context import TIER_KEY, current
from components.palette import TIER_HEX, TIERS
from components.safe_text import html_text

LEGEND_KEY = "tier-legend"


def _swatch(colour: str, label: str, hollow: bool = False) -> str:
    fill = "transparent" if hollow else colour
    return (
        f'<span style="display:inline-flex;align-items:center;margin-right:14px;white-space:nowrap">'
        f'<span style="width:12px;height:12px;border-radius:50%;background:{fill};'
        f'border:2px solid {colour};margin-right:5px"></span>{html_text(label)}</span>'
    )


def tier_legend_items(tiers: list[str], size_note: str | None = None) -> list[LegendItem]:
    """The tier legend as data: the same entries on screen and in a map's exported PNG."""
    items = [LegendItem(tier_label(tier), TIER_HEX[tier]) for tier in tiers]
    items.append(LegendItem(t("legend.inferred"), "#777777", hollow=True))
    if size_note:
        items.append(LegendItem(size_note))
    return items


def legend_html(items: list[LegendItem]) -> None:
    parts = [
        _swatch(item.color, item.label, item.hollow)
        if item.color
        else f'<span style="opacity:0.8;margin-right:14px">{html_text(item.label)}</span>'
        for item in items
    ]
    st.markdown(
        f'<div class="atlas-legend" style="font-size:0.85rem;line-height:1.9">{" ".join(parts)}</div>',
        unsafe_allow_html=True,
    )


def tier_legend(tiers: list[str], size_note: str | None = None) -> list[LegendItem]:
    """Draw the tier legend under a map; the map drawn just before gets it in its PNG export."""
    items = tier_legend_items(tiers, size_note)
    map_legend(items, tiers)
    downloads.attach_legend(items)
    return items


def map_legend(items: list[LegendItem], tiers: list[str]) -> None:
    """A map's legend. Where it starts with the tiers and the page has controls, the tiers are
    buttons: a click (or Tab and Space) takes a tier out of the view or brings it back, as the
    sidebar's filter does (the two stay in step). An embed that keeps the tier filter draws that
    filter in the page already, so its legend stays a legend."""
    tier_entries = [LegendItem(tier_label(tier), TIER_HEX[tier]) for tier in tiers]
    toggles = current().shows_control(TIER_KEY) and not current().embedded
    if not toggles or items[: len(tiers)] != tier_entries:
        legend_html(items)
        return
    _tier_toggles()
    legend_html(items[len(tiers) :])


# Each tier button carries its colour as a dot before the label (nth button = nth tier).
_TOGGLE_CSS = "".join(
    f".st-key-{LEGEND_KEY} button:nth-of-type({index})::before{{content:'';display:inline-block;width:11px;"
    f"height:11px;border-radius:50%;background:{TIER_HEX[tier]};margin-right:6px}}"
    for index, tier in enumerate(TIERS, start=1)
)


def _tier_toggles() -> None:
    st.session_state[LEGEND_KEY] = list(current().tiers)
    st.html(f"<style>{_TOGGLE_CSS}</style>")
    st.pills(
        t("legend.toggle"),
        options=TIERS,
        selection_mode="multi",
        format_func=tier_label,
        key=LEGEND_KEY,
        on_change=_toggled,
        label_visibility="collapsed",
        help=t("legend.toggle_help"),
        wrap=True,  # under a map in a column it would scroll, hiding the last tiers
    )


def _toggled() -> None:
    st.session_state[TIER_KEY] = [tier for tier in TIERS if tier in (st.session_state.get(LEGEND_KEY) or [])]
