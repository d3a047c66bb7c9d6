"""Driving the running app in chromium: wait for maps and charts, watch every request."""

import contextlib
import functools
import http.server
import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
from PIL import Image

# Software WebGL (deck.gl draws without a GPU) and no background traffic of chromium's own.
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
MAP_CANVAS = "[data-testid=stDeckGlJsonChart] canvas"
IDLE = "!document.querySelector('[data-testid=stStatusWidget]')"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about", "chrome", "chrome-extension"}


# Counts WebGL draw calls per animation frame (deck.gl draws a frame inside one callback) in
# window.__draws, and notes when the pointer last went down (window.__click). Install with
# context.add_init_script(DRAW_PROBE); it runs in every frame, iframes included.
DRAW_PROBE = """
(() => {
  const frames = [];
  let frame = 0;
  const tick = () => { frame += 1; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const note = (count, instances) => {
    const last = frames[frames.length - 1];
    const prims = (count || 0) * (instances === undefined ? 1 : instances);
    if (last && last.frame === frame) { last.calls += 1; last.prims += prims; last.end = performance.now(); }
    else frames.push({frame, start: performance.now(), end: performance.now(), calls: 1, prims});
  };
  for (const proto of [WebGL2RenderingContext.prototype, WebGLRenderingContext.prototype]) {
    for (const [name, countAt, instancesAt] of [
      ["drawArrays", 2, -1], ["drawElements", 1, -1],
      ["drawArraysInstanced", 2, 3], ["drawElementsInstanced", 1, 4],
    ]) {
      const original = proto[name];
      if (!original) continue;
      proto[name] = function (...args) {
        note(args[countAt], instancesAt < 0 ? undefined : args[instancesAt]);
        return original.apply(this, args);
      };
    }
  }
  window.__draws = frames;
  window.__click = null;
  document.addEventListener("pointerdown", () => { window.__click = performance.now(); }, true);
})();
"""


def drawn_primitives(frame) -> int:
    """Primitives (vertices × instances) in the last frame deck.gl drew in `frame` (a page or iframe)."""
    return frame.evaluate("() => (window.__draws || []).length ? window.__draws[window.__draws.length - 1].prims : 0")


class RequestLog:
    """Every URL the page asked for; `off_loopback` lists the ones that left the machine.

    It also notes when the app's websocket last carried a message, so a test can wait for a rerun
    to finish before it clicks (see `wait_until_quiet`).
    """

    def __init__(self, page):
        self.urls: list[str] = []
        self.last_message = time.monotonic()
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("websocket", self._watch_socket)

    def _watch_socket(self, socket) -> None:
        self.urls.append(socket.url)
        socket.on("framesent", self._note_message)
        socket.on("framereceived", self._note_message)

    def _note_message(self, _payload) -> None:
        self.last_message = time.monotonic()

    @property
    def off_loopback(self) -> list[str]:
        outside = []
        for url in self.urls:
            parsed = urlparse(url)
            if parsed.scheme in LOCAL_SCHEMES:
                continue
            if parsed.hostname not in LOOPBACK_HOSTS:
                outside.append(url)
        return outside


def wait_for_app(page, maps: int = 1, charts: int = 0, tables: int = 0, timeout: float = 60_000) -> None:
    """Wait until the script finished and every map canvas, chart and table is drawn."""
    page.wait_for_selector("[data-testid=stApp]", timeout=timeout)
    if maps:
        page.wait_for_function(f"document.querySelectorAll('{MAP_CANVAS}').length >= {maps}", timeout=timeout)
    if charts:
        page.wait_for_function(
            f"document.querySelectorAll('[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg').length >= {charts}",
            timeout=timeout,
        )
    if tables:
        page.wait_for_function(
            f"document.querySelectorAll('[data-testid=stDataFrame] canvas').length >= {tables}",
            timeout=timeout,
        )
    page.wait_for_function(IDLE, timeout=timeout)
    wait_for_maps_drawn(page, maps, timeout / 1000)


