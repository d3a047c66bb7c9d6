"""Interactive embeds: ?embed=true&controls=… keeps the chosen controls inside the iframe, with
map, chart and table tabs; the plain embed stays static; the Share popover offers both."""

import re

from share_helpers import run_page


def _embedded(app, url="http://atlas.intranet:8501"):
    app.context = {"is_embedded": True, "url": url}
    return app


def test_embed_keeps_only_the_chosen_controls_and_they_work(app):
    run_page(_embedded(app), "rankings", lang="en", controls="measure,tier")
    measure = app.button_group(key="measure")
    assert measure is not None
    assert [pill.key for pill in app.get("button_group")] == ["tier", "measure"]
    assert not app.selectbox, "the edition control was not chosen, so it is not drawn"
    measure.set_value("rank_gap").run()
    assert not app.exception
    assert app.session_state["measure"] == "rank_gap"
    assert "Rank gap" in app.get("vega_lite_chart")[0].proto.spec, "the chart follows the control"
    assert app.query_params["controls"] in ("measure,tier", ["measure,tier"]), "controls survive reruns"
    assert app.button_group(key="measure") is not None, "and so does the control"


def test_embedded_tier_filter_sits_in_the_page_and_follows_the_link(app):
    run_page(_embedded(app), "rankings", lang="en", controls="tier", tier=["leading"])
    assert not app.sidebar.pills, "no sidebar in an embed"
    assert app.button_group(key="tier").value == ["leading"]


def test_interactive_embed_has_map_chart_and_table_tabs(app):
    run_page(_embedded(app), "rankings", lang="en", controls="measure")
    assert [tab.label for tab in app.tabs] == ["Map", "Chart", "Table"]
    table_tab = app.tabs[2]
    assert len(table_tab.table) >= 2, "the map's and the chart's rows, as tables"
    assert not app.expander, "no table expanders inside an interactive embed: the Table tab has them"


def test_carbon_embed_keeps_the_year_slider_with_play(app):
    run_page(_embedded(app), "carbon", lang="en", controls="year")
    assert [slider.key for slider in app.select_slider] == ["year"]
    assert any(button.key == "carbon_play_button" for button in app.button)


def test_plain_embed_stays_static(app):
    run_page(_embedded(app), "rankings", lang="en")
    assert not app.get("button_group") and not app.selectbox and not app.tabs


def test_share_popover_offers_an_embed_with_controls(app):
    run_page(app, "rankings", lang="en", measure="rank_gap")
    app.session_state["share-popover"] = True
    app.run()
    offered = app.multiselect(key="share-embed-controls")
    assert {"Measure", "Edition", "2022 tier"} <= set(offered.options)
    offered.set_value(["measure", "tier"]).run()
    snippet = next(code.value for code in app.code if "<iframe" in code.value)
    assert "embed=true" in snippet and "controls=measure%2Ctier" in snippet and "measure=rank_gap" in snippet


def test_table_tab_writes_numbers_as_a_reader_does(app):
    """Ranks read 1, 2, 3 (not 1.0000) and a missing score reads as a dash, in the Table tab."""
    run_page(_embedded(app), "rankings", lang="en", controls="measure")
    cells = [cell for table in app.tabs[2].table for cell in table.value.to_numpy().ravel()]
    assert cells and not any(isinstance(cell, float) for cell in cells), "no raw floats"
    assert "1" in cells and "—" in cells and not any(str(cell).endswith(".0") for cell in cells)


def test_map_legend_entries_read_apart(app):
    """'larger dot = larger gap between the two ranks' and 'colour = sign of the gap' are two entries."""
    run_page(app, "rankings", lang="en", measure="rank_gap")
    legend = next(md.value for md in app.markdown if "atlas-legend" in md.value)
    text = re.sub(r"<[^>]+>", "", legend)
    assert "two ranks colour" in " ".join(text.split()), text
