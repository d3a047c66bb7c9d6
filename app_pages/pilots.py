"""Pilot distribution: China–EU pilots on a China/Europe map, per-area counts, maturity, national facts."""

import streamlit as st

from components import charts, downloads, source_reader
from components import pilots_views as views
from components.filters import selected_tier_edition, selected_tiers
from components.i18n import t
from components.layout import page_header, split_row
from components.provenance import source_text
from components.source_reader import source_caption
from queries.pilots import countries_of, maturity, national_facts, pilot_levels, pilot_places, programmes

page_header("pilots.title", "pilots.intro", sources=("002", "000", "001", "003"))
chosen_programmes, regions, levels, view = views.filters(programmes(), pilot_levels())
tiers = selected_tiers()
places = pilot_places(chosen_programmes, regions, levels, tiers, selected_tier_edition())
views.presentation_lead(places)
views.headline(places)

left, right = split_row("map", [3, 2])
with left:
    map_title = t("pilots.map_title")
    st.subheader(map_title)
    map_source = source_text(places)
    views.pilot_map(places, countries_of("EU"), view, tiers, map_title, map_source)
    source_caption(places, text=map_source)
with right:
    if places.empty:
        st.info(t("pilots.no_places"))
    else:
        shown, more = views.top_areas(views.per_area_rows(places))
        charts.show(views.per_area_chart, shown)
        source_caption(places, note=more)
source_reader.headline_sources(views.cited_figures(places))

rows = maturity("eu_cn_2014", regions)
if not rows.empty:
    charts.show(views.maturity_chart, views.maturity_rows(rows))
    source_caption(rows)

st.subheader(t("pilots.facts"))
facts = national_facts()
downloads.table(views.facts_table(facts), "national_pilot_facts")
source_caption(facts)

st.subheader(t("pilots.places"))
downloads.table(views.places_table(places), "pilot_places")
