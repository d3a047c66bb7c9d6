"""Large uploads take the fast path (pyarrow parser, byte scans, integer keys, bulk insert); these
tests hold it to the exact path's answers: same cells, same row numbers, same problems, and a file
where every row is wrong still reports quickly (the first problems listed, the rest counted)."""

import pytest

from queries.ingest.pipeline import Request, prepare
from queries.ingest.problems import EXAMPLES_PER_GROUP
from queries.ingest.reader import read_upload

from ingest_helpers import copy_database, run_cli

HEADER = "城市,指标,数值,单位,年份,来源,期间,备注\n"
CITIES = ["北京", "上海市", "Guangzhou", " 深圳　", "成都"]


def rows(count: int, metric: str = "m") -> str:
    return "".join(
        f'{CITIES[i % 5]},{metric}{i // 5},{i % 97}.5,万人,{2000 + i % 20},"年鉴, 第{i % 7}页",全年,\n'
        for i in range(count)
    )


@pytest.fixture
def db(private_database, tmp_path, monkeypatch):
    path = copy_database(private_database, tmp_path)
    monkeypatch.setenv("ATLAS_DB", str(path))
    return path


def test_the_fast_reader_and_the_exact_reader_give_the_same_cells():
    text = HEADER + rows(3000)
    fast = read_upload(text.encode(), "x.csv")
    exact = read_upload((text + "\n\n").encode(), "x.csv")  # trailing blank lines: the exact reader
    assert fast.table.to_pylist() == exact.table.to_pylist()
    assert fast.rows.to_pylist() == exact.rows.to_pylist() == list(range(2, 3002))


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-8-sig"])
def test_other_encodings_read_exactly_like_utf8(encoding):
    text = HEADER + rows(20_000)  # well past the 64 KB sample
    utf8 = read_upload(text.encode(), "x.csv")
    other = read_upload(text.encode(encoding), "x.csv")
    assert other.headers == utf8.headers
    assert other.table.to_pylist() == utf8.table.to_pylist()
    assert other.rows.to_pylist() == utf8.rows.to_pylist()


def test_an_invalid_byte_deep_in_a_large_gbk_file_is_located_by_row():
    head = (HEADER + rows(20_000)).encode("gb18030")
    data = head + b"\xff\xff,x,1,u,2020,s,,\n" + rows(10).encode("gb18030")
    raw = read_upload(data, "x.csv")
    [problem] = list(raw.problems)
    assert problem.code == "encoding_invalid" and problem.row == 20_002
    assert problem.params["offset"] == len(head)


def test_a_large_plan_matches_what_the_rows_say():
    plan = prepare(Request("city_metrics", (HEADER + rows(10_000)).encode(), "x.csv"))
    assert plan.ok and plan.rows_read == plan.rows_accepted == plan.stored.num_rows == 10_000
    first = plan.stored.slice(3, 1).to_pylist()[0]
    assert first["city_code"] == "440300" and first["printed_name"] == "深圳"
    assert (first["metric"], first["value"], first["year"]) == ("m0", 3.5, 2003)
    assert (first["quote"], first["period"], first["note"]) == ("年鉴, 第3页", "全年", None)
    assert first["source_lines"] == "5"


def test_a_file_where_every_row_is_wrong_lists_the_first_problems_and_counts_the_rest():
    count = 30_000
    text = HEADER + "北京,x,abc,万,1800,s,,\n" * count
    plan = prepare(Request("city_metrics", text.encode(), "bad.csv"))
    by_code = {}
    for problem in plan.problems:
        if problem.severity == "error":
            by_code[problem.code] = by_code.get(problem.code, 0) + 1
    assert by_code == {
        "not_number": EXAMPLES_PER_GROUP,
        "year_range": EXAMPLES_PER_GROUP,
        "duplicate_in_file": EXAMPLES_PER_GROUP,
    }
    assert plan.problems.error_count == 3 * count - 1 and plan.rows_accepted == 0
    repeats = [p for p in plan.problems if p.code == "duplicate_in_file"]
    # rows with errors are never "the same": their values could not be read
    assert (repeats[0].row, repeats[0].params) == (
        3,
        {"first": 2, "key": "北京 · x · 1800", "theirs": "— · 万", "ours": "— · 万"},
    )


def test_uploading_the_same_large_file_twice_changes_nothing(db, tmp_path):
    path = tmp_path / "metrics.csv"
    path.write_bytes((HEADER + rows(20_000)).encode())
    assert run_cli("--kind", "city_metrics", path)[0] == 0
    code, report = run_cli("--kind", "city_metrics", path)
    assert code == 0 and report["status"] == "unchanged" and report["version_created"] is None
    assert report["errors"] == 0 and report["rows_unchanged"] == 20_000
    [note] = [p for p in report["problems"] if p["code"] == "unchanged_rows"]
    assert note["params"]["count"] == 20_000 and note["message"].startswith("20,000 rows are already in force")


def test_a_large_file_whose_values_changed_is_refused_row_by_row(db, tmp_path):
    path = tmp_path / "metrics.csv"
    path.write_bytes((HEADER + rows(20_000)).encode())
    assert run_cli("--kind", "city_metrics", path)[0] == 0
    path.write_bytes((HEADER + rows(20_000).replace(".5,万人", ".25,万人")).encode())
    code, report = run_cli("--kind", "city_metrics", path)
    assert code == 2 and report["errors"] == 20_000
    listed = [p for p in report["problems"] if p["code"] == "duplicate_existing"]
    assert len(listed) == EXAMPLES_PER_GROUP and report["problems_not_listed"] == 20_000 - EXAMPLES_PER_GROUP
    assert listed[0]["row"] == 2 and listed[0]["params"]["key"] == "北京 · m0 · 2000"
    assert (listed[0]["params"]["theirs"], listed[0]["params"]["ours"]) == ("0.5 · 万人", "0.25 · 万人")


def test_a_second_upload_of_known_metrics_without_english_labels(db, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_bytes((HEADER + "北京,新指标,1,万,2030,s,,\n").encode())
    second.write_bytes((HEADER + "北京,新指标,2,万,2031,s,,\n").encode())
    assert run_cli("--kind", "city_metrics", first)[0] == 0
    code, report = run_cli("--kind", "city_metrics", second)
    assert code == 0, report["problems"]
