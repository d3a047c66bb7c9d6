"""What the rankings data layer returns: values, derived gaps, flags and the tier filter."""

import math

import pytest
from test_overview_page import chinese_cities_in_seed_data

from components.palette import TIERS
from queries.overview import headline_figures, tracked_cities
from queries.rankings import ranking_editions, ranking_table, ranking_values

EDITION = "deloitte_2018"


@pytest.fixture(scope="module")
def table():
    return ranking_table(EDITION, list(TIERS)).set_index("city_short_zh")


def test_edition_lists_the_three_measures_and_the_derived_gap():
    editions = ranking_editions().set_index("edition")
    assert set(editions.loc[EDITION, "measures"]) == {
        "smart_rank",
        "gdp_per_capita_rank",
        "innovation_score",
        "rank_gap",
    }


def test_guiyang_is_smarter_than_it_is_rich(table):
    guiyang = table.loc["贵阳"]
    assert (guiyang["smart_rank"], guiyang["gdp_per_capita_rank"], guiyang["rank_gap"]) == (8, 23, 15)


def test_one_row_per_ranked_city_with_innovation_as_first_printed(table):
    assert len(table) == 25
    assert table.loc["深圳", "innovation_score"] == 82
    assert table.loc["济南", "innovation_score"] == 39  # L567; the repeat at L578 is not used
    assert "A2" in table.loc["济南", "flags"]
    assert math.isnan(table.loc["郑州", "innovation_score"])  # missing from the printed list


def test_repeat_row_is_kept_and_marked():
    values = ranking_values(EDITION, list(TIERS))
    jinan = values[(values["measure"] == "innovation_score") & (values["city_short_zh"] == "济南")]
    assert sorted(jinan["value"]) == [20, 39]
    assert jinan.set_index("value").loc[20, "is_repeat"]


def test_rank_gap_is_derived_from_both_ranks():
    values = ranking_values(EDITION, list(TIERS))
    gaps = values[values["measure"] == "rank_gap"]
    assert len(gaps) == 25 and set(gaps["basis"]) == {"derived"}


def test_tier_filter_restricts_rows():
    leading = ranking_table(EDITION, ["leading"])
    assert set(leading["city_short_zh"]) == {"深圳", "上海", "北京", "杭州", "广州"}
    unclassified = ranking_table(EDITION, ["unclassified"])
    assert {"苏州", "贵阳", "郑州"} <= set(unclassified["city_short_zh"])
    assert ranking_table(EDITION, []).empty


def test_headline_figures_count_tracked_and_tiered_cities():
    figures = headline_figures(list(TIERS))
    assert (figures["leading"], figures["pioneer"], figures["exploring"]) == (6, 10, 11)
    assert figures["cities"] == len(chinese_cities_in_seed_data())
    assert figures["unclassified"] == figures["cities"] - 27
    assert figures["inferred"] == 2 and set(figures["inferred_zh"].split("、")) == {"广州", "南京"}
    assert figures["reports"] == 5


def test_qingdao_is_exploring_with_pioneer_recorded():
    qingdao = tracked_cities(list(TIERS)).set_index("city_short_zh").loc["青岛"]
    assert qingdao["tier"] == "exploring" and qingdao["other_tiers"] == "pioneer"
