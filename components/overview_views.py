"""The overview page's pieces: headline figures, the national map and the tier chart."""

import altair as alt
import pandas as pd
import streamlit as st

from components import charts, city_selection, layout, map_focus, maps, source_reader
from components.filters import tier_heading, tier_label
from components.i18n import current_language, localized, t
from components.labels import city_labels, city_title, leaders, names_text, province_label
from components.map_points import MapPoints, MapView
from components.page_context import wording
from components.palette import TIERS
from components.provenance import citation
from components.values import is_missing
from queries.cache import cached_on_data


def headline_metrics(figures: dict, tiers: list[str]) -> None:
    columns = st.columns(5)
    inferred = localized(figures, "inferred")
    columns[0].metric(
        t("overview.metric.cities"),
        int(figures["cities"]),
        help=t("overview.metric.inferred_help", count=int(figures["inferred"]), names=inferred) if inferred else None,
    )
    for column, tier in zip(columns[1:4], TIERS[:3]):
        column.metric(tier_label(tier), int(figures[tier]) if tier in tiers else "—")
    columns[4].metric(
        t("overview.metric.editions"),
        int(figures["editions"]),
        help=t(
            "overview.metric.editions_help", editions=localized(figures, "editions"), reports=int(figures["reports"])
        ),
    )


def national_map(cities: pd.DataFrame, **export) -> None:
    """The national map; `export` (title, legend, source) goes into its PNG download. A click on a
    city selects it (components.city_selection)."""
    located = map_focus.map_cities(cities)
    focus = map_focus.focus(located)
    maps.show_deck(
        _national_deck(cities, current_language(), tuple(city_selection.selected()), focus),
        key="overview_map",
        height=420,
        events=city_selection.map_events("overview_map"),
        **export,
    )
    map_focus.controls(located)


def presentation_lead(cities: pd.DataFrame) -> None:
    """Presentation mode's lead: how many cities are tiered, and which tier is the largest."""
    tiered = cities[cities["tier"].isin(TIERS[:3])]
    counts = tiered["tier"].value_counts()
    if tiered.empty:
        layout.presentation_lead(
            "0", t("present.overview.label", tier=tier_heading()), t("present.overview.none", tier=tier_heading())
        )
        return
    largest, _count = leaders(TIERS[:3], [counts.get(tier, 0) for tier in TIERS[:3]])
    takeaway = t(
        "present.overview.takeaway_tied" if len(largest) > 1 else "present.overview.takeaway",
        leading=int(counts.get("leading", 0)),
        pioneer=int(counts.get("pioneer", 0)),
        exploring=int(counts.get("exploring", 0)),
        largest=names_text(tier_label(tier) for tier in largest),
        inferred=int(tiered["tier_basis"].eq("inferred").sum()),
    )
    layout.presentation_lead(len(tiered), t("present.overview.label", tier=tier_heading()), takeaway)


@cached_on_data(max_entries=64, also=wording)
def _national_deck(cities: pd.DataFrame, language: str, chosen: tuple[str, ...], focus: map_focus.Focus) -> MapView:
    radius = maps.scaled_radius(cities["smart_rank"].fillna(cities["smart_rank"].max() + 5), higher_is_better=False)
    points = MapPoints()
    tooltips = [
        points.tooltip(
            city_title(row),
            [
                (tier_heading(), tier_label(row["tier"], row["tier_basis"])),
                (t("col.province"), province_label(row)),
                (t("measure.smart_rank"), row["smart_rank"]),
                (
                    t("col.source"),
                    None
                    if is_missing(row["tier_source_id"])
                    else citation(row["tier_source_id"], row["tier_source_lines"]),
                ),
            ],
            row["lon"],
            row["lat"],
        )
        for row in cities.to_dict("records")
    ]
    markers, ring = city_selection.emphasised(maps.city_marker_frame(cities, radius, tooltips), chosen)
    return map_focus.deck(markers, focus, points, ring)


def cited_figures(cities: pd.DataFrame, tiers: list[str]) -> list[source_reader.Figure]:
    """The tier counts of the headline and the tier lines they count."""
    return [
        source_reader.Figure(
            tier_label(tier),
            cities[cities["tier"] == tier],
            "tier_source_id",
            "tier_source_lines",
            tier_placements(cities[cities["tier"] == tier]),
        )
        for tier in TIERS[:3]
        if tier in tiers
    ]


def tier_placements(cities: pd.DataFrame) -> list[str]:
    """'深圳 · 领军' per city: what each cited tier line supports."""
    names = city_labels(cities)
    return [
        f"{name} · {tier_label(tier, basis)}" for name, tier, basis in zip(names, cities["tier"], cities["tier_basis"])
    ]


def tier_chart(cities: pd.DataFrame) -> alt.TopLevelMixin:
    """Cities per tier, split into printed (explicit) and reconstructed (inferred) placements."""
    counts = (
        cities.assign(
            tier_label=[tier_label(tier) for tier in cities["tier"]],
            basis_label=[t(f"basis.{b}") if isinstance(b, str) else t("basis.none") for b in cities["tier_basis"]],
            basis_order=[0 if b == "explicit" else 1 for b in cities["tier_basis"]],
        )
        .groupby(["tier", "tier_label", "basis_label", "basis_order"], as_index=False)
        .size()
    )
    order = [tier_label(tier) for tier in TIERS]
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            y=alt.Y("tier_label:N", sort=order, title=None, axis=charts.category_axis(order)),
            x=alt.X("size:Q", title=t("overview.chart.count")),
            color=charts.tier_color(counts, legend=False),
            opacity=alt.Opacity(
                "basis_label:N",
                legend=None,
                scale=alt.Scale(
                    domain=[t("basis.explicit"), t("basis.inferred"), t("basis.none")], range=[1.0, 0.4, 0.75]
                ),
            ),
            order=alt.Order("basis_order:Q"),
            tooltip=[
                alt.Tooltip("tier_label:N", title=tier_heading()),
                alt.Tooltip("basis_label:N", title=t("col.basis")),
                alt.Tooltip("size:Q", title=t("overview.chart.count")),
            ],
        )
    )
    title = charts.chart_title(t("overview.chart.title"), t("overview.chart.subtitle"))
    return charts.themed(chart.properties(title=title, height=charts.band_step(order, minimum=34)))
