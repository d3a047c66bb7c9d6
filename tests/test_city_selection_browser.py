"""Cross-filtering in chromium: pick a city on the map, a bar in a chart and a row in the list;
every view shows them; compare them; clear; the keyboard and the legend do their part."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from queries.cities import city_record

from browser_helpers import hover_until, map_point, open_page, screenshot_on_failure, wait_for_app, wait_until_quiet

pytestmark = pytest.mark.browser

HARBIN, GUIYANG, SHENZHEN = "230100", "520100", "440300"


def _click_harbin(page) -> None:
    """Click Harbin's marker until the page selects it: under load a click that lands while the
    map is being redrawn is lost, as a person would see, and they click again."""
    record = city_record(HARBIN)
    for attempt in range(3):
        x, y = map_point(page, record["lon"], record["lat"])
        hover_until(page, page.locator(".deck-tooltip"), "Harbin", [(x, y)], attempts=20)
        page.mouse.click(x, y)
        try:
            page.wait_for_function(f"location.search.includes('sel={HARBIN}')", timeout=15_000)
            return
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise


def _click_bar(page, chart_title: str, city: str) -> None:
    chart = page.locator("[data-testid=stVegaLiteChart]", has_text=chart_title).first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    points = [(box["x"] + box["width"] * 0.62, box["y"] + dy) for dy in range(30, int(box["height"]) - 40, 4)]
    x, y = hover_until(page, page.locator("#vg-tooltip-element"), city, points)
    page.mouse.click(x, y)


def test_pick_on_the_map_a_chart_and_the_list_then_compare(browser, live_server, artifacts):
    context, page, log = open_page(browser, f"{live_server}/rankings?lang=en&measure=rank_gap")
    try:
        with screenshot_on_failure(page, artifacts / "fail-pick_on_the_map_a_chart_and_the_list_then_compare.png"):
            wait_for_app(page, maps=1, charts=3, tables=1)
            wait_until_quiet(page, log)
            _click_harbin(page)
            page.wait_for_function(f"location.search.includes('sel={HARBIN}')", timeout=30_000)
            page.get_by_role("button", name="Harbin's profile").wait_for(timeout=30_000)
            wait_for_app(page, maps=1, charts=3)
            wait_until_quiet(page, log)

            _click_bar(page, "Rank gap", "Guiyang")
            page.wait_for_function(f"location.search.includes('sel={HARBIN}%2C{GUIYANG}')", timeout=30_000)
            page.get_by_role("button", name="Guiyang's profile").wait_for(timeout=30_000)
            wait_for_app(page, maps=1, charts=3, tables=1)
            wait_until_quiet(page, log)
            page.screenshot(path=str(artifacts / "selection-rankings-en.png"), full_page=True)

            # the ranked list, by rank gap: 贵阳 (+15) first. Its box is ticked; unticking it unselects
            # 贵阳 and keeps 哈尔滨; ticking it again brings 贵阳 back.
            table = page.locator("[data-testid=stDataFrame]").first
            table.scroll_into_view_if_needed()
            box = table.bounding_box()
            first_row_box = (box["x"] + 18, box["y"] + 35 + 17)
            page.mouse.click(*first_row_box)
            page.wait_for_function(f"new URLSearchParams(location.search).get('sel') === '{HARBIN}'", timeout=30_000)
            wait_for_app(page, maps=1, charts=3, tables=1)
            wait_until_quiet(page, log)
            table = page.locator("[data-testid=stDataFrame]").first
            box = table.bounding_box()
            page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
            page.wait_for_function(
                f"new URLSearchParams(location.search).get('sel') === '{HARBIN},{GUIYANG}'", timeout=30_000
            )
            wait_for_app(page, maps=1, charts=3, tables=1)
            wait_until_quiet(page, log)

            page.get_by_role("button", name="Compare these").click()
            page.wait_for_url("**/compare?*cities=*", timeout=30_000)
            wait_for_app(page, maps=1, charts=1)
            assert HARBIN in page.url and GUIYANG in page.url
            assert page.get_by_text("Harbin").first.is_visible()
            page.screenshot(path=str(artifacts / "selection-to-compare-en.png"), full_page=True)
            assert log.off_loopback == []
    finally:
        context.close()


def test_the_keyboard_selects_and_the_clear_button_empties(browser, live_server, artifacts):
    context, page, log = open_page(browser, f"{live_server}/scenarios")
    try:
        with screenshot_on_failure(page, artifacts / "fail-the_keyboard_selects_and_the_clear_button_empties.png"):
            wait_for_app(page, maps=1, charts=1)
            wait_until_quiet(page, log)
            box = page.locator(".st-key-selection-bar input").first
            box.focus()
            page.keyboard.type("深圳")
            page.keyboard.press("Enter")
            page.wait_for_function(f"location.search.includes('sel={SHENZHEN}')", timeout=30_000)
            wait_for_app(page, maps=1, charts=1)
            wait_until_quiet(page, log)
            page.screenshot(path=str(artifacts / "selection-scenarios-zh.png"), full_page=True)
            page.keyboard.press("Escape")  # the list's menu closes; the bar's buttons are next
            clear = page.locator(".st-key-selection-clear button")
            clear.focus()
            page.keyboard.press("Enter")
            page.wait_for_function("!location.search.includes('sel=')", timeout=30_000)
    finally:
        context.close()


def test_a_legend_click_takes_a_tier_out_and_brings_it_back(browser, live_server, artifacts):
    context, page, log = open_page(browser, f"{live_server}/?lang=en")
    try:
        with screenshot_on_failure(page, artifacts / "fail-a_legend_click_takes_a_tier_out_and_brings_it_back.png"):
            wait_for_app(page, maps=1, charts=1)
            wait_until_quiet(page, log)
            legend = page.locator(".st-key-tier-legend button", has_text="Unclassified")
            legend.click()
            page.wait_for_function("location.search.includes('tier=')", timeout=30_000)
            wait_for_app(page, maps=1, charts=1)
            wait_until_quiet(page, log)
            pressed = page.locator("[data-testid=stSidebar] button[aria-pressed=true]").all_inner_texts()
            assert "Unclassified" not in " ".join(pressed)
            page.screenshot(path=str(artifacts / "legend-toggle-en.png"))
            page.locator(".st-key-tier-legend button", has_text="Unclassified").click()
            page.wait_for_function("!location.search.includes('tier=')", timeout=30_000)
    finally:
        context.close()
