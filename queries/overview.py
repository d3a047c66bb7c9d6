"""Headline figures and the national map's cities."""

import pandas as pd

from queries.cache import read_frame


def headline_figures(tiers: list[str], tier_edition: str | None = None) -> dict:
    return read_frame("overview/headline", tiers=list(tiers), tier_edition=tier_edition).iloc[0].to_dict()


def tracked_cities(tiers: list[str], tier_edition: str | None = None) -> pd.DataFrame:
    return read_frame("overview/tracked_cities", tiers=list(tiers), tier_edition=tier_edition)
