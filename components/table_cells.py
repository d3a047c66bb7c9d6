"""Tables as users read them: an empty cell is blank (a grid shows a missing value as 'None')."""

import pandas as pd


def blank_gaps(frame: pd.DataFrame) -> pd.DataFrame:
    """A table with empty cells blank (a grid shows a missing value as 'None'): a column with gaps is
    shown as text, whole numbers without '.0'; columns without gaps keep their type."""
    shown = frame.copy()
    for name in shown.columns:
        if shown[name].isna().any():
            shown[name] = shown[name].map(_cell_text)
    return shown


def _cell_text(value) -> str:
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
