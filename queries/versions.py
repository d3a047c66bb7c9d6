"""Cached reads of dataset versions for the app (writes live in queries.ingest)."""

import pandas as pd

from queries.cache import read_frame


def version_history(kind: str) -> pd.DataFrame:
    return read_frame("ingest/versions", kind=kind)
