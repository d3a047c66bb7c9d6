"""The dataset kinds an analyst can upload: columns, types, accepted headers and keys.

This is the upload contract. docs/ingest.md describes the same schemas for people, the templates
are generated from it (queries.ingest.templates), and the header matcher reads its synonyms.
Headers are compared after `header_key()` (NFKC, case, spaces, punctuation, a trailing unit in
brackets and a trailing * removed), so 城市名称, "City name" and "city_name*" all match.
"""

import re
import unicodedata
from dataclasses import dataclass, field

# Column types. Each type decides how a cell is checked and what is stored.
TEXT = "text"  # any text; stored trimmed
PLACE = "place"  # a city resolved through the gazetteer and alias table
YEAR = "year"  # an integer year between YEAR_MIN and YEAR_MAX
RANK = "rank"  # a positive integer
NUMBER = "number"  # a finite decimal number (thousands separators allowed)
CHOICE = "choice"  # one of a fixed set of codes, typed in either language
FLAG = "flag"  # yes / no

YEAR_MIN, YEAR_MAX = 1900, 2100
PERCENT_UNITS = {"%", "％", "百分比", "percent", "pct", "百分点"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool = False
    header_zh: str = ""
    header_en: str = ""
    synonyms: tuple[str, ...] = ()
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)  # code -> accepted spellings
    example_zh: str = ""
    example_en: str = ""

    def accepted_headers(self) -> tuple[str, ...]:
        return (self.header_zh, self.header_en, self.name, *self.synonyms)


@dataclass(frozen=True)
class Kind:
    name: str
    table: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # stored columns that identify a row (no duplicates allowed)
    compare: tuple[str, ...]  # stored columns shown and compared between versions
    page: str  # url_path of the page that shows it
    nullable_key: tuple[str, ...] = ()  # key columns that may be empty and still identify a row

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    @property
    def page_file(self) -> str:
        """The page that shows this kind (app.py registers app_pages/<page>.py at url_path <page>)."""
        return f"app_pages/{self.page}.py"


def _text(name, zh, en, *synonyms, required=False, example_zh="", example_en=""):
    return Column(name, TEXT, required, zh, en, synonyms, example_zh=example_zh, example_en=example_en)


CITY = Column(
    "city",
    PLACE,
    True,
    "城市",
    "City",
    ("城市名称", "城市名", "市", "地级市", "名称", "city name", "cityname", "place"),
    example_zh="武汉",
    example_en="Wuhan",
)
SOURCE = _text(
    "source",
    "来源",
    "Source",
    "出处",
    "数据来源",
    "资料来源",
    "source document",
    "reference",
    required=True,
    example_zh="某研究院 2024 报告 第12页",
    example_en="Institute report 2024, p. 12",
)
NOTE = _text("note", "备注", "Note", "说明", "注释", "notes", "remark", "remarks", "comment")
EDITION = _text(
    "edition",
    "版本",
    "Edition",
    "榜单",
    "榜单版本",
    "版次",
    "edition code",
    required=True,
    example_zh="ccid_2024",
    example_en="ccid_2024",
)
EDITION_LABEL = _text(
    "edition_label",
    "版本名称",
    "Edition label",
    "榜单名称",
    "版本说明",
    "edition name",
    example_zh="赛迪 2024 新型智慧城市排名",
    example_en="CCID 2024 new smart city ranking",
)
EDITION_YEAR = Column(
    "year", YEAR, False, "年份", "Year", ("年度", "发布年份", "发布年", "年"), example_zh="2024", example_en="2024"
)
TIER_CHOICES = {
    "leading": ("领军", "领军城市", "领军型", "leading", "leader", "leaders"),
    "pioneer": ("先锋", "先锋城市", "先锋型", "pioneer", "pioneers"),
    "exploring": ("探索", "探索城市", "探索型", "exploring", "explorer", "explorers"),
}
LEVEL_CHOICES = {
    "city": ("市", "城市", "地级市", "地级", "city", "prefecture"),
    "district": ("区", "市辖区", "城区", "district"),
    "county": ("县", "county"),
    "county_level_city": ("县级市", "county-level city", "county level city"),
    "new_area": ("新区", "开发区", "园区", "new area", "zone"),
    "town": ("镇", "乡镇", "街道", "town", "township"),
    "other": ("其他", "other"),
}
PEAK_STATUS_CHOICES = {
    "achieved": ("已达峰", "达峰", "已实现", "achieved", "peaked"),
    "target": ("目标", "计划", "承诺", "target", "planned", "pledged"),
    "undetermined": ("未定", "待定", "未明确", "undetermined", "unknown"),
}
QUALIFIER_CHOICES = {
    "before": ("前", "之前", "以前", "提前", "before"),
    "around": ("左右", "前后", "around", "about"),
    "by": ("到", "力争", "不晚于", "by"),
    "in": ("于", "在", "年", "in"),
}

