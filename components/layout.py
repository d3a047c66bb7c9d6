"""Page furniture shared by every page: titles, the boundary disclaimer and credits."""

import streamlit as st

from components import share, url_state, view_mode
from components.i18n import t
from components.safe_text import markdown_text
from queries.settings import uses_custom_boundaries

# Streamlit leaves ~6rem above the first element; executives should see the headline figures,
# the map and the main chart without scrolling at 1366×768, so the title is set smaller and
# shares its row with the Share / presentation controls.
# Split rows (map beside chart) wrap onto two lines when a column would get narrower than it can
# be read, e.g. at 1024 px with the sidebar open.
_PAGE_CSS = """<style>
.block-container{padding-top:3.5rem;padding-bottom:2rem}
[data-testid="stMainBlockContainer"] h1{font-size:2.1rem;padding:0.2rem 0}
[data-testid="stMainBlockContainer"] h3{font-size:1.3rem;padding:0.2rem 0 0.1rem}
[data-testid="stMetricValue"]{font-size:2rem}
@media (max-width:640px){  /* narrow screens and 480 px embeds: headline figures three to a row */
[data-testid="stHorizontalBlock"]:has(>[data-testid="stColumn"] [data-testid="stMetric"]){flex-flow:row wrap;gap:0.4rem 0.8rem}
[data-testid="stHorizontalBlock"]:has(>[data-testid="stColumn"] [data-testid="stMetric"])>[data-testid="stColumn"]{flex:1 1 28%;min-width:28%;width:auto}
[data-testid="stMetricValue"]{font-size:1.6rem}
}
[class*="st-key-split-"] [data-testid="stHorizontalBlock"]{flex-wrap:wrap}
[class*="st-key-split-"] [data-testid="stColumn"]{min-width:min(100%,320px);flex-grow:1}
[data-testid="stMain"] [class*="st-key-export-"]{align-self:flex-end;margin-top:-0.8rem}
[data-testid="stMain"] [class*="st-key-export-"] button{min-height:1.5rem;padding:0 0.35rem;font-size:0.8rem;opacity:0.75}
[data-testid="stMain"] [class*="st-key-export-"] button:hover{opacity:1}
</style>"""

# Presentation mode: type large enough for the back of a meeting room; the key figure leads.
_PRESENT_CSS = """<style>
.block-container{max-width:none;padding:3.6rem 2.5rem 2rem}
[data-testid="stMainBlockContainer"] h1{font-size:2.8rem}
[data-testid="stMainBlockContainer"] h3{font-size:1.8rem}
[data-testid="stMarkdownContainer"] p{font-size:1.2rem}
[data-testid="stMetricValue"],[data-testid="stMetricValue"] p{font-size:3rem;line-height:1.15}
[data-testid="stMetricLabel"] p{font-size:1.3rem}
[data-testid="stCaptionContainer"],[data-testid="stCaptionContainer"] p{font-size:1.05rem}
.atlas-legend{font-size:1.15rem !important}
.atlas-lead{display:flex;gap:1.6rem;align-items:center;padding:0.7rem 1.2rem;border-left:6px solid #0072B2;
  background:rgba(128,128,128,0.12);border-radius:0.4rem}
.atlas-lead-figure{font-size:4.2rem;font-weight:700;line-height:1;white-space:nowrap}
.atlas-lead-label{font-size:1.3rem;opacity:0.85}
.atlas-lead-takeaway{font-size:1.6rem;line-height:1.35}
</style>"""

# Embedded in another page (an iframe from 480 px wide): content only, compact title.
_EMBED_CSS = """<style>
.block-container{max-width:none;padding:0.8rem 1rem 1rem}
[data-testid="stMainBlockContainer"] h1{font-size:1.5rem}
[class*="st-key-embed-line"] [data-testid="stCaptionContainer"]{font-size:0.8rem}
</style>"""


def page_header(title_key: str, intro_key: str | None = None, *, sources: tuple[str, ...] = ()) -> None:
    """Title, Share and presentation controls, notices; `sources` are the report ids the page
    draws on, named in the embed line (e.g. sources=("000",))."""
    # st.html with only <style> goes to the event container: no element, no gap above the title.
    st.html(
        _PAGE_CSS
        + (_PRESENT_CSS if view_mode.is_presenting() else "")
        + (_EMBED_CSS if view_mode.is_embedded() else "")
    )
    st.session_state[_NOTICE_SLOT] = st.container()  # filled after the page ran, see below
    with st.container(horizontal=True, vertical_alignment="center", key="page-title-row"):
        st.title(t(title_key))
        share.page_toolbar()
    share.reserve_embed_line()
    share.cite(*sources)
    if intro_key and not view_mode.is_presenting():
        st.caption(t(intro_key))


def split_row(name: str, weights: list[int]) -> list:
    """Columns side by side on wide screens that wrap to full width when space runs out."""
    with st.container(key=f"split-{name}"):
        return st.columns(weights, gap="medium")


_NOTICE_SLOT = "_parameter_notice_slot"


def show_parameter_notices() -> None:
    """A link with a misspelt or stale parameter opens the default view and says what it ignored.

    Called by app.py after the page has run, because page controls read their parameters after
    the header is drawn; the notices go into the slot the header reserved at the top.
    """
    slot = st.session_state.pop(_NOTICE_SLOT, None) or st.container()
    with slot:
        for key, rejected in url_state.notices():
            st.warning(
                t("url.invalid", parameter=markdown_text(key), values=markdown_text(", ".join(rejected))),
                icon=":material/link_off:",
            )


def boundary_notice() -> None:
    """Natural Earth lines are de facto, not China's official 标准地图; say so wherever maps are."""
    if uses_custom_boundaries():
        st.caption(t("boundary.custom"))
    else:
        st.caption(t("boundary.disclaimer"))
    st.caption(t("boundary.credits"))
