"""Tier editions: which are in force (an uploaded edition leaves when its upload is rolled back)."""

import pandas as pd

from queries.cache import read_frame


def tier_editions() -> pd.DataFrame:
    """edition, year, label_zh, label_en of every tier edition in force, newest first."""
    return read_frame("tiers/editions")
