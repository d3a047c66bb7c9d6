"""Mis-decoded text is never committed: a file is read in the encoding it clearly is, or refused with
the row and byte where it stops making sense (issue: a UTF-8 file with one GBK row after 64 KB was
re-read whole as GB18030, and a Big5 file was read as GB18030; both were committed garbled)."""

from queries.ingest.reader import SAMPLE_BYTES, read_upload

from ingest_helpers import codes, content_fingerprint, file_bytes, messages, query, run_cli

HEADER = "城市,指标,数值,单位,年份,来源\r\n"
ENGLISH = "city,metric,value,unit,year,source\r\n"


def utf8_file_with_one_gbk_row() -> tuple[bytes, int, int]:
    """UTF-8 with Chinese text throughout, and one row typed in GBK after the first 64 KB:
    (bytes, that row's number, offset of its first GBK byte)."""
    rows = [f"北京,指标{i},{i},万个,2023,统计公报\r\n" for i in range(2000)]
    head = (HEADER + "".join(rows)).encode("utf-8")
    assert len(head) > SAMPLE_BYTES
    bad = "上海,指标x,1,万个,2023,统计公报\r\n".encode("gbk")
    tail = "广州,指标y,2,万个,2023,统计公报\r\n".encode()
    return head + bad + tail, 2 + len(rows), len(head)


def test_a_utf8_file_with_one_gbk_row_is_refused_at_that_row_and_byte(db, tmp_path):
    data, row, offset = utf8_file_with_one_gbk_row()
    raw = read_upload(data, "mixed.csv")
    assert raw.table is None
    [problem] = list(raw.problems)
    assert (problem.code, problem.row, problem.params["offset"]) == ("encoding_mixed", row, offset)
    before_content, before_bytes = content_fingerprint(db), file_bytes(db)
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    code, report = run_cli("--kind", "city_metrics", path)
    assert code == 2 and codes(report) == {"encoding_mixed"}
    [message] = messages(report)
    assert message.startswith(
        f"Row {row}: The file is UTF-8 up to this row, but byte {offset} here (c9 cf ba a3) is not UTF-8"
    )
    assert content_fingerprint(db) == before_content and file_bytes(db) == before_bytes


def test_a_big5_file_is_read_as_big5_and_committed_as_written(db, tmp_path):
    text = ENGLISH + "臺北,測試指標,1,萬個,2023,統計年報\r\n上海,測試指標,2,萬個,2023,統計年報\r\n"
    data = text.encode("big5")
    raw = read_upload(data, "big5.csv")
    assert raw.encoding == "big5" and not raw.problems.has_errors()
    assert raw.table.column(1).to_pylist() == ["測試指標", "測試指標"]
    path = tmp_path / "big5.csv"
    path.write_bytes(data)
    code, report = run_cli("--kind", "city_metrics", path)
    assert code == 0 and report["encoding"] == "big5", report
    stored = query(db, "SELECT city_code, printed_name, quote FROM city_metric WHERE batch > 0 ORDER BY city_code")
    assert stored == [("310000", "上海", "統計年報"), ("TW-TPE", "臺北", "統計年報")]


def test_a_gbk_file_is_still_read_as_gb18030():
    data = (HEADER + "北京,5G基站数,5.1,万个,2023,统计公报\r\n").encode("gbk")
    raw = read_upload(data, "gbk.csv")
    assert raw.encoding == "gb18030" and raw.table.column(0).to_pylist() == ["北京"]


def test_text_that_reads_clearly_as_neither_is_refused_not_guessed(db, tmp_path):
    half_gbk = "北京,统计公报甲乙丙\r\n".encode("gbk")
    half_big5 = "臺北,統計年報測試資料\r\n".encode("big5")
    data = "城市,来源\r\n".encode("gbk") + (half_gbk + half_big5) * 3
    raw = read_upload(data, "unclear.csv")
    assert raw.table is None and [p.code for p in raw.problems] == ["encoding_unclear"]
    path = tmp_path / "unclear.csv"
    path.write_bytes(data)
    code, report = run_cli("--kind", "city_metrics", path)
    assert code == 2 and codes(report) == {"encoding_unclear"}


def test_an_ascii_start_then_big5_is_read_as_big5():
    ascii_rows = "".join(f"Beijing,m{i},1,x,2023,s\r\n" for i in range(5000))
    data = (ENGLISH + ascii_rows).encode() + "臺北,測試,1,萬,2023,年報\r\n".encode("big5")
    assert len(data) > 70_000
    raw = read_upload(data, "late_big5.csv")
    assert raw.encoding == "big5" and raw.table.column(0).to_pylist()[-1] == "臺北"
