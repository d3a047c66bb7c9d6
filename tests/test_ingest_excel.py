"""Excel files are read as a stream with their limits enforced while reading (a 206 KB file holding a
200 MB cell was committed and broke public pages; a 0.8 MB file of 1.2 million rows was parsed for
255 s before the row limit applied), and cells come out as the analyst sees them in Excel."""

import datetime as dt
import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from openpyxl import Workbook

from queries.ingest.reader import Limits, read_upload

from ingest_helpers import codes, content_fingerprint, messages, run_cli
from xlsx_helpers import PACKAGE, hand_made_xlsx, inline_row

ROOT = Path(__file__).resolve().parents[1]
HEADER_CELLS = ("城市", "指标", "数值", "单位", "年份", "来源")


def run_cli_process(path: Path, db: Path) -> tuple[int, str, float, int]:
    """The command line in a fresh process: (exit code, output, seconds, peak memory in MB)."""
    # VmHWM, not getrusage: Linux carries the forking process's peak across exec into ru_maxrss.
    script = (
        "import re, sys\n"
        "from queries.ingest.__main__ import main\n"
        f"code = main(['--kind', 'city_metrics', {str(path)!r}, '--dry-run'])\n"
        "status = open('/proc/self/status').read()\n"
        "print('peak-mb', int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1)) // 1024)\n"
        "sys.exit(code)\n"
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=dict(os.environ, ATLAS_DB=str(db)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    seconds = time.perf_counter() - started
    peak = int(result.stdout.rsplit("peak-mb", 1)[1].split()[0])
    return result.returncode, result.stdout, seconds, peak


def test_a_small_file_holding_a_200_mb_cell_is_refused_in_seconds(db, tmp_path):
    big = b"a" * (1 << 20)
    shared = [b"<si><t>", *([big] * 200), b"</t></si>", b"<si><t>s</t></si>"]
    header = inline_row(1, HEADER_CELLS).encode()
    row = b'<row r="2"><c t="s"><v>0</v></c><c t="inlineStr"><is><t>x</t></is></c>'
    row += b'<c><v>1</v></c><c t="inlineStr"><is><t>u</t></is></c><c><v>2023</v></c><c t="s"><v>1</v></c></row>'
    path = hand_made_xlsx(tmp_path / "bomb.xlsx", [header, row], shared)
    assert path.stat().st_size < 400_000  # small on disk
    before = content_fingerprint(db)
    code, output, seconds, peak = run_cli_process(path, db)
    assert code == 2, output
    assert "Row 2, column “A”: This cell holds more than 32,767 characters" in output
    assert seconds < 20, seconds  # before: read whole, committed, then pages broke
    assert peak < 400, peak  # MB: the cell's text is counted, never held
    assert content_fingerprint(db) == before


def test_a_long_inline_cell_is_refused_at_its_row_and_column(tmp_path):
    header = inline_row(1, HEADER_CELLS).encode()
    long_cell = b'<row r="7"><c r="C7" t="inlineStr"><is><t>' + b"x" * 40_000 + b"</t></is></c></row>"
    path = hand_made_xlsx(tmp_path / "long.xlsx", [header, long_cell])
    raw = read_upload(path.read_bytes(), "long.xlsx")
    [problem] = list(raw.problems)
    assert (problem.code, problem.row, problem.column) == ("cell_too_long", 7, "C")


def test_a_small_file_of_1_2_million_rows_is_refused_in_seconds(db, tmp_path):
    row = inline_row(0, ("北京", "m", "1", "万", "2023", "s")).replace(' r="0"', "").encode()
    block = row * 10_000
    path = hand_made_xlsx(tmp_path / "rows.xlsx", [inline_row(1, HEADER_CELLS).encode(), *([block] * 120)])
    assert path.stat().st_size < 2_000_000
    started = time.perf_counter()
    code, report = run_cli("--kind", "city_metrics", path, "--dry-run")
    seconds = time.perf_counter() - started
    assert code == 2 and codes(report) == {"too_many_rows_excel"}
    assert messages(report)[0].startswith("The sheet has more than 1000000 data rows")
    assert seconds < 15, seconds  # before: 255 s


def test_an_excel_file_that_expands_beyond_the_limit_is_refused(tmp_path):
    rows = [inline_row(1, HEADER_CELLS).encode()]
    rows += [inline_row(n, ("北京", f"m{n}", "1", "万", "2023", "s" * 500)).encode() for n in range(2, 2000)]
    path = hand_made_xlsx(tmp_path / "wide.xlsx", rows)
    limits = Limits(max_bytes=100 * 2**20, max_rows=1_000_000, max_unzipped_bytes=2**20)
    raw = read_upload(path.read_bytes(), "wide.xlsx", limits=limits)
    assert [p.code for p in raw.problems] == ["excel_too_large"]
    assert read_upload(path.read_bytes(), "wide.xlsx").row_count == 1998  # within the default limit


def test_a_csv_cell_longer_than_excel_allows_is_refused(tmp_path):
    text = "城市,指标,数值,单位,年份,来源\n北京,x,1,万,2023,s\n上海,x,1,万,2023," + "长" * 33_000 + "\n"
    raw = read_upload(text.encode(), "long.csv")
    [problem] = list(raw.problems)
    assert (problem.code, problem.row, problem.column) == ("cell_too_long", 3, "来源")


def test_cells_read_as_excel_shows_them(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["城市", "值", "年", "日期", "是否", "公式", "备注"])
    sheet.append(["北京", 5.1, 2023, dt.datetime(2023, 5, 1), True, "=1+1", "第一行\n第二行"])
    sheet.append(["上海", 1e20, 2023.0, dt.datetime(2023, 5, 1, 8, 30), False, "=SUM(B2:B3)", "a_x000D_b"])
    sheet["D2"].number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    raw = read_upload(buffer.getvalue(), "types.xlsx")
    assert not raw.problems.has_errors()
    assert [column.to_pylist() for column in raw.table.columns] == [
        ["北京", "上海"],
        ["5.1", "1e+20"],
        ["2023", "2023"],
        ["2023-05-01", "2023-05-01 08:30:00"],
        ["TRUE", "FALSE"],
        ["=1+1", "=SUM(B2:B3)"],
        ["第一行\n第二行", "a\rb"],
    ]
    assert raw.rows.to_pylist() == [2, 3]


def test_rich_text_and_phonetic_runs_in_shared_strings(tmp_path):
    shared = [
        b"<si><r><t>\xe5\x8c\x97</t></r><r><rPr><b/></rPr><t>\xe4\xba\xac</t></r>"
        b"<rPh sb='0' eb='1'><t>bei</t></rPh></si>",
    ]
    header = inline_row(1, ("城市",)).encode()
    path = hand_made_xlsx(tmp_path / "rich.xlsx", [header, b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>'], shared)
    raw = read_upload(path.read_bytes(), "rich.xlsx")
    assert raw.table.column(0).to_pylist() == ["北京"]


def test_a_workbook_with_a_dtd_is_refused(tmp_path):
    path = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in PACKAGE.items():
            if name == "xl/workbook.xml":
                text = text.replace("<workbook", '<!DOCTYPE w [<!ENTITY a "aaaa">]><workbook', 1)
            archive.writestr(name, text)
    raw = read_upload(path.read_bytes(), "dtd.xlsx")
    assert [p.code for p in raw.problems] == ["excel_unreadable"]
