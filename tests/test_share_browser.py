"""Sharing, embedding, exporting and presenting in Debian's chromium, the way people do it.

- a link copied from the Share popover, opened in a fresh browser context, shows the same view;
- ?embed=true inside an <iframe> on a page served from loopback, at 480 px and 1200 px;
- every export of the rankings page downloads with the right type, size and Chinese text;
- the first screen at 1366×768 holds the headline figures, the map and the main chart, in the
  light and the dark theme; presentation mode leads with the key figure.
"""

import io
import warnings

import numpy as np
import pytest
from PIL import Image

from components import chart_files, map_render
from components.filters import LANGUAGE_NAMES
from components.palette import PROVINCE_FILL

from browser_helpers import open_page, serve_folder, wait_for_app, wait_for_frame, wait_until_quiet
from page_visits import CHART, FIGURES, MAP
from share_helpers import png_size
from wording import EN, ZH, words

pytestmark = pytest.mark.browser


def _selected_pills(page) -> list[str]:
    return page.locator(
        "[data-testid=stSidebar] [data-testid=stButtonGroup] button[aria-pressed=true]"
    ).all_inner_texts()


def _visible_state(page) -> dict:
    """What a person sees: title, chosen measure and tiers, headline figures, map title."""
    return {
        "title": page.locator("h1").first.inner_text(),
        "measure": page.locator(
            "[data-testid=stMain] [data-testid=stButtonGroup] button[aria-checked=true]"
        ).all_inner_texts(),
        "tiers": _selected_pills(page),
        "metrics": page.locator("[data-testid=stMetricValue]").all_inner_texts(),
        "map_title": page.locator("h3").first.inner_text(),
        "cities_on_map": page.locator("[data-testid=stMetricValue]").first.inner_text(),
    }


def test_copied_link_reproduces_the_view_in_a_fresh_browser(browser, live_server, artifacts):
    context, page, requests = open_page(browser, f"{live_server}/rankings", 1366, 768)
    try:
        wait_for_app(page, maps=1, charts=3)
        page.locator("[data-testid=stSidebar] button", has_text=LANGUAGE_NAMES["en"]).click()
        page.wait_for_function("location.search.includes('lang=en')")
        wait_for_app(page, maps=1, charts=3)
        page.locator("[data-testid=stMain] [data-testid=stButtonGroup] button", has_text=EN["measure.rank_gap"]).click()
        page.wait_for_function("location.search.includes('measure=rank_gap')")
        wait_for_app(page, maps=1, charts=3)
        page.locator(
            "[data-testid=stSidebar] [data-testid=stButtonGroup] button", has_text=EN["tier.unclassified"]
        ).click()
        page.wait_for_function("location.search.includes('tier=')")
        wait_for_app(page, maps=1, charts=3)
        before = _visible_state(page)
        assert before["measure"] == [EN["measure.rank_gap"]] and EN["tier.unclassified"] not in before["tiers"]
        page.locator(".st-key-share-popover button").first.click()
        link = page.locator("[data-testid=stCode]").first.inner_text().strip()
        assert link.startswith(f"{live_server}/rankings?") and "measure=rank_gap" in link and "lang=en" in link
        page.screenshot(path=str(artifacts / "share-popover.png"))
        assert requests.off_loopback == []
    finally:
        context.close()

    fresh, other, log = open_page(browser, link, 1366, 768, locale="de-DE")  # another machine
    try:
        wait_for_app(other, maps=1, charts=3)
        after = _visible_state(other)
        other.screenshot(path=str(artifacts / "share-link-opened.png"))
        assert after == before
        assert log.off_loopback == []
    finally:
        fresh.close()


@pytest.fixture(scope="module")
def iframe_host(tmp_path_factory, live_server):
    """A loopback web page that embeds the atlas the way an intranet portal would."""
    root = tmp_path_factory.mktemp("portal")
    src = f"{live_server}/rankings?measure=rank_gap&tier=leading&tier=pioneer&embed=true"
    (root / "briefing.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><meta name='viewport' content='width=device-width'>"
        "<title>Briefing</title><style>body{margin:0;font-family:sans-serif}</style></head><body>"
        f"<iframe src='{src}' title='atlas' style='border:0;width:100%;height:1000px'></iframe></body></html>",
        encoding="utf-8",
    )
    (root / "briefing-dark.html").write_text(
        (root / "briefing.html")
        .read_text(encoding="utf-8")
        .replace("embed=true", "embed=true&embed_options=dark_theme"),
        encoding="utf-8",
    )
    with serve_folder(root) as base:
        yield base


