"""CSV downloads that spreadsheets open safely.

A cell that begins with =, +, -, @ (or a tab or carriage return) is a formula to Excel and
LibreOffice ("CSV injection"); uploaded text can contain such cells. `csv_bytes` prefixes those text
cells with an apostrophe, which spreadsheets show as text. Numbers are left alone (-3.5 stays a
number). The file is UTF-8 with a BOM so Excel reads Chinese correctly. Every page's CSV download
should go through here.
"""

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and column names) cannot run as spreadsheet formulas."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(column)) for column in safe.columns]
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    # CRLF rows, as spreadsheets expect; a bare CR inside a cell is then quoted, not a row break.
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
