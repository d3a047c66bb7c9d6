"""One column vocabulary: every query a page reads names a city's columns the same way
(queries/sql), so views never rename them and one `labels.city_label` serves every page."""

import pandas as pd
import pytest

from components.palette import TIERS
from queries import carbon, cities, metrics, overview, pilots, rankings, scenarios

CITY = {"city_code", "city_name_zh", "city_short_zh", "city_name_en"}
# The spellings the vocabulary replaced: each meant a city (or its province) in some queries only.
RETIRED = {"code", "name_zh", "short_zh", "name_en", "city_zh", "city_en", "province_zh", "province_en"}


def _metric_values() -> pd.DataFrame:
    first = metrics.metric_catalog(list(TIERS)).iloc[0]
    year = first["years"][0]
    return metrics.metric_values(first["metric"], None if year == "-" else int(year), list(TIERS))


def _pilot_places() -> pd.DataFrame:
    return pilots.pilot_places(
        pilots.programmes()["programme"].tolist(), ["china", "eu"], pilots.pilot_levels(), list(TIERS)
    )


CITY_QUERIES = {
    "carbon/cities": lambda: carbon.carbon_cities(list(TIERS)),
    "carbon/targets": lambda: carbon.carbon_targets(list(TIERS)),
    "city/directory": cities.city_directory,
    "city/record": lambda: pd.DataFrame([cities.city_record("440300")]),
    "metrics/values": _metric_values,
    "overview/tracked_cities": lambda: overview.tracked_cities(list(TIERS)),
    "pilots/places": _pilot_places,
    "rankings/values": lambda: rankings.ranking_values("deloitte_2018", list(TIERS)),
    "rankings table": lambda: rankings.ranking_table("deloitte_2018", list(TIERS)),
    "scenarios/coverage": lambda: scenarios.coverage("deloitte_2022_top10", list(TIERS)),
}


@pytest.mark.parametrize("name", CITY_QUERIES)
def test_city_columns_are_named_one_way(name):
    frame = CITY_QUERIES[name]()
    assert not frame.empty
    assert set(frame.columns) >= CITY, f"{name} lacks {sorted(CITY - set(frame.columns))}"
    assert sorted(RETIRED & set(frame.columns)) == []
