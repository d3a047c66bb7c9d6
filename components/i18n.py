"""Every user-visible string goes through `t()`.

Catalogues are TOML files under components/locales/<language>/, one per area of the app
(core.toml, pilots.toml, …); they are merged, and a key defined twice is an error. The language
is the sidebar switch kept in `?lang=`; Chinese is the default.
"""

import tomllib
from functools import cache
from pathlib import Path

import streamlit as st

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
LANGUAGE_KEY = "lang"
_LOCALES = Path(__file__).resolve().parent / "locales"


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


@cache
def catalog(language: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((_LOCALES / language).glob("*.toml")):
        with open(path, "rb") as handle:
            entries = _flatten(tomllib.load(handle))
        clashes = merged.keys() & entries.keys()
        if clashes:
            raise ValueError(f"{path.name} redefines {sorted(clashes)}")
        merged.update(entries)
    return merged


def current_language() -> str:
    language = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **values) -> str:
    """The text for `key` in the current language, with {placeholders} filled in."""
    text = catalog(current_language())[key]
    return text.format(**values) if values else text


def localized_column(frame, field: str) -> list:
    """`localized(row, field)` for every row of a DataFrame."""
    return [localized(row, field) for row in frame.to_dict("records")]


def localized(row, field: str) -> str:
    """Pick `<field>_zh` or `<field>_en` from a row or dict, falling back to Chinese."""
    language = current_language()
    value = row.get(f"{field}_{language}")
    if value is None or value != value:  # None or NaN
        value = row.get(f"{field}_zh")
    return value
