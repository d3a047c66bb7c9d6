"""Warm rerun of every page under AppTest: the time a user waits after touching a widget."""

from common import ROOT, median_seconds, ms, private_database

REPEATS = 20
PAGES = {
    "overview": None,
    "rankings": "app_pages/rankings.py",
    "pilots": "app_pages/pilots.py",
    "carbon": "app_pages/carbon.py",
    "scenarios": "app_pages/scenarios.py",
    "city profile (深圳)": "app_pages/city.py?city=440300",
    "sources": "app_pages/sources.py",
}


def page_app(page: str | None):
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.run()
    if page:
        path, _, query = page.partition("?")
        app.query_params.update(dict(part.split("=") for part in query.split("&") if part))
        app.switch_page(path).run()
    assert not app.exception, [e.value for e in app.exception]
    app.run()  # caches warm
    return app


def run() -> list[tuple[str, str]]:
    private_database()
    rows = []
    for name, page in PAGES.items():
        app = page_app(page)
        median, low, high = median_seconds(app.run, REPEATS)
        rows.append((f"warm rerun: {name} (median of {REPEATS})", f"{ms(median)} (min {ms(low)}, max {ms(high)})"))
    return rows


if __name__ == "__main__":
    for name, figure in run():
        print(f"{name}: {figure}")
