"""Dataset versions: history, compare two versions, roll back."""

from components import version_views as views
from components.auth import require_analyst
from components.layout import page_header

page_header("versions.title", "versions.intro")
views.versions_flow(require_analyst())
