"""The metric map: choose a metric (and year) and see every city coloured by its value.

Metrics come from city_metric_current, so an analyst's committed upload is a choosable colouring
on the next rerun. Every tooltip and table cell is escaped: metric labels, notes and sources may
be uploaded text.
"""

import pandas as pd
import streamlit as st

from components import maps, view_mode
from components.downloads import csv_bytes
from components.i18n import current_language, localized, localized_column, t
from components.provenance import citation, source_caption
from components.safe_text import markdown_text
from components.values import is_missing, number_text
from queries.metrics import metric_catalog, metric_values

METRIC_KEY = "metric"
YEAR_KEY = "year"
# ColorBrewer YlGnBu, 7 classes (sequential, colour-blind safe, prints in greyscale).
RAMP = [[255, 255, 204], [199, 233, 180], [127, 205, 187], [65, 182, 196], [29, 145, 192], [34, 94, 168], [12, 44, 132]]
NO_YEAR = "-"


def ramp_colour(share: float) -> list[int]:
    index = min(int(share * len(RAMP)), len(RAMP) - 1)
    return [*RAMP[index], 235]


def _label(row: dict) -> str:
    return localized(row, "label") or row["metric"]


def metric_selector(catalog: pd.DataFrame) -> str:
    """Kept in the URL (?metric=); embedded and presentation views take it from the URL only."""
    labels = {row["metric"]: _label(row) for row in catalog.to_dict("records")}
    options = list(labels)
    return view_mode.control(
        st.selectbox, t("metrics.metric"), key=METRIC_KEY, options=options, default=options[0], format_func=labels.get
    )


def year_selector(years: list) -> int | None:
    options = [str(int(y)) for y in years] or [NO_YEAR]
    chosen = view_mode.control(
        st.selectbox,
        t("metrics.year"),
        key=YEAR_KEY,
        options=options,
        default=options[0],
        format_func=lambda y: "—" if y == NO_YEAR else y,
    )
    return None if chosen == NO_YEAR else int(chosen)


@st.cache_data(show_spinner=False, max_entries=64)
def _metric_deck(values: pd.DataFrame, title: str, language: str) -> str:
    numbers = values["value"].astype(float)
    low, high = numbers.min(), numbers.max()
    span = (high - low) or 1.0
    name_field = "short_zh" if language == "zh" else "name_en"
    tooltips = []
    for row in values.to_dict("records"):
        lines = [
            (title, f"{number_text(row['value'])} {row['unit'] or ''}".strip()),
            (t("metrics.col_year"), row["year"] if row["year"] == row["year"] else None),
            (t("col.source"), citation(row["source_id"], row["source_lines"])),
        ]
        if row.get("quote"):
            lines.append((t("metrics.col_quote"), row["quote"]))
        tooltips.append(maps.tooltip_text(f"{row['name_zh']} {row['name_en'] or ''}".strip(), lines))
    markers = pd.DataFrame(
        {
            "lon": values["lon"].astype(float).round(4).tolist(),
            "lat": values["lat"].astype(float).round(4).tolist(),
            "radius": [7.0] * len(values),
            "fill": [ramp_colour((value - low) / span) for value in numbers],
            "line": [[60, 60, 60, 200]] * len(values),
            "line_width": [1.0] * len(values),
            "label": values[name_field].fillna(values["name_zh"]).tolist(),
            "tooltip": tooltips,
        }
    )
    return maps.deck_spec(maps.china_layers(markers))


def legend(values: pd.DataFrame) -> None:
    unit = values["unit"].dropna()
    swatches = "".join(
        f'<span style="display:inline-block;width:22px;height:12px;background:rgb({r},{g},{b})"></span>'
        for r, g, b in RAMP
    )
    st.markdown(f'<div aria-hidden="true">{swatches}</div>', unsafe_allow_html=True)
    st.caption(
        t(
            "metrics.legend",
            low=number_text(values["value"].min()),
            high=number_text(values["value"].max()),
            unit=markdown_text(unit.iloc[0]) if len(unit) else "",
        )
    )


def values_table(values: pd.DataFrame) -> pd.DataFrame:
    zh = current_language() == "zh"
    return pd.DataFrame(
        {
            t("col.city"): values["short_zh"] if zh else values["name_en"].fillna(values["short_zh"]),
            t("metrics.col_value"): values["value"],
            t("metrics.col_unit"): values["unit"],
            t("metrics.col_year"): values["year"].astype("Int64"),
            t("col.source"): [citation(s, lines) for s, lines in zip(values["source_id"], values["source_lines"])],
            t("metrics.col_quote"): values["quote"],
            t("metrics.col_note"): ["" if is_missing(note) else note for note in localized_column(values, "note")],
        }
    )


def metric_page() -> None:
    catalog = metric_catalog()
    if catalog.empty:
        st.info(t("metrics.none"), icon=":material/info:")
        return
    left, right = st.columns([3, 1]) if not view_mode.controls_hidden() else (st.container(), st.container())
    with left:
        metric = metric_selector(catalog)
    row = catalog.set_index("metric").loc[metric]
    with right:
        year = year_selector([] if is_missing(row["years"]) else list(row["years"]))
    values = metric_values(metric, year)
    values = values.assign(unit=localized_column(values, "unit"))  # uploads keep the unit as written
    title = _label({**row.to_dict(), "metric": metric})
    st.subheader(t("metrics.map_title", metric=markdown_text(title), year=year or "—"))
    if values.empty:
        st.info(t("metrics.none"))
        return
    maps.show_deck(_metric_deck(values, title, current_language()), key="metric_map", height=440)
    legend(values)
    source_caption(values)
    st.subheader(t("metrics.table"))
    table = values_table(values)
    st.dataframe(table, hide_index=True)
    st.download_button(
        t("metrics.download"),
        data=csv_bytes(table),
        file_name=f"metric_{metric}_{year or 'all'}.csv",
        mime="text/csv",
        key="metric_csv",
        icon=":material/download:",
    )
