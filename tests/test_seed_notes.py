"""Data notes are bilingual where the city profile, the scenario page and the metric map show them:
every English note has a Chinese one (note_zh) that cites the same report lines and anomaly codes;
city figures have their unit and period in Chinese too. Every inferred row says why in its note."""

import re

import pytest

from seed_helpers import SEEDS_DIR, seed_rows

SHOWN_WITH_NOTES = [
    "tiers.csv",
    "rankings.csv",
    "pilots.csv",
    "carbon_targets.csv",
    "city_metrics_000_001.csv",
    "city_metrics_002_004.csv",
    "scenario_coverage_000_001.csv",
    "scenario_coverage_002_004.csv",
]
# Line references (L709, 001:L720) and anomaly codes (A2, B_QINGDAO, M_COMMUTE_CAPTION).
REFERENCE = re.compile(r"(?<![A-Za-z])(?:L\d+|[A-Z]\d+|[A-Z]+_[A-Z0-9_]+)(?![A-Za-z0-9])")


@pytest.mark.parametrize("name", SHOWN_WITH_NOTES)
def test_every_note_has_a_chinese_note_right_after_it(name):
    rows = seed_rows(name)
    columns = list(rows[0])
    assert columns.index("note_zh") == columns.index("note") + 1
    for number, row in enumerate(rows, start=2):
        assert bool(row["note"]) == bool(row["note_zh"]), f"{name}:{number}"


@pytest.mark.parametrize("name", SHOWN_WITH_NOTES)
def test_chinese_notes_cite_the_same_lines_and_codes(name):
    for number, row in enumerate(seed_rows(name), start=2):
        missing = set(REFERENCE.findall(row["note"])) - set(REFERENCE.findall(row["note_zh"]))
        assert not missing, f"{name}:{number} note_zh lacks {sorted(missing)}"


def _han(text: str) -> int:
    return sum("\u4e00" <= char <= "\u9fff" for char in text)


@pytest.mark.parametrize("name", SHOWN_WITH_NOTES)
def test_chinese_notes_are_translations(name):
    """Not a copy, and no Chinese the English note quotes is lost ('超过 (over) 10%.' → '超过 10%。')."""
    for number, row in enumerate(seed_rows(name), start=2):
        if row["note"]:
            assert row["note_zh"] != row["note"], f"{name}:{number}"
            assert _han(row["note_zh"]) >= _han(row["note"]), f"{name}:{number}: {row['note_zh']!r}"


@pytest.mark.parametrize("name", ["city_metrics_000_001.csv", "city_metrics_002_004.csv"])
@pytest.mark.parametrize("field", ["unit", "period"])
def test_city_figures_have_a_chinese_unit_and_period(name, field):
    rows = seed_rows(name)
    assert list(rows[0]).index(f"{field}_zh") == list(rows[0]).index(field) + 1
    for number, row in enumerate(rows, start=2):
        assert bool(row[field]) == bool(row[f"{field}_zh"]), f"{name}:{number}"
    if field == "period":
        assert {row["period_zh"] for row in rows if row["period"] == "n.s."} == {"未注明"}


def _seeds_with_basis_and_note() -> list[str]:
    return sorted(path.name for path in SEEDS_DIR.glob("*.csv") if {"basis", "note"} <= set(seed_rows(path.name)[0]))


@pytest.mark.parametrize("name", _seeds_with_basis_and_note())
def test_every_inferred_row_explains_itself(name):
    """A row whose value or classification is ours says why (31 scenario pairs had no note)."""
    silent = [
        f"{name}:{number} {row.get('printed_name') or row.get('fact') or ''}"
        for number, row in enumerate(seed_rows(name), start=2)
        if row["basis"] == "inferred" and not row["note"].strip()
    ]
    assert not silent, "inferred rows without a note:\n" + "\n".join(silent)


def test_every_reconstructed_innovation_tier_explains_itself():
    """The 2018 innovation 梯队 is printed on no row but 深圳's: each reconstructed row says how (19 did not)."""
    rows = [row for row in seed_rows("rankings.csv") if row["group_basis"] == "inferred"]
    assert len(rows) == 24
    for row in rows:
        assert "梯队" in row["note"] and "A6" in row["note"] + row["flag"], row["printed_name"]
        assert row["group_label"] in row["note_zh"] or "梯队" in row["note_zh"], row["printed_name"]


@pytest.mark.parametrize("name", SHOWN_WITH_NOTES)
def test_notes_never_name_the_data_files_columns(name):
    """A note is read on the page: 'place_code is the parent city' told a reader nothing."""
    rows = seed_rows(name)
    columns = [column for column in rows[0] if "_" in column]
    for number, row in enumerate(rows, start=2):
        for field in ("note", "note_zh"):
            named = [column for column in columns if re.search(rf"\b{column}\b", row[field])]
            assert not named, f"{name}:{number} {field} names {named}"
