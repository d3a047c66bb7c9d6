"""Identical rows are not conflicts: a row whose key and values equal a row in force is unchanged (a
note, not stored twice), a row with the same key and another value is an error that names both values,
unless the analyst replaces the earlier uploads. Monthly exports that repeat their history go in."""

import pytest

from queries.ingest.commit import NothingNew, Rejected, commit
from queries.ingest.pipeline import Request, prepare
from queries.ingest.versions import list_versions

from ingest_helpers import codes, messages, query, run_cli

HEADER = "城市,指标,数值,单位,年份,来源\n"
JANUARY = "北京,m_month,1,万,2030,月报\n上海,m_month,2,万,2030,月报\n"
FEBRUARY = JANUARY + "广州,m_month,3,万,2030,月报\n"


def upload(tmp_path, name: str, text: str, *extra) -> tuple[int, dict]:
    path = tmp_path / name
    path.write_bytes((HEADER + text).encode())
    return run_cli("--kind", "city_metrics", path, *extra)


def stored(db) -> list[tuple]:
    return query(db, "SELECT city_code, value FROM city_metric_current WHERE metric = 'm_month' ORDER BY city_code")


def test_a_monthly_export_that_repeats_its_history_goes_in(db, tmp_path):
    assert upload(tmp_path, "january.csv", JANUARY)[0] == 0
    code, report = upload(tmp_path, "february.csv", FEBRUARY)
    assert code == 0 and report["status"] == "committed", report["problems"]
    assert report["version_created"]["rows"] == 1 and report["rows_unchanged"] == 2
    assert messages(report, "info") == [
        "2 rows are already in force with the same values (rows 2, 3); they are not stored again."
    ]
    assert stored(db) == [("110000", 1.0), ("310000", 2.0), ("440100", 3.0)]
    assert query(db, "SELECT count(*) FROM city_metric WHERE metric = 'm_month'") == [(3,)]  # none twice


def test_the_same_export_again_changes_nothing(db, tmp_path):
    assert upload(tmp_path, "january.csv", JANUARY)[0] == 0
    code, report = upload(tmp_path, "january.csv", JANUARY)
    assert (code, report["status"], report["version_created"]) == (0, "unchanged", None)
    assert list(list_versions("city_metrics")["version"]) == [1, 0]


def test_a_changed_value_names_both_values_and_goes_in_when_replacing(db, tmp_path):
    assert upload(tmp_path, "january.csv", JANUARY)[0] == 0
    revised = JANUARY.replace("上海,m_month,2,", "上海,m_month,2.5,")
    code, report = upload(tmp_path, "revised.csv", revised)
    assert code == 2 and codes(report) == {"duplicate_existing", "unchanged_rows"}
    [error] = messages(report, "error")
    assert error == (
        "Row 3: This row’s key (上海 · m_month · 2030) is already in force with 2 · 万 (upload U1); "
        "this file says 2.5 · 万. To change it, choose “replaces every earlier upload” (--mode replace) "
        "or roll back that upload."
    )
    code, report = upload(tmp_path, "revised.csv", revised, "--mode", "replace")
    assert code == 0, report["problems"]
    assert stored(db) == [("110000", 1.0), ("310000", 2.5)]


def test_a_row_equal_to_seed_data_is_unchanged_and_a_different_one_is_refused(db, tmp_path):
    seed = "上海,rd_intensity_pct,3.73,%,2015,统计公报\n"
    path = tmp_path / "seed.csv"
    path.write_bytes((HEADER + seed + "上海,m_month,1,万,2030,月报\n").encode())
    code, report = run_cli("--kind", "city_metrics", path)
    assert code == 0 and report["version_created"]["rows"] == 1 and report["rows_unchanged"] == 1
    path.write_bytes((HEADER + seed.replace("3.73", "3.9")).encode())
    code, report = run_cli("--kind", "city_metrics", path)
    assert code == 2 and messages(report, "error") == [
        "Row 2: This row’s key (上海 · rd_intensity_pct · 2015) is in the seed data from the reports with "
        "3.73 · %; this file says 3.9 · %. Seed rows are not replaced by uploads: leave this row out."
    ]
    code, report = run_cli("--kind", "city_metrics", path, "--mode", "replace")
    assert code == 2 and codes(report) == {"conflict_seed"}  # replacing earlier uploads keeps the seed


def test_a_row_repeated_exactly_in_the_file_is_stored_once(db, tmp_path):
    code, report = upload(tmp_path, "twice.csv", JANUARY + JANUARY)
    assert code == 0 and report["version_created"]["rows"] == 2
    [note] = [p["message"] for p in report["problems"] if p["code"] == "repeated_rows"]
    assert note == "2 rows repeat an earlier row of this file exactly (rows 4, 5); each is stored once."
    assert stored(db) == [("110000", 1.0), ("310000", 2.0)]


def test_a_commit_checked_against_an_older_version_leaves_out_rows_now_in_force(db):
    first = prepare(Request("city_metrics", (HEADER + JANUARY).encode(), "a.csv"))
    second = prepare(Request("city_metrics", (HEADER + FEBRUARY).encode(), "b.csv"))
    again = prepare(Request("city_metrics", (HEADER + JANUARY).encode(), "c.csv"))
    assert first.base_version == second.base_version == again.base_version == 0
    commit(first, user="alice")
    result = commit(second, user="bob")  # re-checked inside the transaction: two rows are now in force
    assert (result.version, result.rows) == (2, 1)
    with pytest.raises(NothingNew):
        commit(again, user="carol")
    changed = prepare(Request("city_metrics", (HEADER + JANUARY.replace(",1,", ",7,")).encode(), "d.csv"))
    assert not changed.ok
    with pytest.raises(Rejected):
        commit(changed, user="dan")
    assert stored(db) == [("110000", 1.0), ("310000", 2.0), ("440100", 3.0)]


def repeated_rows_checks():
    """The upload page's checks for a file that repeats its rows (a note that has no row number)."""
    from components.ingest_views import problems_section
    from queries.ingest.pipeline import Request, prepare

    january = "北京,m_month,1,万,2030,月报\n上海,m_month,2,万,2030,月报\n"
    problems_section(
        prepare(Request("city_metrics", ("城市,指标,数值,单位,年份,来源\n" + january * 2).encode(), "x.csv"))
    )


def test_the_checks_table_shows_a_note_without_a_row_number_blank(db):
    from streamlit.testing.v1 import AppTest

    page = AppTest.from_function(repeated_rows_checks, default_timeout=60)
    page.run()
    assert not page.exception, [e.value for e in page.exception]
    [table] = page.dataframe
    assert table.value.iloc[0].tolist()[1:3] == ["", ""]  # row and column: blank, not 'None'
    assert "2 行与本文件中较早的一行完全相同（第 4, 5 行）" in table.value.iloc[0].tolist()[3]
