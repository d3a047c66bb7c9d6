"""The values a reader would check against reports 002–004 (China–EU 2014, CCID + JD 2019, Huawei 2019).

Covers programmes.csv, pilots.csv, maturity.csv, national_facts.csv, scenarios_002_004.csv,
scenario_coverage_002_004.csv and city_metrics_002_004.csv. Quotes and line numbers are checked by
test_seed_citations.py; this file checks the numbers, the identities and the flags.
"""

from collections import Counter, defaultdict
from pathlib import Path

import pytest

from seed_helpers import SEEDS_DIR, csv_rows, seed_rows

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "data" / "gazetteer" / "cities.csv"


@pytest.fixture(scope="module")
def cities() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in csv_rows(GAZETTEER)}


@pytest.fixture(scope="module")
def pilots():
    return seed_rows("pilots.csv")


@pytest.fixture(scope="module")
def maturity():
    return seed_rows("maturity.csv")


@pytest.fixture(scope="module")
def facts():
    return {row["fact"]: row for row in seed_rows("national_facts.csv")}


@pytest.fixture(scope="module")
def scenarios():
    return seed_rows("scenarios_002_004.csv")


@pytest.fixture(scope="module")
def coverage():
    return seed_rows("scenario_coverage_002_004.csv")


@pytest.fixture(scope="module")
def metrics():
    return seed_rows("city_metrics_002_004.csv")


def by_printed(rows, printed_name):
    found = [r for r in rows if r["printed_name"] == printed_name]
    assert len(found) == 1, f"{printed_name}: {len(found)} rows"
    return found[0]


# --------------------------------------------------------------------------- programmes and pilots


def test_programmes():
    rows = {r["programme"]: r for r in seed_rows("programmes.csv")}
    assert set(rows) == {"eu_cn_2014", "mohurd_pilots"}
    assert rows["eu_cn_2014"]["year"] == "2013"  # 项目于 2013 年 4 月正式启动 (002 l.86)
    assert rows["mohurd_pilots"]["year"] == ""  # no launch year printed in any report


def test_thirty_china_eu_pilots(pilots):
    assert len(pilots) == 30
    assert {r["programme"] for r in pilots} == {"eu_cn_2014"}  # no national batch rows: none are printed
    assert Counter(r["region"] for r in pilots) == {"china": 15, "eu": 15}
    assert len({r["printed_name"] for r in pilots}) == 30
    assert all(r["batch_label"] == "" and r["year"] == "" for r in pilots)


@pytest.mark.parametrize(
    "printed, code, level, place_zh",
    [
        ("北京市海淀区", "110000", "district", "海淀区"),
        ("天津市滨海新区", "120000", "new_area", "滨海新区"),
        ("上海市浦东新区", "310000", "new_area", "浦东新区"),
        ("广东省广州市南沙区", "440100", "district", "南沙区"),
        ("广东省深圳市前海深港现代服务业合作区", "440300", "new_area", "前海深港现代服务业合作区"),
        ("广东省珠海市横琴新区", "440400", "new_area", "横琴新区"),
        ("江苏省扬州市", "321000", "city", "扬州市"),
        ("四川省成都市", "510100", "city", "成都市"),
        ("新疆维吾尔自治区库尔勒市", "652801", "city", "库尔勒市"),
    ],
)
def test_chinese_places(pilots, printed, code, level, place_zh):
    row = by_printed(pilots, printed)
    assert (row["place_code"], row["level"], row["place_name_zh"], row["region"]) == (code, level, place_zh, "china")


def test_chinese_levels(pilots):
    china = [r for r in pilots if r["region"] == "china"]
    assert Counter(r["level"] for r in china) == {"city": 9, "district": 2, "new_area": 4}


@pytest.mark.parametrize(
    "printed, code, country",
    [
        ("荷兰阿姆斯特丹", "GN-2759794", "NL"),
        ("英国布里斯托", "GN-2654675", "GB"),
        ("法国巴黎伊西莱穆", "GN-3012649", "FR"),
        ("克罗地亚萨格勒布", "GN-3186886", "HR"),
    ],
)
def test_eu_places(pilots, printed, code, country):
    row = by_printed(pilots, printed)
    assert (row["place_code"], row["country"], row["level"], row["province_code"]) == (code, country, "city", "")


def test_florence_prato_is_one_flagged_entry(pilots):
    row = by_printed(pilots, "意大利佛罗伦斯/普拉托")
    assert row["place_code"] == "GN-3176959"  # Florence: footnote 16 names 佛罗伦斯 alone
    assert row["flag"] == "P1"
    assert "GN-3169921" in row["note"]  # Prato named, not a 16th EU place
    assert not [r for r in pilots if r["place_code"] == "GN-3169921"]


def test_eu_countries(pilots):
    eu = Counter(r["country"] for r in pilots if r["region"] == "eu")
    assert eu == {
        "GB": 2,
        "FR": 2,
        "IT": 2,
        "NL": 1,
        "ES": 1,
        "DK": 1,
        "DE": 1,
        "SE": 1,
        "LV": 1,
        "EE": 1,
        "LT": 1,
        "HR": 1,
    }


