"""The values a reader would check against the Deloitte 2018 and 2022 reports (seeds 000 and 001)."""

import re
from collections import Counter

import pytest

from seed_helpers import SEEDS_DIR, seed_rows


@pytest.fixture(scope="module")
def rankings():
    return seed_rows("rankings.csv")


@pytest.fixture(scope="module")
def tiers():
    return seed_rows("tiers.csv")


def measure(rows, name):
    return [r for r in rows if r["edition"] == "deloitte_2018" and r["measure"] == name]


def one(rows, measure_name, printed_name):
    found = [r for r in measure(rows, measure_name) if r["printed_name"] == printed_name]
    assert len(found) == 1, f"{measure_name} {printed_name}: {len(found)} rows"
    return found[0]


def test_files_are_utf8_without_bom():
    for path in sorted(SEEDS_DIR.glob("*.csv")):
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf"), path.name


def test_sources_cover_reports_000_to_004():
    assert [r["source_id"] for r in seed_rows("sources.csv")] == ["000", "001", "002", "003", "004"]


def test_guiyang_ranks(rankings):
    assert one(rankings, "smart_rank", "贵阳")["value"] == "8"
    assert one(rankings, "gdp_per_capita_rank", "贵阳")["value"] == "23"


def test_innovation_leaders(rankings):
    assert one(rankings, "innovation_score", "深圳")["value"] == "82"
    assert one(rankings, "innovation_score", "北京")["value"] == "81"


@pytest.mark.parametrize("name", ["smart_rank", "gdp_per_capita_rank"])
def test_rank_columns_are_permutations(rankings, name):
    rows = measure(rankings, name)
    assert sorted(int(r["value"]) for r in rows) == list(range(1, 26))


def test_index_has_25_cities(rankings):
    for name in ("smart_rank", "gdp_per_capita_rank"):
        rows = measure(rankings, name)
        assert len(rows) == 25
        assert len({r["city_code"] for r in rows}) == 25
    assert {r["city_code"] for r in measure(rankings, "smart_rank")} == {
        r["city_code"] for r in measure(rankings, "gdp_per_capita_rank")
    }


def test_innovation_list_as_printed(rankings):
    rows = measure(rankings, "innovation_score")
    assert len(rows) == 25
    names = Counter(r["printed_name"] for r in rows)
    assert names["济南"] == 2
    assert "郑州" not in names
    jinan = [r for r in rows if r["printed_name"] == "济南"]
    assert sorted(r["value"] for r in jinan) == ["20", "39"]
    assert all("A2" in r["flag"].split(";") for r in jinan)
    second = next(r for r in jinan if r["value"] == "20")
    assert second["source_lines"] == "578"
    assert "郑州" in second["note"]
    zhengzhou = one(rankings, "smart_rank", "郑州")["city_code"]
    assert zhengzhou not in {r["city_code"] for r in rows}


def test_innovation_groups(rankings):
    rows = measure(rankings, "innovation_score")
    counts = Counter(r["group_label"] for r in rows)
    assert counts == {"第一梯队": 2, "第二梯队": 10, "第三梯队": 13}
    assert {r["printed_name"] for r in rows if r["group_label"] == "第一梯队"} == {"深圳", "北京"}
    assert all(r["group_basis"] in {"explicit", "derived", "inferred"} for r in rows)
    assert one(rankings, "innovation_score", "天津")["group_basis"] == "inferred"
    for name in ("smart_rank", "gdp_per_capita_rank"):
        assert all(r["group_label"] == "" for r in measure(rankings, name))


def test_values_are_printed(rankings):
    assert {r["basis"] for r in rankings} == {"explicit"}


def primary(tiers):
    return [r for r in tiers if r["edition"] == "deloitte_2022" and r["is_primary"] == "true"]


def test_27_tiered_cities(tiers):
    rows = primary(tiers)
    assert len(rows) == 27
    assert len({r["city_code"] for r in rows}) == 27
    assert {r["city_code"] for r in tiers} == {r["city_code"] for r in rows}
    assert Counter(r["tier"] for r in rows) == {"leading": 6, "pioneer": 10, "exploring": 11}
    assert {r["is_primary"] for r in tiers} <= {"true", "false"}
    assert {r["tier"] for r in tiers} <= {"leading", "pioneer", "exploring"}


@pytest.mark.parametrize("name, tier", [("广州", "leading"), ("南京", "pioneer")])
def test_guangzhou_and_nanjing_are_inferred(tiers, name, tier):
    rows = [r for r in tiers if r["printed_name"] == name]
    assert len(rows) == 1
    assert rows[0]["tier"] == tier
    assert rows[0]["basis"] == "inferred"
    assert rows[0]["note"]


def test_qingdao_two_rows(tiers):
    rows = [r for r in tiers if r["printed_name"] == "青岛"]
    assert len(rows) == 2
    assert {(r["tier"], r["is_primary"]) for r in rows} == {("exploring", "true"), ("pioneer", "false")}
    assert all("B_QINGDAO" in r["flag"].split(";") for r in rows)


def test_hangzhou_flagged_b3(tiers):
    row = next(r for r in tiers if r["printed_name"] == "杭州")
    assert row["tier"] == "leading"
    assert "B3" in row["flag"].split(";")


def test_hong_kong_code(tiers):
    assert next(r for r in tiers if r["printed_name"] == "香港")["city_code"] == "810000"


def test_city_codes_look_like_gb2260(rankings, tiers):
    for row in rankings + tiers:
        code = row["city_code"]
        assert re.fullmatch(r"\d{6}", code), (row["printed_name"], code)
        assert code in {"810000", "820000"} or code[:2] not in {"71", "81", "82"}


def test_one_code_per_name(rankings, tiers):
    pairs = {(r["printed_name"], r["city_code"]) for r in rankings + tiers}
    names = Counter(name for name, _ in pairs)
    codes = Counter(code for _, code in pairs)
    assert all(n == 1 for n in names.values()), names
    assert all(n == 1 for n in codes.values()), codes


def test_flags_are_documented(rankings, tiers):
    documented = {r["code"] for r in seed_rows("anomalies.csv")}
    used = {flag for r in rankings + tiers for flag in r["flag"].split(";") if flag}
    assert used <= documented, used - documented
    for code in ("A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4", "B_QINGDAO"):
        assert code in documented
