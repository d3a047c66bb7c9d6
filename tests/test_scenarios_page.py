"""The scenario coverage page: adoption bars, heatmap with evidence, map, framework/domain/scenario."""

from components.palette import hex_to_rgba
from components.scenarios_views import NOT_COVERED_HEX
from queries.scenarios import scenario_catalogue

from apptest_helpers import chart_titled, deck_layers, decks, labelled, metric_values
from page_helpers import open_page
from seed_helpers import seed_rows
from wording import EN, ZH


def test_top_ten_adoption_bars(app):
    open_page(app, "scenarios")
    bars = chart_titled(app, ZH["scenarios.adoption_title"])["data"]
    adoption = {row["label"]: row["adoption_pct"] for row in bars}
    assert len(adoption) == 10
    assert adoption["公共交通网络"] == 74 and adoption["水质监测"] == 64


def test_heatmap_cells_carry_evidence_and_source(app):
    open_page(app, "scenarios")
    cells = chart_titled(app, ZH["scenarios.heatmap_title"])["data"]
    assert cells and all(cell["evidence"] and cell["citation"].startswith("00") for cell in cells)


def test_choosing_a_scenario_greys_out_cities_without_evidence(app):
    open_page(app, "scenarios", scenario="air_quality")
    markers = deck_layers(decks(app)[0])["cities"]["data"]
    covered = [m for m in markers if m["fill"] != hex_to_rgba(NOT_COVERED_HEX)]
    assert 0 < len(covered) < len(markers)
    assert app.query_params["scenario"] == "air_quality"


def test_framework_and_domain_filters(app):
    open_page(app, "scenarios", framework="ccid_2019")
    assert app.query_params["framework"] == "ccid_2019"
    total = int(metric_values(app)[ZH["scenarios.metric.scenarios"]])
    domain = scenario_catalogue("ccid_2019")["domain"].iloc[0]
    labelled(app.selectbox, ZH["scenarios.domain"]).set_value(domain).run()
    assert int(metric_values(app)[ZH["scenarios.metric.scenarios"]]) < total
    assert app.query_params["domain"]


def test_unknown_scenario_falls_back_with_notice(app):
    open_page(app, "scenarios", scenario="teleportation")
    assert "teleportation" in app.warning[0].value


def test_tier_filter_changes_coverage(app):
    open_page(app, "scenarios")
    everyone = int(metric_values(app)[ZH["scenarios.metric.cities"]])
    open_page(app, "scenarios", tier="exploring")
    assert int(metric_values(app)[ZH["scenarios.metric.cities"]]) < everyone


def test_every_pair_says_why_it_is_classed_so(app):
    """Each city × scenario pair is our classification: the table and the heatmap say why."""
    pair = next(
        r
        for r in seed_rows("scenario_coverage_000_001.csv")
        if r["printed_name"] == "深圳" and r["scenario"] == "video_surveillance"
    )
    open_page(app, "scenarios", framework="deloitte_2022_top10")
    table = next(frame.value for frame in app.dataframe if ZH["scenarios.col.why"] in frame.value)
    assert table[ZH["scenarios.col.why"]].astype(bool).all()
    assert pair["note_zh"] in set(table[ZH["scenarios.col.why"]])
    cells = chart_titled(app, ZH["scenarios.heatmap_title"])["data"]
    assert all(cell["why"] for cell in cells)
    open_page(app, "scenarios", framework="deloitte_2022_top10", lang="en")
    table = next(frame.value for frame in app.dataframe if EN["scenarios.col.why"] in frame.value)
    assert pair["note"] in set(table[EN["scenarios.col.why"]])
