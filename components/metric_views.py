"""The metric map: choose a metric (and year) and see every city coloured by its value.

Metrics come from city_metric_current, so an analyst's committed upload is a choosable colouring
on the next rerun. Every tooltip and table cell is escaped: metric labels, notes and sources may
be uploaded text.
"""

import pandas as pd
import streamlit as st

from components import downloads, maps, view_mode
from components.filters import selected_tier_edition, selected_tiers, tier_heading, tier_label
from components.i18n import current_language, localized, localized_column, t
from components.labels import city_labels, city_title, period_text
from components.map_points import MapPoints, MapView, Shown
from components.map_render import LegendItem
from components.provenance import citation, source_caption
from components.safe_text import markdown_text
from components.values import is_missing, quantity_text
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
    """Kept in the URL (?metric=); embedded and presentation views take it from the URL only.

    The catalogue comes ordered by how many cities (in the chosen tiers) a metric covers, so the
    map opens on the metric with the most cities; each option says how many that is."""
    labels = {
        row["metric"]: t("metrics.option", metric=_label(row), cities=int(row["cities"] or 0))
        for row in catalog.to_dict("records")
    }
    options = list(labels)
    return view_mode.control(
        st.selectbox, t("metrics.metric"), key=METRIC_KEY, options=options, default=options[0], format_func=labels.get
    )


def year_selector(years: list) -> int | None:
    """The metric's years as text, best covered first (NO_YEAR for figures that state none)."""
    options = [str(year) for year in years] or [NO_YEAR]
    labels = {option: t("metrics.no_year") if option == NO_YEAR else option for option in options}
    chosen = view_mode.control(
        st.selectbox,
        t("metrics.year"),
        key=YEAR_KEY,
        options=options,
        default=options[0],
        format_func=labels.get,
    )
    return None if chosen == NO_YEAR else int(chosen)


def _value_text(row: dict) -> str:
    """'5.64万个（原文：5.64万）' / '56.4 thousand stations (printed: 5.64万)'."""
    value = quantity_text(row["value"], row["unit"]) or ""
    printed = row.get("value_text")
    if is_missing(printed) or printed == value:
        return value
    return t("metrics.value_printed", value=value, printed=printed)


@st.cache_data(show_spinner=False, max_entries=64)
def _metric_deck(values: pd.DataFrame, title: str, language: str) -> MapView:
    numbers = values["value"].astype(float)
    low, high = numbers.min(), numbers.max()
    span = (high - low) or 1.0
    points = MapPoints()
    tooltips = []
    for row in values.to_dict("records"):
        lines: list[tuple[str, object]] = [
            (title, Shown(row["value"], _value_text(row))),
            (t("metrics.col_period"), period_text(row)),
            (t("metrics.col_year"), None if is_missing(row["year"]) else int(row["year"])),
            (tier_heading(), tier_label(row["tier"])),
            (t("col.source"), citation(row["source_id"], row["source_lines"])),
        ]
        if row.get("quote"):
            lines.append((t("metrics.col_quote"), row["quote"]))
        # The CSV keeps the value as a number: its unit and printed form go in columns of their own.
        also = [(t("metrics.col_unit"), row["unit"]), (t("metrics.col_printed"), row.get("value_text"))]
        tooltips.append(points.tooltip(city_title(row), lines, row["lon"], row["lat"], also=also))
    markers = pd.DataFrame(
        {
            "lon": values["lon"].astype(float).round(4).tolist(),
            "lat": values["lat"].astype(float).round(4).tolist(),
            "radius": [7.0] * len(values),
            "fill": [ramp_colour((value - low) / span) for value in numbers],
            "line": [[60, 60, 60, 200]] * len(values),
            "line_width": [1.0] * len(values),
            "label": city_labels(values).tolist(),
            "tooltip": tooltips,
            "code": values["city_code"].tolist(),
        }
    )
    return maps.map_view(maps.china_layers(markers), points)


