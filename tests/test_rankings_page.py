"""The City Rankings page: map, ranked list and charts, and how the filters change them."""

import json

from apptest_helpers import chart_titled, deck_layers, decks, vega_charts
from wording import EN, ZH, words


def open_rankings(app, **params):
    """Open /rankings?params as a shared link would (the first run registers the pages)."""
    app.run()
    app.query_params.update(params)
    app.switch_page("app_pages/rankings.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def scatter_cities(app) -> set[str]:
    chart = chart_titled(app, "智能城市排名 vs 人均GDP排名")
    return {row["city_label"] for row in chart["data"] if row.get("city_label")}


def test_map_has_provinces_and_all_25_ranked_cities(app):
    open_rankings(app)
    layers = deck_layers(decks(app)[0])
    assert {"provinces", "cities"} <= set(layers)
    assert len(layers["cities"]["data"]) == 25


def test_smart_rank_markers_are_largest_for_the_best_rank(app):
    open_rankings(app)
    markers = {m["label"]: m for m in deck_layers(decks(app)[0])["cities"]["data"]}
    assert markers["深圳"]["radius"] > markers["三亚"]["radius"]


def test_rank_vs_gdp_chart_has_diagonal_and_every_city(app):
    open_rankings(app)
    chart = chart_titled(app, "智能城市排名 vs 人均GDP排名")
    marks = [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in chart["spec"]["layer"]
    ]
    assert "line" in marks and "point" in marks
    dots = next(layer for layer in chart["spec"]["layer"] if layer["mark"]["type"] == "point")
    assert dots["encoding"]["shape"]["field"] == dots["encoding"]["color"]["field"] == "tier_label", (
        "tiers by shape as well as colour"
    )
    assert len(scatter_cities(app)) == 25
    guiyang = next(row for row in chart["data"] if row.get("city_label") == "贵阳")
    assert guiyang["smart_rank"] < guiyang["gdp_per_capita_rank"]  # above the diagonal


def test_innovation_chart_keeps_the_repeated_jinan_row_flagged(app):
    open_rankings(app)
    chart = chart_titled(app, ZH["measure.innovation_score"])
    rows = [row for row in chart["data"] if row.get("bar_label")]
    assert len(rows) == 25
    jinan = [row for row in rows if row["bar_label"].startswith("济南")]
    assert len(jinan) == 2 and all(row["flag"] for row in jinan)
    assert {row["group_label"] for row in rows} == {"第一梯队", "第二梯队", "第三梯队"}


def test_tier_filter_changes_map_and_charts(app):
    open_rankings(app, tier="leading")
    assert len(deck_layers(decks(app)[0])["cities"]["data"]) == 5
    assert scatter_cities(app) == {"深圳", "上海", "北京", "杭州", "广州"}


def test_measure_selector_switches_the_main_chart(app):
    open_rankings(app, measure="rank_gap")
    titles = [chart["title"] for chart in vega_charts(app)]
    assert titles[0].startswith(ZH["measure.rank_gap"])
    markers = {m["label"]: m for m in deck_layers(decks(app)[0])["cities"]["data"]}
    assert markers["贵阳"]["radius"] > markers["深圳"]["radius"]  # gap 15 vs 0


def test_table_lists_cities_best_first_with_sources(app):
    open_rankings(app, measure="innovation_score")
    table = app.dataframe[0].value
    assert table.iloc[0][ZH["col.city"]] == "深圳"
    assert table[ZH["col.source"]].str.contains("000:L").all()
    assert (
        table[words("zh", "filter.tier_of", year=2022)] == words("zh", "tier.inferred_suffix", tier=ZH["tier.leading"])
    ).sum() == 1  # 广州


def test_every_chart_and_map_has_a_source_line(app):
    open_rankings(app)
    captions = [caption.value for caption in app.caption]
    assert sum(caption.startswith(ZH["source.prefix"]) for caption in captions) >= 4


def test_english_rankings(app):
    open_rankings(app, lang="en")
    assert app.title[0].value == EN["rankings.title"]
    assert any(chart["title"].startswith("Smart-city rank vs") for chart in vega_charts(app))


def test_rank_gap_map_shows_the_sign_by_colour_and_says_so(app):
    """Size is |gap|, so 哈尔滨 +8 and 沈阳 −7 are the same size: the colour must tell them apart."""
    from components.palette import GAP_HEX, hex_to_rgba

    open_rankings(app, measure="rank_gap")
    markers = {m["label"]: m for m in deck_layers(decks(app)[0])["cities"]["data"]}
    assert markers["哈尔滨"]["fill"] == hex_to_rgba(GAP_HEX["positive"], 235)
    assert markers["沈阳"]["fill"] == hex_to_rgba(GAP_HEX["negative"], 235)
    assert markers["深圳"]["fill"] == hex_to_rgba(GAP_HEX["zero"], 235)  # 1st on both ranks
    legend = " ".join(block.value for block in app.markdown if "atlas-legend" in block.value)
    assert "排名差大于 0" in legend and "排名差小于 0" in legend
    assert "领军" not in legend, "the map is not coloured by tier, so its legend lists no tiers"
    open_rankings(app, measure="smart_rank")
    markers = {m["label"]: m for m in deck_layers(decks(app)[0])["cities"]["data"]}
    assert markers["哈尔滨"]["fill"][:3] != hex_to_rgba(GAP_HEX["positive"])[:3]  # tier colours again


def test_ranked_list_shows_no_raw_values_and_explains_flags(app):
    open_rankings(app, lang="en")
    table = app.dataframe[0]
    assert table.proto.placeholder == "—", "missing values read as a dash, not None"
    frame = table.value
    assert set(frame["2018 innovation group"].dropna()) == {"First group", "Second group", "Third group"}
    assert "A3, A6" in set(frame["Anomaly flag"])
    help_text = json.loads(table.proto.columns)["Anomaly flag"]["help"]
    assert "A3: Tied innovation scores" in help_text and "A6:" in help_text
    legend = next(caption.value for caption in app.caption if caption.value.startswith("Anomaly flags in this table"))
    assert all(code in legend for code in ("A1", "A2", "A3", "A6"))
