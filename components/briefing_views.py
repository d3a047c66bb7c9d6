"""The briefing page: the basket of views as slides (order, title, note, visual) and its files.

Downloads are made when clicked (deferred callables run outside the script thread), from a
snapshot of the basket taken when the buttons are drawn: a PowerPoint deck with native charts
(components/briefing_deck.py) and the same briefing as a PDF (components/briefing_pdf.py).
"""

from __future__ import annotations

import datetime
import functools
from urllib.parse import urlencode

import streamlit as st

from components import briefing, chart_files, map_render, share
from components.briefing import BasketItem
from components.briefing_charts import native_chart
from components.briefing_deck import Briefing, Slide, Visual, pptx_bytes
from components.briefing_pdf import pdf_bytes
from components.i18n import current_language, t
from components.page_context import current
from components.safe_text import markdown_text
from texts.catalogue import text

CODE_KEY = "b"  # the basket in the briefing page's URL
TITLE_KEY = "briefing-title"
FILES = (  # (extension, MIME type, icon) of each download
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ":material/slideshow:"),
    ("pdf", "application/pdf", ":material/picture_as_pdf:"),
)


def _parse_code(raw: str) -> str | None:
    return raw if briefing.decode(raw) is not None else None


def sync_url() -> None:
    """Read ?b= (a shared briefing) into the basket; the URL then follows the basket."""
    current().url.seed(CODE_KEY, [], "", parse=_parse_code)
    code = st.session_state.get(CODE_KEY) or ""
    if code and code != briefing.encode(briefing.basket()):
        briefing.restore(briefing.decode(code) or [])
    _publish()


def _publish() -> None:
    st.session_state[CODE_KEY] = briefing.encode(briefing.basket())


def _move(item_id: str, step: int) -> None:
    items = briefing.basket()
    index = next(i for i, item in enumerate(items) if item.id == item_id)
    target = index + step
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    _publish()


def _remove(item_id: str) -> None:
    items = briefing.basket()
    items[:] = [item for item in items if item.id != item_id]
    _publish()


def _edit(item_id: str, attribute: str, key: str) -> None:
    item = next(item for item in briefing.basket() if item.id == item_id)
    setattr(item, attribute, st.session_state.get(key) or "")
    _publish()


def _clear() -> None:
    briefing.basket().clear()
    _publish()


def _base_url() -> str:
    url = (st.context.url or "").split("?")[0].rstrip("/")
    if url.endswith("/briefing"):
        url = url[: -len("/briefing")]
    return url


def view_link(item: BasketItem, base: str) -> str:
    pairs = [(key, value) for key, values in item.params.items() for value in values]
    query = urlencode(pairs)
    return f"{base}/{item.page}" + (f"?{query}" if query else "")


def _element(item: BasketItem) -> str:
    """The visual a slide shows: the presenter's choice, else the first chart, else the map."""
    capture = item.capture
    if capture is None:
        return ""
    names = [name for name, _ in capture.elements()]
    if item.element in names:
        return item.element
    if capture.charts:
        return capture.charts[0].name
    return names[0] if names else ""


def slide_of(item: BasketItem, base: str) -> Slide:
    """One view as a slide model: the chosen visual as a native chart (or its PNG), sources, link."""
    capture = item.capture or briefing.ViewCapture()
    chosen = _element(item)
    visual, visual_title, sources = None, "", list(capture.sources)
    chart = next((c for c in capture.charts if c.name == chosen), None)
    drawn_map = next((m for m in capture.maps if m.name == chosen), None)
    if chart is not None:
        model = native_chart(chart.spec)
        visual = (
            Visual(chart=model) if model else Visual(image=chart_files.chart_png(chart.spec), description=chart.title)
        )
        visual_title = chart.title
    elif drawn_map is not None:
        details = drawn_map.details
        title = str(getattr(details, "title", ""))
        png = map_render.map_png(
            drawn_map.deck,
            title=title,
            legend=list(getattr(details, "legend", [])),
            source=str(getattr(details, "source", "")),
            credit=str(getattr(details, "credit", "")),
        )
        visual, visual_title = Visual(image=png, description=title), title
        source = map_render.plain_text(str(getattr(details, "source", "")))
        if source:
            sources = [source, *(s for s in sources if s != source)]
    return Slide(
        title=item.title or visual_title or capture.page_title,
        view_title=capture.page_title,
        link=view_link(item, base),
        figure=capture.figure,
        figure_label=capture.figure_label,
        takeaway=capture.takeaway,
        note=item.note,
        visual=visual,
        sources=sources,
    )


def report_titles(items: list[BasketItem]) -> dict[str, str]:
    """{report id: title in the page's language} for every report the views cite. Read in the
    script thread: the download callables run outside it, where the page's language is unknown."""
    from components.provenance import report_title

    cited = sorted({report for item in items if item.capture for report in item.capture.reports})
    return {report: report_title(report) for report in cited}


