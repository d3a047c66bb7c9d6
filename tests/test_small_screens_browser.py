"""Phones: every page at 390×844 (an iPhone 12-14 viewport) reads without horizontal scrolling,
the sidebar collapsed behind its button, maps and charts stacked; a full-page screenshot each."""

import pytest

from browser_helpers import open_page, wait_until_quiet
from share_helpers import view_pages

pytestmark = pytest.mark.browser

PHONE = (390, 844)
PAGES = [*view_pages(), "briefing"]
WIDEST = """() => {
  const page = document.documentElement;
  const wide = [...document.querySelectorAll('[data-testid=stMain] *')]
    .filter(el => el.getBoundingClientRect().right > page.clientWidth + 1 && el.getClientRects().length)
    .filter(el => !el.closest('[data-testid=stTable], [data-testid=stCode], [data-testid=stDataFrame]'))
    .slice(0, 5).map(el => el.tagName + '.' + (el.getAttribute('data-testid') || el.className || '').toString().slice(0, 40));
  const main = document.querySelector('[data-testid=stMain]');
  return {scroll: Math.max(page.scrollWidth, main ? main.scrollWidth : 0), client: page.clientWidth, wide};
}"""


@pytest.mark.parametrize("page", PAGES)
def test_page_reads_on_a_phone_without_horizontal_scroll(browser, live_server, artifacts, page):
    path = "" if page == "overview" else page
    context, tab, log = open_page(browser, f"{live_server}/{path}?lang=en", *PHONE, is_mobile=True, has_touch=True)
    try:
        tab.wait_for_selector("h1", timeout=60_000)
        wait_until_quiet(tab, log, 0.8)
        tab.screenshot(path=str(artifacts / f"phone-{page}.png"), full_page=True)
        sidebar = tab.locator("[data-testid=stSidebar]")
        box = sidebar.bounding_box() if sidebar.count() else None
        assert box is None or box["x"] + box["width"] <= 1, f"the sidebar starts collapsed, off screen: {box}"
        measured = tab.evaluate(WIDEST)
        assert measured["scroll"] <= measured["client"], measured
        maps = tab.locator("[data-testid=stDeckGlJsonChart]")
        if maps.count():
            box = maps.first.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0] + 1, "the map fits"
    finally:
        context.close()
