"""The pages in Debian's chromium: maps draw, nothing is fetched off the machine, screenshots saved.

Each page is opened once per screen size (tests/page_visits.py) and the tests here, like the
first-screen tests in test_share_browser.py, read what that visit saw.
"""

import io

import numpy as np
import pytest
from PIL import Image

from components.palette import PROVINCE_FILL

from wording import EN, ZH

pytestmark = pytest.mark.browser

VIEWPORTS = [(1366, 768), (1024, 768)]


def drawn_pixels(canvas_png: bytes) -> int:
    """How many pixels of a map canvas differ clearly from the page background."""
    pixels = np.asarray(Image.open(io.BytesIO(canvas_png)).convert("RGB"), dtype=int)
    background = np.array([255, 255, 255])
    return int((np.abs(pixels - background).max(axis=2) > 30).sum())


def province_pixels(canvas_png: bytes) -> int:
    """How many pixels of a map canvas carry the province fill colour."""
    pixels = np.asarray(Image.open(io.BytesIO(canvas_png)).convert("RGB"), dtype=int)
    close = np.abs(pixels - np.array(PROVINCE_FILL[:3])).max(axis=2) <= 6
    return int(close.sum())


@pytest.mark.parametrize("width,height", VIEWPORTS)
def test_rankings_page_draws_offline(visits, width, height):
    seen = visits("/rankings", width, height)
    assert seen.title == ZH["rankings.title"]
    assert province_pixels(seen.map_canvas) > 5000, "the province layer was not drawn"
    assert seen.off_loopback == []


@pytest.mark.parametrize("width,height", VIEWPORTS)
def test_overview_page_draws_offline(visits, width, height):
    seen = visits("/", width, height)
    assert province_pixels(seen.map_canvas) > 5000
    assert seen.off_loopback == []


def test_shared_link_reproduces_the_filtered_view(visits):
    seen = visits("/rankings?tier=leading&lang=en&measure=rank_gap")
    assert seen.title == EN["rankings.title"]
    assert "tier=leading" in seen.url and "measure=rank_gap" in seen.url
    assert seen.off_loopback == []


OTHER_PAGES = [
    "/pilots",
    "/carbon",
    "/scenarios",
    "/city?city=440300",
    "/sources",
    "/compare?cities=110000,440300,330100",
]


@pytest.mark.parametrize("path", OTHER_PAGES)
def test_every_page_draws_offline(visits, path):
    seen = visits(path)
    assert seen.exceptions == 0, "the page raised an exception"
    if seen.map_canvas is not None:
        assert drawn_pixels(seen.map_canvas) > 20000, "the map layers were not drawn"
    assert seen.off_loopback == []
