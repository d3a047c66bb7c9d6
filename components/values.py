"""Small helpers for cells that may be missing (None, NaN or pandas NA)."""

import pandas as pd


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
