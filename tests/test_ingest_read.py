"""The files analysts really have: encodings, delimiters, quoted newlines, Excel sheets, header synonyms,
and place names written every way users write them."""

import codecs
import io

import pytest
from openpyxl import Workbook

from queries.ingest.kinds import KINDS, header_key
from queries.ingest.pipeline import Request, auto_mapping, prepare
from queries.ingest.reader import ReadOptions, detect_delimiter, detect_encoding, read_upload

from ingest_helpers import run_cli

ROWS = [
    ["城市", "指标", "数值", "单位", "年份", "来源"],
    ["北京", "5G基站数", "5.1", "万个", "2023", "统计公报"],
    ["上海", "5G基站数", "6.2", "万个", "2023", "统计公报"],
]


def csv_text(rows, delimiter=",") -> str:
    return "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"


@pytest.mark.parametrize(
    "encoding,expected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
    ],
)
def test_encodings_are_detected(encoding, expected):
    data = csv_text(ROWS).encode(encoding)
    raw = read_upload(data, "x.csv")
    assert raw.encoding == expected and raw.encoding_detected
    assert raw.headers == ROWS[0]
    assert raw.table.column(0).to_pylist() == ["北京", "上海"]
    assert raw.rows.to_pylist() == [2, 3]


def test_gbk_file_whose_first_64_kb_are_ascii_falls_back_to_gb18030():
    ascii_rows = "".join(f"Beijing,m{i},1,x,2023,s\r\n" for i in range(5000))
    data = (csv_text(ROWS[:1]) + ascii_rows + "北京,m,1,万,2023,统计\r\n").encode("gbk")
    assert len(data) > 70_000
    raw = read_upload(data, "late.csv")
    assert raw.encoding == "gb18030" and not raw.problems.has_errors()
    assert raw.table.column(0).to_pylist()[-1] == "北京"


def test_encoding_and_delimiter_can_be_overridden():
    data = csv_text(ROWS, ";").encode("gbk")
    raw = read_upload(data, "x.csv", ReadOptions(encoding="gbk", delimiter=";"))
    assert raw.encoding == "gbk" and not raw.encoding_detected and raw.delimiter == ";"
    assert raw.table.column(5).to_pylist() == ["统计公报", "统计公报"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_detected(delimiter):
    rows = [row[:] for row in ROWS]
    rows[1][5] = "统计公报, 第3页" if delimiter != "," else '"统计公报, 第3页"'
    text = csv_text(rows, delimiter)
    assert detect_delimiter(text) == delimiter
    raw = read_upload(text.encode(), "x.txt")
    assert raw.delimiter == delimiter and len(raw.headers) == 6


def test_quoted_fields_with_embedded_newlines_keep_row_numbers():
    text = 'city,metric,value,unit,year,source\r\n北京,x,1,万,2023,"第一行\r\n第二行"\r\n上海,x,2,万,2023,s\r\n'
    raw = read_upload(text.encode(), "x.csv")
    assert raw.table.column(5).to_pylist() == ["第一行\r\n第二行", "s"]
    assert raw.rows.to_pylist() == [2, 3]


def test_blank_lines_are_skipped_but_rows_keep_their_numbers():
    text = csv_text(ROWS[:2]) + "\r\n" + csv_text(ROWS[2:])
    raw = read_upload(text.encode(), "x.csv")
    assert raw.rows.to_pylist() == [2, 4]


def test_rows_of_empty_cells_are_skipped_like_blank_lines(db, tmp_path):
    """Excel's CSV export writes ',,,,,' for rows it once saw used; they are blank rows, not data."""
    text = csv_text(ROWS[:2]) + ",,,,,\r\n" + csv_text(ROWS[2:]) + ",,,,,\r\n , ,,,,\r\n,,,,,,,,\r\n"
    raw = read_upload(text.encode(), "export.csv")
    assert not raw.problems.has_errors() and raw.rows.to_pylist() == [2, 4]
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode())
    code, report = run_cli("--kind", "city_metrics", path)
    assert code == 0 and report["rows_read"] == 2 and report["version_created"]["rows"] == 2, report


def test_detect_encoding_heuristics():
    assert detect_encoding(codecs.BOM_UTF8 + b"a,b") == "utf-8-sig"
    assert detect_encoding(csv_text(ROWS).encode("utf-16-be")) == "utf-16-be"
    assert detect_encoding(csv_text(ROWS).encode("utf-16-le")) == "utf-16-le"
    assert detect_encoding("城市,排名".encode("gbk")) == "gb18030"


