"""Finding a city by any spelling, and everything the reports say about it."""

import pandas as pd

from queries.cache import read_frame
from queries.names import normalize_name, strip_admin_suffix

PROFILE_SECTIONS = ("tiers", "rankings", "pilots", "carbon", "scenarios", "metrics")


def city_directory() -> pd.DataFrame:
    return read_frame("city/directory")


def resolve_city(text: str | None) -> list[str]:
    """City codes a typed name or code can mean: one when unambiguous, several, or none.

    Tries the name as typed (北京市, Beijing, 臺北, 440300), then without a trailing 市/区/县.
    """
    normalized = normalize_name(text)
    if not normalized:
        return []
    for candidate in dict.fromkeys([normalized, strip_admin_suffix(normalized)]):
        codes = read_frame("city/resolve", name=candidate)["city_code"].tolist()
        if codes:
            return codes
    return []


def city_record(code: str) -> dict | None:
    rows = read_frame("city/record", code=code)
    return None if rows.empty else rows.iloc[0].to_dict()


def city_profile(code: str) -> dict[str, pd.DataFrame]:
    """Every dataset's rows about one city, keyed by section."""
    return {section: read_frame(f"city/{section}", code=code) for section in PROFILE_SECTIONS}


def city_history(code: str) -> pd.DataFrame:
    """The city's values of every measure printed in more than one edition, oldest first."""
    return read_frame("city/history", code=code)
