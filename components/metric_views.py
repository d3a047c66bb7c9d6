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
from components.labels import city_label, city_labels, city_title, is_whole_city, period_text, subject_text
from components.map_points import MapPoints, MapView, Shown
from components.map_render import LegendItem
from components.page_context import wording
from components.provenance import basis_label, citation
from components.safe_text import markdown_text
from components.source_reader import source_caption
from components.values import is_missing, qualified_quantity
from queries.cache import cached_on_data
from queries.metrics import metric_catalog, metric_values

METRIC_KEY = "metric"
YEAR_KEY = "year"
# ColorBrewer YlGnBu, 7 classes (sequential, colour-blind safe, prints in greyscale).
RAMP = [[255, 255, 204], [199, 233, 180], [127, 205, 187], [65, 182, 196], [29, 145, 192], [34, 94, 168], [12, 44, 132]]
NO_YEAR = "-"
PART_LINE = [20, 20, 20, 255]  # a figure of a district, new area, zone or company: thick dark outline


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
    """'约2000亿元（原文：约2,000亿）' / 'about 200 billion CNY (printed: 约2,000亿)': the qualifier the
    report printed (约, 近, 超过, 以上) stays with the value."""
    value = figure_text(row)
    printed = row.get("value_text")
    if is_missing(printed) or printed == value:
        return value
    return t("metrics.value_printed", value=value, printed=printed)


def figure_text(row: dict) -> str:
    """The value in words with its unit and printed qualifier: '近50%', 'nearly 50%'."""
    return qualified_quantity(row["value"], row["unit"], row.get("qualifier")) or ""


def drawn_text(row: dict, drawn: dict) -> str:
    """Whether the map draws this figure, and if not which rule chose the city's other figure."""
    if row["drawn"]:
        return t("metrics.drawn.yes")
    if is_whole_city(drawn) and not is_whole_city(row):
        return t("metrics.drawn.whole_city")
    if (drawn["batch"], drawn.get("source_year")) != (row["batch"], row.get("source_year")):
        return t("metrics.drawn.newer_source")
    return t("metrics.drawn.printed_later")


@cached_on_data(max_entries=64, also=wording)
def _metric_deck(values: pd.DataFrame, title: str, language: str) -> MapView:
    """One marker per city (its drawn figure); a figure of part of a city is named and outlined."""
    drawn = values[values["drawn"]]
    numbers = drawn["value"].astype(float)
    low, high = numbers.min(), numbers.max()
    span = (high - low) or 1.0
    points = MapPoints()
    tooltips, labels = [], []
    for row in drawn.to_dict("records"):
        city = city_label(row)
        others = values[(values["city_code"] == row["city_code"]) & ~values["drawn"]]
        whole = is_whole_city(row)
        lines: list[tuple[str, object]] = [
            (title, Shown(row["value"], _value_text(row))),
            (
                t("metrics.col_subject"),
                None if whole else t("metrics.subject_at", subject=subject_text(row), city=city),
            ),
            (t("metrics.col_period"), period_text(row)),
            (t("metrics.col_year"), None if is_missing(row["year"]) else int(row["year"])),
            (tier_heading(), tier_label(row["tier"])),
            (t("col.source"), citation(row["source_id"], row["source_lines"])),
            (t("col.basis"), None if is_missing(row["basis"]) else basis_label(row["basis"])),
            (t("metrics.others"), t("list.clause").join(_other_text(o) for o in others.to_dict("records")) or None),
        ]
        if row.get("quote"):
            lines.append((t("metrics.col_quote"), row["quote"]))
        # The CSV keeps the value as a number: its unit, printed form and qualifier go in columns of their own.
        also = [
            (t("metrics.col_unit"), row["unit"]),
            (t("metrics.col_printed"), row.get("value_text")),
            (t("metrics.col_qualifier"), _qualifier_word(row.get("qualifier")) or None),
        ]
        heading = city_title(row) if whole else f"{row['subject_zh']} {row['subject_en'] or ''}".strip()
        tooltips.append(points.tooltip(heading, lines, row["lon"], row["lat"], also=also))
        labels.append(city if whole else localized(row, "subject"))
    part = [not is_whole_city(row) for row in drawn.to_dict("records")]
    markers = pd.DataFrame(
        {
            "lon": drawn["lon"].astype(float).round(4).tolist(),
            "lat": drawn["lat"].astype(float).round(4).tolist(),
            "radius": [7.0] * len(drawn),
            "fill": [ramp_colour((value - low) / span) for value in numbers],
            "line": [PART_LINE if is_part else [60, 60, 60, 200] for is_part in part],
            "line_width": [2.5 if is_part else 1.0 for is_part in part],
            "label": labels,
            "tooltip": tooltips,
            "code": drawn["city_code"].tolist(),
        }
    )
    return maps.map_view(maps.china_layers(markers), points)


def _other_text(row: dict) -> str:
    """'385 (000:L604)': another figure of the same city, which the map does not draw."""
    return t("metrics.other", value=figure_text(row), source=citation(row["source_id"], row["source_lines"]))


