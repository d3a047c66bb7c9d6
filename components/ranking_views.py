"""The rankings page's pieces: measure choice, map, table and charts for one edition."""

import pandas as pd
import streamlit as st

from components import charts, city_selection, downloads, layout, map_focus, maps, source_reader, view_mode
from components.filters import tier_heading, tier_label
from components.i18n import current_language, has_text, t
from components.labels import city_labels, city_title, leaders, names_text, province_label
from components.layout import split_row
from components.legend import tier_legend_items
from components.map_points import MapPoints, MapView
from components.map_render import LegendItem
from components.measures import higher_is_better, measure_label
from components.page_context import wording
from components.palette import GAP_HEX, hex_to_rgba
from components.provenance import citation, flag_column, flag_legend, flag_text
from components.source_reader import source_caption
from components.values import is_missing
from queries.cache import cached_on_data
from queries.rankings import measure_details

MEASURE_KEY = "measure"
EDITION_KEY = "edition"
# Measures with a chart of their own; any other measure an analyst uploads gets ranked bars.
MEASURES = ("smart_rank", "innovation_score", "rank_gap")
PAIRED = ("gdp_per_capita_rank",)  # drawn with the smart-city rank, not on its own


def _catalogued() -> dict[str, dict]:
    return measure_details()


def extra_measures(available) -> list[str]:
    """Measures among `available` (names or table columns) beyond the report's own, in a stable order."""
    known = set(_catalogued())
    return sorted(m for m in available if m in known and m not in MEASURES and m not in PAIRED)


def measure_selector(available: list[str]) -> str:
    options = [m for m in MEASURES if m in available] + extra_measures(available)
    labels = {m: measure_label(m) for m in options}  # fixed labels: AppTest formats outside the run
    return view_mode.control(
        st.segmented_control,
        t("rankings.measure"),
        key=MEASURE_KEY,
        options=options,
        default=options[0],
        required=True,
        format_func=labels.get,
        label_visibility="collapsed",
        wrap=True,
    )


def edition_selector(editions: pd.DataFrame) -> str:
    labels = dict(zip(editions["edition"], editions[f"label_{current_language()}"]))
    return view_mode.control(
        st.selectbox,
        t("rankings.edition"),
        key=EDITION_KEY,
        options=list(labels),
        default=next(iter(labels)),
        format_func=labels.get,
        label_visibility="collapsed",
    )


def selectors(editions: pd.DataFrame) -> tuple[str, str]:
    """Edition and measure side by side (or, in embedded and presentation views, from the URL only)."""
    if view_mode.controls_hidden():
        edition = edition_selector(editions)
        return edition, measure_selector(list(editions.set_index("edition").loc[edition, "measures"]))
    left, right = split_row("controls", [2, 3])
    with left:
        edition = edition_selector(editions)
    with right:
        measure = measure_selector(list(editions.set_index("edition").loc[edition, "measures"]))
    return edition, measure


def headline(table: pd.DataFrame) -> dict:
    """The figures an executive reads first: how many cities, who leads, the largest gap, top score."""
    ranked = table.dropna(subset=["smart_rank"]).sort_values("smart_rank")
    gaps = table.dropna(subset=["rank_gap"]).sort_values(["rank_gap", "smart_rank"], ascending=[False, True])
    scores = table.dropna(subset=["innovation_score"]).sort_values("innovation_score", ascending=False)
    return {
        "cities": len(ranked),
        "top": None if ranked.empty else ranked.iloc[0],
        "gap": None if gaps.empty else gaps.iloc[0],
        "innovation": None if scores.empty else scores.iloc[0],
        # Everyone who shares the largest gap / the top score (a tie is named, never hidden).
        "gap_leaders": leaders(gaps["city_label"], gaps["rank_gap"])[0] if "city_label" in gaps else [],
        "innovation_leaders": leaders(scores["city_label"], scores["innovation_score"])[0]
        if "city_label" in scores
        else [],
        "top10_leading": int(ranked[ranked["smart_rank"] <= 10]["tier"].eq("leading").sum()),
        "groups": table["group_label"].value_counts().to_dict() if "group_label" in table else {},
    }


