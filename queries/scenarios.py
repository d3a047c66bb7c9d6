"""Scenario catalogues and which cities the reports show covering them."""

import pandas as pd

from queries.cache import read_frame


def frameworks() -> pd.DataFrame:
    return read_frame("scenarios/frameworks")


def scenario_catalogue(framework: str, domain: str | None = None) -> pd.DataFrame:
    return read_frame("scenarios/catalogue", framework=framework, domain=domain)


def coverage(
    framework: str, tiers: list[str], domain: str | None = None, tier_edition: str | None = None
) -> pd.DataFrame:
    return read_frame(
        "scenarios/coverage", framework=framework, tiers=list(tiers), domain=domain, tier_edition=tier_edition
    )
