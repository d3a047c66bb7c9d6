"""Anomalies in the reports are listed (data/seeds/anomalies.csv), cited and described in both
languages, and flagged on the rows they concern; none is silently fixed.

An anomaly that spans several reports has one row per report, all with the same code, dataset and
descriptions (the Sources page shows it once, citing every report).
"""

from collections import defaultdict

import pytest

from seed_helpers import parse_source_lines, seed_rows


def _han(text: str) -> int:
    return sum("\u4e00" <= char <= "\u9fff" for char in text)


def cited_lines() -> dict[tuple[str, int], set[str]]:
    """(report, line) -> the anomaly codes citing it (ranges by every line in them)."""
    cited = defaultdict(set)
    for row in seed_rows("anomalies.csv"):
        for first, last in parse_source_lines(row["source_lines"]):
            for line in range(first, last + 1):
                cited[(row["source_id"], line)].add(row["code"])
    return cited


def by_code() -> dict[str, list[dict[str, str]]]:
    rows = defaultdict(list)
    for row in seed_rows("anomalies.csv"):
        rows[row["code"]].append(row)
    return rows


@pytest.mark.parametrize(
    ("report", "line", "what"),
    [
        ("000", 404, "'4个一线城市表现最好' while the table ranks 杭州 4th and 广州 9th"),
        ("000", 511, "the technology chart caption repeats the strategy caption of L497 (twin of A5)"),
        ("000", 130, "500 pilot cities"),
        ("000", 160, "more than 500 cities building smart cities by June 2016"),
        ("002", 274, "311 cities proposing or building smart cities by the end of 2013"),
        ("003", 449, "nearly 300 pilot lists since 2013"),
    ],
)
def test_each_known_anomaly_is_listed(report, line, what):
    assert cited_lines().get((report, line)), f"no anomaly cites {report} L{line}: {what}"


def test_national_pilot_counts_are_one_anomaly_across_three_reports():
    codes = cited_lines()
    (code,) = codes[("000", 130)] & codes[("003", 449)] & codes[("002", 274)] & codes[("000", 160)]
    rows = by_code()[code]
    assert {row["source_id"] for row in rows} == {"000", "002", "003"}
    assert rows[0]["dataset"] == "national_facts"


def test_a1_names_all_three_cities_the_text_calls_middle():
    (a1,) = by_code()["A1"]
    lines = {line for first, last in parse_source_lines(a1["source_lines"]) for line in range(first, last + 1)}
    assert {420, 425, 427, 452} <= lines  # 上海, 宁波 and 广州's table rows and the sentence
    for city in ("上海", "广州", "宁波"):
        assert city in a1["description_zh"] and city in a1["description_en"]


def test_rows_of_one_anomaly_agree_and_speak_both_languages():
    for code, rows in by_code().items():
        first = rows[0]
        for row in rows:
            assert (row["dataset"], row["description_zh"], row["description_en"]) == (
                first["dataset"],
                first["description_zh"],
                first["description_en"],
            ), code
        assert _han(first["description_zh"]) > len(first["description_zh"]) / 3, code
        assert first["description_en"].isascii() or _han(first["description_en"]) < len(first["description_en"]) / 4


@pytest.mark.parametrize(
    ("name", "key", "value", "code"),
    [
        ("rankings.csv", ("measure", "printed_name"), ("gdp_per_capita_rank", "上海"), "A1"),
        ("rankings.csv", ("measure", "printed_name"), ("gdp_per_capita_rank", "宁波"), "A1"),
        ("rankings.csv", ("measure", "printed_name"), ("smart_rank", "广州"), "A7"),
        ("rankings.csv", ("measure", "printed_name"), ("smart_rank", "杭州"), "A7"),
        ("national_facts.csv", ("fact",), ("pilot_cities_deloitte_2018",), "N2"),
        ("national_facts.csv", ("fact",), ("pilot_lists_since_2013",), "N2"),
        ("national_facts.csv", ("fact",), ("cities_building_smart_city_2013",), "N2"),
        ("national_facts.csv", ("fact",), ("cities_building_smart_city_2016",), "N2"),
    ],
)
def test_rows_an_anomaly_concerns_carry_its_flag_and_say_so(name, key, value, code):
    (row,) = [r for r in seed_rows(name) if tuple(r[k] for k in key) == value]
    assert code in row["flag"].split(";")
    assert code in row["note"]
    if "note_zh" in row:
        assert code in row["note_zh"]
