"""A figure printed with a qualifier (约, 近, 超过, 多, 余, 以上, 至少) keeps it: the `qualifier` column
says about / nearly / over / at_least, so the value is never shown as if it were exact (近一半 is not
50 %, it is nearly 50 %). Checked against the printed form of every seed figure."""

import re

import pytest

from seed_helpers import seed_rows

WITH_QUALIFIER = ["city_metrics_000_001.csv", "city_metrics_002_004.csv", "national_facts.csv", "carbon_facts.csv"]
QUALIFIERS = {"about", "nearly", "over", "at_least"}
_NUMBER_END = r"[\d一二两三四五六七八九十百千万亿倍]"


def printed_qualifier(text: str) -> str:
    """The qualifier a printed form carries; '' when it states the number as such."""
    squashed = "".join(text.split())
    if "近" in squashed:
        return "nearly"
    if re.search(r"至少|不低于", squashed) or re.search(_NUMBER_END + r"(?:个|%|km|家|项)?以上", squashed):
        return "at_least"
    if re.search(r"超过|超|突破|逾", squashed) or re.search(_NUMBER_END + r"[多余]", squashed):
        return "over"
    if re.search(r"约|左右", squashed):
        return "about"
    return ""


def test_printed_qualifiers_are_read():
    assert printed_qualifier("近一半") == "nearly"
    assert printed_qualifier("近三分之一") == "nearly"
    assert printed_qualifier("超过70%") == "over"
    assert printed_qualifier("38亿多") == printed_qualifier("60余亿") == printed_qualifier("两倍余") == "over"
    assert printed_qualifier("约超过2,000万") == "over"
    assert (
        printed_qualifier("30%以上")
        == printed_qualifier("三个以上")
        == printed_qualifier("不低于 800 亿元")
        == "at_least"
    )
    assert printed_qualifier("50%左右") == printed_qualifier("大约 30%") == "about"
    assert printed_qualifier("4 个副省级以上城市") == ""  # 以上 qualifies 副省级, not the 4
    assert printed_qualifier("5.64万") == printed_qualifier("高20%") == printed_qualifier("全面电动化") == ""


@pytest.mark.parametrize("name", WITH_QUALIFIER)
def test_every_figure_keeps_its_printed_qualifier(name):
    rows = seed_rows(name)
    assert "qualifier" in rows[0], f"{name} has no qualifier column"
    wrong = []
    for number, row in enumerate(rows, start=2):
        expected = printed_qualifier(row["value_text"]) if row["value"] else ""
        stored = "" if row["qualifier"] == "exactly" else row["qualifier"]
        assert stored in QUALIFIERS | {""}, f"{name}:{number} unknown qualifier {row['qualifier']!r}"
        if stored != expected:
            wrong.append(f"{name}:{number} {row['value_text']!r}: {row['qualifier']!r}, printed says {expected!r}")
    assert not wrong, "\n".join(wrong)
