"""Compare cities: 2–6 cities side by side, every figure the reports give for each, with its source."""

import streamlit as st

from components import charts
from components import compare_views as views
from components.i18n import t
from components.layout import page_header, split_row
from queries.cities import city_directory

page_header("compare.title", "compare.intro", sources=("000", "001", "002", "003", "004"))
codes = views.chooser(city_directory())
cities = views.load(codes)
if len(cities) < views.MIN_CITIES:
    st.info(t("compare.prompt"))
else:
    rows = views.comparison(cities)
    views.presentation_lead(cities, rows)
    views.city_cards(cities, rows)

    left, right = split_row("compare", [2, 3])
    with left:
        views.compare_map(cities)
    with right:
        if any(row.section == "rankings" and len(row.numbers) >= 2 for row in rows):
            charts.show(views.measures_chart, rows, cities)
        else:
            st.info(t("compare.no_shared_measure"))

    for section in views.SECTIONS:
        views.show_section(rows, cities, section)
    views.full_export(rows, cities)
