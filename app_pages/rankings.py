"""City Rankings: headline figures, one edition on the map, its main chart, the ranked list and the other charts."""

import streamlit as st

from components import city_selection, source_reader
from components import editions as editions_views
from components import ranking_views as views
from components.city_choice import city_options
from components.filters import selected_tier_edition, selected_tiers
from components.i18n import t
from components.layout import page_header, split_row
from components.legend import map_legend
from components.provenance import source_text
from components.source_reader import source_caption
from queries.rankings import ranking_editions, ranking_table, ranking_values

page_header("rankings.title", "rankings.intro", sources=("000",))
editions = ranking_editions()
edition, measure = views.selectors(editions)

tiers, tier_edition = selected_tiers(), selected_tier_edition()
values = ranking_values(edition, tiers, tier_edition)
table = ranking_table(edition, tiers, tier_edition)
if table.empty:
    st.info(t("rankings.empty"))
    st.stop()
table = views.with_labels(table)
figures = views.headline(table)
views.presentation_lead(figures, measure)
views.headline_metrics(figures)
cities = city_options(table)
city_selection.bind(cities)  # ?sel=: cities picked on the map, a chart or the list, shown in every view

left, right = split_row("map", [3, 2])
with left:
    map_title = t("rankings.map.title", measure=views.measure_label(measure))
    st.subheader(map_title)
    legend = views.map_legend(measure, tiers)
    mapped = values[values["measure"] == measure]
    map_source = source_text(mapped)
    views.ranking_map(table, measure, title=map_title, legend=legend, source=map_source)
    map_legend(legend, tiers)
    source_caption(mapped, text=map_source)
charts = views.measure_charts(table, values)
with right:
    views.show_chart(charts[measure])
city_selection.selection_bar(cities)
source_reader.headline_sources(views.cited_figures(figures, values))

st.subheader(t("rankings.table.title"))
views.show_table(table, measure)
source_caption(values)

editions_views.movement_section(editions, measure, tiers)  # between any two editions that carry the measure

others = [m for m in (*views.MEASURES, *views.extra_measures(charts)) if m != measure and m in charts]
for column, other in zip(st.columns(2) * len(others), others):
    with column:
        views.show_chart(charts[other])
