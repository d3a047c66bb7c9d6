"""Smart City Atlas (智慧城市图谱): entry point, shared sidebar and page navigation."""

from pathlib import Path

import streamlit as st

from components import filters, url_state
from components.i18n import t
from components.layout import boundary_notice

ICON = str(Path(__file__).resolve().parent / "components" / "assets" / "atlas-icon.png")
st.set_page_config(page_title="智慧城市图谱 · Smart City Atlas", page_icon=ICON, layout="wide")

url_state.begin_run()
filters.language_switch()
filters.tier_filter()

PAGES = [
    st.Page("app_pages/overview.py", title=t("nav.overview"), icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("app_pages/rankings.py", title=t("nav.rankings"), icon=":material/leaderboard:", url_path="rankings"),
]

navigation = st.navigation(PAGES, position="hidden" if st.context.is_embedded else "sidebar")
with st.sidebar:
    boundary_notice()
try:
    navigation.run()
finally:  # also after st.stop(): the URL must describe what is on screen
    url_state.publish()
