"""City profile: everything the reports say about one city, each item with its source."""

import streamlit as st

from components import city_views as views
from components import editions, source_reader
from components.i18n import t
from components.layout import page_header
from queries.cities import city_directory, city_history, city_profile, city_record

page_header("city.title", "city.intro", sources=("000", "001", "002", "003", "004"))
code = views.city_selector(city_directory())
record = city_record(code) if code else None
if code is None or record is None:
    st.info(t("city.prompt"))
else:
    profile = city_profile(code)
    views.presentation_lead(record, profile)
    views.headline(record, profile)
    if views.says_nothing(profile):
        st.info(t("city.silent", name=views.full_name(record)))
    primary = profile["tiers"][profile["tiers"]["is_primary"]] if not profile["tiers"].empty else profile["tiers"]
    left, right = st.columns([1, 2])
    with left:
        views.location_map(record, "unclassified" if primary.empty else primary.iloc[0]["tier"])
        views.compare_with(code, city_directory())
        source_reader.headline_sources(views.cited_figures(profile))
    with right:
        views.sections(profile)
        editions.history(city_history(code))