def headline_metrics(figures: dict) -> None:
    columns = st.columns(4)
    columns[0].metric(t("headline.rankings.cities"), figures["cities"])
    top, gap, best = figures["top"], figures["gap"], figures["innovation"]
    columns[1].metric(t("headline.rankings.top"), "—" if top is None else top["city_label"])
    separator = t("list.separator")
    columns[2].metric(
        t("headline.rankings.gap"),
        "—" if gap is None else f"{separator.join(figures['gap_leaders'])} {gap['rank_gap']:+g}",
    )
    columns[3].metric(
        t("headline.rankings.innovation"),
        "—" if best is None else f"{separator.join(figures['innovation_leaders'])} {best['innovation_score']:g}",
    )


def cited_figures(figures: dict, values: pd.DataFrame) -> list[source_reader.Figure]:
    """Each headline figure with the printed rows it is read from."""
    first = values[~values["is_repeat"]]
    ranked = first[first["measure"] == "smart_rank"]
    items = [source_reader.Figure(t("headline.rankings.cities"), ranked)]
    top, gap, best = figures["top"], figures["gap"], figures["innovation"]
    if top is not None:
        items.append(source_reader.Figure(t("headline.rankings.top"), ranked[ranked["city_code"] == top["city_code"]]))
    if gap is not None:
        both = first[first["measure"].isin(["smart_rank", "gdp_per_capita_rank"])]
        items.append(source_reader.Figure(t("headline.rankings.gap"), both[both["city_code"] == gap["city_code"]]))
    if best is not None:
        scores = first[first["measure"] == "innovation_score"]
        items.append(
            source_reader.Figure(t("headline.rankings.innovation"), scores[scores["city_code"] == best["city_code"]])
        )
    return items


def presentation_lead(figures: dict, measure: str) -> None:
    """Presentation mode's lead for the measure on the map: its key figure and takeaway."""
    top, gap, best = figures["top"], figures["gap"], figures["innovation"]
    if measure == "rank_gap" and gap is not None:
        tied = len(figures["gap_leaders"]) > 1
        cities = names_text(figures["gap_leaders"])
        layout.presentation_lead(
            f"{gap['rank_gap']:+g}",
            t("present.rankings.rank_gap_label", city=cities),
            t(
                "present.rankings.rank_gap_tied" if tied else "present.rankings.rank_gap",
                city=cities,
                gap=f"{gap['rank_gap']:g}",
                smart=f"{gap['smart_rank']:g}",
                gdp=f"{gap['gdp_per_capita_rank']:g}",
            ),
        )
    elif measure == "innovation_score" and best is not None:
        groups = figures["groups"]
        tied = len(figures["innovation_leaders"]) > 1
        cities = names_text(figures["innovation_leaders"])
        layout.presentation_lead(
            f"{best['innovation_score']:g}",
            t("present.rankings.innovation_score_label", city=cities),
            t(
                "present.rankings.innovation_score_tied" if tied else "present.rankings.innovation_score",
                city=cities,
                score=f"{best['innovation_score']:g}",
                first=groups.get("第一梯队", 0),
                third=groups.get("第三梯队", 0),
            ),
        )
    elif measure == "smart_rank" and top is not None:
        layout.presentation_lead(
            top["city_label"],
            t("present.rankings.smart_rank_label"),
            t("present.rankings.smart_rank", city=top["city_label"], leading=figures["top10_leading"]),
        )
    else:
        layout.presentation_lead("—", measure_label(measure), t("present.rankings.none"))


def group_name(printed: str | None) -> str | None:
    """The 2018 innovation 梯队 as printed ('第一梯队') in the page's language ('First group')."""
    if is_missing(printed):
        return None
    key = f"rankings.group.{printed}"
    return t(key) if has_text(key) else printed


@cached_on_data(also=wording)
def with_labels(table: pd.DataFrame) -> pd.DataFrame:
    """Add the localised city, tier, group and flag labels every view of the table needs."""
    return table.assign(
        city_label=city_labels(table),
        tier_label=[tier_label(tier) for tier in table["tier"]],
        tier_text=[tier_label(tier, basis) for tier, basis in zip(table["tier"], table["tier_basis"])],
        group_text=[group_name(group) for group in table.get("group_label", pd.Series(index=table.index))],
        flags=[flag_text(flags) for flags in table.get("flags", pd.Series(index=table.index))],
        citation=[", ".join(citation(s, lines) for s, lines in refs) for refs in table["source_refs"]],
    ).drop(columns="source_refs")


