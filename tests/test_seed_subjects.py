"""What a city figure is about: the whole city, or a district, new area, zone, new town, company or
wider region keyed to the city (the gazetteer has only cities). Such figures say so
(subject_level, subject_zh, subject_en) so the metric map and the tables never present them as the
city's own. And figures that share a city, metric and year are listed in the order printed, which
the map's tie-break relies on."""

from collections import defaultdict

import pytest
from test_seed_citations import report_lines, source_files

from queries.names import normalize_name

from seed_helpers import DATA_DIR, csv_rows, parse_source_lines, seed_rows

CITY_METRICS = ["city_metrics_000_001.csv", "city_metrics_002_004.csv"]
LEVELS = {"city", "district", "new_area", "zone", "new_town", "company", "region"}


def city_names() -> dict[str, set[str]]:
    """Gazetteer code -> every normalised spelling of the city."""
    names = defaultdict(set)
    for row in csv_rows(DATA_DIR / "gazetteer" / "city_alias.csv"):
        names[row["city_code"]].add(normalize_name(row["alias"]))
    return names


def names_the_city(printed: str, code: str, names: dict[str, set[str]]) -> bool:
    """Whether `printed` is a spelling of the city itself, allowing a country before it (德国波恩市)."""
    countries = {row["name_zh"] for row in csv_rows(DATA_DIR / "gazetteer" / "countries.csv")}
    candidates = {printed} | {printed[len(c) :] for c in countries if printed.startswith(c)}
    return any(normalize_name(name) in names[code] for name in candidates)


@pytest.mark.parametrize("name", CITY_METRICS)
def test_every_figure_says_what_it_is_about(name):
    names = city_names()
    problems = []
    for number, row in enumerate(seed_rows(name), start=2):
        level = row["subject_level"]
        if level not in LEVELS:
            problems.append(f"{number}: subject_level {level!r}")
        elif level == "city" and not names_the_city(row["printed_name"], row["city_code"], names):
            problems.append(f"{number}: {row['printed_name']} is not {row['city_code']} itself, yet level city")
        elif level != "city" and not (row["subject_zh"] and row["subject_en"]):
            problems.append(f"{number}: a {level} figure must name its subject in both languages")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("printed", "metric", "level"),
    [
        ("哈尔滨新区", "rd_intensity_pct", "new_area"),
        ("浦东", "buildings_energy_audited", "new_area"),
        ("龙岗", "public_security_incident_reduction_pct", "district"),
        ("南沙", "energy_saving_pct", "district"),
        ("哈电集团哈尔滨锅炉厂", "first_domestic_power_boilers_share_pct", "company"),
        ("深圳", "voice_tech_team_size", "company"),  # Huawei's team in 深圳, not the city's
    ],
)
def test_figures_of_part_of_a_city_are_labelled(printed, metric, level):
    rows = [
        r for name in CITY_METRICS for r in seed_rows(name) if (r["printed_name"], r["metric"]) == (printed, metric)
    ]
    assert [r["subject_level"] for r in rows] == [level]


def _printed_position(row: dict[str, str]) -> tuple[int, int, int]:
    """Where a figure is printed: first cited line, the quote's place in the cited text, the printed
    value's place in the quote (由75%提升至100%: 75% before 100%)."""
    lines = report_lines(source_files()[row["source_id"]])
    spans = parse_source_lines(row["source_lines"])
    cited = "".join("".join(lines[a - 1 : b]) for a, b in spans).replace(" ", "")
    quote = row["quote"].replace(" ", "")
    value = row["value_text"].replace(" ", "")
    return spans[0][0], cited.find(quote[:12]), quote.find(value)


def test_figures_sharing_a_key_are_listed_in_printed_order():
    groups = defaultdict(list)
    for name in CITY_METRICS:
        for row in seed_rows(name):
            groups[(row["city_code"], row["metric"], row["year"], row["source_id"])].append(row)
    shared = {key: rows for key, rows in groups.items() if len(rows) > 1}
    assert len(shared) >= 5  # 成都 added / cumulative, 北京 75% → 100%, 巴黎大区 900多万 → 1200多万, …
    for key, rows in shared.items():
        positions = [_printed_position(row) for row in rows]
        assert positions == sorted(positions), (key, [row["value_text"] for row in rows])
