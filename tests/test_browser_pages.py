"""The pages in Debian's chromium: maps draw, nothing is fetched off the machine, screenshots saved."""

import io

import numpy as np
import pytest
from PIL import Image

from components.palette import PROVINCE_FILL

from browser_helpers import open_page, wait_for_app

pytestmark = pytest.mark.browser

VIEWPORTS = [(1400, 900), (1024, 768)]


def drawn_pixels(page) -> int:
    """How many pixels of the first map canvas differ clearly from the page background."""
    png = page.locator("[data-testid=stDeckGlJsonChart] canvas").first.screenshot()
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    background = np.array([255, 255, 255])
    return int((np.abs(pixels - background).max(axis=2) > 30).sum())


def province_pixels(page) -> int:
    """How many pixels of the first map canvas carry the province fill colour."""
    png = page.locator("[data-testid=stDeckGlJsonChart] canvas").first.screenshot()
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    close = np.abs(pixels - np.array(PROVINCE_FILL[:3])).max(axis=2) <= 6
    return int(close.sum())


@pytest.mark.parametrize("width,height", VIEWPORTS)
def test_rankings_page_draws_offline(browser, live_server, artifacts, width, height):
    context, page, requests = open_page(browser, f"{live_server}/rankings", width, height)
    try:
        wait_for_app(page, maps=1, charts=3)
        assert page.get_by_text("城市排名").first.is_visible()
        assert province_pixels(page) > 5000, "the province layer was not drawn"
        page.screenshot(path=str(artifacts / f"rankings-{width}x{height}.png"), full_page=True)
        assert requests.off_loopback == []
    finally:
        context.close()


@pytest.mark.parametrize("width,height", VIEWPORTS)
def test_overview_page_draws_offline(browser, live_server, artifacts, width, height):
    context, page, requests = open_page(browser, f"{live_server}/", width, height)
    try:
        wait_for_app(page, maps=1, charts=1)
        assert province_pixels(page) > 5000
        page.screenshot(path=str(artifacts / f"overview-{width}x{height}.png"), full_page=True)
        assert requests.off_loopback == []
    finally:
        context.close()


def test_shared_link_reproduces_the_filtered_view(browser, live_server, artifacts):
    context, page, requests = open_page(browser, f"{live_server}/rankings?tier=leading&lang=en&measure=rank_gap")
    try:
        wait_for_app(page, maps=1, charts=3)
        assert page.get_by_text("City rankings").first.is_visible()
        assert "tier=leading" in page.url and "measure=rank_gap" in page.url
        page.screenshot(path=str(artifacts / "rankings-leading-en.png"), full_page=True)
        assert requests.off_loopback == []
    finally:
        context.close()


# (path, maps, charts, tables) for the pages added after the rankings page
OTHER_PAGES = [
    ("/pilots", 1, 2, 2),
    ("/carbon", 1, 2, 0),
    ("/scenarios", 1, 2, 1),
    ("/city?city=440300", 1, 0, 3),
    ("/sources", 0, 0, 3),
    ("/compare?cities=110000,440300,330100", 1, 1, 6),
]


@pytest.mark.parametrize("path,maps,charts,tables", OTHER_PAGES)
def test_every_page_draws_offline(browser, live_server, artifacts, path, maps, charts, tables):
    context, page, requests = open_page(browser, f"{live_server}{path}", 1400, 900)
    try:
        wait_for_app(page, maps=maps, charts=charts, tables=tables)
        assert not page.locator("[data-testid=stException]").count(), "the page raised an exception"
        if maps:
            assert drawn_pixels(page) > 20000, "the map layers were not drawn"
        name = path.strip("/").split("?")[0] or "overview"
        page.screenshot(path=str(artifacts / f"{name}-1400x900.png"), full_page=True)
        assert requests.off_loopback == []
    finally:
        context.close()
