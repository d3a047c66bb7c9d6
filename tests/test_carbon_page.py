"""The carbon-peak page: timeline marks, tier rules, year map and the cities without targets."""

from components.carbon_views import STATUS_HEX
from components.palette import hex_to_rgba

from apptest_helpers import chart_titled, deck_layers, decks, metric_values
from page_helpers import open_page
from wording import ZH


def marker_fill(app, label):
    return next(m["fill"] for m in deck_layers(decks(app)[0])["cities"]["data"] if m["label"] == label)


def test_timeline_has_city_targets_and_tier_rules(app):
    open_page(app, "carbon")
    chart = chart_titled(app, ZH["carbon.timeline_title"])
    rows = {row["label"]: row for row in chart["data"] if row.get("label")}
    assert rows["深圳（领军）"]["status"] == "achieved" and rows["深圳（领军）"]["peak"] == 2020
    assert rows["青岛（探索）"]["peak"] == 2027 and rows["青岛（探索）"]["neutral"] == 2050  # primary tier
    assert rows["大连（探索）"]["neutral"] == 2060
    assert rows["探索城市（规则）"]["peak_text"] == "待明确"
    assert metric_values(app)[ZH["carbon.metric.peaked"]] == "1"


def test_national_goal_lines_come_from_a_sourced_row(app):
    open_page(app, "carbon")
    # Each goal's name is set on two lines ("|" is the chart's line break).
    texts = {
        row["text"].replace("|", "")
        for row in chart_titled(app, ZH["carbon.timeline_title"])["data"]
        if row.get("text")
    }
    assert "2030 国家碳达峰目标*" in texts and "2060 国家碳中和目标*" in texts
    assert any("国家目标年份只在报告引用大连" in caption.value for caption in app.caption)


def test_year_changes_each_citys_status(app):
    open_page(app, "carbon", year="2026")
    assert marker_fill(app, "深圳") == hex_to_rgba(STATUS_HEX["peaked"], 235)
    assert marker_fill(app, "青岛") == hex_to_rgba(STATUS_HEX["before_peak"], 235)
    open_page(app, "carbon", year="2028")
    assert marker_fill(app, "青岛") == hex_to_rgba(STATUS_HEX["target_passed"], 235)


def test_cities_without_targets_are_shown_not_hidden(app):
    open_page(app, "carbon")
    cities = deck_layers(decks(app)[0])["cities"]["data"]
    no_target = [m for m in cities if m["fill"] == hex_to_rgba(STATUS_HEX["no_target"], 235)]
    assert len(no_target) == len(cities) - 3
    assert any(caption.value.startswith("报告未给出目标的城市") for caption in app.caption)


def test_year_out_of_range_falls_back_with_notice(app):
    open_page(app, "carbon", year="1999")
    assert "1999" in app.warning[0].value
    assert "year" not in app.query_params


def test_tier_filter_limits_timeline(app):
    open_page(app, "carbon", tier="leading")
    labels = {row["label"] for row in chart_titled(app, ZH["carbon.timeline_title"])["data"] if row.get("label")}
    assert "深圳（领军）" in labels and "青岛（探索）" not in labels


def test_related_figures_keep_their_printed_qualifier(app):
    """近三分之一 is not a plain 33.3 %, 超过70% not a plain 70 %: the bars say so in both languages."""
    open_page(app, "carbon")
    labels = {row["label"]: row["value_label"] for row in chart_titled(app, "相关数据")["data"] if row.get("label")}
    assert labels["中国可再生能源和燃料投资占全球比例"] == "近三分之一"
    assert labels["绿色建筑占城镇新建民用建筑比例（截至2020年）"] == "超过70%"
    assert labels["电网清洁化和消费侧电气化对减排的贡献"] == "50%左右"
    open_page(app, "carbon", lang="en")
    labels = {
        row["label"]: row["value_label"] for row in chart_titled(app, "Related figures")["data"] if row.get("label")
    }
    stated = set(labels.values())
    assert {"nearly 33.3%", "over 70%", "about 50%"} <= stated, stated


def test_every_line_on_the_timeline_is_named(app):
    """This year's dotted rule carries its own label; the dotted line to a target is explained."""
    open_page(app, "carbon", lang="en")
    chart = chart_titled(app, "Peak and neutrality timeline")
    texts = {row["text"] for row in chart["data"] if row.get("text")}
    assert any(text.startswith("today (") for text in texts), texts
    assert "dotted line = years from now to a city's target" in " ".join(chart["spec"]["title"]["subtitle"])


def test_related_figures_put_each_base_in_its_own_panel(app):
    """A share of global emissions and a share of China's emissions never share one unlabelled axis."""
    open_page(app, "carbon", lang="en")
    chart = chart_titled(app, "Related figures")
    assert chart["spec"]["facet"]["row"]["field"] == "base"
    bases = {row["base"] for row in chart["data"] if row.get("base")}
    assert len(bases) >= 2, bases
    assert chart["spec"]["facet"]["row"]["header"].get("labels", True), "each panel names its base"
