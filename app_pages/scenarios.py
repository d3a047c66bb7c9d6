"""Scenario coverage: catalogues, adoption, and which cities the reports show covering each scenario."""

import streamlit as st

from components import charts, city_selection, source_reader
from components import scenarios_views as views
from components.city_choice import city_options
from components.filters import selected_tier_edition, selected_tiers
from components.i18n import localized, t
from components.layout import page_header, split_row
from components.provenance import source_text
from components.source_reader import source_caption
from queries.overview import tracked_cities
from queries.scenarios import coverage, frameworks, scenario_catalogue

page_header("scenarios.title", "scenarios.intro", sources=("001", "003", "004", "000"))
framework, domain, scenario, sort = views.controls(frameworks(), scenario_catalogue)
tiers, tier_edition = selected_tiers(), selected_tier_edition()
catalogue = scenario_catalogue(framework, domain)
pairs = coverage(framework, tiers, domain, tier_edition)
chosen = pairs if scenario is None else pairs[pairs["scenario"] == scenario]
views.presentation_lead(catalogue, pairs)
views.headline(catalogue, pairs)
cities = city_options(pairs)
city_selection.bind(cities)  # ?sel=: cities picked on the map, the heatmap or the list, shown in every view

scenario_name = None
if scenario is not None:
    scenario_name = localized(catalogue.set_index("scenario").loc[scenario].to_dict(), "name")
with_adoption = catalogue["adoption_pct"].notna().any()
left, right = split_row("map", [3, 2])
with left:
    map_title = t("scenarios.map_title_one", scenario=scenario_name) if scenario_name else t("scenarios.map_title_all")
    st.subheader(map_title)
    map_source = source_text(chosen)
    views.coverage_map(chosen, tracked_cities(tiers, tier_edition), scenario_name, map_title, map_source, tiers)
    source_caption(chosen, text=map_source)
with right:
    if with_adoption:
        charts.show(views.adoption_chart, catalogue)
        source_caption(catalogue)
    elif not pairs.empty:
        views.show_heatmap(pairs, sort)
        source_caption(pairs)
city_selection.selection_bar(cities)
source_reader.headline_sources(views.cited_figures(catalogue, pairs))

if pairs.empty:
    st.info(t("scenarios.no_pairs"))
else:
    if with_adoption:
        views.show_heatmap(pairs, sort)
        source_caption(pairs)
    st.subheader(t("scenarios.evidence"))
    views.show_pairs_table(chosen)
