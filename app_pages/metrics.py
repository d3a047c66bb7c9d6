"""Metric map: per-city figures (seed and uploads) coloured on the national map."""

from components import metric_views as views
from components.layout import page_header

page_header("metrics.title", "metrics.intro")
views.metric_page()