RANKINGS = Kind(
    "rankings",
    "ranking",
    (
        EDITION,
        EDITION_LABEL,
        EDITION_YEAR,
        _text(
            "measure",
            "指标",
            "Measure",
            "测度",
            "排名指标",
            "indicator",
            "measure code",
            example_zh="smart_rank",
            example_en="smart_rank",
        ),
        CITY,
        Column(
            "rank",
            RANK,
            False,
            "排名",
            "Rank",
            ("名次", "排序", "位次", "ranking", "position"),
            example_zh="1",
            example_en="1",
        ),
        Column(
            "value",
            NUMBER,
            False,
            "得分",
            "Score",
            ("分数", "数值", "指数", "综合得分", "值", "value", "index"),
            example_zh="88.5",
            example_en="88.5",
        ),
        _text("group", "分组", "Group", "梯队", "组别", "等级", "group label", "band"),
        SOURCE,
        NOTE,
    ),
    key=("edition", "measure", "city_code"),
    compare=("value", "group_label"),
    page="rankings",
)

TIERS = Kind(
    "tiers",
    "tier",
    (
        EDITION,
        EDITION_LABEL,
        EDITION_YEAR,
        CITY,
        Column(
            "tier",
            CHOICE,
            True,
            "梯队",
            "Tier",
            ("层级", "类别", "分档", "档次", "tier level"),
            TIER_CHOICES,
            example_zh="领军",
            example_en="leading",
        ),
        Column(
            "primary",
            FLAG,
            False,
            "主要归属",
            "Primary",
            ("是否主要", "主要", "is primary", "primary tier"),
            example_zh="是",
            example_en="yes",
        ),
        SOURCE,
        NOTE,
    ),
    key=("edition", "city_code", "tier"),
    compare=("is_primary",),
    page="overview",
)

PILOTS = Kind(
    "pilots",
    "pilot",
    (
        _text(
            "programme",
            "试点项目",
            "Programme",
            "项目",
            "试点名称",
            "试点类型",
            "program",
            "programme code",
            "pilot programme",
            required=True,
            example_zh="国家智慧城市试点",
            example_en="national_smart_city_pilot",
        ),
        _text("batch", "批次", "Batch", "试点批次", "batch label", example_zh="第一批", example_en="first batch"),
        Column(
            "year",
            YEAR,
            True,
            "年份",
            "Year",
            ("年度", "公布年份", "批准年份", "年"),
            example_zh="2013",
            example_en="2013",
        ),
        Column(
            "place",
            PLACE,
            True,
            "试点地区",
            "Place",
            ("地区", "地点", "城市", "城市名称", "试点城市", "区县", "place name", "city", "location"),
            example_zh="武汉市",
            example_en="Wuhan",
        ),
        Column(
            "level",
            CHOICE,
            False,
            "级别",
            "Level",
            ("层级", "行政级别", "类型", "place level"),
            LEVEL_CHOICES,
            example_zh="市",
            example_en="city",
        ),
        SOURCE,
        NOTE,
    ),
    key=("programme", "batch_label", "printed_name"),
    compare=("place_code", "year", "level"),
    page="pilots",
    nullable_key=("batch_label",),  # a pilot list without batches
)

