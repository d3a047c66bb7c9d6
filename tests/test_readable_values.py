"""Numbers as executives read them: 万/亿 in Chinese, thousand/million/billion in English, never
2e+11, None, internal ids or dataset codes (issue: raw values reaching users)."""

import re

import pytest

from components.values import quantity_text, readable_number

from apptest_helpers import column_values
from page_helpers import open_page

EXPONENT = re.compile(r"\d[eE][+-]?\d")


@pytest.mark.parametrize(
    "value,zh,en",
    [
        (2e11, "2000亿", "200 billion"),
        (3.8e9, "38亿", "3.8 billion"),
        (8e10, "800亿", "80 billion"),
        (56400, "5.64万", "56.4 thousand"),
        (1.2e12, "1.2万亿", "1.2 trillion"),
        (123456789, "1.235亿", "123.5 million"),
        (5640, "5640", "5,640"),
        (82.5, "82.5", "82.5"),
        (-25000, "-2.5万", "-25 thousand"),
        (0, "0", "0"),
        (None, None, None),
        (float("nan"), None, None),
    ],
)
def test_large_numbers_in_words_of_each_language(value, zh, en):
    assert readable_number(value, "zh") == zh
    assert readable_number(value, "en") == en


def test_units_follow_each_language():
    assert quantity_text(3e10, "元", "zh") == "300亿元"
    assert quantity_text(3e10, "CNY", "en") == "30 billion CNY"
    assert quantity_text(52, "分钟", "zh") == "52分钟"
    assert quantity_text(52, "minutes", "en") == "52 minutes"
    assert quantity_text(35, "%", "en") == "35%"
    assert quantity_text(None, "%", "en") is None


@pytest.mark.parametrize("language", ["zh", "en"])
def test_city_figures_are_words_not_exponents_with_the_printed_form_beside(app, language):
    open_page(app, "city", city="上海", lang=language)
    printed, value = ("原文", "数值") if language == "zh" else ("As printed", "Value")
    table = next(frame.value for frame in app.dataframe if printed in frame.value)
    shown = dict(zip(table[printed], table[value]))
    assert shown["约 300 亿元"] == ("约300亿元" if language == "zh" else "about 30 billion CNY")  # 约 kept
    assert shown["290 亿元"] == ("290亿元" if language == "zh" else "29 billion CNY")
    for frame in app.dataframe:
        for column in frame.value.columns:
            assert not any(EXPONENT.search(str(cell)) for cell in frame.value[column]), column


def test_profile_names_frameworks_not_their_ids(app):
    open_page(app, "city", city="上海", lang="en")
    frameworks = column_values(app, "Framework")
    assert frameworks and not any("_" in name for name in frameworks), frameworks
    assert "Huawei 2019" in " ".join(frameworks)
