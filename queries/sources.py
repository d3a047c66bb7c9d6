"""The reports every figure cites."""

import pandas as pd

from queries.cache import read_frame


def source_documents() -> pd.DataFrame:
    return read_frame("sources")
