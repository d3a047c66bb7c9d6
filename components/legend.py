"""Map legends (pydeck has none): colour swatches built from our own escaped labels."""

import streamlit as st

from components.filters import tier_label
from components.i18n import t
from components.palette import TIER_HEX
from components.safe_text import html_text


def _swatch(colour: str, label: str, hollow: bool = False) -> str:
    fill = "transparent" if hollow else colour
    return (
        f'<span style="display:inline-flex;align-items:center;margin-right:14px;white-space:nowrap">'
        f'<span style="width:12px;height:12px;border-radius:50%;background:{fill};'
        f'border:2px solid {colour};margin-right:5px"></span>{html_text(label)}</span>'
    )


def tier_legend(tiers: list[str], size_note: str | None = None) -> None:
    items = [_swatch(TIER_HEX[tier], tier_label(tier)) for tier in tiers]
    items.append(_swatch("#777777", t("legend.inferred"), hollow=True))
    if size_note:
        items.append(f'<span style="opacity:0.8">{html_text(size_note)}</span>')
    st.markdown(f'<div style="font-size:0.85rem;line-height:1.9">{"".join(items)}</div>', unsafe_allow_html=True)
