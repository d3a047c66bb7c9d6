"""Regenerate the README screenshots: start the app, open each page in Debian chromium, save PNGs.

Usage: .venv/bin/python scripts/take_screenshots.py [--out docs/screenshots]
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_helpers import open_page, wait_for_app  # noqa: E402

# (file name, path and query, maps to wait for, charts to wait for, viewport)
SHOTS = [
    ("overview.png", "/", 1, 1, (1400, 900)),
    ("overview-en.png", "/?lang=en", 1, 1, (1400, 900)),
    ("rankings.png", "/rankings", 1, 3, (1400, 900)),
    ("rankings-1024.png", "/rankings?measure=innovation_score", 1, 3, (1024, 768)),
]

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--use-angle=swiftshader",
                "--enable-unsafe-swiftshader"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, database: Path) -> subprocess.Popen:
    env = dict(os.environ, ATLAS_DB=str(database))
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
         "--server.port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the app did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = start_server(port, Path(tempfile.mkdtemp()) / "atlas.duckdb")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=BROWSER_ARGS)
            for name, path, maps, charts, (width, height) in SHOTS:
                context, page, requests = open_page(browser, f"http://127.0.0.1:{port}{path}", width, height)
                wait_for_app(page, maps=maps, charts=charts)
                page.screenshot(path=str(args.out / name))
                print(f"{name}: {width}x{height}, requests off loopback: {len(requests.off_loopback)}")
                context.close()
            browser.close()
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
