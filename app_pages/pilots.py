"""Pilot distribution: China–EU pilots on a China/Europe map, per-area counts, maturity, national facts."""

import streamlit as st

from components import charts, pilots_views as views
from components.filters import selected_tiers
from components.i18n import t
from components.layout import page_header, split_row
from components.provenance import source_caption
from queries.pilots import countries_of, maturity, national_facts, pilot_levels, pilot_places, programmes

page_header("pilots.title", "pilots.intro")
chosen_programmes, regions, levels, view = views.filters(programmes(), pilot_levels())
places = pilot_places(chosen_programmes, regions, levels, selected_tiers())
views.headline(places)

left, right = split_row("map", [3, 2])
with left:
    st.markdown(f"**{t('pilots.map_title')}**")
    views.pilot_map(places, countries_of("EU"), view)
    views.legend()
    source_caption(places)
with right:
    if places.empty:
        st.info(t("pilots.no_places"))
    else:
        charts.show(views.per_area_chart, views.per_area_rows(places))
        source_caption(places)

rows = maturity("eu_cn_2014", regions)
if not rows.empty:
    charts.show(views.maturity_chart, views.maturity_rows(rows))
    source_caption(rows)

st.subheader(t("pilots.facts"))
facts = national_facts()
st.dataframe(views.facts_table(facts), hide_index=True)
source_caption(facts)

st.subheader(t("pilots.places"))
st.dataframe(views.places_table(places), hide_index=True)
