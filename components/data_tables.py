"""Table alternatives: every chart and map can be read as a table, by keyboard and screen reader.

Under each chart and map, a closed "Table: <title>" expander (a native <details> element, reached
with Tab and opened with Enter) holds the rows the element draws, headed as the chart titles
them or, for a map, each place with the fields of its tooltip. The table is drawn only while the
expander is open, so a rerun costs one small widget per element. In an interactive embed
(?embed=true&controls=…) the tables go into the view's "Table" tab instead (layout.split_row).
"""

import numpy as np
import pandas as pd
import streamlit as st

from components import chart_files, map_points, values
from components.csv_files import unique_headers
from components.i18n import t
from components.page_context import current


def _show(title: str, name: str, rows) -> None:
    """The rows (a callable, so nothing is computed while the expander is closed) under `title`."""
    page = current()
    if page.table_tab is not None:
        with page.table_tab:
            st.markdown(f"**{title}**")
            _table(rows())
        return
    panel = st.expander(title, icon=":material/table:", key=page.unique(f"table-{name}"), on_change="rerun")
    if panel.open:
        with panel:
            _table(rows())


def _table(frame: pd.DataFrame) -> None:
    """Numbers as a reader writes them (a rank is 1, not 1.0000; a missing value is a dash)."""
    frame = frame.map(_readable)
    st.table(frame.set_index(frame.columns[0]) if len(frame.columns) > 1 else frame)


def _readable(value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return "—" if values.is_missing(value) else value
    return values.plain_number(value) or "—"


def chart_table(spec: dict, name: str, title: str) -> None:
    """The chart's rows (chart_files.chart_rows), headed as the chart titles them."""

    def rows() -> pd.DataFrame:
        fields, headers, records = chart_files.chart_rows(spec)
        return pd.DataFrame(records).reindex(columns=fields).set_axis(unique_headers(headers), axis=1)

    _show(t("a11y.table", title=title or t("a11y.chart")), name, rows)


def map_table(points: pd.DataFrame, name: str, title: str) -> None:
    """Every place on the map with the fields of its tooltip (the map's points, as its CSV)."""

    def rows() -> pd.DataFrame:
        shown = points.drop(columns=[map_points.LONGITUDE, map_points.LATITUDE], errors="ignore")
        return shown.rename(columns={map_points.PLACE: t("share.csv.place")}).map(_cell)

    _show(t("a11y.table", title=title or t("map.alt")), name, rows)


def _cell(value):
    return getattr(value, "text", value)  # map_points.Shown: the value as the tooltip words it


def description(spec: dict, title: str) -> str:
    """A chart's text description (Vega-Lite `description`, read out by screen readers)."""
    _, _, rows = chart_files.chart_rows(spec)
    return t("a11y.chart_description", title=title or t("a11y.chart"), rows=len(rows))
