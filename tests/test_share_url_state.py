"""Every view is a link: each page reads its choices from the URL and writes them back, a stale or
misspelt parameter falls back with a notice, and the Share control shows the link and the embed
snippet for exactly the view on screen."""

import pytest

from apptest_helpers import deck_layers, decks, metric_values
from share_helpers import page_context, run_page, view_pages
from wording import EN, ZH, words

PAGES = view_pages()


def _other_value(options: list, default, multi: bool):
    """A valid value that is not the default (what a user would pick), as the URL spells it."""
    if multi:
        subset = [options[0]] if list(default) != [options[0]] else [options[-1]]
        return [str(option) for option in subset], subset
    other = next(option for option in options if option != default)
    return str(other), other


@pytest.mark.parametrize("page", PAGES)
def test_every_page_reads_its_choices_from_the_url_and_writes_them_back(app, page):
    from streamlit.testing.v1 import AppTest

    run_page(app, page)
    keys = list(page_context(app).url.choices)
    assert {"lang", "tier"} <= set(keys), "the shared filters are URL choices on every page"
    # Pick a non-default value for each choice in turn, as a user would: later choices (a
    # scenario of the chosen framework) offer what the earlier picks allow.
    params, expected = {}, {}
    for key in keys:
        step = AppTest.from_file(app._script_path, default_timeout=60)
        run_page(step, page, **params)
        choice = page_context(step).url.choices[key]
        options, default, multi = choice.options, choice.default, choice.multi
        if len(options) > 1:
            params[key], expected[key] = _other_value(options, default, multi)

    fresh = AppTest.from_file(app._script_path, default_timeout=60)  # another machine opening the link
    run_page(fresh, page, **params)
    assert not fresh.warning or all(
        words("zh", "url.invalid") not in w.value and words("en", "url.invalid") not in w.value for w in fresh.warning
    )
    for key, value in expected.items():
        assert fresh.session_state[key] == value, key
        written = fresh.query_params.get(key)
        assert written == params[key] or [written] == params[key], f"{key} was not written back: {fresh.query_params}"
    # Every choice made is bound to the URL again when the link is opened.
    assert set(page_context(fresh).url.choices) >= set(expected)


def test_rankings_measure_and_edition_are_read_from_and_written_to_the_url(app):
    run_page(app, "rankings", measure="rank_gap", tier=["leading", "pioneer"])
    assert app.segmented_control(key="measure").value == "rank_gap"
    assert any(ZH["measure.rank_gap"] in header.value for header in app.subheader)
    assert len(deck_layers(decks(app)[0])["cities"]["data"]) == int(metric_values(app)[ZH["headline.rankings.cities"]])
    app.segmented_control(key="measure").set_value("innovation_score").run()
    assert app.query_params["measure"] == "innovation_score"
    assert app.query_params.get_all("tier") == ["leading", "pioneer"] if hasattr(app.query_params, "get_all") else True
    app.sidebar.segmented_control[0].set_value("en").run()
    assert app.query_params["lang"] == "en" and app.query_params["measure"] == "innovation_score"
    assert app.title[0].value == EN["rankings.title"]


def test_defaults_keep_the_link_short(app):
    run_page(app, "rankings")
    assert dict(app.query_params) == {}


@pytest.mark.parametrize(
    "page,params,parameter",
    [
        ("overview", {"tier": "leadng"}, "tier"),
        ("overview", {"lang": "fr"}, "lang"),
        ("overview", {"present": "yes"}, "present"),
        ("rankings", {"measure": "score"}, "measure"),
        ("rankings", {"edition": "deloitte_1999"}, "edition"),
        ("city", {"city": "亚特兰蒂斯"}, "city"),
    ],
)
def test_invalid_parameters_fall_back_with_a_visible_notice(app, page, params, parameter):
    if page not in PAGES:
        pytest.skip(f"{page} page not registered yet")
    run_page(app, page, **params)
    notices = [w.value.replace("\\", "") for w in app.warning]  # markdown escapes
    assert any(parameter in notice and str(params[parameter]) in notice for notice in notices), notices
    assert parameter not in app.query_params, "the stale value is dropped from the link"


def test_stale_values_are_dropped_but_good_ones_kept(app):
    run_page(app, "rankings", measure="rank_gap", tier=["leading", "bogus"])
    assert app.segmented_control(key="measure").value == "rank_gap"
    assert app.query_params["measure"] == "rank_gap"
    assert any("bogus" in w.value for w in app.warning)


def _codes(app) -> list[str]:
    return [block.value for block in app.code]


def _open_share(app):
    """Open the Share popover (its contents are drawn only while it is open)."""
    assert not app.code, "closed: nothing drawn"
    app.session_state["share-popover"] = True
    app.run()
    assert not app.exception
    return app


def test_share_shows_the_link_of_the_current_view(app):
    app.context = {"url": "http://atlas.intranet:8501"}
    run_page(app, "rankings", measure="rank_gap", tier=["leading", "pioneer"], lang="en")
    link, snippet = _codes(_open_share(app))
    assert link == "http://atlas.intranet:8501/rankings?lang=en&tier=leading&tier=pioneer&measure=rank_gap"
    assert (
        'src="http://atlas.intranet:8501/rankings?lang=en&amp;tier=leading&amp;tier=pioneer&amp;measure=rank_gap&amp;embed=true"'
        in snippet
    )
    assert 'height="600"' in snippet
    # A choice made after the page opened is in the link too.
    app.segmented_control(key="measure").set_value("innovation_score").run()
    assert _codes(app)[0].endswith("measure=innovation_score")


def test_embed_snippet_uses_the_chosen_height_and_theme(app):
    app.context = {"url": "http://atlas.intranet:8501"}
    run_page(app, "overview", tier="exploring")
    _open_share(app)
    app.selectbox(key="share-embed-height").set_value(900).run()
    app.selectbox(key="share-embed-theme").set_value("dark").run()
    snippet = _codes(app)[1]
    assert 'height="900"' in snippet
    assert "http://atlas.intranet:8501/?tier=exploring&amp;embed=true&amp;embed_options=dark_theme" in snippet
    assert dict(app.query_params) == {"tier": "exploring"}, "share options are not view state"


def test_link_without_a_browser_url_is_relative(app):
    run_page(app, "rankings", measure="rank_gap")
    assert _codes(_open_share(app))[0] == "/rankings?measure=rank_gap"