def city_tooltips(table: pd.DataFrame, points: MapPoints) -> list[str]:
    """Each city's tooltip: its values of every measure, tier, other tiers, source and flags."""
    tooltips = []
    shown = ["smart_rank", "gdp_per_capita_rank", "rank_gap", "innovation_score", *extra_measures(table.columns)]
    shown = [m for m in shown if m in table and table[m].notna().any()]
    for row in table.to_dict("records"):
        lines: list[tuple[str, object]] = [(measure_label(m), row.get(m)) for m in shown]
        lines.append((tier_heading(), row["tier_text"]))
        if not is_missing(row.get("other_tiers")):
            lines.append((t("col.other_tiers"), ", ".join(tier_label(x) for x in row["other_tiers"].split(","))))
        lines.append((t("col.source"), row["citation"]))
        if not is_missing(row.get("flags")):
            lines.append((t("col.flag"), row["flags"]))
        tooltips.append(points.tooltip(city_title(row), lines, row["lon"], row["lat"]))
    return tooltips


def gap_sign(gap) -> str:
    """'positive' (smarter than rich), 'negative' (richer than smart) or 'zero'."""
    return "zero" if is_missing(gap) or gap == 0 else ("positive" if gap > 0 else "negative")


@cached_on_data(max_entries=64, also=wording)
def _ranking_deck(
    table: pd.DataFrame, measure: str, language: str, chosen: tuple[str, ...], focus: map_focus.Focus
) -> MapView:
    values = table[measure] if measure != "rank_gap" else table[measure].abs()
    radius = maps.scaled_radius(values, higher_is_better(measure))
    points = MapPoints()
    markers = maps.city_marker_frame(table, radius, city_tooltips(table, points))
    if measure == "rank_gap":  # size = |gap|, so the colour carries the sign (tiers are in the tooltip)
        markers["fill"] = [hex_to_rgba(GAP_HEX[gap_sign(gap)], 235) for gap in table["rank_gap"]]
        markers["line"] = [[255, 255, 255, 230]] * len(markers)
        markers["line_width"] = [1.0] * len(markers)
    markers, ring = city_selection.emphasised(markers, chosen)
    return map_focus.deck(markers, focus, points, ring)


def map_legend(measure: str, tiers: list[str]) -> list[LegendItem]:
    """The map's legend: tiers, or for the rank gap the sign colours (the dot's size is |gap|)."""
    if measure != "rank_gap":
        return tier_legend_items(tiers, size_note(measure))
    return [
        LegendItem(t("rankings.gap_sign.positive"), GAP_HEX["positive"]),
        LegendItem(t("rankings.gap_sign.negative"), GAP_HEX["negative"]),
        LegendItem(t("rankings.gap_sign.zero"), GAP_HEX["zero"]),
        LegendItem(size_note(measure)),
        LegendItem(t("rankings.gap_sign.tier_note")),
    ]


def ranking_map(table: pd.DataFrame, measure: str, **export) -> None:
    """The edition's cities sized by `measure`; `export` (title, legend, source) goes into its PNG.
    A click on a city selects it (components.city_selection); the map zooms to a province or
    region, or flies to a city, from the lists under it (components.map_focus)."""
    cities = map_focus.map_cities(table)
    focus = map_focus.focus(cities)
    maps.show_deck(
        _ranking_deck(table, measure, current_language(), tuple(city_selection.selected()), focus),
        key="rankings_map",
        height=420,
        events=city_selection.map_events("rankings_map"),
        **export,
    )
    map_focus.controls(cities)


