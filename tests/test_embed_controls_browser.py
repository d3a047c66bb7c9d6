"""An interactive embed (?embed=true&controls=measure) inside an <iframe> on a loopback portal page:
the chosen control is there and works, the map, chart and table tabs switch, and nothing else of the
atlas (sidebar, navigation, share, upload) shows; no request leaves the host."""

import pytest

from browser_helpers import open_page, serve_folder, wait_for_frame

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def portal(tmp_path_factory, live_server):
    """A local page that embeds the rankings view with its measure control, as an intranet portal would."""
    root = tmp_path_factory.mktemp("portal-controls")
    src = f"{live_server}/rankings?lang=en&embed=true&controls=measure"
    (root / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>Portal</title></head><body style='margin:0'>"
        f"<h1>Quarterly briefing</h1><iframe src='{src}' title='atlas' "
        "style='border:0;width:100%;height:1100px'></iframe></body></html>",
        encoding="utf-8",
    )
    with serve_folder(root) as base:
        yield base


def _checked(frame) -> list[str]:
    return frame.locator("[data-testid=stMain] [data-testid=stButtonGroup] button[aria-checked=true]").all_inner_texts()


def test_interactive_embed_in_an_iframe_keeps_its_control_and_it_works(browser, portal, artifacts):
    context, page, requests = open_page(browser, f"{portal}/index.html", 1200, 1200, locale="en-US")
    try:
        frame = page.wait_for_selector("iframe").content_frame()
        wait_for_frame(frame)
        assert (
            frame.locator("[data-testid=stSidebarNav], .st-key-share-popover, [data-testid=stFileUploader]").count()
            == 0
        )
        tabs = frame.get_by_role("tab")
        assert tabs.all_inner_texts() == ["Map", "Chart", "Table"]
        assert _checked(frame) != ["Rank gap"]
        assert "Rank gap" not in frame.locator(".st-key-embed-line").inner_text()

        frame.locator("[data-testid=stMain] [data-testid=stButtonGroup] button", has_text="Rank gap").click()
        frame.wait_for_function("location.search.includes('measure=rank_gap')")
        frame.get_by_text("Largest rank gap", exact=True).wait_for(timeout=60_000)
        wait_for_frame(frame)
        assert _checked(frame) == ["Rank gap"]
        assert "Rank gap" in frame.locator(".st-key-embed-line").inner_text(), "the embed line names the new measure"
        assert "controls=measure" in frame.evaluate("location.search"), "the control stays after its own rerun"
        page.screenshot(path=str(artifacts / "embed-controls-rank-gap.png"))

        frame.get_by_role("tab", name="Table").click()
        frame.locator(
            "[role=tabpanel]:not([hidden]) [data-testid=stDataFrame], [role=tabpanel]:not([hidden]) table"
        ).first.wait_for(timeout=30_000)
        page.screenshot(path=str(artifacts / "embed-controls-table.png"))
        assert page.url == f"{portal}/index.html", "the host page itself never navigates"
        assert requests.off_loopback == []
    finally:
        context.close()
