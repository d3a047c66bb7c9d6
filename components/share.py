"""Sharing a view: the copy-link and embed controls, presentation mode, and per-element exports.

Page furniture (called for you):
- `page_toolbar()` from `layout.page_header`: the Share popover and the presentation switch
  (nothing when embedded; only the switch when presenting).
- `finish_page()` from app.py after the page ran, when every choice is known: draws the Share
  popover's link and <iframe> snippet (only while it is open), fills the embed line (active
  filters · source · "open the full view"), and puts the boundary notice under the content when
  there is no sidebar.

Per element (also called for you by `charts.show`, `maps.show_deck` and `table()`):
- `chart_exports(spec, name)`: PNG (2×), SVG and CSV of a chart;
- `map_exports(deck_json, name, title=…, legend=…, source=…)`: static PNG and CSV of a map;
- `table(frame, name)`: st.dataframe plus its CSV.

Files are produced only when someone clicks (deferred download callables), and the buttons exist
only while an element's "Download PNG · SVG · CSV" menu is open, so a rerun costs one small
widget per element, not a render. The callables run outside the script thread: everything they need
(strings in the current language included) is captured when the button is drawn.

Per page, one call: `presentation_lead(figure, label, takeaway)` right after `page_header`.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from components import exports, url_state, view_mode
from components.downloads import csv_bytes
from components.i18n import current_language, t
from components.safe_text import html_text, markdown_text

EMBED_HEIGHTS = (480, 600, 720, 900, 1200)
EMBED_THEMES = ("auto", "light", "dark")
_RUN = "_share_run"  # session key: this run's element names, embed line slot, cited sources, maps


@dataclass
class MapExport:
    """What a map's PNG needs besides its deck; the legend may be attached after the map is drawn."""

    title: str
    legend: list = field(default_factory=list)
    source: str = ""
    credit: str = ""


def _fresh() -> dict:
    return {"names": {}, "sources": [], "slot": None, "popover": None, "last_map": None, "menus": []}


def _run() -> dict:
    state = st.session_state.get(_RUN)
    if state is None:
        state = st.session_state[_RUN] = _fresh()
    return state


def begin_run() -> None:
    """Forget the previous run's elements; called by app.py at the start of every run."""
    st.session_state[_RUN] = _fresh()


def _unique(name: str) -> str:
    names = _run()["names"]
    names[name] = names.get(name, 0) + 1
    return name if names[name] == 1 else f"{name}-{names[name]}"


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z_-]+", "-", text).strip("-") or "view"


def _page_slug() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return "atlas"
    pages: dict = dict(ctx.pages_manager.get_pages())
    info = pages.get(ctx.pages_manager.current_page_script_hash) or {}
    return _slug(info.get("url_pathname") or "overview")


def file_name(name: str, extension: str) -> str:
    """atlas-rankings-rank_vs_gdp-zh.png: page, element, language."""
    return f"atlas-{_page_slug()}-{_slug(name)}-{current_language()}.{extension}"


# ---------------------------------------------------------------------------------------------
# Links and embedding
# ---------------------------------------------------------------------------------------------


def page_address() -> str:
    """The page's address without parameters, e.g. http://intranet:8501/rankings."""
    url = st.context.url
    if url:
        url = url.rstrip("/")
        return url if url.count("/") > 2 else url + "/"
    slug = _page_slug()
    return "/" if slug in ("overview", "atlas") else f"/{slug}"


def view_url(*, embed: bool = False, theme: str = "auto", params: dict | None = None) -> str:
    """The link that reproduces the current view (every choice from url_state), optionally embedded."""
    params = dict(url_state.current_params() if params is None else params)
    if embed:  # an embedded view is sized by its host page, not projected
        params.pop(view_mode.PRESENT_KEY, None)
    pairs = [(key, value) for key, values in params.items() for value in values]
    if embed:
        pairs.append(("embed", "true"))
        if theme in ("light", "dark"):
            pairs.append(("embed_options", f"{theme}_theme"))
    query = urlencode(pairs)
    return page_address() + (f"?{query}" if query else "")


def iframe_snippet(url: str, height: int, title: str) -> str:
    return (
        f'<iframe src="{html_text(url)}" title="{html_text(title)}" width="100%" height="{int(height)}" '
        f'style="border:0;min-width:480px" loading="lazy"></iframe>'
    )


def share_popover() -> None:
    """The Share button; its contents are drawn by finish_page(), once every choice is known."""
    _run()["popover"] = st.popover(
        t("share.button"), icon=":material/share:", key="share-popover", on_change="rerun"
    )  # contents drawn only while it is open


