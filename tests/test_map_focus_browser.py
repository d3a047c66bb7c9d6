"""Map focus in chromium: choosing a region flies the map there (the delta's cities can be picked
where they are now drawn), finding a city centres and rings it; both in the link."""

import pytest

from components.map_focus import _place_view
from queries.cities import city_record

from browser_helpers import hover_until, map_point, open_page, screenshot_on_failure, wait_for_app, wait_until_quiet

pytestmark = pytest.mark.browser

HONG_KONG, GUANGZHOU = "810000", "440100"


def _choose(page, label: str, typed: str) -> None:
    select = page.locator("[data-testid=stSelectbox]", has_text=label).first
    select.click()
    page.keyboard.type(typed)
    page.keyboard.press("Enter")


def test_zoom_to_the_greater_bay_area_then_find_guangzhou(browser, live_server, artifacts):
    context, page, log = open_page(browser, f"{live_server}/?lang=en")
    try:
        with screenshot_on_failure(page, artifacts / "fail-zoom_to_the_greater_bay_area_then_find_guangzhou.png"):
            wait_for_app(page, maps=1, charts=1)
            wait_until_quiet(page, log)
            _choose(page, "Zoom to", "Greater Bay")
            page.wait_for_function("location.search.includes('zoom=greater_bay')", timeout=30_000)
            wait_for_app(page, maps=1, charts=1)
            hong_kong = city_record(HONG_KONG)
            view = _place_view("greater_bay")
            x, y = map_point(page, hong_kong["lon"], hong_kong["lat"], view)
            hover_until(page, page.locator(".deck-tooltip"), "Hong Kong", [(x, y)], attempts=30)  # the map has moved
            page.screenshot(path=str(artifacts / "focus-greater-bay-en.png"))

            _choose(page, "Find a city", "Guangzhou")
            page.wait_for_function(f"location.search.includes('find={GUANGZHOU}')", timeout=30_000)
            wait_for_app(page, maps=1, charts=1)
            canvas = page.locator("[data-testid=stDeckGlJsonChart] canvas").first.bounding_box()
            centre = (canvas["x"] + canvas["width"] / 2, canvas["y"] + canvas["height"] / 2)
            hover_until(page, page.locator(".deck-tooltip"), "Guangzhou", [centre], attempts=30)
            page.screenshot(path=str(artifacts / "focus-find-guangzhou-en.png"))
            assert log.off_loopback == []
    finally:
        context.close()


def test_a_link_with_a_region_opens_zoomed_in_chinese(browser, live_server, artifacts):
    context, page, log = open_page(browser, f"{live_server}/rankings?zoom=yangtze_delta")
    try:
        with screenshot_on_failure(page, artifacts / "fail-a_link_with_a_region_opens_zoomed_in_chinese.png"):
            wait_for_app(page, maps=1, charts=1)
            shanghai = city_record("310000")
            x, y = map_point(page, shanghai["lon"], shanghai["lat"], _place_view("yangtze_delta"))
            hover_until(page, page.locator(".deck-tooltip"), "上海", [(x, y)], attempts=30)
            page.screenshot(path=str(artifacts / "focus-yangtze-zh.png"))
            assert log.off_loopback == []
    finally:
        context.close()
