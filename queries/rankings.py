"""Ranking editions, measures and per-city values."""

import pandas as pd

from queries.cache import cached_on_data, read_frame

DERIVED_MEASURES = ("rank_gap",)
STANDARD_MEASURES = ("smart_rank", "gdp_per_capita_rank", "innovation_score", "rank_gap")


def ranking_editions() -> pd.DataFrame:
    return read_frame("rankings/editions")


def measure_catalog() -> pd.DataFrame:
    return read_frame("rankings/measures")


def ranking_values(edition: str, tiers: list[str], tier_edition: str | None = None) -> pd.DataFrame:
    """Long form: one row per printed value, with the city's tier and provenance."""
    return read_frame("rankings/values", edition=edition, tiers=list(tiers), tier_edition=tier_edition)


@cached_on_data
def ranking_table(edition: str, tiers: list[str], tier_edition: str | None = None) -> pd.DataFrame:
    """Wide form: one row per city, a column per measure (first printed value wins).

    Repeats (a city printed twice for one measure) are dropped here but listed in `flags`, so
    the table never shows a value the report did not print for that city first.
    """
    long = ranking_values(edition, tiers, tier_edition)
    if long.empty:
        return pd.DataFrame()
    first = long[~long["is_repeat"]]
    wide = first.pivot(index="city_code", columns="measure", values="value")
    # An uploaded edition may carry only some of the measures the page draws: the rest are empty.
    wide = wide.reindex(columns=list(dict.fromkeys([*wide.columns, *STANDARD_MEASURES])))
    groups = first[first["group_label"].notna()].set_index("city_code")["group_label"]
    flags = long.dropna(subset=["flag"]).groupby("city_code")["flag"].agg(lambda f: ",".join(sorted(set(f))))
    refs = (
        long.groupby("city_code")[["source_id", "source_lines"]]
        .agg(list)
        .apply(lambda row: sorted(set(zip(row["source_id"], row["source_lines"]))), axis=1)
    )
    city_columns = [
        "city_code",
        "city_name_zh",
        "city_short_zh",
        "city_name_en",
        "province_short_zh",
        "province_name_en",
        "lon",
        "lat",
        "tier",
        "tier_basis",
        "tier_flag",
        "tier_source_lines",
        "other_tiers",
    ]
    cities = first[city_columns].drop_duplicates("city_code").set_index("city_code")
    table = (
        cities.join(wide)
        .join(groups.rename("group_label"))
        .join(flags.rename("flags"))
        .join(refs.rename("source_refs"))
    )
    sort_column = "smart_rank" if "smart_rank" in table else table.columns[-1]
    return table.reset_index().sort_values([sort_column, "city_code"], na_position="last")


@cached_on_data
def measure_details() -> dict[str, dict]:
    """{measure: {kind, higher_is_better, unit, name_zh, name_en}} for every catalogued measure."""
    return measure_catalog().set_index("measure").to_dict("index")


def ranking_movement(measure: str, from_edition: str, to_edition: str, tiers: list[str]) -> pd.DataFrame:
    """Each city's first printed value of `measure` in two editions (NULL where it is absent)."""
    return read_frame(
        "rankings/movement", measure=measure, from_edition=from_edition, to_edition=to_edition, tiers=list(tiers)
    )
