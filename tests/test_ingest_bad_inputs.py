"""One test per bad input: the analyst gets a plain message with row and column, and the database is
unchanged (same content, same file bytes). Each goes through the real command line, which takes the
same path as the app (read → map → match → validate → commit)."""

import io

from openpyxl import Workbook

from queries.ingest.pipeline import Request, prepare
from texts.problems import problem_message

from ingest_helpers import codes, content_fingerprint, file_bytes, messages, query, run_cli

HEADER = "城市,指标,数值,单位,年份,来源\n"


def reject(db, tmp_path, content: bytes, name: str = "upload.csv", kind: str = "city_metrics", *extra) -> dict:
    """Run the CLI on `content`; assert exit 2 and an untouched database; return the report."""
    before_content, before_bytes = content_fingerprint(db), file_bytes(db)
    path = tmp_path / name
    path.write_bytes(content)
    code, report = run_cli("--kind", kind, path, *extra)
    assert code == 2, report
    assert report["status"] == "rejected" and report["version_created"] is None
    assert content_fingerprint(db) == before_content
    assert file_bytes(db) == before_bytes
    return report


def test_wrong_encoding_is_named_with_its_row(db, tmp_path):
    gbk = (HEADER + "北京,5G基站数,5.1,万个,2023,统计公报\n").encode("gbk")
    report = reject(db, tmp_path, gbk, "gbk.csv", "city_metrics", "--encoding", "utf-8")
    assert codes(report) == {"encoding_invalid"}
    [message] = messages(report)
    assert message.startswith("Row 1: The file is not valid utf-8 here")
    assert "GB18030 covers GBK" in message


def test_bytes_that_are_no_known_encoding(db, tmp_path):
    report = reject(db, tmp_path, b"city,metric\n\xff\xfe\xff\x00\x81,1\n")
    assert "encoding_unclear" in codes(report)  # not UTF-8, and no legacy encoding reads it cleanly


def test_missing_required_column_lists_accepted_headers(db, tmp_path):
    report = reject(db, tmp_path, "城市,指标,单位,年份,来源\n北京,x,万,2023,s\n".encode())
    [message] = messages(report, "error")
    assert message.startswith("The required column “数值” / “Value” is missing. Accepted headers: 数值 / Value / 值")


def test_bad_type_is_reported_by_row_and_column(db, tmp_path):
    report = reject(db, tmp_path, (HEADER + "北京,x,五点一,万,2023,s\n上海,x,6.2,万,二〇二三,s\n").encode())
    assert "Row 2, column “数值”: 五点一 is not a number." in messages(report)
    assert "Row 3, column “年份”: 二〇二三 is not a year." in messages(report)
    assert report["rows_read"] == 2 and report["rows_accepted"] == 0


def test_out_of_range_values(db, tmp_path):
    content = (HEADER + "北京,覆盖率,120,%,2023,s\n上海,x,1,万,1850,s\n").encode()
    report = reject(db, tmp_path, content)
    assert "Row 2, column “数值”: 120 is a percentage outside 0–100." in messages(report)
    assert "Row 3, column “年份”: The year 1850 is not plausible (expected 1900–2100)." in messages(report)


def test_rank_must_be_a_positive_integer(db, tmp_path):
    content = "版本,年份,城市,排名,来源\nt_2030,2030,北京,0,s\nt_2030,2030,上海,1.5,s\n".encode()
    report = reject(db, tmp_path, content, "r.csv", "rankings")
    assert "Row 2, column “排名”: 0 is not a rank: a rank is a positive whole number (1 or more)." in messages(report)
    assert "Row 3, column “排名”: 1.5 is not a rank: a rank is a positive whole number." in messages(report)


def test_duplicate_key_within_the_file(db, tmp_path):
    report = reject(db, tmp_path, (HEADER + "北京,x,1,万,2023,s\nBeijing,x,2,万,2023,s\n").encode())
    assert messages(report, "error") == [
        "Row 3: This row repeats the key of row 2 (Beijing · x · 2023) with other values: 1 · 万 there, 2 · 万 here. "
        "Keep one of them."
    ]


