"""Words for the codes the data carries, shared by every page's views: pilot levels, scenario
frameworks, the period of a figure."""

from components.i18n import has_text, localized, t
from components.values import is_missing

UNSTATED_PERIODS = {"n.s.", "未注明"}  # how the seed files write "the report states no period"


def level_label(level: str) -> str:
    """'地级市' for a pilot's level code; a level the catalogue does not name shows as stored."""
    key = f"pilots.level_name.{level}"
    return t(key) if has_text(key) else level


def framework_label(framework: str) -> str:
    return t(f"scenarios.framework_name.{framework}")


def period_text(row: dict) -> str | None:
    """The period a figure refers to in the page's language ('2021-04', 'not stated'); None if absent."""
    period = localized(row, "period")
    if is_missing(period):
        return None
    return t("metrics.period_unstated") if period in UNSTATED_PERIODS else period