@pytest.mark.parametrize("width", [480, 1200])
def test_embedded_view_in_an_iframe(browser, iframe_host, artifacts, width):
    context, page, requests = open_page(browser, f"{iframe_host}/briefing.html", width, 1000)
    try:
        frame = page.wait_for_selector("iframe").content_frame()
        wait_for_frame(frame)
        assert (
            frame.locator("[data-testid=stSidebar]").count() == 0
            or not frame.locator("[data-testid=stSidebar]").is_visible()
        )
        assert frame.locator("[data-testid=stSidebarNav]").count() == 0
        assert frame.locator("[data-testid=stFileUploader], input[type=password], .st-key-share-popover").count() == 0
        assert frame.locator(".st-key-present_switch, [data-testid=stCheckbox]").count() == 0
        line = frame.locator(".st-key-embed-line").inner_text()
        tiers = f"{words('zh', 'filter.tier_of', year=2022)}{ZH['share.line.colon']}{ZH['tier.leading']}、{ZH['tier.pioneer']}"
        measure = f"{ZH['rankings.measure']}{ZH['share.line.colon']}{ZH['measure.rank_gap']}"
        assert tiers in line and measure in line and ZH["share.line.source"] in line
        assert frame.get_by_text(ZH["headline.rankings.gap"]).first.is_visible()  # the figure and its table alternative
        overflow = frame.evaluate(
            "() => { const main = document.querySelector('[data-testid=stMain]');"
            " return main.scrollWidth - main.clientWidth; }"
        )
        assert overflow <= 1, "no sideways scrolling inside the iframe"
        canvas = frame.locator("[data-testid=stDeckGlJsonChart] canvas").first.bounding_box()
        # Full width in a narrow iframe; beside the chart (3:2) in a wide one.
        assert canvas["width"] >= (width - 80 if width < 640 else 0.5 * width), canvas
        page.screenshot(path=str(artifacts / f"embed-{width}.png"))
        assert requests.off_loopback == []
    finally:
        context.close()


def test_embedded_view_in_the_dark_theme(browser, iframe_host, artifacts):
    context, page, _ = open_page(browser, f"{iframe_host}/briefing-dark.html", 1200, 1000)
    try:
        frame = page.wait_for_selector("iframe").content_frame()
        wait_for_frame(frame)
        shot = page.screenshot(path=str(artifacts / "embed-1200-dark.png"))
        pixels = np.asarray(Image.open(io.BytesIO(shot)).convert("RGB"), dtype=int)
        assert pixels[10, 600].sum() < 3 * 80, "dark background"
        assert (np.abs(pixels - np.array(PROVINCE_FILL[:3])).max(axis=2) <= 6).sum() > 5000, "provinces legible"
    finally:
        context.close()


EXPORTS = [
    ("export-rankings_map-png", "png"),
    ("export-rankings_map-csv", "csv"),
    ("export-rank_vs_gdp-png", "png"),
    ("export-rank_vs_gdp-svg", "svg"),
    ("export-rank_vs_gdp-csv", "csv"),
    ("export-ranked_list-csv", "csv"),
    ("export-innovation_bars-png", "png"),
    ("export-gap_bars-svg", "svg"),
]


def _show_export_button(page, requests, key: str) -> None:
    """Make the export button `key` clickable: close another open menu, open its own, let reruns end.

    Opening or closing a menu reruns the page, which gives every download button a new file id;
    a click during that rerun is lost (a person clicks again, a test would wait in vain).
    """
    menu = page.locator(f".st-key-{key.rsplit('-', 1)[0]} button")
    in_open_menu = page.locator(f"[data-testid=stPopoverBody] .st-key-{key} button").count() > 0
    if not in_open_menu and page.locator("[data-testid=stPopoverBody]:visible").count():
        page.keyboard.press("Escape")
        wait_until_quiet(page, requests)
    if menu.count() and not in_open_menu:  # charts and maps: open their "Download PNG · SVG · CSV" menu
        menu.first.scroll_into_view_if_needed()
        menu.first.click()
        page.wait_for_selector(f".st-key-{key} button", timeout=30_000)
    wait_until_quiet(page, requests)


@pytest.fixture(scope="module")
def downloads(browser, live_server, tmp_path_factory):
    """Click every export button of the rankings page (Chinese interface) and keep the files."""
    folder = tmp_path_factory.mktemp("downloads")
    context, page, requests = open_page(browser, f"{live_server}/rankings", 1366, 900, accept_downloads=True)
    files = {}
    try:
        wait_for_app(page, maps=1, charts=3)
        for key, _extension in EXPORTS:
            _show_export_button(page, requests, key)
            # (Streamlit draws a second, hidden copy of each button to measure its label.)
            button = page.locator(f".st-key-{key} button").first
            button.scroll_into_view_if_needed()
            with page.expect_download(timeout=60_000) as info:
                button.click()
            download = info.value
            target = folder / download.suggested_filename
            download.save_as(target)
            files[key] = target
        assert requests.off_loopback == []
    finally:
        context.close()
    return files


