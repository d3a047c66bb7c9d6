"""Carbon-peak timeline: targets and tier rules over time, and each city's status in a chosen year."""

import streamlit as st

from components import carbon_views as views
from components import charts, source_reader
from components.filters import selected_tier_edition, selected_tiers
from components.i18n import t
from components.layout import page_header, split_row
from components.provenance import source_text
from components.safe_text import markdown_text
from components.source_reader import source_caption
from queries.carbon import carbon_cities, carbon_facts, carbon_targets

page_header("carbon.title", "carbon.intro", sources=("001",))
tiers, tier_edition = selected_tiers(), selected_tier_edition()
targets = carbon_targets(tiers, tier_edition)
cities = carbon_cities(tiers, tier_edition)
facts = carbon_facts()
views.presentation_lead(cities, targets)
views.headline(cities, targets)

left, right = split_row("map", [1, 1])
with left:
    city_targets = targets[targets["subject"] == "city"]
    map_source = source_text(city_targets)
    views.map_panel(cities, map_source)
    source_caption(city_targets, text=map_source)
with right:
    goals = views.national_goals(facts)
    charts.show(views.timeline_chart, views.timeline_rows(targets), goals, views.this_year())
    source_caption(targets)
    if not goals.empty:
        st.caption(markdown_text(t("carbon.national_goal_note")))
st.caption(views.no_target_cities(cities))
source_reader.headline_sources(views.cited_figures(targets))

charts.show(views.facts_chart, facts)
source_caption(facts)
