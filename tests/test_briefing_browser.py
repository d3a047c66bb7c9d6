"""A presenter builds a briefing in chromium: three pages, "Add to briefing" on each, the briefing
page, a title, the PowerPoint download; timed, and the deck opened to check what it holds."""

import io
import time

import pytest
from pptx import Presentation

from browser_helpers import open_page, wait_until_quiet

pytestmark = pytest.mark.browser

BUDGET_SECONDS = 60


def _add(page, log) -> None:
    page.locator(".st-key-briefing-add button").first.click()
    page.locator("[data-testid=stToast]").last.wait_for(timeout=30_000)
    wait_until_quiet(page, log, 0.5)


def _go(page, log, name: str) -> None:
    page.locator("[data-testid=stSidebarNav] a", has_text=name).first.click()
    page.wait_for_function(
        "name => document.querySelector('h1') && document.querySelector('h1').innerText.includes(name)",
        arg=name,
        timeout=30_000,
    )
    wait_until_quiet(page, log, 0.5)


def test_five_slide_deck_from_three_pages_in_under_a_minute(browser, live_server, artifacts):
    context, page, log = open_page(browser, f"{live_server}/?lang=en", 1366, 900, accept_downloads=True)
    try:
        started = time.monotonic()
        page.locator(".st-key-briefing-add button").first.wait_for(timeout=60_000)
        wait_until_quiet(page, log, 0.5)
        _add(page, log)  # Overview: the national map and the tier split
        _go(page, log, "City rankings")
        page.locator("[data-testid=stMain] [data-testid=stButtonGroup] button", has_text="Rank gap").click()
        page.wait_for_function("location.search.includes('measure=rank_gap')")
        wait_until_quiet(page, log, 0.5)
        _add(page, log)  # the rank gap view
        _go(page, log, "Pilot")  # nav "Pilots", title "Pilot distribution"
        _add(page, log)
        _go(page, log, "Briefing")
        page.get_by_label("Briefing title").fill("Smart cities: where China stands")
        page.get_by_label("Briefing title").press("Enter")
        wait_until_quiet(page, log, 0.5)
        page.screenshot(path=str(artifacts / "briefing-page.png"), full_page=True)
        with page.expect_download(timeout=60_000) as download_info:
            page.locator(".st-key-briefing-pptx button").first.click()
        data = download_info.value.path().read_bytes()
        elapsed = time.monotonic() - started
        (artifacts / "briefing-flow.pptx").write_bytes(data)
        (artifacts / "briefing-flow-seconds.txt").write_text(f"{elapsed:.1f}\n")
        assert log.off_loopback == []
    finally:
        context.close()

    deck = Presentation(io.BytesIO(data))
    slides = list(deck.slides)
    assert len(slides) == 5, "title slide, three views, sources slide"
    assert slides[0].shapes[0].text_frame.text == "Smart cities: where China stands"
    charts = [shape.chart for slide in slides[1:4] for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 3, "each view's main chart is a native chart"
    assert "Rank gap" in " ".join(shape.text_frame.text for shape in slides[2].shapes if shape.has_text_frame)
    sources = " ".join(shape.text_frame.text for shape in slides[4].shapes if shape.has_text_frame)
    assert "Deloitte" in sources and "德勤" not in sources, "the sources slide in the briefing's language"
    for slide in slides[1:4]:
        notes = slide.notes_slide.notes_text_frame.text
        assert ":L" in notes and "Basis" in notes and live_server in notes
    assert elapsed < BUDGET_SECONDS, f"building the deck took {elapsed:.1f} s"
