"""What viewers feel, per page, in one run: the atlas as it is, the atlas before the rerun work
(BASELINE, taken from git), and a bare Streamlit page with one small pydeck chart.

The atlas now and the bare page are started as `make run` starts the app (scripts/streamlit_run.py:
`streamlit run` with Nagle's algorithm off); the atlas before, as it was then, with plain `streamlit
run`, and the bare page a second time that way, to show what the launcher changes. All servers run
side by side; page by page, "now" and "before" are measured one after the other.

    python benchmarks/bench_pages.py            # the whole table (make bench-pages)
    python benchmarks/bench_pages.py --no-browser --pages overview,pilots --reruns 40

Server, over Streamlit's websocket protocol (streamlit_client.py), one session per page and variant:
- first view: bytes a fresh session receives for the page, plus the boundary files its maps load
  by URL (fetched once per session, as a browser caches them);
- filter change: bytes per rerun while cycling through the page's filter states (common.PAGES);
- CPU: the server process's CPU time per warm rerun (every thread: script, event loop, GC),
  median and p95 over `--reruns` reruns cycling through the same states after one warm-up cycle;
  wall: from sending rerun_script to script_finished.

Browser (Debian chromium through Playwright, loopback, software WebGL), per page with a map:
- navigation → drawn map: from navigation start to the first frame that draws the map as it ends up
  (WebGL draw calls are counted per animation frame; "as it ends up" = the same draw calls and
  primitives as the last frame once the page is quiet), fresh browser context (cold cache) each time;
- filter click → redrawn map: from the click on a sidebar tier pill to the first frame drawing the
  new map, in one loaded page.

Targets (issue 10): CPU ≤ 30 ms median, wall ≤ 60 ms median, filter change ≤ 50 KB, first view
≤ 400 KB, navigation ≤ 1.3 × the bare page, click → redrawn ≤ 0.5 s. The machine is shared: the
load average is printed with the table.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from common import LAUNCHER, PAGES, ROOT, STREAMLIT_RUN, Server, load_average, percentile, serve

sys.path.insert(0, str(ROOT / "tests"))
from browser_helpers import DRAW_PROBE

# Main just before the rerun work changed the app (geometry by URL, caching): the "before" column is
# served from it, in the same run.
BASELINE = "953b2e420d8bd009147b3555200c910ddf25ac16"
BARE = ROOT / "benchmarks" / "bare_app.py"
BARE_QUERIES = ["group=a&group=b&group=c", "group=a", "group=a&group=b", "group=c"]
MAP_PAGES = ("overview", "rankings", "pilots", "carbon", "scenarios", "city", "metrics")
CLICK_PAGES = ("overview", "rankings", "pilots", "carbon", "scenarios", "metrics")  # the tier filter redraws their map
TARGETS = {"cpu": 30.0, "wall": 60.0, "change_kb": 50.0, "first_kb": 400.0, "nav_ratio": 1.3, "click_s": 0.5}


@dataclass
class Variant:
    name: str
    script: Path
    queries: dict[str, tuple[str, list[str]]]
    command: list[str] = field(default_factory=lambda: list(LAUNCHER))  # how the server is started


@dataclass
class Figures:
    first_bytes: int = 0
    first_geometry: int = 0
    change_bytes: list[int] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    wall_ms: list[float] = field(default_factory=list)
    nav_s: list[float] = field(default_factory=list)
    click_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Server side
# ---------------------------------------------------------------------------------------------


def _static_urls(spec: str) -> list[str]:
    """The data URLs a deck loads by itself (boundary files), from its JSON."""
    deck = json.loads(spec)
    return [layer["data"] for layer in deck.get("layers", []) if isinstance(layer.get("data"), str)]


def _transfer_size(server: Server, url: str) -> int:
    """Bytes a browser receives for `url` (compressed when the server compresses)."""
    absolute = url if "://" in url else server.url.split("/", 3)[0] + "//" + server.url.split("/", 3)[2] + url
    request = urllib.request.Request(absolute, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return len(response.read())


def server_figures(server: Server, path: str, queries: list[str], reruns: int) -> Figures:
    from streamlit_client import Session

    figures = Figures()
    with Session(server.url) as session:
        first = session.rerun(path, queries[0])
        figures.errors += first.exceptions
        figures.first_bytes = first.bytes
        seen: set[str] = set()
        for spec in (proto.json for kind, proto in first.elements if kind == "deck_gl_json_chart"):
            for url in _static_urls(spec):
                if url not in seen:
                    seen.add(url)
                    figures.first_geometry += _transfer_size(server, url)
        for query in queries[1:] + queries[:1]:  # warm-up: every state once
            session.rerun(path, query)
        for index in range(reruns):
            query = queries[(index + 1) % len(queries)]
            before = server.cpu_seconds()
            result = session.rerun(path, query)
            figures.cpu_ms.append((server.cpu_seconds() - before) * 1000)
            figures.wall_ms.append(result.seconds * 1000)
            figures.change_bytes.append(result.bytes)
            figures.errors += result.exceptions
    return figures


# ---------------------------------------------------------------------------------------------
# Browser side
# ---------------------------------------------------------------------------------------------


def _settle(page, timeout: float = 60.0) -> None:
    """Wait until no rerun runs and no frame has been drawn for a while (the map is final)."""
    deadline = time.monotonic() + timeout
    page.wait_for_selector("[data-testid=stDeckGlJsonChart] canvas", timeout=timeout * 1000)
    while time.monotonic() < deadline:
        quiet = page.evaluate(
            """() => !document.querySelector('[data-testid=stStatusWidget]')
                  && window.__draws.length > 0
                  && performance.now() - window.__draws[window.__draws.length - 1].end > 1500"""
        )
        if quiet:
            return
        page.wait_for_timeout(100)
    raise TimeoutError("the map did not settle")


def _drawn_at(page, since: float) -> float | None:
    """Time of the first frame after `since` that draws what the last frame draws."""
    frames = page.evaluate("window.__draws")
    final = frames[-1]
    for frame in frames:
        if frame["start"] >= since and frame["calls"] == final["calls"] and frame["prims"] == final["prims"]:
            return frame["end"]
    return None


def browser_figures(browser, url: str, clicks: bool, navigations: int, click_count: int) -> Figures:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    figures = Figures()
    page = context = None
    for _ in range(navigations):
        if context is not None:
            context.close()
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        context.add_init_script(DRAW_PROBE)
        page = context.new_page()
        page.goto(url, wait_until="commit")
        _settle(page)
        drawn = _drawn_at(page, 0.0)
        if drawn is not None:
            figures.nav_s.append(drawn / 1000)
    if clicks and page is not None:
        # The sidebar's last button group: the tier pills (the bare page's group pills).
        pills = page.locator("[data-testid=stSidebar] [data-testid=stButtonGroup]").last.locator("button")
        for index in range(click_count):
            page.evaluate("window.__click = null")
            pills.nth(2 if index % 2 == 0 else 1).click()  # exploring off, pioneer off, exploring on…
            page.mouse.move(2, 890)  # off the pill: its help tooltip would cover the next one
            page.wait_for_function("window.__click !== null")
            clicked = page.evaluate("window.__click")
            with contextlib.suppress(PlaywrightTimeout):  # no new frame at all: reported below
                page.wait_for_function("window.__draws.some(frame => frame.start > window.__click)", timeout=20_000)
            _settle(page)
            drawn = _drawn_at(page, clicked)
            if drawn is None:
                figures.errors.append("a filter click drew no new map")
            else:
                figures.click_s.append((drawn - clicked) / 1000)
    if context is not None:
        context.close()
    return figures


@contextlib.contextmanager
def chromium() -> Iterator:
    from playwright.sync_api import sync_playwright

    from browser_helpers import BROWSER_ARGS

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        raise SystemExit("Debian chromium is needed (apt-get install chromium fonts-wqy-microhei), or --no-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def baseline_checkout(commit: str) -> Iterator[Path]:
    """The app as it was at `commit` (git archive into a temporary folder), with its own database."""
    folder = Path(tempfile.mkdtemp(prefix="atlas-baseline-"))
    try:
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def variant_server(variant: Variant) -> Iterator[Server]:
    """Serve the variant's script with its own fresh database (built before the clock starts)."""
    script = variant.script
    database = Path(tempfile.mkdtemp(prefix="atlas-bench-db-")) / "atlas.duckdb"
    environment = dict(os.environ, ATLAS_DB=str(database))
    if script != BARE:
        subprocess.run([sys.executable, "-m", "queries.build"], cwd=script.parent, env=environment, check=True)
    saved = os.environ.get("ATLAS_DB")
    os.environ["ATLAS_DB"] = str(database)
    try:
        with serve(script, cwd=script.parent if script != BARE else ROOT, command=variant.command) as server:
            yield server
    finally:
        if saved is None:
            os.environ.pop("ATLAS_DB", None)
        else:
            os.environ["ATLAS_DB"] = saved
        shutil.rmtree(database.parent, ignore_errors=True)


