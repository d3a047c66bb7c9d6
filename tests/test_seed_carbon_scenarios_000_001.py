"""Carbon targets, scenarios, scenario coverage and city metrics from the Deloitte 2018 and 2022 reports
(seeds 000 and 001): the values a reader would check against the report text."""

from pathlib import Path

import pytest

from seed_helpers import SEEDS_DIR, csv_rows, seed_rows

REPO = Path(__file__).resolve().parents[1]
CITIES_CSV = REPO / "data" / "gazetteer" / "cities.csv"

TOP10 = [
    (1, "public_transport", "公共交通网络", 74),
    (2, "traffic_management", "交通监测与管理", 72),
    (3, "flood_monitoring", "水位/洪水监测", 72),
    (4, "video_surveillance", "视频监测与分析", 72),
    (5, "street_lighting", "路灯网络", 68),
    (6, "weather_monitoring", "气象监测", 68),
    (7, "air_quality", "空气质量/污染监测", 68),
    (8, "fire_detection", "火灾/烟雾监测", 66),
    (9, "smart_water_meter", "智能表计——水", 66),
    (10, "water_quality", "水质监测", 64),
]
DOMAINS_2018 = {
    "mobility": "智能出行",
    "security": "智能安全",
    "education": "智能教育",
    "living": "智能生活",
    "environment": "智能环境",
    "economy": "智能经济",
}
MY_FILES = [
    "carbon_targets.csv",
    "carbon_facts.csv",
    "scenarios_000_001.csv",
    "scenario_coverage_000_001.csv",
    "city_metrics_000_001.csv",
]


@pytest.fixture(scope="module")
def targets():
    return seed_rows("carbon_targets.csv")


@pytest.fixture(scope="module")
def facts():
    return {row["fact"]: row for row in seed_rows("carbon_facts.csv")}


@pytest.fixture(scope="module")
def scenarios():
    return seed_rows("scenarios_000_001.csv")


@pytest.fixture(scope="module")
def coverage():
    return seed_rows("scenario_coverage_000_001.csv")


@pytest.fixture(scope="module")
def metrics():
    return seed_rows("city_metrics_000_001.csv")


@pytest.fixture(scope="module")
def city_codes():
    return {row["code"] for row in csv_rows(CITIES_CSV)}


def city_target(rows, printed_name):
    found = [r for r in rows if r["subject"] == "city" and r["printed_name"] == printed_name]
    assert len(found) == 1, f"{printed_name}: {len(found)} city target rows"
    return found[0]


def tier_rule(rows, tier):
    found = [r for r in rows if r["subject"] == "tier" and r["tier"] == tier]
    assert len(found) == 1, f"tier {tier}: {len(found)} rule rows"
    return found[0]


# ---------------------------------------------------------------- files


