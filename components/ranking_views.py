"""The rankings page's pieces: measure choice, map, table and charts for one edition."""

import pandas as pd
import streamlit as st

from components import charts, maps, url_state
from components.filters import tier_label
from components.i18n import current_language, t
from components.provenance import citation, source_caption
from components.values import is_missing, number_text

MEASURE_KEY = "measure"
EDITION_KEY = "edition"
MEASURES = ("smart_rank", "innovation_score", "rank_gap")
HIGHER_IS_BETTER = {"smart_rank": False, "gdp_per_capita_rank": False, "innovation_score": True, "rank_gap": True}


def city_label(frame: pd.DataFrame) -> pd.Series:
    return frame["short_zh"] if current_language() == "zh" else frame["name_en"].fillna(frame["short_zh"])


def measure_selector(available: list[str]) -> str:
    options = [m for m in MEASURES if m in available]
    url_state.seed(MEASURE_KEY, options, options[0])
    return st.segmented_control(
        t("rankings.measure"), options=options, required=True,
        format_func=lambda m: t(f"measure.{m}"), key=MEASURE_KEY,
    )


def edition_selector(editions: pd.DataFrame) -> str:
    labels = dict(zip(editions["edition"], editions[f"label_{current_language()}"]))
    url_state.seed(EDITION_KEY, list(labels), next(iter(labels)))
    return st.selectbox(t("rankings.edition"), options=list(labels), format_func=labels.get, key=EDITION_KEY)


def with_labels(table: pd.DataFrame) -> pd.DataFrame:
    """Add the localised city and tier labels every view of the table needs."""
    return table.assign(
        city_label=city_label(table),
        tier_label=[tier_label(tier) for tier in table["tier"]],
        tier_text=[tier_label(tier, basis) for tier, basis in zip(table["tier"], table["tier_basis"])],
        citation=[", ".join(citation(s, lines) for s, lines in refs) for refs in table["source_refs"]],
    ).drop(columns="source_refs")


def city_tooltips(table: pd.DataFrame) -> list[str]:
    tooltips = []
    for row in table.to_dict("records"):
        lines = [(t(f"measure.{m}"), number_text(row.get(m))) for m in ("smart_rank", "gdp_per_capita_rank", "rank_gap", "innovation_score")]
        lines.append((t("filter.tier"), row["tier_text"]))
        if not is_missing(row.get("other_tiers")):
            lines.append((t("col.other_tiers"), ", ".join(tier_label(x) for x in row["other_tiers"].split(","))))
        lines.append((t("col.source"), row["citation"]))
        if not is_missing(row.get("flags")):
            lines.append((t("col.flag"), row["flags"]))
        tooltips.append(maps.tooltip_html(f"{row['name_zh']} {row['name_en'] or ''}".strip(), lines))
    return tooltips


@st.cache_data(show_spinner=False, max_entries=64)
def _ranking_deck(table: pd.DataFrame, measure: str, language: str) -> str:
    values = table[measure] if measure != "rank_gap" else table[measure].abs()
    radius = maps.scaled_radius(values, HIGHER_IS_BETTER[measure] or measure == "rank_gap")
    markers = maps.city_marker_frame(table, radius, city_tooltips(table))
    return maps.deck_spec(maps.china_layers(markers))


def ranking_map(table: pd.DataFrame, measure: str) -> None:
    maps.show_deck(_ranking_deck(table, measure, current_language()), key="rankings_map")


def display_table(table: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The sortable ranked list in the user's language, best value of `measure` first."""
    ordered = table.sort_values(measure, ascending=not HIGHER_IS_BETTER[measure], na_position="last")
    columns = {
        "city_label": t("col.city"),
        "province": t("col.province"),
        "tier_text": t("filter.tier"),
        "smart_rank": t("measure.smart_rank"),
        "gdp_per_capita_rank": t("measure.gdp_per_capita_rank"),
        "rank_gap": t("measure.rank_gap"),
        "innovation_score": t("measure.innovation_score"),
        "group_label": t("chart.innovation.group"),
        "citation": t("col.source"),
        "flags": t("col.flag"),
    }
    province = ordered["province_zh"] if current_language() == "zh" else ordered["province_en"]
    shown = ordered.assign(province=province)
    return shown[[c for c in columns if c in shown]].rename(columns=columns)


def innovation_rows(values: pd.DataFrame) -> pd.DataFrame:
    """Innovation scores as printed; a repeated city gets its line number so both bars show."""
    rows = values[values["measure"] == "innovation_score"].copy()
    labels = city_label(rows)
    repeat_suffix = rows["source_lines"].map(lambda lines: f" (L{lines})")
    rows["bar_label"] = labels.where(~rows["is_repeat"], labels + repeat_suffix)
    rows["citation"] = [citation(s, lines) for s, lines in zip(rows["source_id"], rows["source_lines"])]
    rows["flag_text"] = rows["flag"].fillna("")
    rows["flag"] = rows["flag"].notna()
    return rows


def show_table(table: pd.DataFrame, measure: str) -> None:
    st.dataframe(display_table(table, measure), hide_index=True)


def measure_charts(table: pd.DataFrame, values: pd.DataFrame) -> dict[str, tuple]:
    """For each measure: the chart builder and its rows, and the rows its source line cites."""
    chart_columns = ["city_label", "tier_label", "smart_rank", "gdp_per_capita_rank", "rank_gap"]
    ranked = table.dropna(subset=["smart_rank", "gdp_per_capita_rank"])[chart_columns]
    innovation = innovation_rows(values)[
        ["bar_label", "value", "group_label", "citation", "flag", "flag_text"]
    ]
    axis_max = int(ranked[["smart_rank", "gdp_per_capita_rank"]].max().max()) if not ranked.empty else 1
    return {
        "smart_rank": (charts.rank_vs_gdp, (ranked, axis_max), ranked.empty,
                       values[values["measure"].isin(["smart_rank", "gdp_per_capita_rank"])], None),
        "innovation_score": (charts.innovation_bars, (innovation,), innovation.empty,
                             values[values["measure"] == "innovation_score"], t("rankings.innovation_note")),
        "rank_gap": (charts.gap_bars, (ranked,), ranked.empty, values[values["measure"] == "rank_gap"], None),
    }


def show_chart(entry: tuple) -> None:
    builder, args, empty, cited_rows, note = entry
    if empty:
        st.info(t("rankings.no_values"))
        return
    charts.show(builder, *args)
    source_caption(cited_rows, note=note)
