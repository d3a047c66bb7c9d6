"""Choosing cities by any spelling: the labels lists show and the parsing of city lists in links.

One city (`?city=北京`) is the profile's; several (`?cities=110000,440300,330100`, or any spellings:
`?cities=北京,Shenzhen,杭州市`) are the compare page's and a page's selection (`?sel=…`). Codes go
into the URL, so a link made in Chinese opens the same cities in English.
"""

import re

import pandas as pd

from components.i18n import current_language
from components.labels import province_label
from queries.cities import resolve_city

MAX_CITIES = 6
COMPARE_PAGE = "app_pages/compare.py"
CITIES_KEY = "cities"  # the compare page's URL parameter: ?cities=110000,440300,330100
GLOBAL_PARAMS = ("lang", "tier", "present")  # what a jump to another page carries along
_SEPARATORS = re.compile(r"[,，、;；]+")


def directory_label(row: dict) -> str:
    """'深圳 · Shenzhen · 广东': what pickers show for a place of the directory (a foreign city:
    its country code)."""
    province = province_label(row) or row["country"]
    return f"{row['city_short_zh']} · {row['city_name_en']} · {province}"


def directory_labels(directory: pd.DataFrame) -> dict[str, str]:
    return {row["city_code"]: directory_label(row) for row in directory.to_dict("records")}


def city_options(frame: pd.DataFrame) -> dict[str, str]:
    """code → '深圳 · Shenzhen' (English pages: 'Shenzhen · 深圳') for the cities of a query's rows:
    the selection and search lists, which find a city by either name; the first name is the page's."""
    first = frame.drop_duplicates("city_code")
    english_first = current_language() == "en"
    return {
        code: f"{english or short} · {short}" if english_first else f"{short} · {english or short}"
        for code, short, english in zip(first["city_code"], first["city_short_zh"], first["city_name_en"])
    }


def unique_city(text: str) -> str | None:
    """The one city `text` names (北京市, Beijing, Peking, 440300), else None."""
    codes = resolve_city(text)
    return codes[0] if len(codes) == 1 else None


def parse_cities(text: str, known: set[str] | None = None, limit: int = MAX_CITIES) -> tuple[list[str], list[str]]:
    """(codes in the order given, parts not understood) for '110000,深圳,Hangzhou'; at most `limit`."""
    codes: list[str] = []
    rejected: list[str] = []
    for part in (p.strip() for p in _SEPARATORS.split(text or "") if p.strip()):
        code = part if known is not None and part in known else unique_city(part)
        if code is None or (known is not None and code not in known):
            rejected.append(part)
        elif code not in codes:
            codes.append(code)
    return codes[:limit], rejected


def carried_params(params: dict[str, list[str]]) -> dict[str, str | list[str]]:
    """The page-wide choices (language, tiers, presentation) of the current URL, for a jump."""
    return {key: value for key, value in params.items() if key in GLOBAL_PARAMS}


def joined(codes: list[str]) -> str:
    return ",".join(codes)


def split(value: str | None) -> list[str]:
    return [code for code in (value or "").split(",") if code]
