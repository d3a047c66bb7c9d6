"""Carbon-peak and neutrality targets of cities and tiers, and related figures."""

import pandas as pd

from queries.cache import read_frame


def carbon_targets(tiers: list[str], tier_edition: str | None = None) -> pd.DataFrame:
    """City targets and tier rules (subject = 'city' or 'tier') within the chosen tiers."""
    return read_frame("carbon/targets", tiers=list(tiers), tier_edition=tier_edition)


def carbon_cities(tiers: list[str], tier_edition: str | None = None) -> pd.DataFrame:
    """Every tracked city in the chosen tiers, with its own target where the reports give one."""
    return read_frame("carbon/cities", tiers=list(tiers), tier_edition=tier_edition)


def carbon_facts() -> pd.DataFrame:
    return read_frame("carbon/facts")
