"""The city profile: any spelling finds the city; every section is sourced; silence is said plainly."""

import pytest

from apptest_helpers import column_values, metric_values
from page_helpers import open_page
from seed_helpers import seed_rows


@pytest.mark.parametrize("spelling", ["深圳", "深圳市", "Shenzhen", "440300", " ＳＨＥＮＺＨＥＮ "])
def test_any_spelling_in_the_url_opens_the_profile(app, spelling):
    open_page(app, "city", city=spelling)
    assert app.header[0].value == "深圳市 · Shenzhen"
    assert app.query_params["city"] == "440300"


def test_profile_gathers_every_dataset_with_sources(app):
    open_page(app, "city", city="深圳")
    metrics = metric_values(app)
    assert metrics["2022 梯队"] == "领军" and metrics["2018 智能城市排名"] == "1"
    assert metrics["碳达峰"] == "2020 已达峰"
    subheaders = {s.value for s in app.subheader}
    assert {
        "2022 梯队归属",
        "排名与得分",
        "碳达峰与碳中和目标",
        "场景覆盖（依据报告案例）",
        "城市数据",
    } <= subheaders
    for table in app.dataframe:
        assert table.value["出处"].str.match(r"00\d:L\d+").all()


def test_inferred_tier_is_marked(app):
    open_page(app, "city", city="Guangzhou")
    assert metric_values(app)["2022 梯队"] == "领军（推断）"


def test_city_the_reports_never_mention_says_so(app):
    open_page(app, "city", city="兰州")
    assert "没有关于 兰州市" in app.info[0].value


def test_unknown_city_falls_back_with_notice(app):
    open_page(app, "city", city="Atlantis")
    assert "Atlantis" in app.warning[0].value
    assert "city" not in app.query_params


def _type_into_the_box(app, text: str):
    """What the search box sends when someone types text that is not in its list and presses Enter
    (accept_new_options): the text itself as the box's value. The browser test types for real."""
    box = app.selectbox[0]
    box.options.append(text)  # the frontend adds the typed text as an option and sends it
    return box.set_value(text).run()


def test_one_search_box_knows_every_alias(app):
    open_page(app, "city")
    assert [box.label for box in app.selectbox] == ["城市"] and not app.text_input, "one search box"
    _type_into_the_box(app, "Peking")
    assert app.header[0].value == "北京市 · Beijing"
    assert app.session_state["city"] == "110000"
    _type_into_the_box(app, "臺北")
    assert app.header[0].value.startswith("台北")


def test_ambiguous_spelling_asks_which_city(app):
    open_page(app, "city", city="深圳")
    _type_into_the_box(app, "Suzhou")
    assert "Suzhou" in app.warning[0].value and "可能指多个城市" in app.warning[0].value
    choices = [button.label for button in app.button if button.key and button.key.startswith("city-choice-")]
    assert any("苏州" in label for label in choices) and any("宿州" in label for label in choices)
    assert app.header[0].value == "深圳市 · Shenzhen", "the city in view stays until one is chosen"
    next(button for button in app.button if button.key == "city-choice-341300").click().run()
    assert app.header[0].value.startswith("宿州市")


def test_a_link_naming_two_cities_offers_both(app):
    open_page(app, "city", city="Suzhou", lang="en")
    assert not any("not recognised" in warning.value for warning in app.warning)
    assert any('"Suzhou" can mean several cities' in warning.value for warning in app.warning)
    next(button for button in app.button if button.key == "city-choice-320500").click().run()
    assert app.header[0].value.startswith("苏州市")
    assert app.query_params["city"] == ["320500"] or app.query_params["city"] == "320500"


def test_unknown_spelling_typed_says_so(app):
    open_page(app, "city", city="深圳")
    _type_into_the_box(app, "Atlantis")
    assert "Atlantis" in app.warning[0].value
    assert app.header[0].value == "深圳市 · Shenzhen"


def test_data_notes_follow_the_interface_language(app):
    guangzhou = next(row for row in seed_rows("tiers.csv") if row["city_code"] == "440100")
    open_page(app, "city", city="广州")
    chinese = column_values(app, "备注")
    assert guangzhou["note_zh"] in chinese and guangzhou["note"] not in chinese
    open_page(app, "city", city="广州", lang="en")
    assert guangzhou["note"] in column_values(app, "Note")


def test_pilot_level_is_named_in_the_interface_language(app):
    open_page(app, "city", city="广州")  # 南沙区, a district in the China–EU pilots
    assert column_values(app, "级别") == {"区"}
    open_page(app, "city", city="广州", lang="en")
    assert column_values(app, "Level") == {"District"}


def test_figures_give_unit_and_period_in_the_interface_language(app):
    open_page(app, "city", city="广州")  # the 2022 report's commute time, 46 minutes, no year printed
    assert "46分钟" in column_values(app, "数值") and "未注明" in column_values(app, "时间")
    open_page(app, "city", city="广州", lang="en")
    assert "46 minutes" in column_values(app, "Value") and "not stated" in column_values(app, "Period")


def test_inferred_rows_explain_themselves_in_the_profile(app):
    """Why a scenario pair or a 2018 梯队 is ours shows beside it, in the interface language."""
    pair = next(
        r
        for r in seed_rows("scenario_coverage_000_001.csv")
        if r["printed_name"] == "杭州" and r["scenario"] == "traffic_management"
    )
    tier = next(
        r for r in seed_rows("rankings.csv") if r["measure"] == "innovation_score" and r["printed_name"] == "杭州"
    )
    open_page(app, "city", city="杭州")
    notes = column_values(app, "备注")
    assert {pair["note_zh"], tier["note_zh"]} <= notes
    open_page(app, "city", city="Hangzhou", lang="en")
    assert {pair["note"], tier["note"]} <= column_values(app, "Note")


def test_figures_say_what_they_are_about_and_keep_their_qualifier(app):
    """In 上海's profile the 浦东新区 figures are labelled as the new area's; 北京's 近一半 stays 'nearly'."""
    open_page(app, "city", city="上海")
    table = next(frame.value for frame in app.dataframe if "数据对象" in frame.value)
    pudong = table[table["原文"] == "366 栋"]
    assert pudong["数据对象"].tolist() == ["新区：浦东新区"]
    assert set(table[table["原文"] == "3.73%"]["数据对象"]) == {"全市"}
    open_page(app, "city", city="北京", lang="en")
    table = next(frame.value for frame in app.dataframe if "Figure is for" in frame.value)
    assert table[table["As printed"] == "近一半"]["Value"].tolist() == ["nearly 50%"]


def test_anomaly_flags_are_explained_not_raw_codes(app):
    """北京's tier row carries B1;B6: the table lists 'B1, B6', its column title explains each, a
    caption names them (the raw 'B1;B6' told a reader nothing)."""
    import json

    open_page(app, "city", city="110000", lang="en")
    table = next(
        frame for frame in app.dataframe if "Flag" in frame.value.columns and "B1" in "".join(frame.value["Flag"])
    )
    assert "B1, B6" in set(table.value["Flag"])
    help_text = json.loads(table.proto.columns)["Flag"]["help"]
    assert "B1:" in help_text and "B6:" in help_text
    assert any(caption.value.startswith("Anomaly flags in this table: B1, B6") for caption in app.caption)