def _share_contents() -> None:
    with _run()["popover"]:
        st.markdown(f"**{t('share.link')}**")
        st.code(view_url(), language=None, wrap_lines=True)
        st.caption(t("share.link_help"))
        st.markdown(f"**{t('share.embed')}**")
        left, right = st.columns(2)
        height = left.selectbox(
            t("share.embed_height"), EMBED_HEIGHTS, index=1, key="share-embed-height", format_func=lambda h: f"{h} px"
        )
        themes = {theme: t(f"share.theme.{theme}") for theme in EMBED_THEMES}  # labels fixed now, not per call
        theme = right.selectbox(
            t("share.embed_theme"), list(EMBED_THEMES), key="share-embed-theme", format_func=themes.__getitem__
        )
        embedded = view_url(embed=True, theme=theme or "auto")
        st.code(iframe_snippet(embedded, height, t("share.iframe_title")), language="html", wrap_lines=True)
        st.caption(t("share.embed_help"))
        st.link_button(t("share.embed_preview"), embedded, icon=":material/open_in_new:", type="tertiary")


def page_toolbar() -> None:
    """Right of the page title: Share and the presentation switch (only the switch when presenting)."""
    if view_mode.is_embedded():
        return
    with st.container(
        horizontal=True, horizontal_alignment="right", vertical_alignment="center", key="page-toolbar", width="content"
    ):
        if not view_mode.is_presenting():
            share_popover()
        view_mode.sync_present_switch()
        st.toggle(
            t("share.present"),
            key=view_mode.PRESENT_SWITCH,
            on_change=view_mode.on_present_switch,
            help=t("share.present_help"),
        )


def cite(*source_ids: str) -> None:
    """Name the reports a page draws on, for the embed line (page_header(..., sources=) calls this)."""
    for source_id in source_ids:
        if source_id not in _run()["sources"]:
            _run()["sources"].append(source_id)


def reserve_embed_line() -> None:
    """Keep a place under the title for the embed line; filled after the page ran."""
    if view_mode.is_embedded():
        _run()["slot"] = st.container(key="embed-line")


def _report_names(source_ids: list[str]) -> list[str]:
    from queries.sources import source_documents

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


def embed_line_text() -> str:
    """'智慧城市图谱 · 2022 梯队：全部 · 指标：排名差 · 来源：德勤 2018 · 打开完整视图 ↗' (markdown)."""
    parts = [markdown_text(t("share.line.atlas"))]
    parts += [
        f"{markdown_text(label)}{t('share.line.colon')}{markdown_text(value)}" for label, value in view_mode.described()
    ]
    sources = _report_names(_run()["sources"])
    parts.append(
        t("share.line.source") + (markdown_text("、".join(sources)) if sources else t("share.line.source_each"))
    )
    parts.append(f"[{t('share.line.open')}]({view_url()})")
    return " · ".join(parts)


def finish_page() -> None:
    """After the page ran: fill the embed line; boundary notice under the content without a sidebar."""
    from components.layout import boundary_notice

    popover = _run().get("popover")
    if popover is not None and popover.open:
        _share_contents()
    slot = _run().get("slot")
    if slot is not None:
        with slot:
            st.caption(embed_line_text())
    if view_mode.controls_hidden():
        with st.container(key="boundary-footer"):
            boundary_notice()


# ---------------------------------------------------------------------------------------------
# Presentation mode
# ---------------------------------------------------------------------------------------------


def presentation_lead(figure, label: str, takeaway: str) -> None:
    """The page's key figure and one-sentence takeaway, shown large when presenting (else nothing)."""
    if not view_mode.is_presenting():
        return
    st.markdown(
        f'<div class="atlas-lead"><div class="atlas-lead-figure">{html_text(figure)}</div>'
        f'<div><div class="atlas-lead-label">{html_text(label)}</div>'
        f'<div class="atlas-lead-takeaway">{html_text(takeaway)}</div></div></div>',
        unsafe_allow_html=True,
    )


# ---------------------------------------------------------------------------------------------
# Exports
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _chart_file(kind: str, spec_json: str) -> bytes:
    spec = json.loads(spec_json)
    return exports.chart_png(spec) if kind == "png" else exports.chart_svg(spec)


@functools.lru_cache(maxsize=16)
def _map_file(deck_json: str, title: str, legend: tuple, source: str, credit: str) -> bytes:
    return exports.map_png(deck_json, title=title, legend=list(legend), source=source, credit=credit)


