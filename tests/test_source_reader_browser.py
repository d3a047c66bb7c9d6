"""Reading the source in chromium: a button under the headline, a table row (mouse or keyboard)
and a shared link open the report lines; Esc closes the reader and the link forgets it."""

import pytest

from browser_helpers import open_page, screenshot_on_failure, wait_for_app, wait_until_quiet

pytestmark = pytest.mark.browser


def _dialog(page):
    dialog = page.locator("[role=dialog]")
    dialog.wait_for(timeout=30_000)
    dialog.locator("[data-cited]").first.wait_for(timeout=30_000)
    return dialog


def _cited_lines(dialog) -> list[str]:
    return [text.split("\n")[0].strip() for text in dialog.locator("[data-cited]").all_inner_texts()]


def test_the_headline_button_opens_the_report_lines_and_esc_closes_them(browser, live_server, artifacts):
    context, page, log = open_page(browser, f"{live_server}/rankings?lang=en")
    try:
        with screenshot_on_failure(
            page, artifacts / "fail-the_headline_button_opens_the_report_lines_and_esc_closes_them.png"
        ):
            wait_for_app(page, maps=1, charts=1)
            wait_until_quiet(page, log)
            page.locator(
                ".st-key-read-headline button >> visible=true"
            ).click()  # under the map and chart: the headline's sources
            dialog = _dialog(page)
            assert (
                "Deloitte China, Super Smart Cities: A Happier Society with Higher Quality (2018)"
                in dialog.inner_text()
            )
            assert _cited_lines(dialog) == ["L419"]
            page.wait_for_function("location.search.includes('cite=000%3A419')")
            page.screenshot(path=str(artifacts / "reader-headline-en.png"))
            page.keyboard.press("Escape")
            dialog.wait_for(state="detached", timeout=30_000)
            page.wait_for_function("!location.search.includes('cite=')", timeout=30_000)
            assert log.off_loopback == []
    finally:
        context.close()


def test_the_reader_opens_from_the_keyboard(browser, live_server, artifacts):
    context, page, log = open_page(browser, f"{live_server}/")
    try:
        with screenshot_on_failure(page, artifacts / "fail-the_reader_opens_from_the_keyboard.png"):
            wait_for_app(page, maps=1, charts=1)
            wait_until_quiet(page, log)
            button = page.get_by_role("button", name="查看原文").first  # the map's source line
            button.focus()
            page.keyboard.press("Enter")
            dialog = _dialog(page)
            assert "德勤中国" in dialog.inner_text() and "2022" in dialog.inner_text()
            picker = dialog.get_by_text("引用（")
            assert picker.count() == 1
            page.screenshot(path=str(artifacts / "reader-overview-zh.png"))
    finally:
        context.close()


def test_selecting_a_profile_row_with_shift_space_reads_its_line(browser, live_server, artifacts):
    context, page, log = open_page(browser, f"{live_server}/city?city=440300")
    try:
        with screenshot_on_failure(
            page, artifacts / "fail-selecting_a_profile_row_with_shift_space_reads_its_line.png"
        ):
            wait_for_app(page, maps=1, tables=2)
            wait_until_quiet(page, log)
            rankings = page.locator("[data-testid=stDataFrame]").nth(1)  # tiers, then rankings
            rankings.scroll_into_view_if_needed()
            box = rankings.bounding_box()
            # first data row, second column (the item): focus the cell, then select its row by keyboard
            page.mouse.click(box["x"] + 120, box["y"] + 35 + 17)
            page.keyboard.press("Shift+Space")
            dialog = _dialog(page)
            assert _cited_lines(dialog) == ["L419"]  # 深圳's smart-city rank, 000 line 419
            assert "深圳" in dialog.locator("[data-cited]").first.inner_text()
            page.screenshot(path=str(artifacts / "reader-profile-row-zh.png"))
    finally:
        context.close()


def test_a_shared_link_opens_the_source_in_english(browser, live_server, artifacts):
    context, page, log = open_page(browser, f"{live_server}/city?city=440300&lang=en&cite=001:719-720")
    try:
        with screenshot_on_failure(page, artifacts / "fail-a_shared_link_opens_the_source_in_english.png"):
            wait_for_app(page, maps=1)
            dialog = _dialog(page)
            assert _cited_lines(dialog) == ["L719", "L720"]
            assert "Building Sustainable Super Smart Cities (2022)" in dialog.inner_text()
            page.screenshot(path=str(artifacts / "reader-link-en.png"))
            assert log.off_loopback == []
    finally:
        context.close()
