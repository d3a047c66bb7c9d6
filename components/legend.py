"""Map legends (pydeck has none): colour swatches built from our own escaped labels."""

import streamlit as st

from components import downloads
from components.filters import tier_label
from components.i18n import t
from components.map_render import LegendItem
from components.palette import TIER_HEX
from components.safe_text import html_text


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
    legend_html(items)
    downloads.attach_legend(items)
    return items