def test_pilot_codes_and_provinces_match_the_gazetteer(pilots, cities):
    for row in pilots:
        city = cities.get(row["place_code"])
        assert city is not None, row["printed_name"]
        if row["region"] == "china":
            assert row["country"] == "CN" and row["province_code"] == city["province_code"], row["printed_name"]
        else:
            assert row["country"] == city["country"], row["printed_name"]


# --------------------------------------------------------------------------- maturity (Table 3)


def shares(rows, feature, region):
    return {
        int(r["level"]): float(r["share"])
        for r in rows
        if r["feature"] == feature and r["region"] == region and r["share"]
    }


def test_maturity_grid_is_8_features_by_2_regions_by_6_levels(maturity):
    assert len(maturity) == 96
    features = {r["feature"] for r in maturity}
    assert len(features) == 8  # the framework has 9 features; Table 3 omits 法律和监管政策 (M5)
    assert "legal_regulatory" not in features
    cells = Counter((r["feature"], r["region"]) for r in maturity)
    assert set(cells.values()) == {6}
    assert {r["region"] for r in maturity} == {"china", "eu"}
    labels = {(int(r["level"]), r["level_zh"]) for r in maturity}
    assert labels == {(1, "没有涉及"), (2, "基本"), (3, "一般"), (4, "较先进"), (5, "最先进"), (6, "无法评估")}


def test_strategy_shares_as_printed(maturity):
    assert shares(maturity, "strategy", "china") == {2: 7, 3: 27, 4: 67}
    assert shares(maturity, "strategy", "eu") == {3: 29, 4: 70, 5: 10}
    assert shares(maturity, "governance", "china") == {3: 7, 4: 93}
    assert shares(maturity, "services", "eu") == {4: 80, 5: 10, 6: 10}


def test_rows_not_adding_to_100_are_flagged(maturity):
    totals = defaultdict(float)
    flags = defaultdict(set)
    for r in maturity:
        totals[(r["feature"], r["region"])] += float(r["share"] or 0)
        flags[(r["feature"], r["region"])].update(f for f in r["flag"].split(";") if f)
    off = {key: round(total, 6) for key, total in totals.items() if abs(total - 100) > 1e-6}
    assert off == {("strategy", "eu"): 109, ("stakeholders", "eu"): 90, ("strategy", "china"): 101}
    assert "M1" in flags[("strategy", "eu")]
    assert "M2" in flags[("stakeholders", "eu")]
    assert "M3" in flags[("strategy", "china")]
    for key in totals:
        if key not in off:
            assert not flags[key] & {"M1", "M2", "M3"}, key


def test_chinese_cannot_assess_cells_are_flagged(maturity):
    flagged = {
        (r["feature"], r["region"], int(r["level"]), float(r["share"]))
        for r in maturity
        if "M4" in r["flag"].split(";")
    }
    assert flagged == {("value_assessment", "china", 6, 13.0), ("business_model", "china", 6, 33.0)}


# --------------------------------------------------------------------------- national facts


def test_nearly_300_pilots(facts):
    row = facts["pilot_lists_since_2013"]
    assert (float(row["value"]), row["qualifier"], row["source_id"]) == (300, "nearly", "003")
    assert "近300" in row["value_text"]


def test_adoption_counts(facts):
    assert (facts["cities_building_smart_city_2013"]["value"], facts["cities_building_smart_city_2013"]["year"]) == (
        "311",
        "2013",
    )
    row = facts["cities_building_smart_city_2016"]
    assert (row["value"], row["qualifier"], row["year"], row["source_id"]) == ("500", "over", "2016", "000")
    assert facts["sub_provincial_cities_building_2013"]["flag"] == "N1"


def test_three_mohurd_batches_without_sizes(facts):
    """The report prints that there were three batches and nothing about each: one row says so, and no
    placeholder row per batch (with no value, 'derived' from nothing) stands in for the missing sizes."""
    row = facts["mohurd_pilot_batches"]
    assert (row["value"], row["value_text"], row["basis"], row["source_id"]) == ("3", "三批", "explicit", "001")
    assert "no batch dates, sizes or member cities are printed" in row["note"]
    assert not [fact for fact in facts if fact.startswith("mohurd_pilot_batch_")]


def test_qualifiers_are_known(facts):
    assert {r["qualifier"] for r in facts.values()} <= {"about", "nearly", "over", "at_least", "exactly", ""}
    for row in facts.values():
        if row["value"] == "":
            assert row["qualifier"] == "", row["fact"]


# --------------------------------------------------------------------------- scenarios