@cached_on_data(also=wording)
def display_table(table: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The sortable ranked list in the user's language, best value of `measure` first."""
    ordered = table.sort_values(measure, ascending=not higher_is_better(measure), na_position="last")
    measures = ["smart_rank", "gdp_per_capita_rank", "rank_gap", "innovation_score", *extra_measures(table.columns)]
    columns = {
        "city_label": t("col.city"),
        "province": t("col.province"),
        "tier_text": tier_heading(),
        **{m: measure_label(m) for m in measures if m in table and table[m].notna().any()},
        "group_text": t("chart.innovation.group"),
        "citation": t("col.source"),
        "flags": t("col.flag"),
    }
    shown = ordered.assign(province=[province_label(row) for row in ordered.to_dict("records")])
    return shown[[c for c in columns if c in shown]].rename(columns=columns)


@cached_on_data(also=wording)
def innovation_rows(values: pd.DataFrame) -> pd.DataFrame:
    """Innovation scores as printed; a repeated city gets its line number so both bars show."""
    rows = values[values["measure"] == "innovation_score"].copy()
    labels = city_labels(rows)
    repeat_suffix = rows["source_lines"].map(lambda lines: f" (L{lines})")
    rows["bar_label"] = labels.where(~rows["is_repeat"], labels + repeat_suffix)
    rows["citation"] = [citation(s, lines) for s, lines in zip(rows["source_id"], rows["source_lines"])]
    rows["flag_text"] = [flag_text(flag) or "" for flag in rows["flag"]]
    rows["flag"] = rows["flag"].notna()
    rows["group"] = rows["group_label"]
    rows["group_label"] = [group_name(group) for group in rows["group"]]
    return rows


def show_table(table: pd.DataFrame, measure: str) -> None:
    """The ranked list; ticking rows selects those cities (components.city_selection)."""
    ordered = table.sort_values(measure, ascending=not higher_is_better(measure), na_position="last")
    shown = display_table(table, measure)
    downloads.table(
        shown,
        "ranked_list",
        column_config=flag_column(shown, t("col.flag")),
        **city_selection.table_events("ranked_list", ordered["city_code"].tolist()),
    )
    flag_legend(table["flags"])


def measure_charts(table: pd.DataFrame, values: pd.DataFrame) -> dict[str, tuple]:
    """For each measure: the chart builder and its rows, and the rows its source line cites."""
    chart_columns = ["city_code", "city_label", "tier_label", "smart_rank", "gdp_per_capita_rank", "rank_gap"]
    ranked = _flagged(table.dropna(subset=["smart_rank", "gdp_per_capita_rank"])[chart_columns])
    innovation = _flagged(
        innovation_rows(values)[
            ["city_code", "bar_label", "value", "group", "group_label", "citation", "flag", "flag_text"]
        ]
    )
    axis_max = int(ranked[["smart_rank", "gdp_per_capita_rank"]].max().max()) if not ranked.empty else 1
    generic = {
        measure: (
            charts.measure_bars,
            (measure_rows(values, measure), measure_label(measure), higher_is_better(measure)),
            values[values["measure"] == measure].empty,
            values[values["measure"] == measure],
            None,
        )
        for measure in extra_measures(values["measure"].unique())
    }
    return generic | {
        "smart_rank": (
            charts.rank_vs_gdp,
            (ranked, axis_max),
            ranked.empty,
            values[values["measure"].isin(["smart_rank", "gdp_per_capita_rank"])],
            None,
        ),
        "innovation_score": (
            charts.innovation_bars,
            (innovation,),
            innovation.empty,
            values[values["measure"] == "innovation_score"],
            t("rankings.innovation_note"),
        ),
        "rank_gap": (charts.gap_bars, (ranked,), ranked.empty, values[values["measure"] == "rank_gap"], None),
    }


def _flagged(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows with the selection's `sel` / `dim` columns, for the charts' emphasis."""
    return rows.assign(**city_selection.flags(rows["city_code"]))


def measure_rows(values: pd.DataFrame, measure: str) -> pd.DataFrame:
    """One bar per city for an uploaded measure: value, tier and where the value came from."""
    rows = values[(values["measure"] == measure) & ~values["is_repeat"]]
    return _flagged(
        pd.DataFrame(
            {
                "city_code": rows["city_code"],
                "city_label": city_labels(rows),
                "tier_label": [tier_label(tier) for tier in rows["tier"]],
                "value": rows["value"],
                "citation": [citation(s, lines) for s, lines in zip(rows["source_id"], rows["source_lines"])],
            }
        )
    )


def size_note(measure: str) -> str:
    key = f"rankings.size.{measure}"
    if has_text(key):
        return t(key)
    return t("rankings.size.generic", measure=measure_label(measure))


def show_chart(entry: tuple) -> None:
    builder, args, empty, cited_rows, note = entry
    if empty:
        st.info(t("rankings.no_values"))
        return
    charts.show(
        builder, *args, **city_selection.chart_events(builder.__name__, legend=builder is not charts.innovation_bars)
    )
    source_caption(cited_rows, note=note)
