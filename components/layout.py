"""Page furniture around every page's content: title row with the Share popover and the
presentation switch, the embed line, the reports cited, the presentation lead, notices about the
URL and the boundary disclaimer.

Per page: `page_header(...)` first, `presentation_lead(...)` right after it; app.py calls
`finish_page(page)` once the page has run, when every choice is known.
"""

import streamlit as st

from components import briefing, share, view_mode
from components.filters import tier_filter
from components.i18n import current_language, t
from components.page_context import TIER_KEY, PageContext, current
from components.palette import TIERS
from components.provenance import boundary_lines
from components.safe_text import html_text, markdown_text
from queries.sources import source_documents

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
@media (max-width:480px){  /* phones (390 px): no horizontal scroll; title row and toolbar wrap */
.block-container{padding-left:0.9rem;padding-right:0.9rem}
[data-testid="stMainBlockContainer"] h1{font-size:1.55rem}
[class*="st-key-page-title-row"],[class*="st-key-page-toolbar"]{flex-wrap:wrap;row-gap:0.2rem}
[class*="st-key-page-toolbar"]{width:100% !important;justify-content:flex-start !important}
[data-testid="stMain"] [data-testid="stHorizontalBlock"]{flex-wrap:wrap}
[data-testid="stMain"] [data-testid="stColumn"]{min-width:100%}
[data-testid="stHorizontalBlock"]:has(>[data-testid="stColumn"] [data-testid="stMetric"])>[data-testid="stColumn"]{min-width:40%}
[data-testid="stTable"],[data-testid="stCode"] pre{max-width:100%;overflow-x:auto}
[data-testid="stMain"] [data-testid="stButtonGroup"]{flex-wrap:wrap}
[data-testid="stVegaLiteChart"]{max-width:100%;overflow:hidden}
[data-testid="stVegaLiteChart"] svg,[data-testid="stVegaLiteChart"] canvas{max-width:100%;height:auto}
}
:focus-visible{outline:2px solid #0072B2 !important;outline-offset:2px}  /* visible keyboard focus */
/* Captions and their links at 80 % of the text colour: AA contrast (4.5:1) in light and dark */
[data-testid="stCaptionContainer"]{color:inherit !important;opacity:0.8}
[data-testid="stCaptionContainer"] a{color:inherit !important;text-decoration:underline}
@media (prefers-color-scheme:dark){  /* the dark accent is light: dark text on primary buttons */
[data-testid^="stBaseButton-primary"],[data-testid^="stBaseButton-primary"] *{color:#1F2430 !important}
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
    page = current()
    # st.html with only <style> goes to the event container: no element, no gap above the title.
    st.html(_PAGE_CSS + (_PRESENT_CSS if page.presenting else "") + (_EMBED_CSS if page.embedded else ""))
    page.notice_slot = st.container()  # filled after the page ran, see finish_page
    with st.container(horizontal=True, vertical_alignment="center", key="page-title-row"):
        st.title(t(title_key))
        toolbar(page)
    if page.embedded:  # the embed line goes here; filled after the page ran
        page.embed_slot = st.container(key="embed-line")
        if page.shows_control(TIER_KEY):  # an interactive embed that keeps the tier filter
            tier_filter(where=st)
    page.cite(*sources)
    page.drawn.page_title, page.drawn.reports = t(title_key), list(sources)
    if intro_key and not page.presenting:
        st.caption(t(intro_key))


def toolbar(page: PageContext) -> None:
    """Right of the page title: Share and the presentation switch (only the switch when presenting)."""
    if page.embedded:
        return
    with st.container(
        horizontal=True, horizontal_alignment="right", vertical_alignment="center", key="page-toolbar", width="content"
    ):
        if not page.presenting:
            share.share_popover()
            if briefing.can_add(page.slug):
                briefing.add_button()
        view_mode.sync_present_switch()
        st.toggle(
            t("share.present"),
            key=view_mode.PRESENT_SWITCH,
            on_change=view_mode.on_present_switch,
            help=t("share.present_help"),
        )


def split_row(name: str, weights: list[int]) -> list:
    """Columns side by side on wide screens that wrap to full width when space runs out.

    In an interactive embed (?embed=true&controls=…) the map row becomes tabs, OWID-style: map,
    chart, and a table tab that holds every table alternative (components.data_tables).
    """
    page = current()
    if name == "map" and page.embedded and page.embed_controls and len(weights) == 2:
        tabs = st.tabs([t("embed.tab.map"), t("embed.tab.chart"), t("embed.tab.table")], key="embed-tabs")
        page.table_tab = tabs[2]
        return list(tabs[:2])
    with st.container(key=f"split-{name}"):
        return st.columns(weights, gap="medium")


def presentation_lead(figure, label: str, takeaway: str) -> None:
    """The page's key figure and one-sentence takeaway, shown large when presenting (else nothing)."""
    page = current()
    page.drawn.figure, page.drawn.figure_label, page.drawn.takeaway = str(figure), label, takeaway
    if not page.presenting:
        return
    st.markdown(
        f'<div class="atlas-lead"><div class="atlas-lead-figure">{html_text(figure)}</div>'
        f'<div><div class="atlas-lead-label">{html_text(label)}</div>'
        f'<div class="atlas-lead-takeaway">{html_text(takeaway)}</div></div></div>',
        unsafe_allow_html=True,
    )


def boundary_notice() -> None:
    """Natural Earth lines are de facto, not China's official 标准地图; say so wherever maps are."""
    for line in boundary_lines():
        st.caption(line)


def described(page: PageContext) -> list[tuple[str, str]]:
    """(label, value as shown) for every choice the page named, in the order they were made."""
    out = []
    for key, choice in page.url.choices.items():
        value = st.session_state.get(key)
        if choice.label is None or value is None:
            continue
        if isinstance(value, (list, tuple)):
            text = (
                t("share.line.all")
                if key == TIER_KEY and len(value) == len(TIERS)
                else (t("list.separator").join(str(choice.format_func(v)) for v in value) or t("share.line.none"))
            )
        else:
            text = str(choice.format_func(value))
        out.append((choice.label, text))
    return out


def _report_names(source_ids: list[str]) -> list[str]:
    documents = source_documents().set_index("source_id")
    language = current_language()
    names = []
    for source_id in source_ids:
        if source_id in documents.index:
            row = documents.loc[source_id]
            names.append(f"{row[f'publisher_{language}']} {row['year']}")
        else:
            names.append(source_id)
    return names


def embed_line_text(page: PageContext) -> str:
    """'智慧城市图谱 · 2022 梯队：全部 · 指标：排名差 · 来源：德勤 2018 · 打开完整视图 ↗' (markdown)."""
    parts = [markdown_text(t("share.line.atlas"))]
    parts += [
        f"{markdown_text(label)}{t('share.line.colon')}{markdown_text(value)}" for label, value in described(page)
    ]
    sources = _report_names(page.sources)
    parts.append(
        t("share.line.source")
        + (markdown_text(t("list.separator").join(sources)) if sources else t("share.line.source_each"))
    )
    parts.append(f"[{t('share.line.open')}]({share.view_url()})")
    return " · ".join(parts)


def _parameter_notices(page: PageContext) -> None:
    """A link with a misspelt or stale parameter opens the default view and says what it ignored.

    Drawn after the page has run, because page controls read their parameters after the header
    is drawn; the notices go into the slot the header reserved at the top.
    """
    with page.notice_slot or st.container():
        for key, rejected in page.url.notices:
            st.warning(
                t("url.invalid", parameter=markdown_text(key), values=markdown_text(", ".join(rejected))),
                icon=":material/link_off:",
            )


def finish_page(page: PageContext) -> None:
    """After the page ran: the Share popover's contents, the embed line, the boundary notice under
    the content when there is no sidebar, notices about the URL, and the URL itself."""
    share.share_contents()
    if page.embed_slot is not None:
        with page.embed_slot:
            st.caption(embed_line_text(page))
    if page.controls_hidden:
        with st.container(key="boundary-footer"):
            boundary_notice()
    _parameter_notices(page)
    briefing.finish_page(page)  # "Add to briefing"; collecting a shared briefing's views (may switch page)
    page.url.publish()