def test_ccid_catalogue(scenarios):
    ccid = [r for r in scenarios if r["framework"] == "ccid_2019"]
    assert len(ccid) == 13  # the 13 "3.2.x ——" headings of 003 §3.2
    assert Counter(r["domain"] for r in ccid) == {
        "industry_economy": 3,
        "citizen_services": 3,
        "government_governance": 3,
        "resources_environment": 2,
        "infrastructure": 2,
    }
    assert {r["name_zh"] for r in ccid if r["domain"] == "citizen_services"} == {
        "智能医疗场景",
        "智能停车场景",
        "智慧城市APP",
    }
    assert all(r["rank"] == "" and r["adoption_pct"] == "" for r in ccid)


def test_huawei_has_12_issues(scenarios):
    huawei = [r for r in scenarios if r["framework"] == "huawei_2019"]
    assert len(huawei) == 12
    assert Counter(r["domain_zh"] for r in huawei) == {"需求进阶": 4, "产业跃迁": 3, "治理升级": 4, "城市基础设施": 1}
    extra = [r for r in huawei if r["scenario"] == "urban_infrastructure"]
    assert len(extra) == 1 and extra[0]["flag"] == "H1"  # not a row of Table 1
    assert all(r["rank"] == "" and r["adoption_pct"] == "" for r in huawei)


def test_scenario_keys_unique(scenarios):
    keys = [(r["framework"], r["scenario"]) for r in scenarios]
    assert len(keys) == len(set(keys))


# --------------------------------------------------------------------------- coverage


def test_coverage_scenarios_exist(coverage):
    known = {
        (r["framework"], r["scenario"]) for path in sorted(SEEDS_DIR.glob("scenarios_*.csv")) for r in csv_rows(path)
    }
    missing = {(r["framework"], r["scenario"]) for r in coverage} - known
    assert not missing


def test_coverage_cities_exist(coverage, cities):
    assert {r["city_code"] for r in coverage} <= set(cities)


def test_coverage_pairs_unique_and_mostly_inferred(coverage):
    keys = [(r["city_code"], r["framework"], r["scenario"]) for r in coverage]
    assert len(keys) == len(set(keys))
    explicit = {(r["printed_name"], r["scenario"]) for r in coverage if r["basis"] == "explicit"}
    assert explicit == {("前海", "smart_parking"), ("东京", "ageing")}
    assert all(r["evidence_zh"] and r["evidence_en"] for r in coverage)


def test_known_coverage_pairs(coverage):
    pairs = {(r["city_code"], r["framework"], r["scenario"]) for r in coverage}
    assert ("440300", "ccid_2019", "smart_parking") in pairs  # 前海 智能停车 (002 l.512)
    assert ("GN-4684888", "deloitte_2022_top10", "traffic_management") in pairs  # 达拉斯 (004 l.441)
    assert ("GN-658225", "ccid_2019", "environmental_co_supervision") in pairs  # 赫尔辛基 (003 l.569)


# --------------------------------------------------------------------------- city metrics


def test_metric_cities_exist(metrics, cities):
    assert {r["city_code"] for r in metrics} <= set(cities)


def test_metric_numbers_parse(metrics):
    for row in metrics:
        if row["value"]:
            float(row["value"])
        if row["year"]:
            int(row["year"])
        assert row["value_text"], row["metric"]


def metric(rows, code, name, year=""):
    found = [r for r in rows if r["city_code"] == code and r["metric"] == name and r["year"] == year]
    assert len(found) == 1, (code, name, year, len(found))
    return found[0]


def test_city_figures_as_printed(metrics):
    assert float(metric(metrics, "440300", "gdp_cny", "2018")["value"]) == 2.4e12  # 2.4万亿
    assert float(metric(metrics, "440300", "gdp_cny", "1979")["value"]) == 1.79e8  # 1.79亿
    assert metric(metrics, "GN-1835848", "open_datasets")["value_text"] == "800 余个"
    assert float(metric(metrics, "GN-2988507", "area_km2")["value"]) == 105.4
    pudong = metric(metrics, "310000", "smart_city_action_plan_funding_cny")
    assert (float(pudong["value"]), pudong["printed_name"]) == (3e10, "浦东新区")
    savings = metric(metrics, "GN-2654675", "annual_operating_savings_gbp")
    assert (float(savings["value"]), savings["flag"]) == (2e6, "K2")
    assert metric(metrics, "GN-5128581", "linknyc_revenue_12y_usd")["value"] == ""  # a range: 5亿至10亿美元


# --------------------------------------------------------------------------- flags


def test_every_flag_code_is_documented():
    codes = {r["code"] for r in seed_rows("anomalies.csv")}
    files = [
        "pilots.csv",
        "maturity.csv",
        "national_facts.csv",
        "scenarios_002_004.csv",
        "scenario_coverage_002_004.csv",
        "city_metrics_002_004.csv",
    ]
    used = {flag for name in files for r in seed_rows(name) for flag in r["flag"].split(";") if flag}
    assert used <= codes, used - codes
    assert {"P1", "M1", "M2", "M3", "M4", "N1", "H1", "K2"} <= used
