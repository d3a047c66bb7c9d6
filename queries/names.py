"""Place-name normalisation: one rule for the gazetteer build, the URL and uploads.

Users type 北京, 北京市, ＢＥＩＪＩＮＧ, " Beijing ", Xi'an or Xian; all of them must land on the
same key before we look it up in the alias table.
"""

import re
import unicodedata

# Longest first, so 自治州 is tried before 州-less suffixes and 特别行政区 before 区.
ADMIN_SUFFIXES = ("特别行政区", "自治州", "地区", "盟", "市", "区", "县")

_SEPARATORS = re.compile(r"[\s'’‘`·\-_.]+")


def normalize_name(name: str | None) -> str:
    """Fold width, case, spaces and punctuation so that spellings compare equal."""
    text = unicodedata.normalize("NFKC", name or "")
    return _SEPARATORS.sub("", text).casefold()


def strip_admin_suffix(normalized: str) -> str:
    """Drop one trailing administrative suffix (市, 区, 县, …) if a name remains."""
    for suffix in ADMIN_SUFFIXES:
        if normalized.endswith(suffix) and len(normalized) > len(suffix) + 1:
            return normalized[: -len(suffix)]
    return normalized
