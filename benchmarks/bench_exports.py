"""Time to produce each export a presenter can download (what a click on PNG / SVG / CSV costs).

Charts and maps are taken from the running pages (AppTest) exactly as they are drawn, then
rendered by components.chart_files and components.map_render without the app's cache (a map's CSV
from the points it was drawn from, downloads.MapExport). Targets: a chart PNG under 1 s, a map
PNG under 2 s. The first render after start also loads vl-convert's engine and matplotlib's font,
so it is timed separately.
"""

import sys
import time

from common import ROOT, median_seconds, ms, private_database

sys.path.insert(0, str(ROOT / "tests"))

REPEATS = 10
PAGES = ("overview", "rankings")


def _elements():
    from streamlit.testing.v1 import AppTest

    from share_helpers import full_specs, page_context, run_page

    charts: list[tuple] = []
    maps: list[tuple] = []
    for page in PAGES:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        run_page(app, page)
        for spec in full_specs(app):
            title = spec.get("title")
            title = title.get("text") if isinstance(title, dict) else title
            charts.append((page, str(title)[:28], spec))
        maps.extend((page, export) for export in page_context(app).maps)
    return charts, maps


def run() -> list[tuple[str, str]]:
    private_database()
    from components import chart_files, map_render

    charts, maps = _elements()
    rows = []
    started = time.perf_counter()
    chart_files.chart_png(charts[0][2])
    rows.append(("first chart PNG after start (loads vl-convert)", ms(time.perf_counter() - started)))
    started = time.perf_counter()
    map_render.map_png(maps[0][1].deck_json, title="t")
    rows.append(("first map PNG after start (loads matplotlib + font)", ms(time.perf_counter() - started)))
    for page, title, spec in charts:
        for kind, action in (
            ("PNG 2×", lambda spec=spec: chart_files.chart_png(spec)),
            ("SVG", lambda spec=spec: chart_files.chart_svg(spec)),
            ("CSV", lambda spec=spec: chart_files.chart_csv(spec)),
        ):
            median, low, high = median_seconds(action, REPEATS)
            rows.append(
                (f"{page} chart {kind}: {title} (median of {REPEATS})", f"{ms(median)} (min {ms(low)}, max {ms(high)})")
            )
    for page, export in maps:
        for kind, action in (
            (
                "PNG 1920×1080",
                lambda export=export: map_render.map_png(export.deck_json, title="地图", source="来源", credit="边界"),
            ),
            ("CSV", export.csv),
        ):
            median, low, high = median_seconds(action, REPEATS)
            rows.append((f"{page} map {kind} (median of {REPEATS})", f"{ms(median)} (min {ms(low)}, max {ms(high)})"))
    return rows


if __name__ == "__main__":
    for name, figure in run():
        print(f"{name}: {figure}")
