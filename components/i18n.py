"""Every user-visible string goes through `t()`, in the language of the page being drawn.

The catalogue itself (texts/locales/<language>/<area>.toml) lives below every floor in
`texts.catalogue`, Streamlit-free, so the command-line tools read the same words. Here is only
what reads the page's language from the page context (the sidebar switch kept in `?lang=`,
Chinese by default).
"""

from components import page_context
from texts import catalogue


def current_language() -> str:
    return page_context.language()


def t(key: str, **values) -> str:
    """The text for `key` in the current language, with {placeholders} filled in."""
    return catalogue.text(current_language(), key, **values)


def has_text(key: str) -> bool:
    """Whether the catalogue names `key` (for codes that may or may not have a label)."""
    return key in catalogue.catalog(current_language())


def localized_column(frame, field: str) -> list:
    """`localized(row, field)` for every row of a DataFrame."""
    language = current_language()
    return [catalogue.localized(row, field, language) for row in frame.to_dict("records")]


def localized(row, field: str) -> str:
    """Pick `<field>_zh` or `<field>_en` from a row or dict, falling back to Chinese."""
    return catalogue.localized(row, field, current_language())