def measure_page(variant: Variant, server: Server, name: str, options, browser) -> Figures:
    path, queries = variant.queries[name]
    print(f"  {variant.name}: {name} …", file=sys.stderr, flush=True)
    figures = server_figures(server, path, queries, options.reruns)
    if browser is not None and (name in MAP_PAGES or name == "bare"):
        url = f"{server.url}/{path}?{queries[0]}"
        clicks = name in CLICK_PAGES or name == "bare"
        try:
            seen = browser_figures(browser, url, clicks, options.navigations, options.clicks)
            figures.nav_s, figures.click_s = seen.nav_s, seen.click_s
            figures.errors += seen.errors
        except Exception as error:
            figures.errors.append(f"browser: {error!r}"[:300])
    return figures


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _kb(value: float) -> str:
    return f"{value / 1024:,.0f} KB" if value >= 10 * 1024 else f"{value / 1024:.1f} KB"


def table(before: dict[str, Figures], now: dict[str, Figures], bare: Figures, plain: Figures) -> str:
    """One Markdown row per page: before → now for each figure, and whether the target is met."""
    bare_nav = _median(bare.nav_s)
    rows = [
        "| page | CPU ms per warm rerun, median / p95 | wall ms, median | filter change, median bytes "
        "| first view (+ boundary files) | navigation → drawn map | filter click → redrawn map |",
        "|---|---|---|---|---|---|---|",
    ]

    def mark(ok: bool | None) -> str:
        return "" if ok is None else (" ✓" if ok else " ✗")

    def cpu(figures: Figures) -> str:
        return f"{statistics.median(figures.cpu_ms):.0f} / {percentile(figures.cpu_ms, 0.95):.0f}"

    def nav(figures: Figures) -> str:
        value = _median(figures.nav_s)
        if value is None:
            return "–"
        ratio = f" ({value / bare_nav:.1f}×)" if bare_nav else ""
        return f"{value:.2f} s{ratio}"

    def click(figures: Figures) -> str:
        value = _median(figures.click_s)
        return "–" if value is None else f"{value:.2f} s"

    def first(figures: Figures) -> str:
        extra = f" + {_kb(figures.first_geometry)}" if figures.first_geometry else ""
        return _kb(figures.first_bytes) + extra

    for name, after in now.items():
        old = before.get(name)
        cpu_ok = statistics.median(after.cpu_ms) <= TARGETS["cpu"]
        wall_ok = statistics.median(after.wall_ms) <= TARGETS["wall"]
        change_ok = statistics.median(after.change_bytes) <= TARGETS["change_kb"] * 1024
        first_ok = after.first_bytes + after.first_geometry <= TARGETS["first_kb"] * 1024
        nav_value = _median(after.nav_s)
        nav_ok = None if nav_value is None or not bare_nav else nav_value <= TARGETS["nav_ratio"] * bare_nav
        click_value = _median(after.click_s)
        click_ok = None if click_value is None else click_value <= TARGETS["click_s"]

        def pair(text_of, figures_before=old, figures_after=after) -> str:
            return f"{text_of(figures_before)} → {text_of(figures_after)}" if figures_before else text_of(figures_after)

        rows.append(
            f"| {name} | {pair(cpu)}{mark(cpu_ok)} "
            f"| {pair(lambda f: f'{statistics.median(f.wall_ms):.0f}')}{mark(wall_ok)} "
            f"| {pair(lambda f: _kb(statistics.median(f.change_bytes)))}{mark(change_ok)} "
            f"| {pair(first)}{mark(first_ok)} "
            f"| {pair(nav)}{mark(nav_ok)} "
            f"| {pair(click)}{mark(click_ok)} |"
        )
    for label, figures in (
        ("bare page (one small pydeck chart)", bare),
        ("bare page, plain `streamlit run` (Nagle on)", plain),
    ):
        rows.append(
            f"| {label} | {cpu(figures)} | {statistics.median(figures.wall_ms):.0f} "
            f"| {_kb(statistics.median(figures.change_bytes))} | {first(figures)} | {nav(figures)} | {click(figures)} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated: " + ", ".join(PAGES))
    parser.add_argument("--reruns", type=int, default=24, help="measured warm reruns per page (default 24)")
    parser.add_argument("--navigations", type=int, default=3, help="browser navigations per page (default 3)")
    parser.add_argument("--clicks", type=int, default=4, help="filter clicks per page (default 4)")
    parser.add_argument("--no-browser", action="store_true", help="server figures only")
    parser.add_argument("--no-baseline", action="store_true", help=f"skip the 'before' column (commit {BASELINE[:7]})")
    parser.add_argument("--json", type=Path, help="also write every sample to this file")
    options = parser.parse_args()
    pages = [page for page in options.pages.split(",") if page]
    started = time.monotonic()
    loads = [load_average()]
    bare_pages = {"bare": ("", BARE_QUERIES)}
    with contextlib.ExitStack() as stack:
        browser = None if options.no_browser else stack.enter_context(chromium())
        variants = [
            Variant("bare", BARE, bare_pages),
            Variant("bare-plain", BARE, bare_pages, STREAMLIT_RUN),
            Variant("now", ROOT / "app.py", PAGES),
        ]
        if not options.no_baseline:  # as it was then: started with plain `streamlit run`
            folder = stack.enter_context(baseline_checkout(BASELINE))
            variants.append(Variant("before", folder / "app.py", PAGES, STREAMLIT_RUN))
        servers = {variant.name: stack.enter_context(variant_server(variant)) for variant in variants}
        results: dict[str, dict[str, Figures]] = {variant.name: {} for variant in variants}
        for variant in variants[:2]:
            results[variant.name]["bare"] = measure_page(variant, servers[variant.name], "bare", options, browser)
        for index, name in enumerate(pages):  # now and before side by side, page by page
            for variant in variants[2:]:
                results[variant.name][name] = measure_page(variant, servers[variant.name], name, options, browser)
            if index == len(pages) // 2:
                loads.append(load_average())
        loads.append(load_average())
    now, before = results["now"], results.get("before", {})
    bare, plain = results["bare"]["bare"], results["bare-plain"]["bare"]
    print(f"\nPer page, before ({BASELINE[:7]}) → now, against the bare page; ✓/✗ = issue 10's target.")
    print(
        f"Load average (1 / 5 / 15 min) at start, middle, end: {' · '.join(loads)}; {time.monotonic() - started:.0f} s\n"
    )
    print(table(before, now, bare, plain))
    errors = {
        f"{variant} {name}": f.errors
        for variant, results in (("now", now), ("before", before))
        for name, f in results.items()
        if f.errors
    }
    if errors or bare.errors or plain.errors:
        print("\nErrors:", json.dumps({**errors, "bare": bare.errors + plain.errors}, ensure_ascii=False, indent=1))
    if options.json:
        dump = {variant: {name: vars(f) for name, f in figures.items()} for variant, figures in results.items()}
        options.json.write_text(json.dumps({"loads": loads, **dump}, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
