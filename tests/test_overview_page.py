"""The overview page as a user sees it: headline figures, the national map and the tier chart."""

import json

from apptest_helpers import chart_titled, deck_layers, decks, metric_values
from components.palette import TIER_HEX, hex_to_rgba


def test_overview_shows_headline_figures_and_map(app):
    app.run()
    assert not app.exception
    metrics = metric_values(app)
    assert metrics["收录城市"] == "36"
    assert (metrics["领军"], metrics["先锋"], metrics["探索"]) == ("6", "10", "11")
    assert metrics["报告版本"] == "2"
    layers = deck_layers(decks(app)[0])
    assert {"provinces", "cities", "province-labels", "city-labels"} <= set(layers)
    assert len(layers["provinces"]["data"]["features"]) == 34
    assert len(layers["cities"]["data"]) == 36


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
    assert metric_values(app)["收录城市"] == "6"
    chart = chart_titled(app, "各梯队城市数")
    assert {row["tier"] for row in chart["data"] if "tier" in row} == {"leading"}


def test_inferred_tiers_are_drawn_hollow_and_say_so(app):
    app.run()
    cities = deck_layers(decks(app)[0])["cities"]["data"]
    guangzhou = next(m for m in cities if m["label"] == "广州")
    assert guangzhou["fill"][3] < 100 and guangzhou["line_width"] > 2
    assert "推断" in guangzhou["tooltip"]


def test_english_interface(app):
    app.query_params["lang"] = "en"
    app.run()
    assert not app.exception
    assert app.title[0].value == "Smart City Atlas"
    assert metric_values(app)["Cities tracked"] == "36"
    labels = {m["label"] for m in deck_layers(decks(app)[0])["cities"]["data"]}
    assert "Shenzhen" in labels
