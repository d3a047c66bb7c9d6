"""The metric map: honours the tier filter, opens on the metric covering the most cities, and says
when the cities' figures refer to different periods."""

import duckdb

from apptest_helpers import deck_layers, decks, labelled
from page_helpers import open_page
from wording import EN, ZH, words


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
    assert labelled(app.selectbox, EN["metrics.metric"]).value == chosen


def test_tier_filter_keeps_only_cities_of_the_chosen_tiers(app, private_database):
    tiers = _tiers(private_database)
    open_page(app, "metrics", metric="rd_intensity_pct", year="-")
    everyone = _marker_codes(app)
    open_page(app, "metrics", metric="rd_intensity_pct", year="-", tier="leading")
    leading = _marker_codes(app)
    assert leading and len(leading) < len(everyone)
    assert {tiers[code] for code in leading} == {"leading"}
    table = app.dataframe[0].value
    assert len(table) == len(leading) and set(table[words("zh", "filter.tier_of", year=2022)]) == {ZH["tier.leading"]}


def test_a_metric_no_chosen_city_has_says_so(app):
    open_page(app, "metrics", metric="5g_base_stations", year="2021", tier="pioneer")
    assert not app.get("deck_gl_json_chart")
    assert "所选梯队中没有城市" in app.info[0].value


def test_different_periods_are_shown(app):
    open_page(app, "metrics", metric="5g_base_stations", year="2021", lang="en")
    captions = " ".join(caption.value for caption in app.caption).replace("\\", "")  # markdown escapes
    assert "different periods" in captions and "2021-04" in captions and "2021-09" in captions
    periods = set(app.dataframe[0].value[EN["metrics.col_period"]])
    assert periods == {"2021-04", "2021-09"}
    tooltips = " ".join(row["tooltip"] for row in deck_layers(decks(app)[0])["cities"]["data"])
    assert "Period: 2021-04" in tooltips and "56.4 thousand stations (printed: 5.64万)" in tooltips


def _markers(app) -> dict[str, dict]:
    return {row["code"]: row for row in deck_layers(decks(app)[0])["cities"]["data"]}


def _captions(app) -> str:
    return " ".join(caption.value for caption in app.caption).replace("\\", "")


def test_a_figure_of_part_of_a_city_is_labelled_as_such(app):
    """哈尔滨新区's R&D intensity is the new area's, not 哈尔滨's: named and outlined on the map, said in
    the tooltip, the caption and the table, in both languages."""
    open_page(app, "metrics", metric="rd_intensity_pct", year="-")
    harbin, beijing = _markers(app)["230100"], _markers(app)["110000"]
    assert harbin["label"] == "哈尔滨新区" and beijing["label"] == "北京"
    assert harbin["line_width"] > beijing["line_width"]
    assert harbin["tooltip"].startswith("哈尔滨新区") and "新区：哈尔滨新区（标在哈尔滨）" in harbin["tooltip"]
    assert "新区：哈尔滨新区" in _captions(app)
    table = app.dataframe[0].value.set_index("城市")
    assert table.loc["哈尔滨", "数据对象"] == "新区：哈尔滨新区" and table.loc["北京", "数据对象"] == "全市"
    open_page(app, "metrics", metric="rd_intensity_pct", year="-", lang="en")
    assert _markers(app)["230100"]["label"] == "Harbin New Area"
    table = app.dataframe[0].value.set_index("City")
    assert table.loc["Harbin", "Figure is for"] == "New area: Harbin New Area"


def test_a_company_figure_is_labelled_as_such(app):
    open_page(app, "metrics", metric="first_domestic_power_boilers_share_pct", year="-", lang="en")
    marker = _markers(app)["230100"]
    assert marker["label"] == "Harbin Boiler Company (Harbin Electric)"
    assert app.dataframe[0].value["Figure is for"].tolist() == [
        "Company or organisation: Harbin Boiler Company (Harbin Electric)"
    ]


def test_several_figures_for_one_city_follow_the_stated_tie_break(app):
    """深圳 has 385 data categories in the 2018 report and 100 in the 2022 report: the map draws the
    newer report's, says why, and the table lists both."""
    open_page(app, "metrics", metric="aggregated_data_categories", year="-")
    shenzhen = _markers(app)["440300"]
    assert shenzhen["tooltip"].split("\n")[1].startswith("汇集数据类别: 100类")
    assert "其他数值: 385类（000:L604）" in shenzhen["tooltip"]
    captions = _captions(app)
    assert (
        "同一城市有多个数值时" in captions
        and "深圳：地图显示 100类（001:L696–L771），另有 385类（000:L604）" in captions
    )
    table = app.dataframe[0].value
    rows = table[table["城市"] == "深圳"]
    assert rows["数值"].tolist() == ["100类", "385类"]
    assert rows["地图"].tolist() == ["✓ 已绘制", "未绘制：采用较新来源"]


def test_within_one_source_the_figure_printed_last_is_drawn(app):
    open_page(app, "metrics", metric="rd_super_deduction_pct", year="-", lang="en")
    assert "R&D super-deduction rate for manufacturing: 100%" in _markers(app)["110000"]["tooltip"]
    table = app.dataframe[0].value
    assert table["Value"].tolist() == ["100%", "75%"]
    assert table["On the map"].tolist() == ["✓ drawn", "not drawn: later printed figure used"]
    open_page(app, "metrics", metric="aggregated_data_categories", year="2021")  # 成都: added 63, cumulative 753
    assert "753" in _markers(app)["510100"]["tooltip"].split("\n")[1]


def test_printed_qualifiers_stay_with_the_values(app):
    """近一半 is nearly 50 %, 超过5% is over 5 %: on the map, in the legend, the table and its CSV."""
    open_page(app, "metrics", metric="unicorn_share_pct", year="-")
    assert "近50%（原文：近一半）" in _markers(app)["110000"]["tooltip"]
    assert app.dataframe[0].value["数值"].tolist() == ["近50%"]
    open_page(app, "metrics", metric="rd_intensity_pct", year="-", lang="en")
    table = app.dataframe[0].value.set_index("City")
    assert table.loc["Xi'an", "Value"] == "over 5%" and table.loc["Beijing", "Value"] == "6.31%"
    assert "about 1.2%" in _captions(app) or "about 1.2%" in table.loc["Harbin", "Value"]
    assert "over 5%" in _markers(app)["610100"]["tooltip"]


def test_the_csv_keeps_number_unit_and_qualifier_apart(monkeypatch):
    """The downloaded table: the value as a number, its unit and printed qualifier in their own columns."""
    from components import metric_views
    from components.metric_views import table_order, values_csv_frame
    from queries.metrics import metric_values

    monkeypatch.setattr(metric_views, "tier_heading", lambda: "梯队")  # the page context names the edition

    values = metric_values("rd_intensity_pct", None, ["leading", "pioneer", "exploring", "unclassified"])
    frame = values_csv_frame(table_order(values.assign(unit=values["unit_zh"]))).set_index("城市")
    assert frame.loc["西安", ["数值", "单位", "限定"]].tolist() == [5.0, "%", "超过"]
    assert frame.loc["北京", ["数值", "限定"]].tolist() == [6.31, ""]
    assert frame.loc["哈尔滨", "数据对象"] == "新区：哈尔滨新区"
