"""Small helpers for cells that may be missing (None, NaN or pandas NA), and numbers as people read them."""

import functools
import math

import pandas as pd

from components.i18n import current_language
from texts.catalogue import catalog, text

SCALED_FROM = 1e4  # four-digit figures stay as printed in both languages (5640, 5,640)
SIGNIFICANT = 4  # 56400 -> 5.64万; 123456789 -> 1.235亿 (the printed form is shown beside it)


def is_missing(value) -> bool:
    if value is None or isinstance(value, str):
        return value is None or value == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and arrays are present values
        return False


def number_text(value) -> str | None:
    """'8' for 8.0, '82.5' for 82.5, None for a missing value."""
    return None if is_missing(value) else f"{float(value):g}"


def _plain(number: float, grouped: bool) -> str:
    """Up to SIGNIFICANT digits, never in exponent notation: 2000, 82.5, 0.3333, 5,640."""
    if number == int(number) and abs(number) < 10**SIGNIFICANT:
        text = f"{int(number):,}" if grouped else str(int(number))
    else:
        digits = max(SIGNIFICANT - 1 - math.floor(math.log10(abs(number))), 0) if number else 0
        text = f"{number:,.{digits}f}" if grouped else f"{number:.{digits}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return text


def plain_number(value) -> str | None:
    """A number as a table cell writes it: 1 (not 1.0), 82.5, 56400, 0.3333; None for a missing value."""
    if is_missing(value):
        return None
    number = float(value)
    return _plain(number, grouped=False) if math.isfinite(number) else str(number)


def readable_number(value, language: str | None = None) -> str | None:
    """A number as a reader says it: 2e11 -> '2000亿' / '200 billion', 56400 -> '5.64万' /
    '56.4 thousand', 52 -> '52'; None for a missing value. `language` defaults to the page's."""
    if is_missing(value):
        return None
    number = float(value)
    if not math.isfinite(number):
        return str(number)
    language = language or current_language()
    for divisor, suffix in _scales(language):
        if abs(number) >= max(divisor, SCALED_FROM):
            return _plain(number / divisor, grouped=False) + suffix
    return _plain(number, grouped=language != "zh")


@functools.cache
def _scales(language: str) -> list[tuple[float, str]]:
    """The catalogue's `number.scales` (divisor:suffix): 万 / 亿 / 万亿 in Chinese, thousand / million /
    billion / trillion in English."""
    pairs = (pair.split(":", 1) for pair in catalog(language)["number.scales"].split(";"))
    return sorted(((float(divisor), suffix) for divisor, suffix in pairs), reverse=True)


def quantity_text(value, unit: str | None = None, language: str | None = None) -> str | None:
    """A number with its unit: '300亿元', '52分钟', '30 billion CNY', '52 minutes', '35%'."""
    number = readable_number(value, language)
    if number is None or is_missing(unit):
        return number
    close = unit == "%" or ((language or current_language()) == "zh" and not str(unit).isascii())
    return f"{number}{unit}" if close else f"{number} {unit}"


QUALIFIERS = ("about", "nearly", "over", "at_least")


def qualified(shown: str | None, qualifier: str | None, language: str | None = None) -> str | None:
    """A figure with the qualifier it was printed with: '近50%' / 'nearly 50%', '超过70%' / 'over 70%'.

    Wherever a value stands for a printed 约 / 近 / 超过 / 以上, the qualifier stays with it; an exact
    figure (no qualifier, or 'exactly') is shown as it is."""
    if shown is None or is_missing(qualifier) or qualifier not in QUALIFIERS:
        return shown
    return text(language or current_language(), f"qualifier.{qualifier}", value=shown)


def qualified_quantity(value, unit: str | None, qualifier: str | None, language: str | None = None) -> str | None:
    """quantity_text with its printed qualifier: '约300亿元', 'about 30 billion CNY', 'nearly 50%'."""
    return qualified(quantity_text(value, unit, language), qualifier, language)
