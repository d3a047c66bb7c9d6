"""Clicking a city on a map selects it; the selection bar opens its profile, the city in the
address bar."""

import pytest

from queries.cities import city_record

from browser_helpers import hover_until, map_point, open_page, screenshot_on_failure, wait_for_app

pytestmark = pytest.mark.browser

HARBIN = "230100"  # far from other ranked cities, so the click cannot hit a neighbour


def test_clicking_a_city_selects_it_and_opens_its_profile(browser, live_server, artifacts):
    context, page, requests = open_page(browser, f"{live_server}/rankings?lang=en")
    try:
        with screenshot_on_failure(page, artifacts / "fail-clicking_a_city_selects_it_and_opens_its_profile.png"):
            wait_for_app(page, maps=1, charts=3)
            harbin = city_record(HARBIN)
            x, y = map_point(page, harbin["lon"], harbin["lat"])
            # Hover until deck.gl picks the marker (its tooltip names the city), then click it.
            hover_until(page, page.locator(".deck-tooltip"), "Harbin", [(x, y)], attempts=20)
            page.mouse.click(x, y)
            page.wait_for_function(f"location.search.includes('sel={HARBIN}')", timeout=60_000)
            page.get_by_role("button", name="Harbin's profile").click()
            page.wait_for_url(f"**/city?*city={HARBIN}*", timeout=60_000)
            assert "lang=en" in page.url
            page.get_by_text("哈尔滨市 · Harbin").first.wait_for(timeout=30_000)
            page.screenshot(path=str(artifacts / "clicked-city.png"))
            assert requests.off_loopback == []
    finally:
        context.close()