def _ink(png: bytes) -> int:
    """Pixels of a canvas screenshot that differ clearly from its corner (the page behind the map)."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    return int((np.abs(pixels - pixels[0, 0]).max(axis=2) > 30).sum())


def _canvas_on_screen(page, canvas) -> bytes | None:
    """The part of a map canvas inside the viewport, as the screen shows it (None when off screen).
    A page screenshot clipped to it, so looking never scrolls the page."""
    box = canvas.bounding_box()
    if box is None:
        return None
    viewport = page.viewport_size
    left, top = max(box["x"], 0), max(box["y"], 0)
    right, bottom = min(box["x"] + box["width"], viewport["width"]), min(box["y"] + box["height"], viewport["height"])
    # A sliver at the window's edge (a map scrolled almost out of view) shows too little to judge.
    if right - left < 20 or bottom - top < min(150, box["height"] / 2):
        return None
    return page.screenshot(clip={"x": left, "y": top, "width": right - left, "height": bottom - top})


def wait_for_maps_drawn(page_or_frame, maps: int, timeout: float = 60.0, min_ink: int = 500) -> None:
    """Wait until deck.gl has drawn the first `maps` map canvases that are on screen: each shows its
    layers and two looks in a row agree (labels come last, once their font atlas is built)."""
    if not maps:
        return
    page = getattr(page_or_frame, "page", page_or_frame)  # a frame's screenshots are its page's
    canvases = page_or_frame.locator(MAP_CANVAS)
    deadline = time.monotonic() + timeout
    previous = None
    while True:
        shots = [shot for shot in (_canvas_on_screen(page, canvases.nth(i)) for i in range(maps)) if shot]
        if shots == previous and all(_ink(shot) >= min_ink for shot in shots):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"the maps were not drawn within {timeout} s")
        previous = shots


def wait_until_quiet(page, log: RequestLog, quiet_seconds: float = 0.8, timeout: float = 60.0) -> None:
    """Wait until no rerun is running and the websocket has been silent for `quiet_seconds`.

    A download button gets a new file id on every rerun; a click that lands while a rerun (say, the
    one a menu opening starts) is still replacing the buttons asks for an id that is gone.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)  # lets Playwright deliver the socket events meanwhile
        running = page.locator("[data-testid=stStatusWidget]").count() > 0
        if not running and time.monotonic() - log.last_message >= quiet_seconds:
            return
    raise TimeoutError(f"the app did not settle within {timeout} s")


def wait_for_frame(frame, timeout: float = 60_000) -> None:
    """Wait until the atlas embedded in an <iframe> has drawn its map and a chart."""
    frame.wait_for_selector(MAP_CANVAS, timeout=timeout)
    frame.wait_for_selector("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg", timeout=timeout)
    frame.wait_for_function(IDLE, timeout=timeout)
    wait_for_maps_drawn(frame, 1, timeout / 1000)


def wait_for_paint(page) -> None:
    """Wait until the browser has painted what the last action changed (two animation frames),
    e.g. a table scrolled into view before a screenshot."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def open_page(browser, url: str, width: int = 1400, height: int = 900, **context_options):
    """A fresh context (Chinese locale unless `context_options` say otherwise) on `url`, its requests logged."""
    options = {"locale": "zh-CN", **context_options}
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    page = context.new_page()
    log = RequestLog(page)
    page.goto(url)
    return context, page, log


def map_point(page, lon: float, lat: float, view: dict | None = None, index: int = 0) -> tuple[float, float]:
    """Where (lon, lat) is on the screen, on the `index`-th map drawn at `view` (China by default)."""
    from components.label_layout import project
    from components.maps import CHINA_VIEW

    view = view or CHINA_VIEW
    canvas = page.locator("[data-testid=stDeckGlJsonChart] canvas").nth(index).bounding_box()
    centre = project(view["longitude"], view["latitude"], view["zoom"])
    point = project(lon, lat, view["zoom"])
    return canvas["x"] + canvas["width"] / 2 + point[0] - centre[0], canvas["y"] + canvas["height"] / 2 + point[
        1
    ] - centre[1]


def hover_until(page, tooltip, text: str, points, attempts: int = 1) -> tuple[float, float]:
    """Move over `points` (each `attempts` times) until `tooltip` names `text`; the point where it did."""
    for x, y in points:
        for _ in range(attempts):
            page.mouse.move(x - 1, y)
            page.mouse.move(x, y)
            page.wait_for_timeout(150)
            if tooltip.count() and tooltip.first.is_visible() and text in tooltip.first.inner_text():
                return x, y
    raise AssertionError(f"the pointer never brought up {text!r}")


@contextlib.contextmanager
def screenshot_on_failure(page, path):
    """Keep a screenshot of the page at `path` when the block fails (what the test saw)."""
    try:
        yield
    except Exception:
        page.screenshot(path=str(path), full_page=True)
        raise


@contextlib.contextmanager
def browsing(browser, url: str, failure: Path, **options) -> Iterator[tuple]:
    """`open_page` for one test: yields (page, requests); afterwards asserts no request left the
    machine; on a failure saves a full-page screenshot to `failure`; always closes the context."""
    context, page, requests = open_page(browser, url, **options)
    try:
        with screenshot_on_failure(page, failure):
            yield page, requests
            assert requests.off_loopback == []
    finally:
        context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_folder(root: Path) -> Iterator[str]:
    """Serve the files in `root` on a loopback port (an intranet portal that embeds the atlas); yields
    its base address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
