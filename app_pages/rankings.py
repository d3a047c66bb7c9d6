"""City Rankings: one edition on the map, its main chart, the ranked list and the other charts."""

import streamlit as st

from components import ranking_views as views
from components.filters import selected_tiers
from components.i18n import t
from components.layout import page_header, split_row
from components.legend import tier_legend
from components.provenance import source_caption
from queries.rankings import ranking_editions, ranking_table, ranking_values

page_header("rankings.title", "rankings.intro")
editions = ranking_editions()
controls = split_row("controls", [2, 3])
with controls[0]:
    edition = views.edition_selector(editions)
with controls[1]:
    measure = views.measure_selector(list(editions.set_index("edition").loc[edition, "measures"]))

tiers = selected_tiers()
values = ranking_values(edition, tiers)
table = ranking_table(edition, tiers)
if table.empty:
    st.info(t("rankings.empty"))
    st.stop()
table = views.with_labels(table)

left, right = split_row("map", [3, 2])
with left:
    st.subheader(t("rankings.map.title", measure=t(f"measure.{measure}")))
    views.ranking_map(table, measure)
    tier_legend(tiers, t(f"rankings.size.{measure}"))
    source_caption(values[values["measure"] == measure])
charts = views.measure_charts(table, values)
with right:
    views.show_chart(charts[measure])

st.subheader(t("rankings.table.title"))
views.show_table(table, measure)
source_caption(values)

for column, other in zip(st.columns(2), [m for m in views.MEASURES if m != measure]):
    with column:
        views.show_chart(charts[other])
