"""The scenarios page's pieces: framework/domain/scenario choice, coverage map, adoption and heatmap."""

import altair as alt
import pandas as pd
import streamlit as st

from components import charts, city_selection, downloads, layout, map_focus, maps, source_reader, view_mode
from components.filters import tier_heading, tier_label
from components.i18n import current_language, localized, localized_column, t
from components.labels import city_labels, city_title, framework_label, leaders, names_text
from components.legend import legend_html, tier_legend_items
from components.map_points import MapPoints, MapView
from components.map_render import LegendItem
from components.page_context import wording
from components.palette import TIERS, hex_to_rgba, tier_rgba
from components.provenance import basis_label, citation
from components.values import is_missing
from queries.cache import cached_on_data

ALL = "all"
SORTS = ("coverage", "tier")
NOT_COVERED_HEX = "#C8C8C8"
CITY_COLUMNS = ["city_code", "city_name_zh", "city_short_zh", "city_name_en", "lon", "lat", "tier"]


def controls(frameworks: pd.DataFrame, catalogue_of) -> tuple[str, str | None, str | None, str]:
    """Framework, domain (None = all), scenario (None = all) and heatmap sort, all kept in the URL."""
    framework_ids = frameworks["framework"].tolist()
    framework_names = {framework: framework_label(framework) for framework in framework_ids}
    columns = [st.container()] * 4 if view_mode.controls_hidden() else st.columns([3, 2, 3, 2])
    with columns[0]:
        framework = view_mode.control(
            st.selectbox,
            t("scenarios.framework"),
            key="framework",
            options=framework_ids,
            default=framework_ids[0],
            format_func=framework_names.get,
        )
    catalogue = catalogue_of(framework)
    domains = {ALL: t("scenarios.all_domains")} | {
        row["domain"]: localized(row, "domain") for row in catalogue.to_dict("records")
    }
    with columns[1]:
        domain = view_mode.control(
            st.selectbox,
            t("scenarios.domain"),
            key="domain",
            options=list(domains),
            default=ALL,
            format_func=domains.get,
        )
    in_domain = catalogue if domain == ALL else catalogue[catalogue["domain"] == domain]
    names = {ALL: t("scenarios.all_scenarios")} | {
        row["scenario"]: localized(row, "name") for row in in_domain.to_dict("records")
    }
    with columns[2]:
        scenario = view_mode.control(
            st.selectbox,
            t("scenarios.scenario"),
            key="scenario",
            options=list(names),
            default=ALL,
            format_func=names.get,
        )
    sorts = {sort: t(f"scenarios.sort_name.{sort}") for sort in SORTS}
    with columns[3]:
        sort = view_mode.control(
            st.segmented_control,
            t("scenarios.sort"),
            key="sort",
            options=SORTS,
            default=SORTS[0],
            format_func=sorts.get,
            required=True,
            wrap=True,  # in a column it would scroll: 'By tier' was cut at 1366 px
        )
    return framework, None if domain == ALL else domain, None if scenario == ALL else scenario, sort


def presentation_lead(catalogue: pd.DataFrame, pairs: pd.DataFrame) -> None:
    """Presentation mode's lead: the most adopted scenario, or the city with the most evidence."""
    adopted = catalogue.dropna(subset=["adoption_pct"]).sort_values("adoption_pct", ascending=False)
    counts = (
        pairs.assign(city_label=city_labels(pairs))
        .groupby("city_label")["scenario"]
        .nunique()
        .sort_values(ascending=False)
    )
    busiest_cities, most = leaders(counts.index, counts.values)
    busiest = (names_text(busiest_cities) or "—", int(most or 0))
    tied = "_tied" if len(busiest_cities) > 1 else ""
    if not adopted.empty:
        top = adopted.iloc[0]
        layout.presentation_lead(
            f"{top['adoption_pct']:g}%",
            localized(top, "name"),
            t(
                f"present.scenarios.adoption{tied}",
                scenario=localized(top, "name"),
                share=f"{top['adoption_pct']:g}",
                cities=pairs["city_code"].nunique(),
                city=busiest[0],
                count=busiest[1],
            ),
        )
    else:
        layout.presentation_lead(
            pairs["city_code"].nunique(),
            t("present.scenarios.label"),
            t(
                f"present.scenarios.coverage{tied}",
                cities=pairs["city_code"].nunique(),
                city=busiest[0],
                count=busiest[1],
            ),
        )


def headline(catalogue: pd.DataFrame, pairs: pd.DataFrame) -> None:
    columns = st.columns(4)
    columns[0].metric(t("scenarios.metric.scenarios"), len(catalogue))
    columns[1].metric(t("scenarios.metric.cities"), pairs["city_code"].nunique())
    columns[2].metric(t("scenarios.metric.pairs"), len(pairs.drop_duplicates(["city_code", "scenario"])))
    adopted = catalogue.dropna(subset=["adoption_pct"])
    if adopted.empty:
        columns[3].metric(t("scenarios.metric.top"), "—")
    else:
        top = adopted.sort_values("adoption_pct", ascending=False).iloc[0]
        columns[3].metric(t("scenarios.metric.top"), f"{top['adoption_pct']:g}%", help=localized(top, "name"))