def test_duplicate_key_against_existing_data(db, tmp_path):
    first = tmp_path / "first.csv"
    first.write_bytes((HEADER + "北京,x,1,万,2023,s\n").encode())
    assert run_cli("--kind", "city_metrics", first)[0] == 0
    report = reject(db, tmp_path, (HEADER + "上海,x,1,万,2023,s\n北京市,x,3,万,2023,s\n").encode())
    [message] = messages(report, "error")
    assert message.startswith("Row 3: This row’s key (北京市 · x · 2023) is already in force with 1 · 万 (upload U")
    assert "this file says 3 · 万" in message


def test_unknown_city_lists_the_closest_candidates(db, tmp_path):
    report = reject(db, tmp_path, (HEADER + "北京,x,1,万,2023,s\n深训,x,2,万,2023,s\n").encode())
    [message] = messages(report, "error")
    assert message.startswith("Row 3, column “城市”: No city is called “深训” (rows 3). Closest: ")
    [place] = report["unmatched_places"]
    assert place["name"] == "深训" and place["rows"] == [3] and place["status"] == "unmatched"


def test_ambiguous_city_is_never_picked_silently(db, tmp_path):
    report = reject(db, tmp_path, (HEADER + "Suzhou,x,1,万,2023,s\n").encode())
    [place] = report["unmatched_places"]
    assert place["status"] == "ambiguous"
    assert {"320500", "341300"} <= set(place["candidates"][:2])


def test_empty_file(db, tmp_path):
    report = reject(db, tmp_path, b"")
    assert messages(report) == ["The file is empty."]
    report = reject(db, tmp_path, b"\xef\xbb\xbf\r\n  \r\n")
    assert messages(report) == ["The file is empty."]


def test_header_only_file(db, tmp_path):
    report = reject(db, tmp_path, HEADER.encode())
    assert messages(report) == ["Row 1: The file has a header row but no data rows."]