def legend_text(values: pd.DataFrame) -> str:
    """'lighter = lower, darker = higher · 6950 – 5.64万个' in the page's words for large numbers, the
    ends with their printed qualifier ('超过3%')."""
    unit = values["unit"].dropna()
    unit_text = unit.iloc[0] if len(unit) else None
    numbers = values["value"].astype(float)
    low, high = values.loc[numbers.idxmin()], values.loc[numbers.idxmax()]
    return t(
        "metrics.legend",
        low=qualified_quantity(low["value"], unit_text, low.get("qualifier")),
        high=qualified_quantity(high["value"], unit_text, high.get("qualifier")),
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


def parts_note(values: pd.DataFrame) -> str | None:
    """When the map draws a figure of part of a city, say which, and that it is not the city's own."""
    parts = [row for row in values[values["drawn"]].to_dict("records") if not is_whole_city(row)]
    if not parts:
        return None
    named = [t("metrics.subject_at", subject=subject_text(row), city=city_label(row)) for row in parts]
    return t("metrics.parts_note", parts=t("list.clause").join(named))


def tie_break_note(values: pd.DataFrame) -> str | None:
    """When a city has several figures, the rule that picked the one drawn, and what was left out."""
    repeated = values.groupby("city_code").filter(lambda rows: len(rows) > 1)
    if repeated.empty:
        return None
    cities = []
    for _, rows in repeated.groupby("city_code", sort=False):
        drawn = rows[rows["drawn"]].iloc[0].to_dict()
        others = t("list.separator").join(_other_text(row) for row in rows[~rows["drawn"]].to_dict("records"))
        cities.append(
            t(
                "metrics.tie_city",
                city=city_label(drawn),
                drawn=figure_text(drawn),
                source=citation(drawn["source_id"], drawn["source_lines"]),
                others=others,
            )
        )
    return t("metrics.tie_rule", cities=t("list.clause").join(cities))


def table_order(values: pd.DataFrame) -> pd.DataFrame:
    """Cities by their drawn value, each city's other figures right after the one drawn."""
    rank = {code: position for position, code in enumerate(values[values["drawn"]]["city_code"])}
    order = values.assign(_city=values["city_code"].map(rank), _drawn=~values["drawn"])
    return order.sort_values(["_city", "_drawn"], kind="stable").drop(columns=["_city", "_drawn"])


@cached_on_data(also=wording)
def values_table(values: pd.DataFrame) -> pd.DataFrame:
    """Every figure of the metric: the value in words with its printed qualifier and unit beside the
    printed form, and its provenance. Shown only when they tell something: what the figure is about
    (some figure is not the whole city's), its own label (rows name the metric differently), and
    whether the map draws it (some city has several figures)."""
    rows = values.to_dict("records")
    drawn = {row["city_code"]: row for row in rows if row["drawn"]}
    labels = [localized(row, "label") or "" for row in rows]
    columns = {t("col.city"): [city_label(row) for row in rows]}
    if not all(is_whole_city(row) for row in rows):
        columns[t("metrics.col_subject")] = [subject_text(row) for row in rows]
    if len(set(labels)) > 1:
        columns[t("metrics.col_label")] = labels
    columns |= {
        tier_heading(): [tier_label(row["tier"]) for row in rows],
        t("metrics.col_value"): [figure_text(row) for row in rows],
        t("metrics.col_printed"): ["" if is_missing(row["value_text"]) else row["value_text"] for row in rows],
        t("metrics.col_period"): [period_text(row) or "" for row in rows],
    }
    if len(drawn) < len(rows):
        columns[t("metrics.col_drawn")] = [drawn_text(row, drawn[row["city_code"]]) for row in rows]
    columns |= {
        t("col.source"): [citation(row["source_id"], row["source_lines"]) for row in rows],
        t("col.basis"): ["" if is_missing(row["basis"]) else basis_label(row["basis"]) for row in rows],
        t("metrics.col_quote"): values["quote"].fillna("").tolist(),
        t("metrics.col_note"): ["" if is_missing(note) else note for note in localized_column(values, "note")],
    }
    return pd.DataFrame(columns)


@cached_on_data(also=wording)
def values_csv_frame(values: pd.DataFrame) -> pd.DataFrame:
    """The table's rows for the CSV: the value as a number, its unit and printed qualifier in columns
    of their own (about / nearly / over / at_least)."""
    shown = values_table(values)
    position = list(shown.columns).index(t("metrics.col_value")) + 1
    shown.insert(position, t("metrics.col_unit"), values["unit"].fillna("").tolist())
    shown.insert(position + 1, t("metrics.col_qualifier"), [_qualifier_word(q) for q in values["qualifier"]])
    shown[t("metrics.col_value")] = values["value"].tolist()
    return shown


def _qualifier_word(qualifier) -> str:
    return "" if is_missing(qualifier) or qualifier == "exactly" else t(f"metrics.qualifier.{qualifier}")


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
    drawn = values[values["drawn"]]
    legend_items = [LegendItem(legend_text(drawn))]
    parts = parts_note(values)
    if parts:
        legend_items.append(LegendItem(t("metrics.parts_legend"), "#141414", hollow=True))
    maps.show_deck(
        _metric_deck(values, title, current_language()),
        key="metric_map",
        height=440,
        title=t("metrics.map_title", metric=title, year=year_text),
        legend=legend_items,
    )
    legend(drawn)
    for note in (parts, periods_note(drawn), tie_break_note(values)):
        if note:
            st.caption(markdown_text(note))
    source_caption(values)
    st.subheader(t("metrics.table"))
    ordered = table_order(values)
    wide = {t("metrics.col_subject"): st.column_config.TextColumn(width="medium")}
    downloads.table(values_table(ordered), f"metric_{metric}", csv_frame=values_csv_frame(ordered), column_config=wide)