def cited_figures(catalogue: pd.DataFrame, pairs: pd.DataFrame) -> list[source_reader.Figure]:
    """The headline figures and the lines they come from: the catalogue, the case evidence, the
    top adoption share."""
    items = [
        source_reader.Figure(t("scenarios.metric.scenarios"), catalogue),
        source_reader.Figure(t("scenarios.metric.pairs"), pairs),
    ]
    adopted = catalogue.dropna(subset=["adoption_pct"])
    if not adopted.empty:
        top = adopted.sort_values("adoption_pct", ascending=False).head(1)
        items.append(source_reader.Figure(t("scenarios.metric.top"), top))
    return items


@cached_on_data(also=wording)
def per_city(pairs: pd.DataFrame) -> pd.DataFrame:
    """One row per Chinese city with its count of covered scenarios, for the map."""
    located = pairs[pairs["country"].eq("CN")].dropna(subset=["lon", "lat"])
    grouped = located.groupby(CITY_COLUMNS, dropna=False)
    return grouped.agg(count=("scenario", "nunique")).reset_index()


@cached_on_data(max_entries=128, also=wording)
def _coverage_deck(
    cities: pd.DataFrame,
    tracked: pd.DataFrame,
    scenario_name: str | None,
    language: str,
    chosen: tuple[str, ...],
    focus: map_focus.Focus,
) -> MapView:
    if scenario_name is None:
        frame = cities
        radius = maps.scaled_radius(frame["count"], higher_is_better=True)
        fill = [tier_rgba(tier) for tier in frame["tier"]]
    else:
        covered = set(cities["city_code"])
        frame = tracked.assign(count=[1 if code in covered else 0 for code in tracked["city_code"]])
        radius = pd.Series([9.0 if c else 4.0 for c in frame["count"]], index=frame.index)
        fill = [
            tier_rgba(tier) if c else hex_to_rgba(NOT_COVERED_HEX) for tier, c in zip(frame["tier"], frame["count"])
        ]
    rows = frame.to_dict("records")
    points = MapPoints()
    markers = pd.DataFrame(
        {
            "lon": frame["lon"].astype(float),
            "lat": frame["lat"].astype(float),
            "radius": radius.tolist(),
            "fill": fill,
            "line": [[255, 255, 255, 230]] * len(rows),
            "line_width": [1.0] * len(rows),
            "label": city_labels(frame).tolist(),
            "tooltip": [
                points.tooltip(
                    city_title(r),
                    [
                        (t("scenarios.col.count"), r["count"]),
                        (tier_heading(), tier_label(r["tier"])),
                    ],
                    r["lon"],
                    r["lat"],
                )
                for r in rows
            ],
            "code": frame["city_code"],
        }
    )
    markers, ring = city_selection.emphasised(markers, chosen)
    return map_focus.deck(markers, focus, points, ring)


def coverage_map(
    pairs: pd.DataFrame, tracked: pd.DataFrame, scenario_name: str | None, title: str, source: str, tiers: list[str]
) -> None:
    located = per_city(pairs)
    cities = map_focus.map_cities(located)
    focus = map_focus.focus(cities)
    deck = _coverage_deck(
        located,
        tracked[CITY_COLUMNS],
        scenario_name,
        current_language(),
        tuple(city_selection.selected()),
        focus,
    )
    note = t("scenarios.size_one") if scenario_name else t("scenarios.size_all")
    items = tier_legend_items(tiers, note)
    if scenario_name:
        items.insert(len(tiers), LegendItem(t("scenarios.not_covered"), NOT_COVERED_HEX))
    maps.show_deck(
        deck,
        key="scenarios_map",
        height=360,
        title=title,
        legend=items,
        source=source,
        events=city_selection.map_events("scenarios_map"),
    )
    legend_html(items)
    map_focus.controls(cities)


def adoption_chart(catalogue: pd.DataFrame) -> alt.TopLevelMixin:
    rows = catalogue.dropna(subset=["adoption_pct"]).assign(
        label=lambda f: localized_column(f, "name"),
        domain_label=lambda f: localized_column(f, "domain"),
        citation=lambda f: [citation(s, lines) for s, lines in zip(f["source_id"], f["source_lines"])],
    )[["label", "domain_label", "adoption_pct", "rank", "citation"]]
    bars = (
        alt.Chart(rows)
        .mark_bar(color="#0072B2")
        .encode(
            y=alt.Y(
                "label:N",
                sort=rows.sort_values("rank")["label"].tolist(),
                title=None,
                axis=charts.category_axis(rows["label"]),
            ),
            x=alt.X("adoption_pct:Q", title=t("scenarios.col.adoption"), scale=alt.Scale(domain=[0, 100])),
            tooltip=[
                alt.Tooltip("label:N", title=t("scenarios.col.scenario")),
                alt.Tooltip("domain_label:N", title=t("scenarios.col.domain")),
                alt.Tooltip("adoption_pct:Q", title=t("scenarios.col.adoption")),
                alt.Tooltip("citation:N", title=t("col.source")),
            ],
        )
    )
    text = bars.mark_text(align="left", dx=3).encode(text=alt.Text("adoption_pct:Q", format=".0f"))
    title = charts.chart_title(t("scenarios.adoption_title"), t("scenarios.adoption_subtitle"))
    return charts.themed((bars + text).properties(title=title, height=charts.band_step(rows["label"], minimum=22)))


