"""Uploaded text in a map tooltip is shown as text in the browser and never runs."""

import pytest

from components.label_layout import project
from components.maps import CHINA_VIEW

from browser_helpers import open_page, wait_for_app
from ingest_helpers import copy_database, query, run_cli
from server_helpers import serve_app

pytestmark = pytest.mark.browser

PAYLOAD = '测试<img src=x onerror="window.__atlas_xss=1">'
BEIJING = (116.4074, 39.9042)


@pytest.fixture(scope="module")
def server_with_html_metric(private_database, tmp_path_factory, monkeypatch_module):
    folder = tmp_path_factory.mktemp("xss")
    database = copy_database(private_database, folder)
    upload = folder / "metric.csv"
    upload.write_text(
        f"城市,指标,数值,单位,年份,来源\n北京,{PAYLOAD},10,个,2031,公报\n上海,{PAYLOAD},30,个,2031,公报\n",
        encoding="utf-8",
    )
    monkeypatch_module.setenv("ATLAS_DB", str(database))
    code, report = run_cli("--kind", "city_metrics", str(upload), "--user", "tester")
    assert code == 0, report
    [(metric,)] = query(database, "SELECT DISTINCT metric FROM city_metric WHERE batch > 0")
    with serve_app(database, folder / "server.log") as base:
        yield base, metric


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_html_in_an_uploaded_metric_shows_as_text_in_the_tooltip(browser, server_with_html_metric, artifacts):
    base, metric = server_with_html_metric
    context, page, requests = open_page(browser, f"{base}/metrics?metric={metric}&year=2031")
    try:
        wait_for_app(page, maps=1)
        canvas = page.locator("[data-testid=stDeckGlJsonChart] canvas").first.bounding_box()
        centre = project(CHINA_VIEW["longitude"], CHINA_VIEW["latitude"], CHINA_VIEW["zoom"])
        point = project(*BEIJING, CHINA_VIEW["zoom"])
        page.mouse.move(
            canvas["x"] + canvas["width"] / 2 + point[0] - centre[0],
            canvas["y"] + canvas["height"] / 2 + point[1] - centre[1],
        )
        tooltip = page.locator(".deck-tooltip")
        tooltip.wait_for(state="visible", timeout=10_000)
        assert "<img" in tooltip.inner_text()
        assert tooltip.locator("img").count() == 0
        assert page.evaluate("window.__atlas_xss") is None
        page.screenshot(path=str(artifacts / "tooltip-escaped.png"))
        assert requests.off_loopback == []
    finally:
        context.close()
