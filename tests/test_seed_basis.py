"""One rule for `basis`, checked on every seed row that stores a number beside its printed form.

- **explicit**: the stored value *is* the printed number, only written another way: 5.64万 → 56400,
  2.4万亿 → 2.4×10^12, 两席 → 2, 全国第二 → 2, 一半 → 50 %. A qualifier (约, 近, 超过, 多, 余, 以上)
  does not change the basis; it is kept in the `qualifier` column and shown with the value.
- **derived**: computed from printed numbers, so not exactly what is printed: 1/3 → 33.3 %,
  2/3 → 66.67 % (rounded), a rank gap, a sum.
- **inferred**: our reading: a number where the report prints none (全面电动化 → 100 %), or a printed
  number attributed to something the report does not attach it to (大连's 2030 used as the national
  goal). Such rows say why in their note.

A row with no value at all is a text fact: explicit when printed, never derived.
"""

import re
from fractions import Fraction

import pytest

from seed_helpers import seed_rows

WITH_PRINTED_FORM = [
    "city_metrics_000_001.csv",
    "city_metrics_002_004.csv",
    "national_facts.csv",
    "carbon_facts.csv",
]

_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_BIG_UNIT = {"万": 10**4, "亿": 10**8}
_CN = "零〇一二两三四五六七八九十百千"
_FRACTION = re.compile(r"(\d+)/(\d+)")
_CN_FRACTION = re.compile(rf"([{_CN}]+)分之([{_CN}]+)")
_ARABIC = re.compile(r"(\d+(?:\.\d+)?)[多余]?([万亿]*)")
_CHINESE = re.compile(rf"([{_CN}]+)[多余]?([万亿]*)")


def chinese_integer(text: str) -> int:
    """三 → 3, 十 → 10, 二十三 → 23, 千 → 1000, 三百 → 300."""
    total, digit = 0, 0
    for char in text:
        if char in _DIGIT:
            digit = _DIGIT[char]
        else:
            total += (digit or 1) * _SMALL_UNIT[char]
            digit = 0
    return total + digit


def _scaled(number: Fraction, big_units: str) -> Fraction:
    for unit in big_units:
        number *= _BIG_UNIT[unit]
    return number


def printed_number(text: str, unit: str) -> tuple[Fraction, bool] | None:
    """The number a printed form states, exactly, and whether it is a fraction (1/3, 三分之一, 一半).

    A fraction of a percentage unit is scaled to percent. None when no number is printed.
    """
    squashed = "".join(text.split()).replace(",", "")
    per_cent = 100 if unit == "%" else 1
    if match := _FRACTION.search(squashed):
        return Fraction(int(match.group(1)), int(match.group(2))) * per_cent, True
    if match := _CN_FRACTION.search(squashed):
        return Fraction(chinese_integer(match.group(2)), chinese_integer(match.group(1))) * per_cent, True
    if "一半" in squashed:
        return Fraction(1, 2) * per_cent, True
    if match := _ARABIC.search(squashed):
        return _scaled(Fraction(match.group(1)), match.group(2)), False
    if match := _CHINESE.search(squashed):
        return _scaled(Fraction(chinese_integer(match.group(1))), match.group(2)), False
    return None


def basis_problem(row: dict[str, str]) -> str | None:
    """Why the row's basis breaks the rule, or None."""
    basis, value = row["basis"], row["value"]
    if value == "":
        return "no value: a text fact is explicit, not derived" if basis == "derived" else None
    printed = printed_number(row["value_text"], row["unit"])
    if printed is None:
        return None if basis == "inferred" else f"{row['value_text']!r} prints no number: basis must be inferred"
    number, _ = printed
    stored = Fraction(value)
    if stored == number:
        if basis == "derived":
            return f"{value} is {row['value_text']!r} written another way: explicit, not derived"
        return None
    if abs(stored - number) > abs(number) / 100:
        return f"{value} does not match the printed {row['value_text']!r} ({float(number):g})"
    if basis == "explicit":
        return f"{value} is rounded from {row['value_text']!r} ({float(number):.6g}): derived, not explicit"
    return None


def test_printed_numbers_are_read_exactly():
    assert printed_number("5.64万", "stations") == (Fraction(56400), False)
    assert printed_number("约 300 亿元", "CNY") == (Fraction(3 * 10**10), False)
    assert printed_number("2.4万亿人民币", "CNY") == (Fraction(24 * 10**11), False)
    assert printed_number("60余亿", "records") == (Fraction(6 * 10**9), False)
    assert printed_number("38亿多", "records") == (Fraction(38 * 10**8), False)
    assert printed_number("千亿", "CNY") == (Fraction(10**11), False)
    assert printed_number("超过7,292万", "records") == (Fraction(72920000), False)
    assert printed_number("两席", "firms") == (Fraction(2), False)
    assert printed_number("全国第二", "rank") == (Fraction(2), False)
    assert printed_number("近一半", "%") == (Fraction(50), True)
    assert printed_number("1/3", "%") == (Fraction(100, 3), True)
    assert printed_number("近三分之一", "%") == (Fraction(100, 3), True)
    assert printed_number("2/3 以上", "%") == (Fraction(200, 3), True)
    assert printed_number("全面电动化", "%") is None


def test_the_rule_catches_each_mislabel():
    conversion = {"value": "56400", "value_text": "5.64万", "unit": "stations"}
    assert basis_problem({**conversion, "basis": "explicit"}) is None
    assert basis_problem({**conversion, "basis": "derived"})
    third = {"value": "33.3", "value_text": "1/3", "unit": "%"}
    assert basis_problem({**third, "basis": "derived"}) is None
    assert basis_problem({**third, "basis": "explicit"})
    reading = {"value": "100", "value_text": "全面电动化", "unit": "%"}
    assert basis_problem({**reading, "basis": "inferred"}) is None
    assert basis_problem({**reading, "basis": "derived"})
    assert basis_problem({"value": "", "value_text": "三批", "unit": "", "basis": "derived"})
    assert basis_problem({"value": "5640", "value_text": "5.64万", "unit": "stations", "basis": "explicit"})


@pytest.mark.parametrize("name", WITH_PRINTED_FORM)
def test_basis_follows_one_rule(name):
    rows = seed_rows(name)
    assert {"value", "value_text", "unit", "basis"} <= set(rows[0]), f"{name} lacks the printed form"
    failures = [
        f"{name}:{number} {row.get('printed_name') or row.get('fact')}: {problem}"
        for number, row in enumerate(rows, start=2)
        if (problem := basis_problem(row))
    ]
    assert not failures, "\n".join(failures)
