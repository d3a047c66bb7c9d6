"""Regenerate the README screenshots: start the app, open each page in Debian chromium, save PNGs.

Besides the pages: the first screen at 1366×768 in the light and dark themes, presentation mode,
the Share popover, the embedded view in an <iframe> at 480 and 1200 px (served from loopback),
and a map and a chart exactly as their PNG downloads come out (docs/sharing.md shows them).

Usage: .venv/bin/python scripts/take_screenshots.py [--out docs/screenshots] [--only pilots,carbon-en]
"""

import argparse
import http.server
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_helpers import (  # noqa: E402
    BROWSER_ARGS,
    open_page,
    wait_for_app,
    wait_for_frame,
    wait_for_paint,
    wait_until_quiet,
)
from server_helpers import serve_app  # noqa: E402

# (file name, path and query, maps to wait for, charts to wait for, viewport[, colour scheme])
SHOTS: list[tuple] = [
    ("overview.png", "/", 1, 1, (1400, 900)),
    ("overview-en.png", "/?lang=en", 1, 1, (1400, 900)),
    ("rankings.png", "/rankings", 1, 3, (1400, 900)),
    ("rankings-1024.png", "/rankings?measure=innovation_score", 1, 3, (1024, 768)),
    ("pilots.png", "/pilots", 1, 2, (1400, 900)),
    ("carbon.png", "/carbon", 1, 2, (1400, 900)),
    ("scenarios.png", "/scenarios", 1, 2, (1400, 900)),
    ("city.png", "/city?city=440300", 1, 0, (1400, 900)),
    ("sources.png", "/sources", 0, 0, (1400, 900)),
    ("pilots-en.png", "/pilots?lang=en&view=europe", 1, 2, (1400, 900)),
    ("carbon-en.png", "/carbon?lang=en&year=2028", 1, 2, (1400, 900)),
    ("rankings-en.png", "/rankings?lang=en", 1, 3, (1400, 900)),
    ("scenarios-en.png", "/scenarios?lang=en", 1, 2, (1400, 900)),
    ("city-en.png", "/city?city=440300&lang=en", 1, 0, (1400, 900)),
    ("metrics.png", "/metrics", 1, 0, (1400, 900)),
    ("metrics-en.png", "/metrics?lang=en", 1, 0, (1400, 900)),
    ("first-screen-overview.png", "/", 1, 1, (1366, 768)),
    ("first-screen-rankings.png", "/rankings", 1, 1, (1366, 768)),
    ("first-screen-overview-dark.png", "/?lang=en", 1, 1, (1366, 768), "dark"),
    ("first-screen-rankings-dark.png", "/rankings?measure=rank_gap", 1, 1, (1366, 768), "dark"),
    ("present-overview.png", "/?present=1", 1, 1, (1366, 768)),
    ("present-rankings.png", "/rankings?present=1&measure=rank_gap", 1, 1, (1366, 768)),
]
# (file name, iframe src path, viewport width, embed options): the portal page embedding the atlas.
EMBED_SHOTS = [
    ("embed-480.png", "/rankings?measure=rank_gap&tier=leading&tier=pioneer", 480, ""),
    ("embed-1200.png", "/?tier=leading&tier=pioneer&tier=exploring", 1200, ""),
    ("embed-1200-dark.png", "/rankings?measure=innovation_score", 1200, "&embed_options=dark_theme"),
]
# (file name, page, export menu key, button key): files as the download buttons deliver them.
EXPORT_SHOTS = [
    ("export-map-rankings.png", "/rankings?measure=rank_gap", "export-rankings_map", "export-rankings_map-png"),
    ("export-chart-rank_vs_gdp.png", "/rankings", "export-rank_vs_gdp", "export-rank_vs_gdp-png"),
]


class _Portal(http.server.BaseHTTPRequestHandler):
    """A stand-in intranet page: an <iframe> of ?src= on the atlas, full width, 1000 px high."""

    atlas = ""

    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)
        src = self.atlas + query.get("src", ["/"])[0]
        src += ("&" if "?" in src else "?") + "embed=true" + query.get("options", [""])[0]
        body = (
            f"<!doctype html><meta charset='utf-8'><body style='margin:0'><iframe src='{src}' "
            "style='border:0;width:100%;height:1000px'></iframe>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def portal_server(atlas: str) -> str:
    handler = type("Portal", (_Portal,), {"atlas": atlas})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def embedded(browser, url: str, width: int, options: str, out: Path) -> None:
    base, _, src = url.partition("?src=")
    context, page, _ = open_page(browser, f"{base}?src={quote(src)}&options={quote(options)}", width, 1000)
    wait_for_frame(page.wait_for_selector("iframe").content_frame())
    page.screenshot(path=str(out))
    print(f"{out.name}: iframe {width} px")
    context.close()


def share_popover(browser, base: str, out: Path) -> None:
    context, page, _ = open_page(browser, f"{base}/rankings?measure=rank_gap&tier=leading&tier=pioneer", 1366, 768)
    wait_for_app(page, maps=1, charts=1)
    page.locator(".st-key-share-popover button").first.click()
    page.wait_for_selector("[data-testid=stCode]")
    wait_for_paint(page)
    page.screenshot(path=str(out), animations="disabled")  # the popover as it ends its opening transition
    print(f"{out.name}: Share popover")
    context.close()


def download(browser, url: str, menu: str, button: str, out: Path) -> None:
    context, page, log = open_page(browser, url, 1366, 900, accept_downloads=True)
    wait_for_app(page, maps=1, charts=1)
    page.locator(f".st-key-{menu} button").first.click()
    page.wait_for_selector(f".st-key-{button} button")
    wait_until_quiet(page, log)
    with page.expect_download(timeout=60_000) as info:
        page.locator(f".st-key-{button} button").first.click()
    info.value.save_as(out)
    print(f"{out.name}: downloaded {info.value.suggested_filename}")
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", default="", help="comma-separated page shots (file names without .png); no extras")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    only = {name for name in args.only.split(",") if name}
    from playwright.sync_api import sync_playwright

    scratch = Path(tempfile.mkdtemp())
    with serve_app(scratch / "atlas.duckdb", scratch / "streamlit.log") as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=BROWSER_ARGS)
        for shot in SHOTS:
            name, path, maps, charts, (width, height) = shot[:5]
            if only and name.removesuffix(".png") not in only:
                continue
            scheme = str(shot[5]) if len(shot) > 5 else "light"
            context, page, requests = open_page(browser, base + path, width, height, color_scheme=scheme)
            wait_for_app(page, maps=maps, charts=charts)
            page.screenshot(path=str(args.out / name))
            print(f"{name}: {width}x{height}, requests off loopback: {len(requests.off_loopback)}")
            context.close()
        if only:
            browser.close()
            return
        share_popover(browser, base, args.out / "share-popover.png")
        portal = portal_server(base)
        for name, src, width, options in EMBED_SHOTS:
            embedded(browser, f"{portal}/?src={src}", width, options, args.out / name)
        for name, path, menu, button in EXPORT_SHOTS:
            download(browser, base + path, menu, button, args.out / name)
        browser.close()


if __name__ == "__main__":
    main()