def legend_text(values: pd.DataFrame) -> str:
    """'lighter = lower, darker = higher · 6950 – 5.64万个' in the page's words for large numbers."""
    unit = values["unit"].dropna()
    unit_text = unit.iloc[0] if len(unit) else None
    return t(
        "metrics.legend",
        low=quantity_text(values["value"].min(), unit_text),
        high=quantity_text(values["value"].max(), unit_text),
    )


def legend(values: pd.DataFrame) -> None:
    swatches = "".join(
        f'<span style="display:inline-block;width:22px;height:12px;background:rgb({r},{g},{b})"></span>'
        for r, g, b in RAMP
    )
    st.markdown(f'<div aria-hidden="true">{swatches}</div>', unsafe_allow_html=True)
    st.caption(markdown_text(legend_text(values)))


def periods_note(values: pd.DataFrame) -> str | None:
    """When the cities' figures refer to different periods, name each city's period."""
    rows = values.to_dict("records")
    periods = [period_text(row) or t("metrics.period_unstated") for row in rows]
    if len(set(periods)) < 2:
        return None
    names = city_labels(values)
    pairs = [t("metrics.period_pair", city=name, period=period) for name, period in zip(names, periods)]
    return t("metrics.periods_differ", periods=t("list.separator").join(pairs))


def values_table(values: pd.DataFrame) -> pd.DataFrame:
    """The cities on the map as shown: value in words with its unit, beside the printed form."""
    rows = values.to_dict("records")
    return pd.DataFrame(
        {
            t("col.city"): city_labels(values),
            tier_heading(): [tier_label(row["tier"]) for row in rows],
            t("metrics.col_value"): [quantity_text(row["value"], row["unit"]) for row in rows],
            t("metrics.col_printed"): ["" if is_missing(row["value_text"]) else row["value_text"] for row in rows],
            t("metrics.col_period"): [period_text(row) or "" for row in rows],
            t("col.source"): [citation(row["source_id"], row["source_lines"]) for row in rows],
            t("metrics.col_quote"): values["quote"].fillna(""),
            t("metrics.col_note"): ["" if is_missing(note) else note for note in localized_column(values, "note")],
        }
    )


def values_csv_frame(values: pd.DataFrame) -> pd.DataFrame:
    """The table's rows for the CSV: the value as a number with its unit in a column of its own."""
    shown = values_table(values)
    shown.insert(3, t("metrics.col_unit"), values["unit"].fillna("").tolist())
    shown[t("metrics.col_value")] = values["value"].tolist()
    return shown


def metric_page() -> None:
    tiers, tier_edition = selected_tiers(), selected_tier_edition()
    catalog = metric_catalog(tiers, tier_edition)
    if catalog.empty:
        st.info(t("metrics.none"), icon=":material/info:")
        return
    left, right = st.columns([3, 1]) if not view_mode.controls_hidden() else (st.container(), st.container())
    with left:
        metric = metric_selector(catalog)
    row = catalog.set_index("metric").loc[metric]
    with right:
        year = year_selector(list(row["years"]))
    values = metric_values(metric, year, tiers, tier_edition)
    values = values.assign(unit=localized_column(values, "unit"))  # uploads keep the unit as written
    title = _label({**row.to_dict(), "metric": metric})
    year_text = t("metrics.no_year") if year is None else year
    st.subheader(t("metrics.map_title", metric=markdown_text(title), year=year_text))
    if values.empty:
        st.info(t("metrics.none_in_tiers"))
        return
    maps.show_deck(
        _metric_deck(values, title, current_language()),
        key="metric_map",
        height=440,
        title=t("metrics.map_title", metric=title, year=year_text),
        legend=[LegendItem(legend_text(values))],
    )
    legend(values)
    note = periods_note(values)
    if note:
        st.caption(markdown_text(note))
    source_caption(values)
    st.subheader(t("metrics.table"))
    downloads.table(values_table(values), f"metric_{metric}", csv_frame=values_csv_frame(values))
