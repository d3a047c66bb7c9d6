"""Per-city metrics in force (seed rows and analyst uploads) for the metric map."""

import pandas as pd

from queries.cache import read_frame


def metric_catalog(tiers: list[str], tier_edition: str | None = None) -> pd.DataFrame:
    """Every metric, its years best-covered first, and how many cities in `tiers` it covers at best."""
    return read_frame("metrics/catalog", tiers=list(tiers), tier_edition=tier_edition)


def metric_values(metric: str, year: int | None, tiers: list[str], tier_edition: str | None = None) -> pd.DataFrame:
    return read_frame("metrics/values", metric=metric, year=year, tiers=list(tiers), tier_edition=tier_edition)