def build(items: list[BasketItem], title: str, language: str, base: str, reports: dict[str, str]) -> Briefing:
    return Briefing(
        title=title or text(language, "briefing.deck.default_title"),
        language=language,
        date=datetime.date.today().isoformat(),
        slides=[slide_of(item, base) for item in items],
        reports=[f"{report}: {name}" for report, name in reports.items()],
    )


def _files(items: list[BasketItem], title: str, language: str, base: str, reports: dict[str, str], kind: str) -> bytes:
    model = build(items, title, language, base, reports)
    return pptx_bytes(model) if kind == "pptx" else pdf_bytes(model)


def _item_editor(index: int, item: BasketItem, count: int) -> None:
    capture = item.capture
    with st.container(border=True, key=f"briefing-item-{item.id}"):
        heading, buttons = st.columns([5, 2], vertical_alignment="center")
        name = capture.page_title if capture else item.page
        heading.markdown(f"**{index + 1}. {markdown_text(name)}** · `{markdown_text(item.language)}`")
        with buttons.container(horizontal=True, horizontal_alignment="right"):
            st.button(
                t("briefing.up"),
                key=f"briefing-up-{item.id}",
                icon=":material/arrow_upward:",
                disabled=index == 0,
                on_click=_move,
                args=(item.id, -1),
                type="tertiary",
            )
            st.button(
                t("briefing.down"),
                key=f"briefing-down-{item.id}",
                icon=":material/arrow_downward:",
                disabled=index == count - 1,
                on_click=_move,
                args=(item.id, 1),
                type="tertiary",
            )
            st.button(
                t("briefing.remove"),
                key=f"briefing-remove-{item.id}",
                icon=":material/delete:",
                on_click=_remove,
                args=(item.id,),
                type="tertiary",
            )
        if capture is None:
            st.caption(t("briefing.not_collected"))
            return
        if capture.takeaway:
            st.caption(
                f"{markdown_text(capture.figure)} {markdown_text(capture.figure_label)} — "
                f"{markdown_text(capture.takeaway)}"
            )
        left, right = st.columns(2)
        title_key, note_key, element_key = (f"briefing-{part}-{item.id}" for part in ("title", "note", "element"))
        st.session_state.setdefault(title_key, item.title)
        st.session_state.setdefault(note_key, item.note)
        elements = dict(capture.elements())
        if elements:
            st.session_state.setdefault(element_key, _element(item))
            left.selectbox(
                t("briefing.visual"),
                [name for name in elements],
                key=element_key,
                format_func=lambda name: elements.get(name, name),
                on_change=_edit,
                args=(item.id, "element", element_key),
            )
        left.text_input(
            t("briefing.slide_title"),
            key=title_key,
            placeholder=elements.get(_element(item)) or capture.page_title,
            max_chars=200,
            on_change=_edit,
            args=(item.id, "title", title_key),
        )
        right.text_area(
            t("briefing.note"),
            key=note_key,
            height=122,
            max_chars=4000,
            placeholder=t("briefing.note_placeholder"),
            on_change=_edit,
            args=(item.id, "note", note_key),
        )


def briefing_page() -> None:
    sync_url()
    items = briefing.basket()
    if not items:
        st.info(t("briefing.empty"), icon=":material/playlist_add:")
        return
    if briefing.missing():
        st.warning(t("briefing.collect_help", count=len(briefing.missing())), icon=":material/sync:")
        if st.button(t("briefing.collect"), key="briefing-collect", type="primary", icon=":material/sync:"):
            briefing.collect()
    st.text_input(t("briefing.title"), key=TITLE_KEY, placeholder=t("briefing.deck.default_title"), max_chars=200)
    st.caption(t("briefing.count", views=len(items), slides=len(items) + 2))
    for index, item in enumerate(items):
        _item_editor(index, item, len(items))
    ready = [item for item in items if item.capture is not None]
    language = current_language()
    base = _base_url()
    title = st.session_state.get(TITLE_KEY) or ""
    snapshot = [BasketItem(**{**item.__dict__}) for item in ready]
    reports = report_titles(snapshot)
    with st.container(horizontal=True, key="briefing-downloads"):
        for kind, mime, icon in FILES:
            st.download_button(
                t(f"briefing.download_{kind}"),
                data=functools.partial(_files, snapshot, title, language, base, reports, kind),
                file_name=f"atlas-briefing-{language}.{kind}",
                mime=mime,
                icon=icon,
                type="primary" if kind == "pptx" else "secondary",
                on_click="ignore",
                key=f"briefing-{kind}",
                disabled=not ready,
                help=t(f"briefing.download_{kind}_help"),
            )
        st.button(
            t("briefing.clear"), key="briefing-clear", icon=":material/delete_sweep:", on_click=_clear, type="tertiary"
        )
    st.caption(t("briefing.link_help"))
    st.code(share.view_url(), language=None, wrap_lines=True)
