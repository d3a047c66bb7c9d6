"""Scenario coverage: catalogues, adoption, and which cities the reports show covering each scenario."""

import streamlit as st

from components import charts, scenarios_views as views
from components.filters import selected_tiers
from components.i18n import localized, t
from components.layout import page_header, split_row
from components.provenance import source_caption
from queries.overview import tracked_cities
from queries.scenarios import coverage, frameworks, scenario_catalogue

page_header("scenarios.title", "scenarios.intro")
framework, domain, scenario, sort = views.controls(frameworks(), scenario_catalogue)
tiers = selected_tiers()
catalogue = scenario_catalogue(framework, domain)
pairs = coverage(framework, tiers, domain)
chosen = pairs if scenario is None else pairs[pairs["scenario"] == scenario]
views.headline(catalogue, pairs)

scenario_name = None
if scenario is not None:
    scenario_name = localized(catalogue.set_index("scenario").loc[scenario].to_dict(), "name")
left, right = split_row("map", [3, 2])
with left:
    st.markdown("**" + (t("scenarios.map_title_one", scenario=scenario_name) if scenario_name else t("scenarios.map_title_all")) + "**")
    views.coverage_map(chosen, tracked_cities(tiers), scenario_name)
    st.caption(t("scenarios.size_one") if scenario_name else t("scenarios.size_all"))
    source_caption(chosen)
with right:
    if catalogue["adoption_pct"].notna().any():
        charts.show(views.adoption_chart, catalogue)
        source_caption(catalogue)
    elif not pairs.empty:
        charts.show(views.heatmap_chart, *views.heatmap_rows(pairs, sort))
        source_caption(pairs)

if pairs.empty:
    st.info(t("scenarios.no_pairs"))
else:
    if catalogue["adoption_pct"].notna().any():
        charts.show(views.heatmap_chart, *views.heatmap_rows(pairs, sort))
        source_caption(pairs)
    st.subheader(t("scenarios.evidence"))
    st.dataframe(views.pairs_table(chosen), hide_index=True)
