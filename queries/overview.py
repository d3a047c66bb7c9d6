"""Headline figures and the national map's cities."""

import pandas as pd

from queries.cache import read_frame


def headline_figures(tiers: list[str]) -> dict:
    return read_frame("overview/headline", tiers=list(tiers)).iloc[0].to_dict()


def tracked_cities(tiers: list[str]) -> pd.DataFrame:
    return read_frame("overview/tracked_cities", tiers=list(tiers))