def _unique_headers(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        out.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return out


def frame_csv(frame: pd.DataFrame, headers: list[str] | None = None) -> bytes:
    """CSV of `frame` under `headers` (components.downloads: formulas neutralised, UTF-8 BOM).

    Whole-number columns are written as integers (rank 8, not 8.0) and lists as "a, b".
    """
    tidy = frame.copy()
    if headers is not None:
        tidy.columns = _unique_headers([str(header) for header in headers])
    for column in tidy.columns:
        values = tidy[column]
        if pd.api.types.is_float_dtype(values) and values.notna().any() and (values.dropna() % 1 == 0).all():
            tidy[column] = values.astype("Int64")
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            tidy[column] = values.map(_tidy_cell)
    return csv_bytes(tidy)


def _tidy_cell(value):
    """Lists as "a, b"; a bare carriage return as a newline (the CSV writer quotes only newlines)."""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def chart_csv(spec: dict) -> bytes:
    """The rows a chart plots, headed as the chart titles them (see exports.chart_rows)."""
    fields, headers, rows = exports.chart_rows(spec)
    return frame_csv(pd.DataFrame(rows).reindex(columns=fields), headers)


def map_csv(deck_json: str, place: str, longitude: str, latitude: str) -> bytes:
    """Every point (or shaded area) on a map with the fields of its tooltip."""
    labels, rows = exports.map_rows(deck_json)
    headers = [place, *labels, longitude, latitude]
    return frame_csv(pd.DataFrame(rows, columns=range(len(headers))), headers)


def _download(name: str, label: str, help_text: str, data, extension: str, mime: str, **options) -> None:
    st.download_button(
        label,
        data=data,
        file_name=file_name(name, extension),
        mime=mime,
        on_click="ignore",
        icon=":material/download:",
        help=help_text,
        key=f"export-{name}-{extension}",
        **options,
    )


def _buttons(name: str, items: list[tuple]) -> None:
    """A small "Download PNG · SVG · CSV" menu under an element, right-aligned.

    `items` are (format, help, callable, extension, mime). The buttons exist only while the menu
    is open, so a rerun of a page with many charts costs one widget per element.
    """
    formats = " · ".join(item[3].upper() for item in items)
    if len(items) == 1:  # right-aligned by layout.py's CSS (st-key-export-…), no wrapper container
        _download(name, t("share.export.download", formats=formats), *items[0][1:], type="tertiary")
        return
    menu = st.popover(
        t("share.export.download", formats=formats),
        icon=":material/download:",
        type="tertiary",
        key=f"export-{name}",
        on_change="rerun",
    )
    _run()["menus"].append(f"export-{name}")
    if menu.open:
        with menu:
            for label, help_text, data, extension, mime in items:
                _download(name, label, help_text, data, extension, mime, width="stretch")
            st.caption(t("share.export.note"))


def exports_visible() -> bool:
    return not view_mode.is_presenting()


def chart_exports(spec: dict, name: str) -> None:
    """PNG (2×), SVG and CSV buttons for a drawn chart (`spec` = its Vega-Lite dict)."""
    if not exports_visible():
        return
    name = _unique(name)
    as_json = functools.partial(json.dumps, spec, sort_keys=True, ensure_ascii=False, default=str)
    _buttons(
        name,
        [
            (
                t("share.export.chart_png_label"),
                t("share.export.chart_png"),
                lambda: _chart_file("png", as_json()),
                "png",
                "image/png",
            ),
            (
                t("share.export.chart_svg_label"),
                t("share.export.chart_svg"),
                lambda: _chart_file("svg", as_json()),
                "svg",
                "image/svg+xml",
            ),
            (t("share.export.csv_label"), t("share.export.csv"), lambda: chart_csv(spec), "csv", "text/csv"),
        ],
    )


def map_exports(
    deck_json: str, name: str, *, title: str | None = None, legend: list | None = None, source: str | None = None
) -> MapExport | None:
    """Static PNG and CSV buttons for a drawn map; returns the export so a legend can attach later."""
    if not exports_visible():
        return None
    name = _unique(name)
    details = MapExport(
        title=title or t("map.alt"), legend=list(legend or []), source=source or "", credit=_boundary_credit()
    )
    _run()["last_map"] = details
    headers = (t("share.csv.place"), t("share.csv.lon"), t("share.csv.lat"))
    _buttons(
        name,
        [
            (
                t("share.export.map_png_label"),
                t("share.export.map_png"),
                lambda: _map_file(deck_json, details.title, tuple(details.legend), details.source, details.credit),
                "png",
                "image/png",
            ),
            (
                t("share.export.map_csv_label"),
                t("share.export.map_csv"),
                lambda: map_csv(deck_json, *headers),
                "csv",
                "text/csv",
            ),
        ],
    )
    return details


def attach_legend(items: list) -> None:
    """A legend drawn under the last map also goes into that map's PNG (unless it has one)."""
    details = _run().get("last_map")
    if details is not None and not details.legend:
        details.legend = list(items)


def attach_source(text: str) -> None:
    """A source line drawn under the last map also goes into that map's PNG (unless it has one)."""
    details = _run().get("last_map")
    if details is not None and not details.source:
        details.source = text


def _boundary_credit() -> str:
    from queries.settings import uses_custom_boundaries

    notice = t("boundary.custom") if uses_custom_boundaries() else t("boundary.disclaimer")
    return f"{notice} {t('boundary.credits')}"


def table(frame: pd.DataFrame, name: str, *, csv_frame: pd.DataFrame | None = None, **dataframe_options) -> None:
    """st.dataframe of `frame` (headers already in the interface language) and a CSV of its rows
    (`csv_frame` when the file should carry the rows differently, e.g. numbers as numbers)."""
    st.dataframe(frame, **{"hide_index": True, **dataframe_options})
    table_exports(frame if csv_frame is None else csv_frame, name)


def table_exports(frame: pd.DataFrame, name: str) -> None:
    if not exports_visible():
        return
    name = _unique(name)
    _buttons(name, [(t("share.export.csv_label"), t("share.export.csv"), lambda: frame_csv(frame), "csv", "text/csv")])
