"""Boundaries are files the browser loads once from the app's own origin, also behind a path prefix
(server.baseUrlPath, as behind a proxy) and inside an <iframe>; a rerun never carries them again."""

from collections import Counter

import pytest

from components.label_layout import project
from components.pilots_views import VIEWS

from browser_helpers import DRAW_PROBE, RequestLog, drawn_primitives, serve_folder, wait_for_app, wait_for_frame
from server_helpers import serve_app

pytestmark = pytest.mark.browser

PREFIX = "atlas"
# The province layer alone is tens of thousands of triangles; markers and labels are a few thousand.
POLYGONS_DRAWN = 50_000


@pytest.fixture(scope="module")
def prefixed_server(private_database, tmp_path_factory):
    """The app as a proxy with a path prefix serves it: every URL under /atlas/."""
    with serve_app(private_database, tmp_path_factory.mktemp("prefixed") / "server.log", base_path=PREFIX) as base:
        yield base


def _context(browser, **options):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", **options)
    context.add_init_script(DRAW_PROBE)
    return context


def _boundary_responses(page) -> list:
    responses: list = []
    page.on("response", lambda response: responses.append(response) if "/boundaries/" in response.url else None)
    return responses


def _from_network(cdp_events: list[dict]) -> Counter[str]:
    """How many times each boundary file came over the network (not from the browser cache)."""
    return Counter(
        event["response"]["url"].split("?")[0].rsplit("/", 1)[-1]
        for event in cdp_events
        if "/boundaries/" in event["response"]["url"]
        and not event["response"].get("fromDiskCache")
        and not event["response"].get("fromPrefetchCache")
    )


def test_boundaries_load_once_under_a_path_prefix(browser, prefixed_server, artifacts):
    context = _context(browser)
    try:
        page = context.new_page()
        requests = RequestLog(page)
        boundaries = _boundary_responses(page)
        network: list[dict] = []
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.responseReceived", lambda event: network.append(event))
        page.goto(f"{prefixed_server}/pilots")
        wait_for_app(page, maps=1, charts=1)
        page.wait_for_function(f"() => window.__draws.some(frame => frame.prims > {POLYGONS_DRAWN})")
        urls = {response.url.split("?")[0] for response in boundaries}
        assert urls and all(f"/{PREFIX}/app/static/boundaries/" in url for url in urls), urls
        assert {response.status for response in boundaries} == {200}
        assert any("/provinces-" in url for url in urls) and any("/countries-" in url for url in urls)
        assert drawn_primitives(page) > POLYGONS_DRAWN, "the provinces and countries are drawn"
        page.screenshot(path=str(artifacts / "prefixed-pilots.png"))

        # Another page with the same provinces: the browser has them, nothing comes over the network.
        page.locator("[data-testid=stSidebarNav] a", has_text="城市排名").click()
        page.wait_for_url(f"**/{PREFIX}/rankings**")
        wait_for_app(page, maps=1, charts=1)
        page.wait_for_function(f"() => window.__draws.some(frame => frame.prims > {POLYGONS_DRAWN})")
        travelled = _from_network(network)
        provinces = [name for name in travelled if name.startswith("provinces-") and "outlines" not in name]
        assert len(provinces) == 1, travelled  # one province layer, shared by both pages' maps
        assert set(travelled.values()) == {1}, f"each boundary file travels once per browser: {travelled}"
        assert requests.off_loopback == []
    finally:
        context.close()


@pytest.fixture(scope="module")
def portal(tmp_path_factory, prefixed_server):
    """A loopback intranet page that embeds the prefixed atlas in an <iframe>."""
    root = tmp_path_factory.mktemp("portal")
    src = f"{prefixed_server}/pilots?embed=true&view=china"
    (root / "briefing.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>Briefing</title></head><body style='margin:0'>"
        f"<iframe src='{src}' title='atlas' style='border:0;width:1200px;height:1000px'></iframe></body></html>",
        encoding="utf-8",
    )
    with serve_folder(root) as base:
        yield base


def test_embedded_map_draws_its_boundaries_and_tells_counts_on_hover(browser, portal, artifacts):
    context = _context(browser)
    try:
        page = context.new_page()
        requests = RequestLog(page)
        boundaries = _boundary_responses(page)
        page.goto(f"{portal}/briefing.html")
        frame = page.wait_for_selector("iframe").content_frame()
        wait_for_frame(frame)
        frame.wait_for_function(f"() => window.__draws.some(frame => frame.prims > {POLYGONS_DRAWN})")
        # The province layer, and the outlines of provinces without pilots (picked for their tooltips).
        names = sorted(response.url.split("?")[0].rsplit("/", 1)[-1].rsplit("-", 1)[0] for response in boundaries)
        assert names == ["provinces", "provinces-outlines"], [response.url for response in boundaries]
        assert {response.status for response in boundaries} == {200}
        assert all(f"/{PREFIX}/app/static/boundaries/" in response.url for response in boundaries)

        # Hovering a shaded province shows its pilot count: western Sichuan (成都 has a pilot), far
        # from any marker, in the China view; a province without pilots says so too (Tibet).
        canvas = frame.locator("[data-testid=stDeckGlJsonChart] canvas").first.bounding_box()
        view = VIEWS["china"]
        centre = project(view["longitude"], view["latitude"], view["zoom"])
        tooltip = frame.locator(".deck-tooltip")
        for lon, lat, expected in ((101.0, 30.0, ["四川", "试点数: 1"]), (88.0, 31.5, ["西藏", "试点数: 0"])):
            point = project(lon, lat, view["zoom"])
            x = canvas["x"] + canvas["width"] / 2 + point[0] - centre[0]
            y = canvas["y"] + canvas["height"] / 2 + point[1] - centre[1]
            for _ in range(20):
                page.mouse.move(x - 1, y)
                page.mouse.move(x, y)
                if tooltip.is_visible() and expected[0] in tooltip.inner_text():
                    break
                page.wait_for_timeout(500)
            assert tooltip.inner_text().splitlines() == expected
        page.screenshot(path=str(artifacts / "prefixed-embed-hover.png"))
        assert requests.off_loopback == []
    finally:
        context.close()
