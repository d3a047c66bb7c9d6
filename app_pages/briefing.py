"""Briefing: the views collected with "Add to briefing" as slides, downloaded as PowerPoint or PDF."""

from components import briefing_views as views
from components.layout import page_header

page_header("briefing.page_title", "briefing.intro")
views.briefing_page()