@pytest.mark.parametrize("name", MY_FILES)
def test_file_has_rows_and_no_bom(name):
    raw = (SEEDS_DIR / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert seed_rows(name), f"{name} has no rows"


@pytest.mark.parametrize("name", MY_FILES)
def test_every_row_cites_report_000_or_001(name):
    assert {row["source_id"] for row in seed_rows(name)} <= {"000", "001"}


def test_flags_are_known_anomaly_codes():
    codes = {row["code"] for row in seed_rows("anomalies.csv")}
    for name in [
        "carbon_targets.csv",
        "scenarios_000_001.csv",
        "scenario_coverage_000_001.csv",
        "city_metrics_000_001.csv",
    ]:
        for row in seed_rows(name):
            for flag in filter(None, (row.get("flag") or "").split(";")):
                assert flag in codes, f"{name}: flag {flag!r} is not in anomalies.csv"


# ---------------------------------------------------------------- carbon targets


def test_shenzhen_peaked_december_2020(targets):
    row = city_target(targets, "深圳")
    assert row["city_code"] == "440300"
    assert (row["peak_status"], row["peak_year"], row["peak_month"], row["peak_qualifier"]) == (
        "achieved",
        "2020",
        "12",
        "in",
    )
    assert row["neutrality_year"] == ""  # the report gives none
    assert row["basis"] == "explicit"


def test_qingdao_before_2027_and_2050(targets):
    row = city_target(targets, "青岛")
    assert row["city_code"] == "370200"
    assert (row["peak_status"], row["peak_year"], row["peak_qualifier"]) == ("target", "2027", "before")
    assert (row["neutrality_year"], row["neutrality_qualifier"]) == ("2050", "before")
    assert "B_QINGDAO" in row["flag"].split(";")


def test_dalian_2030_and_2060_via_its_plan(targets):
    row = city_target(targets, "大连")
    assert row["city_code"] == "210200"
    assert (row["peak_year"], row["neutrality_year"]) == ("2030", "2060")
    assert row["peak_qualifier"] == row["neutrality_qualifier"] == "by"
    assert "助力实现2030年碳达峰、2060年碳中和" in row["quote"]
    assert row["basis"] == "inferred"  # national goals the city's plan supports


def test_tier_rules(targets):
    leading = tier_rule(targets, "leading")
    assert (leading["peak_status"], leading["peak_year"], leading["peak_qualifier"]) == ("target", "2025", "before")
    assert "already peaked" in leading["note"]
    pioneer = tier_rule(targets, "pioneer")
    assert (pioneer["peak_status"], pioneer["peak_year"], pioneer["peak_qualifier"]) == ("target", "2025", "around")
    exploring = tier_rule(targets, "exploring")
    assert exploring["peak_status"] == "undetermined"
    assert exploring["peak_year"] == "" and exploring["peak_qualifier"] == ""


def test_target_vocabularies(targets):
    for row in targets:
        assert row["subject"] in {"city", "tier"}
        assert row["peak_status"] in {"achieved", "target", "undetermined"}
        assert row["peak_qualifier"] in {"", "before", "around", "by", "in"}
        assert row["neutrality_qualifier"] in {"", "before", "around", "by", "in"}
        if row["subject"] == "tier":
            assert row["city_code"] == "" and row["tier"] in {"leading", "pioneer", "exploring"}
        else:
            assert row["city_code"]


# ---------------------------------------------------------------- carbon facts


def test_emission_shares_split_by_scope(facts):
    assert (
        facts["emissions_share_energy_industry_global"]["value"],
        facts["emissions_share_energy_industry_global"]["scope"],
    ) == ("70", "global")
    assert (
        facts["emissions_share_energy_industry_china"]["value"],
        facts["emissions_share_energy_industry_china"]["scope"],
    ) == ("80", "china")


def test_reduction_paths(facts):
    assert facts["reduction_grid_cleaning_electrification"]["value"] == "50"
    assert facts["reduction_green_hydrogen"]["value"] == "20"
    assert facts["reduction_ccs"]["value"] == "15"


def test_green_building_share(facts):
    row = facts["green_building_share_new_urban_civil_2020"]
    assert (row["value"], row["unit"], row["source_lines"]) == ("70", "%", "178")


# ---------------------------------------------------------------- scenarios


def test_top10_scenarios_as_printed(scenarios):
    rows = [r for r in scenarios if r["framework"] == "deloitte_2022_top10"]
    assert len(rows) == 10
    got = sorted((int(r["rank"]), r["scenario"], r["name_zh"], float(r["adoption_pct"])) for r in rows)
    assert got == [(rank, slug, zh, float(pct)) for rank, slug, zh, pct in TOP10]
    assert {r["source_id"] for r in rows} == {"001"}
    assert all(r["domain"] in DOMAINS_2018 for r in rows)


def test_six_2018_domains(scenarios):
    rows = [r for r in scenarios if r["framework"] == "deloitte_2018_domains"]
    assert {r["scenario"]: r["name_zh"] for r in rows} == DOMAINS_2018
    assert all(r["rank"] == "" and r["adoption_pct"] == "" and r["source_id"] == "000" for r in rows)


# ---------------------------------------------------------------- coverage


def test_coverage_pairs_exist_in_a_scenario_catalogue(coverage):
    known = set()
    for path in sorted(SEEDS_DIR.glob("scenarios*.csv")):
        known |= {(r["framework"], r["scenario"]) for r in seed_rows(path.name)}
    missing = {(r["framework"], r["scenario"]) for r in coverage} - known
    assert not missing, f"coverage uses scenarios no catalogue defines: {sorted(missing)}"


def test_coverage_cities_are_in_the_gazetteer(coverage, city_codes):
    missing = sorted({r["city_code"] for r in coverage} - city_codes)
    assert not missing, missing


def test_coverage_basis_and_uniqueness(coverage):
    keys = [(r["city_code"], r["framework"], r["scenario"], r["source_id"]) for r in coverage]
    assert len(keys) == len(set(keys))
    assert {r["basis"] for r in coverage} <= {"explicit", "inferred"}


def test_false_string_matches_are_not_coverage(coverage):
    # 大连路隧道 is in Shanghai, 上海肺科医院 sits in a Harbin cell, 北京大学 in a 南昌 cell,
    # 南京路 in the Tianjin office address, 武汉长江公铁隧道 in a Shanghai cell.
    by_city = {}
    for row in coverage:
        by_city.setdefault(row["city_code"], set()).add(row["source_lines"])
    for code, lines in [("210200", "709"), ("310000", "707"), ("110000", "761"), ("420100", "759")]:
        assert not any(lines in spec.split(";") for spec in by_city.get(code, set())), (code, lines)
    assert not any(r["source_lines"] in {"1018", "1380"} for r in coverage)


def test_known_coverage_examples(coverage):
    pairs = {(r["printed_name"], r["framework"], r["scenario"]) for r in coverage}
    assert ("成都", "deloitte_2022_top10", "water_quality") in pairs
    assert ("杭州", "deloitte_2022_top10", "traffic_management") in pairs
    assert ("福州", "deloitte_2022_top10", "flood_monitoring") in pairs
    assert ("深圳", "deloitte_2022_top10", "video_surveillance") in pairs


# ---------------------------------------------------------------- city metrics


def metric(rows, printed_name, slug, period=None):
    found = [
        r
        for r in rows
        if r["printed_name"] == printed_name and r["metric"] == slug and (period is None or r["period"] == period)
    ]
    assert len(found) == 1, f"{printed_name} {slug} {period}: {len(found)} rows"
    return found[0]


def test_beijing_5g_base_stations(metrics):
    row = metric(metrics, "北京", "5g_base_stations")
    assert row["city_code"] == "110000"
    assert float(row["value"]) == 56400
    assert row["value_text"] == "5.64万"
    assert (row["period"], row["year"], row["source_lines"]) == ("2021-04", "2021", "709")


def test_beijing_open_data(metrics):
    assert float(metric(metrics, "北京", "open_datasets")["value"]) == 5891
    assert float(metric(metrics, "北京", "open_datasets_incl_conditional")["value"]) == 9214
    records = metric(metrics, "北京", "open_data_records_incl_conditional")
    assert (float(records["value"]), records["value_text"]) == (6e9, "60余亿")


def test_rd_intensity(metrics):
    assert float(metric(metrics, "北京", "rd_intensity_pct")["value"]) == 6.31
    shanghai = metric(metrics, "上海", "rd_intensity_pct")
    assert (float(shanghai["value"]), shanghai["year"], shanghai["source_id"]) == (3.73, "2015", "000")


def test_shenzhen_nev(metrics):
    assert float(metric(metrics, "深圳", "nev_stock")["value"]) == 480000
    assert float(metric(metrics, "深圳", "nev_share_pct")["value"]) == 14


def test_commute_minutes(metrics):
    got = {r["printed_name"]: float(r["value"]) for r in metrics if r["metric"] == "commute_minutes"}
    assert got == {"北京": 52, "上海": 35, "纽约": 51, "广州": 46}


def test_series_become_one_row_per_value(metrics):
    assert float(metric(metrics, "青岛", "open_data_records", "2020")["value"]) == 46_000_000
    assert float(metric(metrics, "青岛", "open_data_records", "2021-12-31")["value"]) == 100_000_000
    assert float(metric(metrics, "成都", "pollution_tracing_hours", "traditional")["value"]) == 48
    assert float(metric(metrics, "成都", "pollution_tracing_hours", "AI system (fastest)")["value"]) == 0.5


def test_metric_columns_parse(metrics, city_codes):
    for row in metrics:
        assert row["city_code"] in city_codes, row["city_code"]
        assert row["value"] != "" and float(row["value"]) == float(row["value"])
        assert row["value_text"] and row["unit"] and row["period"]
        assert row["year"] == "" or 1990 <= int(row["year"]) <= 2050
        assert row["metric"] == row["metric"].lower() and " " not in row["metric"]
    keys = [(r["city_code"], r["printed_name"], r["metric"], r["period"], r["source_id"]) for r in metrics]
    assert len(keys) == len(set(keys))
