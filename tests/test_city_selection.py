"""Cross-filtering: a selection (?sel=) shows in every view of the page, the bar offers compare,
profiles and clear, legends toggle tiers, and charts, maps and tables report picks."""

from components import city_selection

from apptest_helpers import deck_layers, decks, labelled, vega_charts
from page_helpers import open_page

SHENZHEN, GUIYANG, BEIJING = "440300", "520100", "110000"


def _cards(app) -> list[str]:
    return [m.value for m in app.markdown if "atlas-city-card" in m.value]


def _chart(app, title_part: str) -> dict:
    return next(chart for chart in vega_charts(app) if title_part in chart["title"])


def test_a_selection_in_the_link_is_highlighted_in_every_view_of_the_rankings_page(app):
    open_page(app, "rankings", sel=f"{SHENZHEN},{GUIYANG}")
    for title in ("智能城市排名 vs 人均GDP排名", "排名差", "创新得分"):
        rows = _chart(app, title)["data"]
        cities = [row for row in rows if "city_code" in row]  # not the diagonal or the notes
        assert {row["city_code"] for row in cities if row["sel"]} == {SHENZHEN, GUIYANG}, title
        assert all(row["dim"] for row in cities if row["city_code"] not in (SHENZHEN, GUIYANG)), title
    layers = deck_layers(decks(app)[0])
    rings = layers["selected-ring"]["data"]
    assert len(rings) == 2
    faded = [m for m in layers["cities"]["data"] if m["code"] not in (SHENZHEN, GUIYANG)]
    assert faded and all(m["fill"][3] <= 60 for m in faded)
    assert {"深圳", "贵阳"} <= {label["text"] for label in layers["city-labels"]["data"]}
    ranked = next(frame for frame in app.dataframe if "排名差" in frame.value.columns)
    assert ranked.proto.selection_mode  # rows can be ticked
    assert labelled(app.multiselect, "已选城市").value == [SHENZHEN, GUIYANG]


def test_charts_carry_the_city_pick_and_the_tier_legend_selections(app):
    open_page(app, "rankings")
    params = {p["name"] for p in _chart(app, "排名差")["spec"]["params"]}
    assert {"pick", "legend"} <= params
    pick = next(p for p in _chart(app, "排名差")["spec"]["params"] if p["name"] == "pick")
    assert pick["select"]["fields"] == ["city_code"] and pick["select"]["on"] == "click"
    legend = next(p for p in _chart(app, "排名差")["spec"]["params"] if p["name"] == "legend")
    assert legend["bind"] == "legend"
    # Only the legend moves it: with `on` set, clicking 贵阳's bar also "clicked" its tier and hid
    # every unclassified city instead of picking 贵阳.
    assert "on" not in (legend["select"] if isinstance(legend["select"], dict) else {})


def test_the_bar_compares_the_selected_cities(app):
    open_page(app, "rankings")
    picker = labelled(app.multiselect, "已选城市")
    picker.set_value([SHENZHEN, GUIYANG, BEIJING]).run()
    assert app.query_params["sel"] == f"{SHENZHEN},{GUIYANG},{BEIJING}"
    assert {b.label for b in app.button} >= {"对比所选（3）", "深圳档案", "贵阳档案", "北京档案", "清除选择"}
    labelled(app.button, "对比所选（3）").click().run()
    assert app.query_params["cities"] == f"{SHENZHEN},{GUIYANG},{BEIJING}"
    assert len(_cards(app)) == 3


def test_the_bar_opens_a_profile_and_clears_with_one_click(app):
    open_page(app, "scenarios", sel=SHENZHEN)
    heatmap = _chart(app, "城市 × 场景")
    assert {row["city_code"] for row in heatmap["data"] if row.get("sel")} == {SHENZHEN}
    labelled(app.button, "清除选择").click().run()
    assert "sel" not in app.query_params
    assert not any(row.get("sel") for row in _chart(app, "城市 × 场景")["data"])
    open_page(app, "scenarios", sel=SHENZHEN)
    labelled(app.button, "深圳档案").click().run()
    assert app.query_params["city"] == SHENZHEN


def test_a_click_toggles_and_a_table_tick_keeps_the_cities_it_does_not_list():
    assert city_selection.toggled([], [SHENZHEN]) == [SHENZHEN]
    assert city_selection.toggled([SHENZHEN], [GUIYANG]) == [SHENZHEN, GUIYANG]
    assert city_selection.toggled([SHENZHEN, GUIYANG], [SHENZHEN]) == [GUIYANG]
    # a table of 深圳 and 贵阳 with 深圳 ticked: 贵阳 leaves, 北京 (not in the table) stays
    assert city_selection.ticked_in_table([GUIYANG, BEIJING], [SHENZHEN, GUIYANG], [0]) == [BEIJING, SHENZHEN]
    # a city listed on several rows (scenario evidence) is selected once
    assert city_selection.ticked_in_table([], [SHENZHEN, SHENZHEN, GUIYANG], [0, 1]) == [SHENZHEN]


def test_a_legend_click_toggles_a_tier_everywhere(app):
    open_page(app, "rankings")
    legend = app.pills(key="tier-legend")
    assert legend.value == ["leading", "pioneer", "exploring", "unclassified"]
    legend.set_value(["leading", "pioneer", "exploring"]).run()
    assert app.query_params["tier"] == ["leading", "pioneer", "exploring"]
    assert app.pills(key="tier").value == ["leading", "pioneer", "exploring"]
    tiers = {row.get("tier_label") for row in _chart(app, "排名差")["data"]}
    assert "未分级" not in tiers and "领军" in tiers
    legend.set_value(["leading", "pioneer", "exploring", "unclassified"]).run()
    assert "未分级" in {row.get("tier_label") for row in _chart(app, "排名差")["data"]}


def test_embedded_and_presented_views_keep_the_highlight_but_draw_no_controls(app):
    app.context = {"is_embedded": True, "url": "http://atlas.intranet:8501"}
    open_page(app, "rankings", sel=SHENZHEN)
    assert not app.multiselect and not [b for b in app.button if "对比" in b.label]
    assert len(deck_layers(decks(app)[0])["selected-ring"]["data"]) == 1
    assert not [p for p in app.get("button_group") if p.proto.id and "tier-legend" in p.proto.id]