def heatmap_rows(pairs: pd.DataFrame, sort: str) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Cells of the city × scenario heatmap, with row and column order, the selected cities marked."""
    shown, order, columns = _heatmap_cells(pairs, sort)
    return shown.assign(**city_selection.flags(shown["city_code"])), order, columns


@cached_on_data(also=wording)
def _heatmap_cells(pairs: pd.DataFrame, sort: str) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Cells of the city × scenario heatmap, with row and column order (no selection: cached)."""
    language = current_language()
    cells = pairs.assign(
        city_label=city_labels(pairs),
        scenario_label=pairs[f"scenario_{language}"],
        tier_label=[tier_label(tier) for tier in pairs["tier"]],
        evidence=pairs[f"evidence_{language}"].fillna(pairs["evidence_zh"]),
        citation=[citation(s, lines) for s, lines in zip(pairs["source_id"], pairs["source_lines"])],
        basis_text=pairs["basis"].map(basis_label),
        why=["" if is_missing(note) else note for note in localized_column(pairs, "note")],
    ).drop_duplicates(["city_label", "scenario_label"])
    counts = cells.groupby("city_label")["scenario_label"].nunique()
    tier_rank = {tier: position for position, tier in enumerate(TIERS)}
    first = cells.drop_duplicates("city_label").set_index("city_label")
    if sort == "tier":
        order = sorted(counts.index, key=lambda c: (tier_rank.get(first.loc[c, "tier"], 9), -counts[c], c))
    else:
        order = sorted(counts.index, key=lambda c: (-counts[c], tier_rank.get(first.loc[c, "tier"], 9), c))
    columns = cells.groupby("scenario_label")["city_label"].nunique().sort_values(ascending=False).index.tolist()
    shown = cells[
        ["city_code", "city_label", "scenario_label", "tier_label", "evidence", "citation", "basis_text", "why"]
    ]
    return shown, order, columns


def heatmap_chart(cells: pd.DataFrame, order: list[str], columns: list[str]) -> alt.TopLevelMixin:
    chart = charts.pickable(
        alt.Chart(cells)
        .mark_rect()
        .encode(
            y=alt.Y("city_label:N", sort=order, title=None, axis=charts.category_axis(order)),
            x=alt.X(
                "scenario_label:N",
                sort=columns,
                title=None,
                axis=charts.category_axis(columns, labelAngle=-40),
            ),
            color=charts.tier_color(cells),
            tooltip=[
                alt.Tooltip("city_label:N", title=t("scenarios.col.city")),
                alt.Tooltip("scenario_label:N", title=t("scenarios.col.scenario")),
                alt.Tooltip("evidence:N", title=t("scenarios.evidence")),
                alt.Tooltip("citation:N", title=t("col.source")),
                alt.Tooltip("basis_text:N", title=t("col.basis")),
                alt.Tooltip("why:N", title=t("scenarios.col.why")),
            ],
        ),
        legend=True,
    )
    title = charts.chart_title(t("scenarios.heatmap_title"), t("scenarios.heatmap_subtitle"))
    return charts.themed(chart.properties(title=title, height=charts.band_step(order, minimum=22)))


def pairs_table_columns() -> dict:
    """Evidence and the reason for the pairing share the width, so both are in view at 1366 px."""
    return {
        t("scenarios.evidence"): st.column_config.TextColumn(width="medium"),
        t("scenarios.col.why"): st.column_config.TextColumn(width="large"),
    }


def show_heatmap(pairs: pd.DataFrame, sort: str) -> None:
    charts.show(heatmap_chart, *heatmap_rows(pairs, sort), **city_selection.chart_events("heatmap", legend=True))


def show_pairs_table(chosen: pd.DataFrame) -> None:
    """The evidence list; ticking a row selects its city (components.city_selection)."""
    downloads.table(
        pairs_table(chosen),
        "scenario_evidence",
        column_config=pairs_table_columns(),
        **city_selection.table_events("scenario_evidence", chosen["city_code"].tolist()),
    )


@cached_on_data(also=wording)
def pairs_table(pairs: pd.DataFrame) -> pd.DataFrame:
    language = current_language()
    return pd.DataFrame(
        {
            t("scenarios.col.city"): city_labels(pairs),
            t("scenarios.col.scenario"): pairs[f"scenario_{language}"],
            t("scenarios.evidence"): pairs[f"evidence_{language}"].fillna(pairs["evidence_zh"]),
            t("col.source"): [citation(s, lines) for s, lines in zip(pairs["source_id"], pairs["source_lines"])],
            t("col.basis"): pairs["basis"].map(basis_label),
            t("scenarios.col.why"): ["" if is_missing(note) else note for note in localized_column(pairs, "note")],
        }
    )