@pytest.mark.parametrize("key,extension", EXPORTS)
def test_each_export_downloads_with_its_type(downloads, key, extension):
    path = downloads[key]
    assert path.suffix == f".{extension}" and path.name.startswith("atlas-rankings-") and "-zh." in path.name
    data = path.read_bytes()
    if extension == "png":
        width, height = png_size(data)
        assert (width, height) == map_render.MAP_SIZE if "map" in key else width >= 2 * chart_files.CHART_WIDTH
        assert len(data) > 20_000
    elif extension == "svg":
        text = data.decode("utf-8")
        assert text.lstrip().startswith("<svg") and "Noto Sans SC" in text
        assert "排名" in text, "Chinese text is text in the SVG"
    else:
        assert data.startswith(b"\xef\xbb\xbf")
        text = data.decode("utf-8-sig")
        header = text.splitlines()[0]
        assert ZH["col.city"] in header or ZH["share.csv.place"] in header, header
        assert len(text.splitlines()) >= 12


def _title_band(png: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    return np.asarray(image.crop((0, int(0.02 * height), int(0.45 * width), int(0.1 * height))), dtype=int)


def test_downloaded_map_png_sets_its_chinese_title_in_the_cjk_font(downloads, monkeypatch):
    """Compare the title area with renders of the same title with and without the CJK font."""
    png = downloads["export-rankings_map-png"].read_bytes()
    deck = '{"layers": [], "initialViewState": {"longitude": 104.5, "latitude": 35.5, "zoom": 2.65}}'
    title = "地图：智能城市排名"
    with_font = map_render.map_png(deck, title=title)
    monkeypatch.setattr(map_render, "_mpl_font", "DejaVu Sans")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        without_font = map_render.map_png(deck, title=title)
    band = _title_band(png)
    assert np.abs(band - _title_band(with_font)).mean() < 2, "the title is set like the CJK render"
    assert np.abs(band - _title_band(without_font)).mean() > 2, "and unlike the tofu render"


def test_downloaded_chart_png_has_a_chinese_title(downloads):
    png = downloads["export-rank_vs_gdp-png"].read_bytes()
    image = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=int)
    title = image[: image.shape[0] // 12]
    assert (title < 128).sum() > 1000, "ink in the title area"


FIRST_SCREENS = [  # (path, what must be on the first screen)
    ("/", (FIGURES, MAP, CHART)),
    ("/rankings", (FIGURES, MAP, CHART)),
    ("/pilots", (FIGURES, MAP, CHART)),
    ("/carbon", (FIGURES, MAP, CHART)),
    ("/scenarios", (FIGURES, MAP, CHART)),
    ("/city?city=440300", (FIGURES, MAP)),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path,required", FIRST_SCREENS)
def test_first_screen_holds_figures_map_and_main_chart(visits, path, required, scheme):
    seen = visits(path, 1366, 768, scheme)  # opened once, shared with test_browser_pages.py
    for selector in required:
        box = seen.boxes[selector]
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= 768, f"{selector} below the fold: {box}"
    pixels = np.asarray(Image.open(io.BytesIO(seen.screenshot)).convert("RGB"), dtype=int)
    background = pixels[300, 1350].sum() / 3
    assert (background < 80) if scheme == "dark" else (background > 200)
    box = seen.boxes[MAP]
    drawn = pixels[int(box["y"]) : int(box["y"] + box["height"]), int(box["x"]) : int(box["x"] + box["width"])]
    page_colour = pixels[300, 1350]
    assert (np.abs(drawn - page_colour).max(axis=2) > 30).sum() > 20000, "the map layers were drawn"


def test_presentation_mode_projects_the_key_figure(browser, live_server, artifacts):
    context, page, _ = open_page(browser, f"{live_server}/rankings?present=1&measure=rank_gap", 1366, 768)
    try:
        wait_for_app(page, maps=1, charts=1)
        page.screenshot(path=str(artifacts / "present-rankings.png"))
        assert page.locator(".atlas-lead-figure").inner_text() == "+15"
        size = page.locator(".atlas-lead-takeaway").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 24
        assert (
            page.locator("[data-testid=stSidebar]").count() == 0
            or not page.locator("[data-testid=stSidebar]").is_visible()
        )
        assert page.locator("[class*=st-key-export-]").count() == 0
        page.locator(".st-key-present_switch label").first.click()  # back to the normal view, same choices
        page.wait_for_function("!location.search.includes('present')")
        wait_for_app(page, maps=1, charts=3)
        assert "present" not in page.url and "measure=rank_gap" in page.url
        assert page.locator(".atlas-lead").count() == 0
    finally:
        context.close()
