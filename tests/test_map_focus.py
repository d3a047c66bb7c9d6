"""Map interaction: zoom to a province or region from a list, find a city (fly to it, ring it),
labels placed again for the new zoom; all kept in the link."""

from test_map_labels import _assert_clear

from components.map_focus import fit_view
from queries.regions import province_boxes, region_box, regions

from apptest_helpers import deck_layers, decks, labelled
from page_helpers import open_page

GUANGZHOU = "440100"


def test_every_region_is_made_of_provinces_the_map_knows():
    boxes = province_boxes()
    assert len(boxes) == 34
    for region in regions():
        assert region["provinces"] and set(region["provinces"]) <= set(boxes), region["region"]
        assert region_box(region["provinces"]) is not None
    west, south, east, north = region_box(next(r for r in regions() if r["region"] == "yangtze_delta")["provinces"])
    assert west < 116 < 121.5 < east and south < 31 < north  # 合肥 … 上海


def test_a_fitted_view_holds_every_point():
    view = fit_view([113.26, 114.06, 114.17], [23.13, 22.54, 22.28])
    assert 113.2 < view["longitude"] < 114.2 and 22.2 < view["latitude"] < 23.2
    assert view["zoom"] <= 7.0
    assert fit_view([73.6, 134.8], [18.2, 53.6])["zoom"] < 3


def test_zooming_to_the_greater_bay_area_names_every_city_there(app):
    open_page(app, "overview", zoom="greater_bay")
    deck = decks(app)[0]
    view = deck["initialViewState"]
    assert 112 < view["longitude"] < 115 and 21 < view["latitude"] < 24 and view["zoom"] > 5
    assert view["transitionDuration"] > 0  # the map flies there
    shown = set(_assert_clear(deck))  # and still no label on a marker or another label
    assert {"广州", "深圳", "香港", "佛山", "珠海", "东莞"} <= shown
    assert labelled(app.selectbox, "缩放到").value == "greater_bay"


def test_zooming_to_a_province_by_its_code(app):
    open_page(app, "rankings", zoom="320000", lang="en")
    view = decks(app)[0]["initialViewState"]
    west, south, east, north = province_boxes()["320000"][1]
    assert west < view["longitude"] < east and south < view["latitude"] < north
    assert labelled(app.selectbox, "Zoom to").format_func("320000") == "Jiangsu"


def test_finding_a_city_flies_to_it_and_rings_it(app):
    open_page(app, "rankings", find=GUANGZHOU)
    deck = decks(app)[0]
    view = deck["initialViewState"]
    assert (view["longitude"], view["latitude"], view["zoom"]) == (113.2644, 23.1291, 6.2)
    ring = deck_layers(deck)["found-ring"]["data"]
    assert [(r["lon"], r["lat"]) for r in ring] == [(113.2644, 23.1291)]
    assert deck_layers(deck)["city-labels"]["data"][0]["text"] == "广州"  # labelled first


def test_an_unknown_place_in_the_link_is_named_and_the_whole_country_shown(app):
    open_page(app, "overview", zoom="atlantis")
    assert any("zoom" in warning.value and "atlantis" in warning.value for warning in app.warning)
    assert decks(app)[0]["initialViewState"]["zoom"] == 2.65


def test_embedded_maps_keep_the_zoom_of_the_link_without_the_lists(app):
    app.context = {"is_embedded": True, "url": "http://atlas.intranet:8501"}
    open_page(app, "overview", zoom="jingjinji")
    assert not app.selectbox
    assert decks(app)[0]["initialViewState"]["zoom"] > 4.5
