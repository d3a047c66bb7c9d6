"""Clicking a city on a map opens its profile, with the city in the address bar."""

import pytest

from components.label_layout import project
from components.maps import CHINA_VIEW
from queries.cities import city_record

from browser_helpers import open_page, wait_for_app

pytestmark = pytest.mark.browser

HARBIN = "230100"  # far from other ranked cities, so the click cannot hit a neighbour


def test_clicking_a_city_opens_its_profile(browser, live_server, artifacts):
    context, page, requests = open_page(browser, f"{live_server}/rankings?lang=en")
    try:
        wait_for_app(page, maps=1, charts=3)
        canvas = page.locator("[data-testid=stDeckGlJsonChart] canvas").first.bounding_box()
        centre = project(CHINA_VIEW["longitude"], CHINA_VIEW["latitude"], CHINA_VIEW["zoom"])
        harbin = city_record(HARBIN)
        point = project(harbin["lon"], harbin["lat"], CHINA_VIEW["zoom"])
        x = canvas["x"] + canvas["width"] / 2 + point[0] - centre[0]
        y = canvas["y"] + canvas["height"] / 2 + point[1] - centre[1]
        # Hover until deck.gl picks the marker (its tooltip names the city), then click it.
        tooltip = page.locator(".deck-tooltip")
        for _ in range(20):
            page.mouse.move(x - 1, y)
            page.mouse.move(x, y)
            if tooltip.is_visible() and "Harbin" in tooltip.inner_text():
                break
            page.wait_for_timeout(500)
        assert "Harbin" in tooltip.inner_text(), "the marker was never picked"
        page.mouse.click(x, y)
        page.wait_for_url(f"**/city?*city={HARBIN}*", timeout=60_000)
        assert "lang=en" in page.url
        page.get_by_text("哈尔滨市 · Harbin").first.wait_for(timeout=30_000)
        page.screenshot(path=str(artifacts / "clicked-city.png"))
        assert requests.off_loopback == []
    finally:
        context.close()
