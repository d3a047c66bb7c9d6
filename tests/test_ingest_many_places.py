"""An upload with 2,000 unknown place names stays usable: the closest cities are looked up only for
the names listed, the page draws the first few pickers with a count, and the rest are resolved in
bulk from a file of names and city codes (the downloaded table, filled in)."""

import time

from streamlit.testing.v1 import AppTest

from queries.ingest.pipeline import Request, prepare
from queries.ingest.problems import EXAMPLES_PER_GROUP
from queries.ingest.resolutions import unmatched_table
from texts.catalogue import text

from ingest_helpers import query, run_cli

HEADER = "城市,指标,数值,单位,年份,来源\n"
UNKNOWN = 2_000


def many_unknown() -> bytes:
    rows = "".join(f"未知地名{i}号,m_bulk{i},{i},万,2030,s\n" for i in range(UNKNOWN))
    return (HEADER + "北京,m_bulk,1,万,2031,s\n" + rows).encode()


def test_two_thousand_unknown_names_are_checked_in_seconds(db):
    started = time.perf_counter()
    plan = prepare(Request("city_metrics", many_unknown(), "many.csv"))
    seconds = time.perf_counter() - started
    assert seconds < 10, seconds  # before: 40 s in the spelling search alone (load 10)
    assert len(plan.unresolved) == UNKNOWN and plan.problems.error_count == UNKNOWN
    listed = [p for p in plan.problems if p.code == "place_unmatched"]
    assert len(listed) == EXAMPLES_PER_GROUP and listed[0].row == 3 and listed[-1].row == EXAMPLES_PER_GROUP + 2
    assert plan.place_rows["未知地名1999号"] == [UNKNOWN + 2]
    table = unmatched_table(plan)
    assert list(table.columns) == ["name", "status", "rows", "count", "candidates", "city_code"]
    assert table["name"].tolist()[:2] == ["未知地名0号", "未知地名1号"] and len(table) == UNKNOWN


def test_the_filled_table_resolves_every_name_from_the_command_line(db, tmp_path):
    upload = tmp_path / "many.csv"
    upload.write_bytes(many_unknown())
    code, report = run_cli("--kind", "city_metrics", upload)
    assert code == 2 and len(report["unmatched_places"]) == UNKNOWN
    table = unmatched_table(prepare(Request("city_metrics", many_unknown(), "many.csv")))
    table["city_code"] = "440300"
    names = tmp_path / "names.xlsx"
    table.to_excel(names, index=False)
    code, report = run_cli("--kind", "city_metrics", upload, "--resolve-file", names)
    assert code == 0, report["problems"][:3]
    assert report["version_created"]["rows"] == UNKNOWN + 1
    assert query(db, "SELECT count(*) FROM city_metric WHERE metric LIKE 'm_bulk%' AND city_code = '440300'") == [
        (UNKNOWN,)
    ]
    twice = tmp_path / "twice.csv"
    twice.write_text("name,city_code\n未知地名0号,440300\n未知地名0号,110000\n", encoding="utf-8")
    code, report = run_cli("--kind", "city_metrics", upload, "--resolve-file", twice, "--dry-run")
    assert code == 2 and "resolve_file_twice" in {p["code"] for p in report["problems"]}


def places_step():
    """The upload page's places step for a file with 2,000 unknown names."""
    import streamlit as st

    from components.ingest_views import places_editor
    from queries.ingest.pipeline import Request, load_reference, prepare

    header = "城市,指标,数值,单位,年份,来源\n"
    rows = "".join(f"未知地名{i}号,m_bulk,{i},万,2030,s\n" for i in range(2_000))
    plan = prepare(Request("city_metrics", (header + rows).encode(), "many.csv"))
    st.session_state["resolved"] = places_editor(plan, "sha", load_reference("city_metrics").gazetteer)[0]


def test_the_page_draws_the_first_twenty_pickers_and_offers_the_rest_as_a_file(db):
    page = AppTest.from_function(places_step, default_timeout=120)
    started = time.perf_counter()
    page.run()
    seconds = time.perf_counter() - started
    assert not page.exception, [e.value for e in page.exception]
    assert len(page.selectbox) == 20 and seconds < 30, seconds  # before: 2,012 pickers, 188 s
    assert "未知地名0号" in page.selectbox[0].label and "未知地名19号" in page.selectbox[19].label  # in file order
    assert [w.value for w in page.warning] == [text("zh", "ingest.places_todo", count="2,000")]
    assert text("zh", "ingest.places_shown", shown=20, total="2,000") in [c.value for c in page.caption]
    assert page.get("download_button") and page.get("file_uploader")
    page.selectbox[1].select("440300").run()
    assert page.session_state["resolved"] == {"未知地名1号": "440300"}
    assert len(page.selectbox) == 21  # the chosen one stays, and the next twenty open names are shown
