"""One visit per page and screen: a page opened in chromium once, and everything the browser tests
read from it kept, so several tests share one opening instead of each opening the page again.

Opening a page (server run, map drawing, screenshots) is what the browser tests spend their time
on; a test that needs a page in a state of its own (clicks, downloads, an iframe) still opens it.
"""

from dataclasses import dataclass, field

from browser_helpers import MAP_CANVAS, open_page, wait_for_app

# What each page draws, waited for before anything is read: (maps, charts, tables).
DRAWS = {
    "/": (1, 1, 0),
    "/rankings": (1, 3, 0),
    "/pilots": (1, 2, 2),
    "/carbon": (1, 2, 0),
    "/scenarios": (1, 2, 1),
    "/city": (1, 0, 3),
    "/sources": (0, 0, 3),
    "/compare": (1, 1, 6),
}
FIGURES, MAP, CHART = "[data-testid=stMetric]", "[data-testid=stDeckGlJsonChart]", "[data-testid=stVegaLiteChart]"


@dataclass
class Visit:
    url: str
    title: str  # the page's heading
    screenshot: bytes  # the first screen, as the viewport shows it
    boxes: dict[str, dict | None]  # where the first headline figure, map and chart sit on the first screen
    map_canvas: bytes | None  # the first map's canvas
    exceptions: int  # error boxes Streamlit drew
    off_loopback: list[str] = field(default_factory=list)  # requests that left the machine


def _first_box(page, selector: str) -> dict | None:
    """Where the first element matching `selector` sits (None when the page has none)."""
    found = page.locator(selector)
    return found.first.bounding_box() if found.count() else None


def draws(path: str) -> tuple[int, int, int]:
    return DRAWS[path.split("?")[0]]


class Visits:
    """`visits(path, width, height, scheme)`: the page's Visit, opened the first time it is asked for."""

    def __init__(self, browser, base: str, artifacts):
        self.browser, self.base, self.artifacts = browser, base, artifacts
        self.seen: dict[tuple, Visit] = {}

    def __call__(self, path: str, width: int = 1366, height: int = 768, scheme: str = "light") -> Visit:
        key = (path, width, height, scheme)
        if key not in self.seen:
            self.seen[key] = self._open(*key)
        return self.seen[key]

    def _open(self, path: str, width: int, height: int, scheme: str) -> Visit:
        maps, charts, tables = draws(path)
        context, page, requests = open_page(self.browser, f"{self.base}{path}", width, height, color_scheme=scheme)
        try:
            wait_for_app(page, maps=maps, charts=charts, tables=tables)
            name = (path.strip("/").split("?")[0] or "overview") + f"-{width}x{height}-{scheme}"
            screenshot = page.screenshot(path=str(self.artifacts / f"{name}.png"))
            page.screenshot(path=str(self.artifacts / f"{name}-full.png"), full_page=True)
            boxes = {selector: _first_box(page, selector) for selector in (FIGURES, MAP, CHART)}
            canvas = page.locator(MAP_CANVAS).first.screenshot() if maps else None  # may scroll: taken last
            return Visit(
                url=page.url,
                title=page.locator("h1").first.inner_text(),
                screenshot=screenshot,
                boxes=boxes,
                map_canvas=canvas,
                exceptions=page.locator("[data-testid=stException]").count(),
                off_loopback=requests.off_loopback,
            )
        finally:
            context.close()
