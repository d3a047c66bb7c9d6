"""The overview page as a user sees it: headline figures, the national map and the tier chart."""

import csv
import json
from pathlib import Path

from components.palette import TIER_HEX, hex_to_rgba

from apptest_helpers import chart_titled, deck_layers, decks, layer_features, metric_values
from wording import EN, ZH

DATA = Path(__file__).resolve().parents[1] / "data"
CITY_COLUMNS = {
    "rankings.csv": "city_code",
    "tiers.csv": "city_code",
    "pilots.csv": "place_code",
    "carbon_targets.csv": "city_code",
    "scenario_coverage_000_001.csv": "city_code",
    "scenario_coverage_002_004.csv": "city_code",
    "city_metrics_000_001.csv": "city_code",
    "city_metrics_002_004.csv": "city_code",
}


def chinese_cities_in_seed_data() -> set[str]:
    """Every Chinese city any seed CSV mentions, read straight from the files."""
    with (DATA / "gazetteer" / "cities.csv").open(encoding="utf-8") as handle:
        chinese = {row["code"] for row in csv.DictReader(handle) if row["country"] == "CN"}
    mentioned = set()
    for name, column in CITY_COLUMNS.items():
        with (DATA / "seeds" / name).open(encoding="utf-8") as handle:
            mentioned |= {row[column] for row in csv.DictReader(handle) if row[column]}
    return mentioned & chinese


def test_overview_shows_headline_figures_and_map(app):
    app.run()
    assert not app.exception
    metrics = metric_values(app)
    tracked = len(chinese_cities_in_seed_data())
    assert metrics[ZH["overview.metric.cities"]] == str(tracked)
    assert (metrics["领军"], metrics["先锋"], metrics["探索"]) == ("6", "10", "11")
    # "2" beside "five reports" says what it counts: the ranking and the tier edition, by name.
    assert metrics[ZH["overview.metric.editions"]] == "2"
    editions = next(metric for metric in app.metric if metric.label == ZH["overview.metric.editions"])
    assert "德勤 2018 中国超级智能城市指数" in editions.help and "德勤 2022 超级智能城市梯队" in editions.help
    assert "5 份来源报告" in editions.help
    layers = deck_layers(decks(app)[0])
    assert {"provinces", "cities", "province-labels", "city-labels"} <= set(layers)
    assert len(layer_features(layers["provinces"])) == 34
    assert len(layers["cities"]["data"]) == tracked


def test_map_fetches_nothing_from_the_internet(app):
    app.run()
    deck = decks(app)[0]
    assert "http" not in json.dumps(deck)
    assert not str(deck.get("mapStyle") or "").startswith("http")


def test_tier_filter_changes_map_metrics_and_chart(app):
    app.query_params["tier"] = "leading"
    app.run()
    assert not app.exception
    cities = deck_layers(decks(app)[0])["cities"]["data"]
    assert len(cities) == 6
    leading_rgb = hex_to_rgba(TIER_HEX["leading"])[:3]
    assert all(marker["fill"][:3] == leading_rgb for marker in cities)
    assert metric_values(app)[ZH["overview.metric.cities"]] == "6"
    chart = chart_titled(app, ZH["overview.chart.title"])
    assert {row["tier"] for row in chart["data"] if "tier" in row} == {"leading"}


def test_inferred_tiers_are_drawn_hollow_and_say_so(app):
    app.run()
    cities = deck_layers(decks(app)[0])["cities"]["data"]
    guangzhou = next(m for m in cities if m["label"] == "广州")
    assert guangzhou["fill"][3] < 100 and guangzhou["line_width"] > 2
    assert ZH["basis.inferred"] in guangzhou["tooltip"]


def test_english_interface(app):
    app.query_params["lang"] = "en"
    app.run()
    assert not app.exception
    assert app.title[0].value == EN["overview.title"]
    assert metric_values(app)[EN["overview.metric.cities"]] == str(len(chinese_cities_in_seed_data()))
    labels = {m["label"] for m in deck_layers(decks(app)[0])["cities"]["data"]}
    assert "Shenzhen" in labels


def test_map_tooltips_are_plain_text_in_a_fixed_template(app):
    """Values reach the browser as text; the only markup is the template, escaped values go into it."""
    app.run()
    template = json.loads(app.get("deck_gl_json_chart")[0].proto.tooltip)
    assert template["html"] == "{tooltip}" and template["style"]["whiteSpace"] == "pre-line"
    shenzhen = next(m for m in deck_layers(decks(app)[0])["cities"]["data"] if m["label"] == "深圳")
    assert shenzhen["tooltip"].split("\n")[0] == "深圳市 Shenzhen"
    assert "<" not in shenzhen["tooltip"]