def _workbook(sheets: dict[str, list[list]]) -> bytes:
    workbook = Workbook()
    first = True
    for name, rows in sheets.items():
        sheet = workbook.active if first else workbook.create_sheet()
        sheet.title = name
        first = False
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_excel_first_sheet_or_a_chosen_one():
    data = _workbook(
        {
            "说明": [["本工作簿的说明"], [], ["城市", "x"]],
            "数据": [["城市", "指标", "数值", "单位", "年份", "来源"], [], ["北京", "x", 5.1, "万", 2023.0, "s"]],
        }
    )
    first = read_upload(data, "book.xlsx")
    assert first.sheets == ["说明", "数据"] and first.sheet == "说明"
    chosen = read_upload(data, "book.xlsx", ReadOptions(sheet="数据"))
    assert chosen.headers == ROWS[0]
    assert [c[0].as_py() for c in chosen.table.columns] == ["北京", "x", "5.1", "万", "2023", "s"]
    assert chosen.rows.to_pylist() == [3]
    missing = read_upload(data, "book.xlsx", ReadOptions(sheet="没有"))
    assert [p.code for p in missing.problems] == ["sheet_missing"]


@pytest.mark.parametrize(
    "header,column",
    [
        ("城市", "city"),
        ("城市名称", "city"),
        ("City Name", "city"),
        ("city_name*", "city"),
        ("名称", "city"),
        ("排名", "rank"),
        ("名次", "rank"),
        ("Rank", "rank"),
        ("得分（分）", "value"),
        ("SCORE", "value"),
        ("版本", "edition"),
        ("来源", "source"),
        ("出处", "source"),
    ],
)
def test_headers_match_by_synonyms_in_both_languages(header, column):
    headers = [header, "unrelated"]
    assert auto_mapping(KINDS["rankings"], headers)[column] == 0


def test_no_header_is_claimed_by_two_columns_of_one_kind():
    for kind in KINDS.values():
        seen = {}
        for column in kind.columns:
            for name in column.accepted_headers():
                key = header_key(name)
                assert seen.setdefault(key, column.name) == column.name, (kind.name, name)


def test_mapping_can_be_corrected():
    data = "地方,指标,数值,单位,年份,来源\n北京,x,1,万,2023,s\n".encode()
    automatic = prepare(Request("city_metrics", data, "x.csv"))
    assert [p.code for p in automatic.problems if p.severity == "error"] == ["missing_column"]
    corrected = prepare(Request("city_metrics", data, "x.csv", mapping={"city": 0}))
    assert corrected.ok and corrected.stored.column("city_code").to_pylist() == ["110000"]


@pytest.mark.parametrize(
    "name,code",
    [
        ("北京", "110000"),
        ("北京市", "110000"),
        ("Beijing", "110000"),
        (" beijing ", "110000"),
        ("ＢＥＩＪＩＮＧ", "110000"),
        ("Peking", "110000"),
        ("臺北", "TW-TPE"),
        ("台北市", "TW-TPE"),
        ("北 京", "110000"),
        ("Xi'an", "610100"),
        ("广州市", "440100"),
        ("深圳　", "440300"),
        ("440300", "440300"),  # a GB/T 2260 code, as the city profile accepts it
        ("tw-tpe", "TW-TPE"),
    ],
)
def test_place_names_are_matched_every_way_users_write_them(name, code):
    data = f"城市,指标,数值,单位,年份,来源\n{name},x,1,万,2023,s\n".encode()
    plan = prepare(Request("city_metrics", data, "x.csv"))
    assert plan.ok, [p for p in plan.problems]
    assert plan.stored.column("city_code").to_pylist() == [code]


def test_an_analyst_resolution_and_alias_apply():
    data = "城市,指标,数值,单位,年份,来源\n鹏城,x,1,万,2023,s\n".encode()
    unresolved = prepare(Request("city_metrics", data, "x.csv"))
    assert [p.code for p in unresolved.problems if p.severity == "error"] == ["place_unmatched"]
    resolved = prepare(Request("city_metrics", data, "x.csv", resolutions={"鹏城": "440300"}, new_aliases={"鹏城"}))
    assert resolved.ok
    assert resolved.aliases.to_dict("records")[0]["city_code"] == "440300"


def test_a_district_code_offers_its_city():
    data = "城市,指标,数值,单位,年份,来源\n440303,x,1,万,2023,s\n".encode()
    plan = prepare(Request("city_metrics", data, "x.csv"))
    [match] = plan.unresolved
    assert match.candidates[0] == "440300"
