"""What users read, as the catalogue words it: tests look for the app's own sentences instead of
restating them, so a reworded message changes in one place (texts/locales)."""

import re

from texts.catalogue import catalog

ZH, EN = catalog("zh"), catalog("en")
PLACEHOLDER = re.compile(r"{(\w*)}")


def words(language: str, key: str, **values) -> str:
    """The text of `key` filled with `values`. Where a placeholder has no value (the test cannot
    know it), the text up to it, or, when the text opens with one, the longest part without one."""
    text = catalog(language)[key]
    missing = [match for match in PLACEHOLDER.finditer(text) if match.group(1) not in values]
    if not missing:
        return text.format(**values)
    pieces, start = [], 0
    for match in missing:
        pieces.append(text[start : match.start()])
        start = match.end()
    pieces.append(text[start:])
    filled = [piece.format(**values).strip() for piece in pieces]
    return filled[0] or max(filled, key=len)
