"""Per-city metrics in force (seed rows and analyst uploads) for the metric map."""

import pandas as pd

from queries.cache import read_frame


def metric_catalog() -> pd.DataFrame:
    return read_frame("metrics/catalog")


def metric_values(metric: str, year: int | None) -> pd.DataFrame:
    return read_frame("metrics/values", metric=metric, year=year)
