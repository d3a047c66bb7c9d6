"""Words for what the data carries, shared by every page's views: city names, pilot levels,
scenario frameworks, the period of a figure, what a figure is about; lists of names as a sentence
says them, ties included.

Queries name a city's columns one way everywhere (queries/sql): `city_code`, `city_name_zh`
(深圳市), `city_short_zh` (深圳), `city_name_en` (Shenzhen); provinces `province_name_zh`,
`province_short_zh`, `province_name_en`.
"""

from typing import Any

import pandas as pd

from components.i18n import current_language, has_text, localized, t
from components.page_context import wording
from components.values import is_missing
from queries.cache import cached_on_data

UNSTATED_PERIODS = {"n.s.", "未注明"}  # how the seed files write "the report states no period"


def _first(*values):
    return next((value for value in values if not is_missing(value)), None)


def city_label(row) -> str:
    """A city as pages name it: 深圳 in Chinese, Shenzhen in English (Chinese where it has no English name)."""
    chinese = _first(row.get("city_short_zh"), row.get("city_name_zh"))
    return chinese if current_language() == "zh" else _first(row.get("city_name_en"), chinese)


@cached_on_data(also=wording)
def city_labels(frame: pd.DataFrame) -> pd.Series:
    """`city_label` of every row of a frame, on the frame's index."""
    return pd.Series([city_label(row) for row in frame.to_dict("records")], index=frame.index, dtype=object)


def city_title(row) -> str:
    """'深圳市 Shenzhen': the full name in both languages, as map tooltips open."""
    return f"{row.get('city_name_zh') or ''} {_first(row.get('city_name_en'), '')}".strip()


def province_label(row) -> str | None:
    """广东 in Chinese, Guangdong in English (Chinese where it has no English name); None without one."""
    chinese = _first(row.get("province_short_zh"), row.get("province_name_zh"))
    return chinese if current_language() == "zh" else _first(row.get("province_name_en"), chinese)


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
    if period in UNSTATED_PERIODS:
        return t("metrics.period_unstated")
    named = f"metrics.period_name.{period}"  # plan periods such as 十三五, named in the page's language
    return t(named) if has_text(named) else period


def names_text(names) -> str:
    """'广东、江苏' / 'Guangdong and Jiangsu' / 'A, B and C': names as a sentence lists them."""
    names = [str(name) for name in names]
    if len(names) < 2:
        return "".join(names)
    return t("list.separator").join(names[:-1]) + t("list.last") + names[-1]


def leaders(labels, values) -> tuple[list[str], Any]:
    """The labels that share the highest value (all of them when tied), and that value."""
    pairs = [(label, value) for label, value in zip(labels, values) if not is_missing(value)]
    if not pairs:
        return [], None
    best = max(value for _label, value in pairs)
    return list(dict.fromkeys(label for label, value in pairs if value == best)), best


def is_whole_city(row: dict) -> bool:
    """Whether a city figure is the whole city's (not a district's, new area's, zone's or company's)."""
    return is_missing(row.get("subject_level")) or row["subject_level"] == "city"


def subject_text(row: dict) -> str:
    """What a figure is about: '全市' / 'whole city', or '新区：哈尔滨新区' / 'New area: Harbin New Area'."""
    if is_whole_city(row):
        return t("subject.city")
    return t("subject.of", level=t(f"subject.{row['subject_level']}"), name=localized(row, "subject"))
