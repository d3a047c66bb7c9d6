"""A copied link reproduces the view: filters are read from and written back to the URL."""

from test_overview_page import chinese_cities_in_seed_data

from apptest_helpers import deck_layers, decks
from wording import ZH


def test_tier_and_language_are_read_from_the_url_and_kept(app):
    app.query_params.update({"tier": ["leading", "pioneer"], "lang": "en"})
    app.run()
    assert not app.exception
    assert app.query_params == {"tier": ["leading", "pioneer"], "lang": "en"}
    assert len(deck_layers(decks(app)[0])["cities"]["data"]) == 16


def test_defaults_keep_the_url_clean(app):
    app.run()
    assert app.query_params == {}


def test_changing_the_filter_rewrites_the_url(app):
    app.run()
    app.sidebar.pills[0].set_value(["exploring"]).run()
    assert app.query_params == {"tier": "exploring"}
    app.sidebar.segmented_control[0].set_value("en").run()
    assert app.query_params == {"tier": "exploring", "lang": "en"}


def test_deselecting_every_tier_is_a_state_of_its_own(app):
    app.run()
    app.sidebar.pills[0].set_value([]).run()
    assert app.query_params == {"tier": ""}
    assert ZH["filter.empty"] in app.info[0].value


def test_misspelt_tier_falls_back_with_a_notice(app):
    app.query_params["tier"] = "leadng"
    app.run()
    assert not app.exception
    assert "leadng" in app.warning[0].value
    assert len(deck_layers(decks(app)[0])["cities"]["data"]) == len(chinese_cities_in_seed_data())
    assert app.query_params == {}


def test_link_made_in_chinese_opens_in_english(app):
    app.query_params.update({"tier": "pioneer", "lang": "en"})
    app.run()
    assert app.sidebar.pills[0].value == ["pioneer"]
    assert app.metric[0].label == "Cities tracked"
