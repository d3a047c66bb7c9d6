"""Carbon-peak timeline: targets and tier rules over time, and each city's status in a chosen year."""

import streamlit as st

from components import carbon_views as views, charts
from components.filters import selected_tiers
from components.layout import page_header, split_row
from components.provenance import source_caption
from queries.carbon import carbon_cities, carbon_facts, carbon_targets

page_header("carbon.title", "carbon.intro")
tiers = selected_tiers()
targets = carbon_targets(tiers)
cities = carbon_cities(tiers)
facts = carbon_facts()
views.headline(cities, targets)

left, right = split_row("map", [1, 1])
with left:
    views.map_panel(cities)
    source_caption(targets[targets["subject"] == "city"])
with right:
    charts.show(views.timeline_chart, views.timeline_rows(targets), views.national_goals(facts), views.this_year())
    source_caption(targets)
st.caption(views.no_target_cities(cities))

charts.show(views.facts_chart, facts)
source_caption(facts)