def test_oversized_file(db, tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_UPLOAD_MAX_MB", "0.005")
    content = (HEADER + "".join(f"北京,m{i},1,万,2023,s\n" for i in range(400))).encode()
    report = reject(db, tmp_path, content)
    size = f"{len(content) / 2**20:.3g}"
    assert messages(report) == [f"The file is {size} MB; the limit is 0.005 MB. Split it into smaller files."]


def test_too_many_rows(db, tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_UPLOAD_MAX_ROWS", "3")
    rows = "".join(f"北京,m{i},1,万,2023,s\n" for i in range(4))
    report = reject(db, tmp_path, (HEADER + rows).encode())
    assert messages(report) == ["The file has 4 data rows; the limit is 3. Split it into smaller files."]


def test_ragged_rows_are_listed_with_their_numbers(db, tmp_path):
    content = (
        HEADER + "北京,x,1,万,2023,s\n上海,x,2,万,2023\n广州,x,3,万,2023,s,extra\n\n深圳,x,4,万,2023,s\n"
    ).encode()
    report = reject(db, tmp_path, content)
    assert messages(report, "error") == [
        "Row 3: This row has 5 cells but the header has 6. Check for a missing or extra separator, or an unclosed quote.",
        "Row 4: This row has 7 cells but the header has 6. Check for a missing or extra separator, or an unclosed quote.",
    ]


def test_excel_with_merged_header_cells(db, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["城市信息", None, "数值", "单位", "年份", "来源"])
    sheet.append(["城市", "指标", None, None, None, None])
    sheet.append(["北京", "x", 1, "万", 2023, "s"])
    sheet.merge_cells("A1:B1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = reject(db, tmp_path, buffer.getvalue(), "merged.xlsx")
    assert (
        "Row 1: The header cells A1:B1 are merged. Unmerge them and give every column its own header in one row."
        in messages(report)
    )


def test_formula_and_html_in_cells(db, tmp_path):
    content = (
        HEADER + '北京,x,1,万,2023,"=HYPERLINK(""http://evil"",""click"")"\n'
        "上海,x,2,万,2023,<img src=x onerror=alert(1)>\n"
    ).encode()
    report = reject(db, tmp_path, content)
    assert (
        'Row 2, column “来源”: The cell holds a formula (=HYPERLINK("http://evil","click")). '
        "Enter the value itself; formulas are not accepted."
    ) in messages(report, "error")
    assert (
        "Row 3, column “来源”: The cell contains HTML-like text (<img src=x onerror=alert(1)>); "
        "it will be stored and shown as plain text."
    ) in messages(report, "warning")


def test_excel_formula_cells_are_refused(db, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["城市", "指标", "数值", "单位", "年份", "来源"])
    sheet.append(["北京", "x", "=1+1", "万", 2023, "s"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = reject(db, tmp_path, buffer.getvalue(), "formula.xlsx")
    assert (
        "Row 2, column “数值”: The cell holds a formula (=1+1). Enter the value itself; formulas are not accepted."
        in messages(report)
    )


def test_messages_are_in_the_users_language(db):
    plan = prepare(Request("city_metrics", (HEADER + "北京,x,abc,万,2023,s\n").encode(), "x.csv"))
    [problem] = [p for p in plan.problems if p.severity == "error"]
    assert problem_message(problem, "zh") == "第 2 行，“数值”列：abc 不是数字。"
    assert problem_message(problem, "en") == "Row 2, column “数值”: abc is not a number."


# --- ambiguous input is refused, never settled silently ---------------------------------------------


def test_two_columns_that_could_be_the_same_dataset_column(db, tmp_path):
    for header in ("城市,指标,数值,单位,年份,来源,Value\n", "城市,指标,Value,单位,年份,来源,Value\n"):
        report = reject(db, tmp_path, (header + "北京,x,1,万,2023,s,2\n").encode())
        [message] = messages(report, "error")
        assert message.startswith("Several columns could be “数值” / “Value”: ")
        assert "(C), " in message and "(G)" in message
    path = tmp_path / "chosen.csv"
    path.write_bytes("城市,指标,Value,单位,年份,来源,Value\n北京,x_dup,1,万,2023,s,2\n".encode())
    code, report = run_cli("--kind", "city_metrics", path, "--map", "value=#7", "--dry-run")
    assert code == 0 and report["mapping"]["value"] == "Value", report["problems"]
    code, report = run_cli("--kind", "city_metrics", path)
    assert code == 2 and codes(report) >= {"header_ambiguous"}


def test_control_characters_in_cells_are_refused(db, tmp_path):
    content = HEADER + "北京,m\x00a,1,万,2023,s\n北京,ma,2,万,2023,s\n上海,x,1,万,2023,s\x1b[31m\n"
    report = reject(db, tmp_path, content.encode())
    assert messages(report, "error") == [
        "Row 2, column “指标”: The cell contains a control character (m\\x00a). Remove it: such characters are "
        "export faults, and they make different codes look alike.",
        "Row 4, column “来源”: The cell contains a control character (s\\x1b[31m). Remove it: such characters are "
        "export faults, and they make different codes look alike.",
    ]


def test_a_resolution_never_moves_a_name_that_means_another_city(db, tmp_path):
    content = (HEADER + "北京,m_force,1,万,2023,s\n").encode()
    report = reject(db, tmp_path, content, "upload.csv", "city_metrics", "--resolve", "北京=440300")
    [message] = messages(report, "error")
    assert message.startswith("Column “城市”: “北京” already means Beijing (110000, Beijing);")
    assert message.endswith("it is not read as 440300 unless you force it (--force-resolve on the command line).")
    report = reject(
        db, tmp_path, content, "upload.csv", "city_metrics", "--force-resolve", "北京=440300", "--alias", "北京"
    )
    assert [p["code"] for p in report["problems"] if p["severity"] == "error"] == ["alias_conflict"]  # even forced
    report = reject(db, tmp_path, content, "upload.csv", "city_metrics", "--resolve", "深训=999999")
    assert [p["code"] for p in report["problems"] if p["severity"] != "info"] == ["resolve_unknown_code"]
    path = tmp_path / "forced.csv"
    path.write_bytes(content)
    code, report = run_cli("--kind", "city_metrics", path, "--force-resolve", "北京=440300")
    assert code == 0, report["problems"]
    assert query(db, "SELECT city_code FROM city_metric WHERE metric = 'm_force'") == [("440300",)]
