"""Overview: headline figures, the national map of every tracked city, and the tier split."""

import streamlit as st

from components import charts, city_selection, source_reader
from components import overview_views as views
from components.city_choice import city_options
from components.filters import selected_tier_edition, selected_tiers, tier_heading
from components.i18n import localized, t
from components.layout import page_header, split_row
from components.legend import tier_legend, tier_legend_items
from components.provenance import source_text
from components.safe_text import markdown_text
from components.source_reader import source_caption
from queries.overview import headline_figures, tracked_cities
from queries.sources import source_documents

page_header("overview.title", "overview.intro", sources=("001", "000"))
tiers, tier_edition = selected_tiers(), selected_tier_edition()
cities = tracked_cities(tiers, tier_edition)
views.presentation_lead(cities)
views.headline_metrics(headline_figures(tiers, tier_edition), tiers)
city_selection.bind(city_options(cities))  # ?sel=: cities picked on the map

left, right = split_row("map", [3, 2])
with left:
    map_title = t("overview.map.title", tier=tier_heading())
    st.subheader(map_title)
    map_source = source_text(
        cities.rename(columns={"tier_basis": "basis"}), source_column="tier_source_id", lines_column="tier_source_lines"
    )
    if cities.empty:
        st.info(t("filter.empty"))
    else:
        views.national_map(
            cities, title=map_title, legend=tier_legend_items(tiers, t("overview.size_note")), source=map_source
        )
    tier_legend(tiers, t("overview.size_note"))
    source_caption(
        cities,
        text=map_source,
        label=views.tier_placements(cities),
        source_column="tier_source_id",
        lines_column="tier_source_lines",
    )
with right:
    if not cities.empty:
        charts.show(views.tier_chart, cities[["tier", "tier_basis"]])
    st.markdown(t("overview.reports"))
    for row in source_documents().to_dict("records"):
        st.caption(
            t(
                "overview.report_line",
                source_id=row["source_id"],
                year=row["year"],
                title=markdown_text(localized(row, "title")),
            )
        )

city_selection.selection_bar(city_options(cities))
source_reader.headline_sources(views.cited_figures(cities, tiers))
