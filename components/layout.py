"""Page furniture shared by every page: titles, the boundary disclaimer and credits."""

import streamlit as st

from components import url_state
from components.i18n import t
from components.safe_text import markdown_text
from queries.settings import uses_custom_boundaries


# Streamlit leaves ~6rem above the first element; executives should see the map without scrolling.
# Split rows (map beside chart) wrap onto two lines when a column would get narrower than it can
# be read, e.g. at 1024 px with the sidebar open.
_PAGE_CSS = """<style>
.block-container{padding-top:3.2rem;padding-bottom:2rem}
[class*="st-key-split-"] [data-testid="stHorizontalBlock"]{flex-wrap:wrap}
[class*="st-key-split-"] [data-testid="stColumn"]{min-width:min(100%,320px);flex-grow:1}
</style>"""


def page_header(title_key: str, intro_key: str | None = None) -> None:
    st.markdown(_PAGE_CSS, unsafe_allow_html=True)
    show_parameter_notices()
    st.title(t(title_key))
    if intro_key:
        st.caption(t(intro_key))


def split_row(name: str, weights: list[int]) -> list:
    """Columns side by side on wide screens that wrap to full width when space runs out."""
    with st.container(key=f"split-{name}"):
        return st.columns(weights, gap="medium")


def show_parameter_notices() -> None:
    """A link with a misspelt or stale parameter opens the default view and says what it ignored."""
    for key, rejected in url_state.notices():
        st.warning(t("url.invalid", parameter=markdown_text(key), values=markdown_text(", ".join(rejected))),
                   icon=":material/link_off:")


def boundary_notice() -> None:
    """Natural Earth lines are de facto, not China's official 标准地图; say so wherever maps are."""
    if uses_custom_boundaries():
        st.caption(t("boundary.custom"))
    else:
        st.caption(t("boundary.disclaimer"))
    st.caption(t("boundary.credits"))
