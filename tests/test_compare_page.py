"""Compare cities: 2–6 cities by any spelling, side by side with gaps and sources, in the URL,
from the profile, in embed and presentation modes, with exports."""

from apptest_helpers import chart_titled, deck_layers, decks, labelled
from page_helpers import open_page

BEIJING, SHENZHEN, HANGZHOU, GUIYANG = "110000", "440300", "330100", "520100"


def _cards(app) -> list[str]:
    return [m.value for m in app.markdown if "atlas-city-card" in m.value]


def _table(app, first_column_value: str):
    for frame in app.dataframe:
        if first_column_value in set(frame.value.iloc[:, 0]):
            return frame.value
    raise AssertionError(f"no table has a row {first_column_value!r}")


def test_three_cities_side_by_side_with_the_gap_and_who_leads(app):
    open_page(app, "compare", cities=f"{BEIJING},{SHENZHEN},{HANGZHOU}")
    ranks = _table(app, "德勤 2018 中国超级智能城市指数 · 智能城市排名").set_index("项目")
    smart = ranks.loc["德勤 2018 中国超级智能城市指数 · 智能城市排名"]
    assert (smart["北京"], smart["深圳"], smart["杭州"]) == ("3", "1", "4")
    assert (smart["差距"], smart["领先"]) == ("3", "深圳")  # ranks: lower is better
    innovation = ranks.loc["德勤 2018 中国超级智能城市指数 · 创新得分"]
    assert (innovation["差距"], innovation["领先"]) == ("29", "深圳")  # 82 vs 53
    assert smart["出处"] == "000:L421, 000:L419, 000:L422"
    chart = chart_titled(app, "各城市在每项指标上的位置")
    assert {row["city"] for row in chart["data"]} == {"北京", "深圳", "杭州"}


def test_what_the_reports_do_not_say_is_said_in_words(app):
    open_page(app, "compare", cities=f"{BEIJING},{SHENZHEN},{HANGZHOU}")
    for frame in app.dataframe:
        cities = frame.value[["北京", "深圳", "杭州"]] if "北京" in frame.value else None
        if cities is None:
            continue
        assert not cities.isin(["", None]).any().any() and not cities.isna().any().any()
    pilots = _table(app, "中欧绿色智慧城市合作").set_index("项目")
    assert pilots.loc["中欧绿色智慧城市合作", "杭州"] == "报告未提及"
    carbon = _table(app, "碳达峰目标").set_index("项目")
    assert carbon.loc["碳达峰目标", "北京"] == "报告未给出目标"
    assert carbon.loc["碳达峰目标", "深圳"].startswith("2020年12月")
    hangzhou = next(card for card in _cards(app) if "杭州市" in card)
    assert '试点项目</div><div style="font-size:1.05rem;font-weight:600">报告未提及' in hangzhou


def test_any_spelling_in_the_link_becomes_codes(app):
    open_page(app, "compare", cities="北京市,Shenzhen,Peking,杭州,Atlantis")
    assert app.query_params["cities"] == f"{BEIJING},{SHENZHEN},{HANGZHOU}"
    assert any("Atlantis" in warning.value for warning in app.warning)


def test_typed_names_in_the_picker_are_resolved(app):
    open_page(app, "compare", cities=f"{BEIJING},{SHENZHEN}")
    picker = labelled(app.multiselect, "对比的城市")
    picker.set_value([BEIJING, SHENZHEN, "贵阳市"]).run()
    assert app.query_params["cities"] == f"{BEIJING},{SHENZHEN},{GUIYANG}"
    assert "贵阳" in _table(app, "德勤 2018 中国超级智能城市指数 · 智能城市排名").columns


def test_fewer_than_two_cities_asks_for_more_and_six_is_the_most(app):
    open_page(app, "compare", cities=BEIJING)
    assert any("2–6" in info.value for info in app.info)
    codes = "110000,310000,440300,330100,440100,510100,500000,420100"
    open_page(app, "compare", cities=codes)
    assert app.query_params["cities"] == ",".join(codes.split(",")[:6])
    assert len(_cards(app)) == 6


def test_the_map_shows_the_chosen_cities_in_their_colours_fitted_to_them(app):
    open_page(app, "compare", cities=f"{BEIJING},{SHENZHEN},{HANGZHOU}")
    deck = decks(app)[0]
    markers = deck_layers(deck)["cities"]["data"]
    assert [m["code"] for m in markers] == [BEIJING, SHENZHEN, HANGZHOU]
    assert len({tuple(m["fill"]) for m in markers}) == 3
    view = deck["initialViewState"]
    assert 110 < view["longitude"] < 120 and 22 < view["latitude"] < 40 and view["zoom"] > 3


def test_english_headers_and_missing_values(app):
    open_page(app, "compare", cities=f"{BEIJING},{HANGZHOU}", lang="en")
    pilots = _table(app, "China–EU Green Smart City Cooperation").set_index("Item")
    assert pilots.loc["China–EU Green Smart City Cooperation", "Hangzhou"] == "not in the reports"
    ranks = _table(app, "Deloitte 2018 China Super Smart City Index · Smart-city rank")
    assert {"Beijing", "Hangzhou", "Gap", "Leads", "Source"} <= set(ranks.columns)


def test_embedded_comparison_shows_the_view_without_controls_and_presenting_leads(app):
    app.context = {"is_embedded": True, "url": "http://atlas.intranet:8501"}
    open_page(app, "compare", cities=f"{BEIJING},{SHENZHEN}")
    assert not app.multiselect and not app.button
    assert len(_cards(app)) == 2
    app.context = {"is_embedded": False, "url": "http://atlas.intranet:8501"}
    open_page(app, "compare", cities=f"{BEIJING},{SHENZHEN}", present="1")
    lead = [m.value for m in app.markdown if "atlas-lead" in m.value]
    assert lead and "深圳在「德勤 2018 中国超级智能城市指数 · 智能城市排名」上领先" in lead[0]


def test_the_comparison_downloads_as_one_table(app):
    open_page(app, "compare", cities=f"{BEIJING},{SHENZHEN}")
    keys = {button.key for button in app.get("download_button")} | {p.proto.id for p in app.get("popover")}
    menus = [key for key in app.session_state if isinstance(key, str) and key.startswith("export-")]
    assert any("comparison" in key for key in [*keys, *menus])


def test_compare_with_from_a_city_profile(app):
    open_page(app, "city", city=SHENZHEN)
    labelled(app.multiselect, "其他城市（最多五个）").set_value([BEIJING, HANGZHOU]).run()
    labelled(app.button, "对比").click().run()
    assert app.query_params["cities"] == f"{SHENZHEN},{BEIJING},{HANGZHOU}"
    assert len(_cards(app)) == 3
