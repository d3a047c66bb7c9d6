"""The message catalogue: TOML files under texts/locales/<language>/, one per area of the app.

They are merged per language, and a key defined twice is an error. Chinese is the default
language. Everything here takes the language as an argument; `components.i18n.t()` supplies the
page's language.
"""

import tomllib
from functools import cache
from pathlib import Path

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
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
    """Every key of `language` with its text, merged from all of its TOML files."""
    merged: dict[str, str] = {}
    for path in sorted((_LOCALES / language).glob("*.toml")):
        with open(path, "rb") as handle:
            entries = _flatten(tomllib.load(handle))
        clashes = merged.keys() & entries.keys()
        if clashes:
            raise ValueError(f"{path.name} redefines {sorted(clashes)}")
        merged.update(entries)
    return merged


def text(language: str, key: str, **values) -> str:
    """The text for `key` in `language`, with {placeholders} filled in."""
    template = catalog(language)[key]
    return template.format(**values) if values else template


def localized(row, field: str, language: str):
    """`<field>_zh` or `<field>_en` of a row or dict, falling back to Chinese."""
    value = row.get(f"{field}_{language}")
    if value is None or value != value:  # None or NaN
        value = row.get(f"{field}_zh")
    return value
