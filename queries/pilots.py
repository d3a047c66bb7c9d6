"""Pilot programmes, their places, the China–EU maturity results and national pilot facts."""

import pandas as pd

from queries.cache import read_frame


def programmes() -> pd.DataFrame:
    return read_frame("pilots/programmes")


def pilot_levels() -> list[str]:
    return read_frame("pilots/levels")["level"].tolist()


def pilot_places(
    programmes: list[str], regions: list[str], levels: list[str], tiers: list[str], tier_edition: str | None = None
) -> pd.DataFrame:
    return read_frame(
        "pilots/places",
        programmes=list(programmes),
        regions=list(regions),
        levels=list(levels),
        tiers=list(tiers),
        tier_edition=tier_edition,
    )


def maturity(programme: str, regions: list[str]) -> pd.DataFrame:
    return read_frame("pilots/maturity", programme=programme, regions=list(regions))


def national_facts() -> pd.DataFrame:
    return read_frame("pilots/national_facts")


def countries_of(continent: str) -> pd.DataFrame:
    return read_frame("pilots/countries", continent=continent)
