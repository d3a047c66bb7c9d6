"""Smart City Atlas (智慧城市图谱): entry point, shared sidebar and page navigation."""

import contextlib
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from components import page_context, source_reader, view_mode
from components.auth import signed_in_user
from components.i18n import t
from components.layout import boundary_notice, finish_page

ICON = str(Path(__file__).resolve().parent / "components" / "assets" / "atlas-icon.png")
st.set_page_config(page_title="智慧城市图谱 · Smart City Atlas", page_icon=ICON, layout="wide")

# This run's page context: language, tiers and presentation mode from the URL, embedding, and
# the slots the page furniture fills (components/page_context.py).
page = page_context.start()
source_reader.bind()  # ?cite=000:419-443: the report text behind a citation, open over the page
view_mode.shared_filters()  # the sidebar's language switch and tier filter (none when embedded or presenting)

PAGES = [
    st.Page(
        "app_pages/overview.py", title=t("nav.overview"), icon=":material/dashboard:", url_path="overview", default=True
    ),
    st.Page("app_pages/rankings.py", title=t("nav.rankings"), icon=":material/leaderboard:", url_path="rankings"),
    st.Page("app_pages/pilots.py", title=t("nav.pilots"), icon=":material/flag:", url_path="pilots"),
    st.Page("app_pages/carbon.py", title=t("nav.carbon"), icon=":material/co2:", url_path="carbon"),
    st.Page("app_pages/scenarios.py", title=t("nav.scenarios"), icon=":material/hub:", url_path="scenarios"),
    st.Page("app_pages/city.py", title=t("nav.city"), icon=":material/location_city:", url_path="city"),
    st.Page("app_pages/compare.py", title=t("nav.compare"), icon=":material/compare_arrows:", url_path="compare"),
    st.Page("app_pages/sources.py", title=t("nav.sources"), icon=":material/menu_book:", url_path="sources"),
    st.Page("app_pages/metrics.py", title=t("nav.metrics"), icon=":material/map:", url_path="metrics"),
]
if not page.controls_hidden:  # the presenter's briefing workspace
    PAGES.append(
        st.Page("app_pages/briefing.py", title=t("nav.briefing"), icon=":material/slideshow:", url_path="briefing")
    )
# Analyst pages: sign-in for viewers; upload and versions once signed in; none embedded or presenting.
if not page.controls_hidden:
    ANALYST = signed_in_user()
    ACCOUNT = st.Page(
        "app_pages/sign_in.py",
        title=t("nav.account") if ANALYST else t("nav.sign_in"),
        icon=":material/account_circle:" if ANALYST else ":material/login:",
        url_path="sign-in",
    )
    if ANALYST:
        PAGES.append(
            st.Page("app_pages/upload.py", title=t("nav.upload"), icon=":material/upload_file:", url_path="upload")
        )
        PAGES.append(
            st.Page("app_pages/versions.py", title=t("nav.versions"), icon=":material/history:", url_path="versions")
        )
    PAGES.append(ACCOUNT)

# expanded: every page listed (past ten pages Streamlit would hide the analyst pages behind "View more")
navigation = st.navigation(PAGES, position=page.navigation_position, expanded=True)
if not page.controls_hidden:
    with st.sidebar:
        boundary_notice()
# st.stop() ends the page early; what is on screen still gets its URL below
with contextlib.suppress(StopException):
    navigation.run()
# A rerun or st.switch_page(query_params=...) raises past this point on purpose: the next run
# writes the URL, and writing this page's parameters now would drop the ones the switch carries.
source_reader.show_reader()
finish_page(page)  # Share popover, embed line, boundary notice without a sidebar, URL notices, the URL