CARBON_TARGETS = Kind(
    "carbon_targets",
    "carbon_target",
    (
        CITY,
        Column(
            "peak_status",
            CHOICE,
            True,
            "达峰状态",
            "Peak status",
            ("状态", "碳达峰状态", "status"),
            PEAK_STATUS_CHOICES,
            example_zh="目标",
            example_en="target",
        ),
        Column(
            "peak_year",
            YEAR,
            False,
            "达峰年份",
            "Peak year",
            ("碳达峰年份", "达峰年", "peak"),
            example_zh="2025",
            example_en="2025",
        ),
        Column(
            "peak_qualifier",
            CHOICE,
            False,
            "达峰限定",
            "Peak qualifier",
            ("达峰时间限定", "qualifier"),
            QUALIFIER_CHOICES,
            example_zh="前",
            example_en="before",
        ),
        Column(
            "neutrality_year",
            YEAR,
            False,
            "中和年份",
            "Neutrality year",
            ("碳中和年份", "中和年", "carbon neutrality year", "neutrality"),
            example_zh="2060",
            example_en="2060",
        ),
        Column("neutrality_qualifier", CHOICE, False, "中和限定", "Neutrality qualifier", (), QUALIFIER_CHOICES),
        SOURCE,
        NOTE,
    ),
    key=("subject", "city_code", "tier"),
    compare=("peak_status", "peak_year", "peak_qualifier", "neutrality_year"),
    page="carbon",
    nullable_key=("tier",),  # a city's own target has no tier
)

SCENARIO_COVERAGE = Kind(
    "scenario_coverage",
    "scenario_coverage",
    (
        CITY,
        _text(
            "scenario",
            "场景",
            "Scenario",
            "应用场景",
            "场景名称",
            "scenario name",
            "scenario code",
            required=True,
            example_zh="路灯网络",
            example_en="street_lighting",
        ),
        _text("framework", "场景框架", "Framework", "框架", "分类体系", "scenario framework"),
        _text(
            "evidence",
            "依据",
            "Evidence",
            "案例",
            "证据",
            "案例说明",
            "case",
            "evidence text",
            example_zh="2023 年完成路灯智能化改造",
            example_en="Street lights made smart in 2023",
        ),
        SOURCE,
        NOTE,
    ),
    key=("city_code", "framework", "scenario"),
    compare=("evidence_zh", "evidence_en"),
    page="scenarios",
)

CITY_METRICS = Kind(
    "city_metrics",
    "city_metric",
    (
        CITY,
        _text(
            "metric",
            "指标",
            "Metric",
            "指标名称",
            "指标代码",
            "metric name",
            "indicator",
            "variable",
            required=True,
            example_zh="5G基站数",
            example_en="5g_base_stations",
        ),
        Column(
            "value",
            NUMBER,
            True,
            "数值",
            "Value",
            ("值", "数量", "指标值", "value", "amount"),
            example_zh="5.1",
            example_en="5.1",
        ),
        _text("unit", "单位", "Unit", "计量单位", "units", example_zh="万个", example_en="10k"),
        Column("year", YEAR, True, "年份", "Year", ("年度", "统计年份", "年"), example_zh="2023", example_en="2023"),
        _text("label", "指标说明", "Label", "指标中文名", "指标标签", "metric label", "description"),
        _text("period", "期间", "Period", "统计期", "时期", "time period"),
        SOURCE,
        NOTE,
    ),
    key=("city_code", "metric", "year"),
    compare=("value", "unit"),
    page="metrics",
)

KINDS: dict[str, Kind] = {
    kind.name: kind for kind in (RANKINGS, TIERS, PILOTS, CARBON_TARGETS, SCENARIO_COVERAGE, CITY_METRICS)
}

_HEADER_NOISE = re.compile(r"[\s_\-.·:：*＊/\\]+")
_UNIT_SUFFIX = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]$")


def header_key(header: str) -> str:
    """Compare headers loosely: 城市名称 (单位) / City_Name* → 城市名称 / cityname."""
    text = unicodedata.normalize("NFKC", str(header or "")).strip()
    text = _UNIT_SUFFIX.sub("", text).strip()
    return _HEADER_NOISE.sub("", text).casefold()


def choice_key(value: str) -> str:
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", value)).casefold()


def choice_lookup(column: Column) -> dict[str, str]:
    lookup = {}
    for code, spellings in column.choices.items():
        for spelling in (code, *spellings):
            lookup[choice_key(spelling)] = code
    return lookup
