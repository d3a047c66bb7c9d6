"""Upload data: read, map, match, check, preview and commit one file as a new dataset version."""

from components import ingest_views as views
from components.auth import require_analyst
from components.layout import page_header

analyst = require_analyst()  # anyone else gets a notice and nothing more, even running this file alone
page_header("ingest.title", "ingest.intro")
views.upload_flow(analyst)
