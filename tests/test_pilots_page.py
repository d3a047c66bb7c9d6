"""The pilot distribution page: map, per-area and maturity charts, filters, national facts."""

from apptest_helpers import chart_titled, deck_layers, decks, metric_values
from page_helpers import open_page
from wording import ZH


def test_map_shows_30_pilots_and_shades_provinces_and_countries(app):
    open_page(app, "pilots")
    layers = deck_layers(decks(app)[0])
    assert len(layers["cities"]["data"]) == 30
    assert {"province-pilots", "country-pilots"} <= set(layers)
    shaded = [f for f in layers["country-pilots"]["data"]["features"] if "1" in f["properties"]["tooltip"]]
    assert shaded, "countries with pilots are shaded"
    metrics = metric_values(app)
    assert (metrics[ZH["pilots.metric.china"]], metrics[ZH["pilots.metric.eu"]]) == ("15", "15")


def test_region_filter_keeps_only_eu_pilots(app):
    open_page(app, "pilots", region="eu")
    assert metric_values(app)[ZH["pilots.metric.total"]] == "15"
    per_area = chart_titled(app, ZH["pilots.per_area"])
    assert {row["region_label"] for row in per_area["data"]} == {"欧盟"}
    assert app.query_params["region"] == "eu"


def test_tier_filter_applies_to_chinese_pilots_only(app):
    open_page(app, "pilots", tier="leading")
    metrics = metric_values(app)
    assert metrics[ZH["pilots.metric.eu"]] == "15"
    assert 0 < int(metrics["中国试点"]) < 15


def test_china_view_zooms_to_china_without_country_layer(app):
    open_page(app, "pilots", view="china")
    deck = decks(app)[0]
    assert "country-pilots" not in deck_layers(deck)
    assert 100 < deck["initialViewState"]["longitude"] < 110


def test_maturity_chart_keeps_printed_shares_and_flags(app):
    open_page(app, "pilots")
    chart = chart_titled(app, "中国与欧盟试点的成熟度")
    regions = {row["region_label"] for row in chart["data"]}
    assert regions == {"中国", "欧盟"}
    outlined = {(row["feature_label"], row["region_label"]) for row in chart["data"] if row["off_total"]}
    # Outlined are the rows whose printed shares do not add up to 100% (M1 109%, M2 90%, M3 101%),
    # not M4's rows, which are flagged for another reason and add up to exactly 100%.
    assert outlined == {("智慧城市战略", "中国"), ("智慧城市战略", "欧盟"), ("利益相关方", "欧盟")}
    # Each bar says whether it is China's or the EU's: a text mark names it at the bar's end.
    named = [
        layer["encoding"]
        for layer in chart["spec"]["layer"]
        if (layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]) == "text"
    ]
    assert any(e["text"]["field"] == "region_label" and e["yOffset"]["field"] == "region_label" for e in named)
    totals = {(row["feature_label"], row["region_label"]): row["row_total"] for row in chart["data"]}
    assert totals[("价值评估", "中国")] == 100 and totals[("智慧城市战略", "欧盟")] == 109


def test_national_facts_are_listed_with_sources(app):
    open_page(app, "pilots")
    facts = next(df.value for df in app.dataframe if ZH["pilots.col.value"] in df.value.columns)
    assert facts["原文"].str.contains("311").any()
    assert facts[ZH["col.source"]].str.match(r"00\d:L\d+").all()


def test_takeaway_names_every_area_that_ties_for_the_most(app):
    open_page(app, "pilots", present="1")
    takeaway = next(block.value for block in app.markdown if "atlas-lead" in block.value)
    assert "广东、江苏并列最多（各 3 个）" in takeaway, takeaway
    open_page(app, "pilots", present="1", lang="en")
    takeaway = next(block.value for block in app.markdown if "atlas-lead" in block.value)
    assert "Guangdong and Jiangsu have the most (3 each)" in takeaway, takeaway


def test_programmes_are_pills_that_show_each_whole_name(app):
    open_page(app, "pilots")
    assert not app.multiselect, "a multiselect cut the programme names and hid the second one"
    pills = next(group for group in app.get("button_group") if group.label == "项目")
    assert len(pills.proto.options) >= 2
    # Pills that do not wrap stay on one scrolling row: the first name was cut, the second out of
    # view (tests/test_pilots_browser.py measures both names whole and in view at 1366 px).
    pill_groups = [group for group in app.get("button_group") if group.label in ("项目", "地区", "级别")]
    assert len(pill_groups) == 3 and all(group.proto.wrap for group in pill_groups), "they wrap, never scroll"


def test_per_area_bars_stand_apart(app):
    """广东 and 江苏 (3 each) were drawn as one block: every bar keeps a visible gap to the next."""
    open_page(app, "pilots")
    spec = chart_titled(app, "各省份 / 国家的试点数")["spec"]
    padding = spec["encoding"]["y"].get("scale", {}).get("paddingInner", 0)
    step = spec["height"]["step"]
    assert padding * step >= 4, (padding, step)  # px between two bars
