"""Every "Download PNG · SVG · CSV" menu over every map, chart and table on every page opens in
chromium and every file in it downloads with its type (a menu that re-keys itself on each click,
as the carbon map's did inside its fragment, never opens and fails here)."""

import pytest

from browser_helpers import open_page, wait_for_app, wait_until_quiet
from share_helpers import png_size, view_pages

pytestmark = pytest.mark.browser

# (path, maps, charts): every read-only page with what it draws.
PAGES = [
    ("/", 1, 1),
    ("/rankings", 1, 3),
    ("/pilots", 1, 2),
    ("/carbon", 1, 2),
    ("/scenarios", 1, 2),
    ("/city?city=310000", 1, 0),
    ("/compare?cities=110000,440300,330100", 1, 1),
    ("/sources", 0, 0),
    ("/metrics", 1, 0),
]
SIGNATURES = {"png": b"\x89PNG", "svg": b"<svg", "csv": b"\xef\xbb\xbf"}


def test_every_read_only_page_is_listed():
    """A new page joins PAGES, so its exports are opened too."""
    listed = {(path.strip("/").split("?")[0] or "overview") for path, _maps, _charts in PAGES}
    assert listed == set(view_pages())


def _export_keys(page) -> tuple[list[str], list[str]]:
    """Keys of the export menus (charts, maps) and of the single CSV buttons (tables) on the page."""
    keys = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stMain] [class*="st-key-export-"]')]
            .filter(e => !e.closest('[data-testid=stPopoverBody]'))
            .map(e => [...e.classList].find(c => c.startsWith('st-key-export-')).slice(7))"""
    )
    keys = list(dict.fromkeys(keys))
    menus = [key for key in keys if key.rsplit("-", 1)[-1] not in SIGNATURES]
    buttons = [key for key in keys if key.rsplit("-", 1)[-1] in SIGNATURES and key.rsplit("-", 1)[0] not in menus]
    return menus, buttons


def _download(page, requests, key: str, folder) -> bytes:
    button = page.locator(f".st-key-{key} button").first
    button.scroll_into_view_if_needed()
    wait_until_quiet(page, requests)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target.read_bytes()


def _check(key: str, data: bytes) -> None:
    extension = key.rsplit("-", 1)[-1]
    assert data.lstrip()[: len(SIGNATURES[extension])] == SIGNATURES[extension], (key, data[:40])
    if extension == "png":
        width, height = png_size(data)
        assert width >= 600 and height >= 160, (key, width, height)
    elif extension == "csv":
        assert len(data.decode("utf-8-sig").splitlines()) >= 2, key


@pytest.mark.parametrize("path,maps,charts", PAGES, ids=[p[0] for p in PAGES])
def test_every_export_menu_opens_and_every_file_downloads(browser, live_server, tmp_path, path, maps, charts):
    context, page, requests = open_page(browser, f"{live_server}{path}", 1366, 900, accept_downloads=True)
    try:
        wait_for_app(page, maps=maps, charts=charts, tables=0 if maps + charts else 1)
        page.locator("[data-testid=stMain] [class*=st-key-export-]").first.wait_for(timeout=30_000)
        menus, buttons = _export_keys(page)
        assert len(menus) >= maps + charts, (menus, buttons)
        downloaded = {}
        for menu in menus:
            wait_until_quiet(page, requests)
            opener = page.locator(f".st-key-{menu} button").first
            opener.scroll_into_view_if_needed()
            opener.click()
            page.wait_for_selector(f"[data-testid=stPopoverBody] [class*='st-key-{menu}-']", timeout=30_000)
            wait_until_quiet(page, requests)
            inside = page.evaluate(
                f"""() => [...document.querySelectorAll('[data-testid=stPopoverBody] [class*="st-key-{menu}-"]')]
                    .map(e => [...e.classList].find(c => c.startsWith('st-key-{menu}-')).slice(7))"""
            )
            assert inside, f"menu {menu} opened empty"
            for key in dict.fromkeys(inside):
                downloaded[key] = _download(page, requests, key, tmp_path)
            page.keyboard.press("Escape")
            wait_until_quiet(page, requests)
            assert page.locator(f".st-key-{menu}").count() == 1, f"menu {menu} was re-keyed"
        for key in buttons:
            downloaded[key] = _download(page, requests, key, tmp_path)
        for key, data in downloaded.items():
            _check(key, data)
        kinds = {key.rsplit("-", 1)[-1] for key in downloaded}
        assert ("png" in kinds) == bool(maps + charts) and "csv" in kinds
        assert requests.off_loopback == []
    finally:
        context.close()


def test_carbon_year_slider_updates_the_address_bar_at_once(browser, live_server):
    """The slider lives in a fragment (so playing redraws only the map); moving it must still
    write ?year= at once, not at the next full rerun."""
    context, page, requests = open_page(browser, f"{live_server}/carbon", 1366, 900)
    try:
        wait_for_app(page, maps=1, charts=2)
        assert "year=" not in page.url  # the default year is not written
        page.locator(".st-key-year input").first.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("location.search.includes('year=')", timeout=30_000)
        wait_until_quiet(page, requests)
        year = page.evaluate("new URLSearchParams(location.search).get('year')")
        assert year in page.locator("[data-testid=stMain] strong", has_text=year).first.inner_text()
    finally:
        context.close()


def test_table_toolbar_offers_no_unguarded_csv(browser, live_server):
    """st.dataframe's own toolbar download writes formula cells raw; only the app's CSV button
    (which neutralises them) may offer a table as CSV."""
    context, page, _requests = open_page(browser, f"{live_server}/sources?lang=en", 1366, 900)
    try:
        wait_for_app(page, maps=0, tables=1)
        table = page.locator("[data-testid=stDataFrame]").first
        table.hover()
        page.wait_for_selector("[data-testid=stElementToolbar]", state="attached", timeout=30_000)
        labels = page.evaluate(
            """() => [...document.querySelectorAll('[data-testid=stElementToolbar] button')]
                .map(b => (b.getAttribute('aria-label') || '') + ' ' + (b.title || '') + ' ' + b.innerText)"""
        )
        assert labels, "the toolbar is there (search, fullscreen)"
        assert not any("download" in label.lower() or "csv" in label.lower() for label in labels), labels
        # Streamlit draws a button with help twice (a tooltip variant for pointers, a plain one for
        # touch screens) and hides one by CSS: the user sees exactly one.
        own = page.locator(".st-key-export-reports-csv button:visible")
        own.first.wait_for(timeout=30_000)  # drawn after the table on a busy machine
        assert own.count() == 1, "the app's own CSV button"
    finally:
        context.close()
