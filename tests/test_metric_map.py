"""The metric map: honours the tier filter, opens on the metric covering the most cities, and says
when the cities' figures refer to different periods."""

import duckdb

from apptest_helpers import deck_layers, decks, labelled
from page_helpers import open_page


def _cities_per_metric(database) -> dict[str, int]:
    """For each metric, the most cities that have a value in any one year (or with no year)."""
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute(
            """SELECT metric, max(cities) FROM (
                   SELECT metric, year, count(DISTINCT city_code) AS cities FROM city_metric_current
                   WHERE value IS NOT NULL GROUP BY metric, year)
               GROUP BY metric"""
        ).fetchall()
    return dict(rows)


def _tiers(database) -> dict[str, str]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return dict(connection.execute("SELECT code, tier FROM tracked_city").fetchall())


def _marker_codes(app) -> list[str]:
    return [row["code"] for row in deck_layers(decks(app)[0])["cities"]["data"]]


def test_default_metric_is_the_one_with_the_most_cities(app, private_database):
    open_page(app, "metrics", lang="en")
    counts = _cities_per_metric(private_database)
    most = max(counts.values())
    chosen = app.session_state["metric"]
    assert counts[chosen] == most, (chosen, counts[chosen], most)
    assert len(_marker_codes(app)) == most
    assert labelled(app.selectbox, "Metric").value == chosen


def test_tier_filter_keeps_only_cities_of_the_chosen_tiers(app, private_database):
    tiers = _tiers(private_database)
    open_page(app, "metrics", metric="rd_intensity_pct", year="-")
    everyone = _marker_codes(app)
    open_page(app, "metrics", metric="rd_intensity_pct", year="-", tier="leading")
    leading = _marker_codes(app)
    assert leading and len(leading) < len(everyone)
    assert {tiers[code] for code in leading} == {"leading"}
    table = app.dataframe[0].value
    assert len(table) == len(leading) and set(table["2022 梯队"]) == {"领军"}


def test_a_metric_no_chosen_city_has_says_so(app):
    open_page(app, "metrics", metric="5g_base_stations", year="2021", tier="pioneer")
    assert not app.get("deck_gl_json_chart")
    assert "所选梯队中没有城市" in app.info[0].value


def test_different_periods_are_shown(app):
    open_page(app, "metrics", metric="5g_base_stations", year="2021", lang="en")
    captions = " ".join(caption.value for caption in app.caption).replace("\\", "")  # markdown escapes
    assert "different periods" in captions and "2021-04" in captions and "2021-09" in captions
    periods = set(app.dataframe[0].value["Period"])
    assert periods == {"2021-04", "2021-09"}
    tooltips = " ".join(row["tooltip"] for row in deck_layers(decks(app)[0])["cities"]["data"])
    assert "Period: 2021-04" in tooltips and "56.4 thousand stations (printed: 5.64万)" in tooltips
