"""Download buttons under every chart, map and table: PNG (2×), SVG and CSV, made on click.

Called for you by `charts.show`, `maps.show_deck` and `table()`:
- `chart_exports(spec, name)`: PNG (2×), SVG and CSV of a chart;
- `map_exports(deck_json, name, title=…, legend=…, source=…)`: static PNG and CSV of a map;
- `table(frame, name)`: st.dataframe plus its CSV.

Files are produced only when someone clicks (deferred download callables), and the buttons exist
only while an element's "Download PNG · SVG · CSV" menu is open, so a rerun costs one small
widget per element, not a render. The callables run outside the script thread: everything they
need (strings in the current language included) is captured when the button is drawn. The files
themselves come from components.chart_files, components.map_render and components.csv_files,
which know nothing of Streamlit. A map's CSV is written from the data its tooltips were made from
(maps.MapPoints), never parsed back out of display text: numbers stay numbers.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from components import chart_files, map_points, map_render
from components.csv_files import frame_csv
from components.i18n import current_language, t
from components.page_context import current
from components.provenance import boundary_lines
from components.view_capture import MapCapture
from queries.cache import cached_on_data


@dataclass
class MapExport:
    """A drawn map's files: the PNG from its deck, the CSV from its points. The legend and source
    line may be attached after the map is drawn (attach_legend, attach_source)."""

    deck_json: str
    points: pd.DataFrame  # maps.MapPoints.frame(): name, a column per tooltip field, lon, lat
    headers: tuple[str, str, str]  # the CSV's name, longitude and latitude headers, in the page's language
    title: str
    legend: list = field(default_factory=list)
    source: str = ""
    credit: str = ""

    def png(self) -> bytes:
        return _map_file(self.deck_json, self.title, tuple(self.legend), self.source, self.credit)

    def csv(self) -> bytes:
        place, longitude, latitude = self.headers
        named = {map_points.PLACE: place, map_points.LONGITUDE: longitude, map_points.LATITUDE: latitude}
        return frame_csv(self.points, [named.get(column, column) for column in self.points.columns])


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z_-]+", "-", text).strip("-") or "view"


def file_name(name: str, extension: str) -> str:
    """atlas-rankings-rank_vs_gdp-zh.png: page, element, language."""
    return f"atlas-{_slug(current().slug)}-{_slug(name)}-{current_language()}.{extension}"


@cached_on_data(max_entries=32)
def _chart_file(kind: str, spec_json: str) -> bytes:
    spec = json.loads(spec_json)
    return chart_files.chart_png(spec) if kind == "png" else chart_files.chart_svg(spec)


@cached_on_data(max_entries=8)
def _map_file(deck_json: str, title: str, legend: tuple, source: str, credit: str) -> bytes:
    return map_render.map_png(deck_json, title=title, legend=list(legend), source=source, credit=credit)


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
    if f"export-{name}" not in current().export_menus:  # a fragment's own rerun draws it again
        current().export_menus.append(f"export-{name}")
    if menu.open:
        with menu:
            for label, help_text, data, extension, mime in items:
                _download(name, label, help_text, data, extension, mime, width="stretch")
            st.caption(t("share.export.note"))


def exports_visible() -> bool:
    return not current().presenting


def chart_exports(spec: dict, name: str) -> None:
    """PNG (2×), SVG and CSV buttons for a drawn chart (`spec` = its Vega-Lite dict)."""
    page = current()
    name = page.unique(name)
    page.drawn.record_chart(spec, name)  # a slide made of this view can show it
    if not exports_visible():
        return
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
            (
                t("share.export.csv_label"),
                t("share.export.csv"),
                lambda: chart_files.chart_csv(spec),
                "csv",
                "text/csv",
            ),
        ],
    )


def map_exports(
    deck_json: str,
    points: pd.DataFrame,
    name: str,
    *,
    title: str | None = None,
    legend: list | None = None,
    source: str | None = None,
) -> MapExport | None:
    """Static PNG and CSV buttons for a drawn map; returns the export so a legend can attach later."""
    page = current()
    name = page.unique(name)
    details = MapExport(
        deck_json=deck_json,
        points=points,
        headers=(t("share.csv.place"), t("share.csv.lon"), t("share.csv.lat")),
        title=title or t("map.alt"),
        legend=list(legend or []),
        source=source or "",
        credit=" ".join(boundary_lines()),
    )
    page.maps.append(details)
    page.drawn.maps.append(MapCapture(name=name, deck=deck_json, details=details))
    if not exports_visible():
        return None
    _buttons(
        name,
        [
            (t("share.export.map_png_label"), t("share.export.map_png"), details.png, "png", "image/png"),
            (t("share.export.map_csv_label"), t("share.export.map_csv"), details.csv, "csv", "text/csv"),
        ],
    )
    return details


def attach_legend(items: list) -> None:
    """A legend drawn under the last map also goes into that map's PNG (unless it has one)."""
    drawn = current().maps
    details = drawn[-1] if drawn else None
    if details is not None and not details.legend:
        details.legend = list(items)


def attach_source(text: str) -> None:
    """A source line drawn under the last map also goes into that map's PNG (unless it has one)."""
    drawn = current().maps
    details = drawn[-1] if drawn else None
    if details is not None and not details.source:
        details.source = text


def table(frame: pd.DataFrame, name: str, *, csv_frame: pd.DataFrame | None = None, **dataframe_options) -> None:
    """st.dataframe of `frame` (headers already in the interface language) and a CSV of its rows
    (`csv_frame` when the file should carry the rows differently, e.g. numbers as numbers)."""
    # A missing value reads as a dash, never as "None" or "nan".
    st.dataframe(frame, **{"hide_index": True, "placeholder": "—", **dataframe_options})
    table_exports(frame if csv_frame is None else csv_frame, name)


def table_exports(frame: pd.DataFrame, name: str) -> None:
    if not exports_visible():
        return
    name = current().unique(name)
    _buttons(name, [(t("share.export.csv_label"), t("share.export.csv"), lambda: frame_csv(frame), "csv", "text/csv")])
