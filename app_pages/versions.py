"""Dataset versions: history, compare two versions, roll back."""

from components import version_views as views
from components.auth import require_analyst
from components.layout import page_header

analyst = require_analyst()  # anyone else gets a notice and nothing more, even running this file alone
page_header("versions.title", "versions.intro")
views.versions_flow(analyst)
