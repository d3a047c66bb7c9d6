"""The floor the page benchmark compares the atlas with: a bare Streamlit page with one small pydeck
chart (no tile server) and a filter in the sidebar, served the same way (bench_pages.py).

    python -m streamlit run benchmarks/bare_app.py
"""

import pydeck as pdk
import streamlit as st

GROUPS = ("a", "b", "c")
POINTS = [
    {"lon": 116.41, "lat": 39.90, "group": "a"},
    {"lon": 121.47, "lat": 31.23, "group": "a"},
    {"lon": 113.26, "lat": 23.13, "group": "b"},
    {"lon": 114.06, "lat": 22.54, "group": "b"},
    {"lon": 104.07, "lat": 30.57, "group": "c"},
    {"lon": 108.94, "lat": 34.34, "group": "c"},
]

st.set_page_config(page_title="Bare page", layout="wide")
chosen = st.sidebar.pills(
    "Groups", GROUPS, selection_mode="multi", default=list(GROUPS), key="group", bind="query-params"
)
st.title("Bare page")
layer = pdk.Layer(
    "ScatterplotLayer",
    data=[point for point in POINTS if point["group"] in chosen],
    id="points",
    get_position=["lon", "lat"],
    get_radius=8,
    radius_units="'pixels'",
    get_fill_color=[0, 114, 178, 230],
)
view = pdk.ViewState(longitude=104.5, latitude=35.5, zoom=2.65)
st.pydeck_chart(pdk.Deck(layers=[layer], initial_view_state=view, map_provider=None), height=420)
