"""CSV files that spreadsheets open safely (no Streamlit here: download callables run off the script).

A cell that begins with =, +, -, @ (or a tab or carriage return) is a formula to Excel and
LibreOffice ("CSV injection"); uploaded text can contain such cells. `csv_bytes` prefixes those text
cells with an apostrophe, which spreadsheets show as text. Numbers are left alone (-3.5 stays a
number). The file is UTF-8 with a BOM so Excel reads Chinese correctly. Every page's CSV download
goes through here.
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


def unique_headers(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        out.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return out


def frame_csv(frame: pd.DataFrame, headers: list[str] | None = None) -> bytes:
    """CSV of `frame` under `headers` (formulas neutralised, UTF-8 BOM).

    Whole-number columns are written as integers (rank 8, not 8.0) and lists as "a, b".
    """
    tidy = frame.copy()
    if headers is not None:
        tidy.columns = unique_headers([str(header) for header in headers])
    for column in tidy.columns:
        values = tidy[column]
        if pd.api.types.is_float_dtype(values) and values.notna().any() and (values.dropna() % 1 == 0).all():
            tidy[column] = values.astype("Int64")
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            tidy[column] = values.map(_tidy_cell)
    return csv_bytes(tidy)


def _tidy_cell(value):
    """Lists as "a, b"; a whole number as an integer (8, not 8.0) in a column of mixed values; a bare
    carriage return as a newline (the CSV writer quotes only newlines)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value
