"""Excel uploads: the streaming reader (queries/ingest/xlsx.py, expat) against openpyxl's read-only
mode (what the ingest used before) on the same generated workbook, and how fast the limits refuse
the two files that once got through (a 1.2-million-row sheet, a 200 MB cell in a small file).

Each measurement runs in a fresh subprocess; the two readers alternate (so a burst of load elsewhere
hits both); the figure is the median of REPEATS runs, with the load average before the runs. Not a
test: `python benchmarks/bench_xlsx.py` (or via run_all.py).
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT

sys.path.insert(0, str(ROOT / "tests"))
from xlsx_helpers import hand_made_xlsx  # the tests' streamed .xlsx writer

ROWS = 200_000
REPEATS = 3


def _row(number: int, cells: list[tuple[str, str]]) -> str:
    """cells: (type, value); type 's' = shared string index, 'n' = number."""
    out = [f'<row r="{number}">']
    for index, (kind, value) in enumerate(cells):
        ref = f"{'ABCDEF'[index]}{number}"
        out.append(f'<c r="{ref}" t="s"><v>{value}</v></c>' if kind == "s" else f'<c r="{ref}"><v>{value}</v></c>')
    out.append("</row>")
    return "".join(out)


def generate(folder: Path) -> dict[str, Path]:
    """A 200,000-row workbook as Excel writes one (shared strings), and the two files the limits refuse."""
    cities = [line.split(",")[1] for line in (ROOT / "data/gazetteer/cities.csv").read_text().splitlines()[1:300]]
    strings = [
        "城市",
        "指标",
        "数值",
        "单位",
        "年份",
        "来源",
        "万人",
        "统计年鉴",
        *cities,
        *[f"指标{i}" for i in range(100)],
    ]
    first_city, first_metric = 8, 8 + len(cities)

    def rows():
        yield _row(1, [("s", str(i)) for i in range(6)])
        block = []
        for n in range(ROWS):
            block.append(
                _row(
                    n + 2,
                    [
                        ("s", str(first_city + n % len(cities))),
                        ("s", str(first_metric + (n // len(cities)) % 100)),
                        ("n", f"{(n * 7919) % 100000 / 100:.2f}"),
                        ("s", "6"),
                        ("n", str(1900 + n // (len(cities) * 100))),
                        ("s", "7"),
                    ],
                )
            )
            if len(block) == 10_000:
                yield "".join(block)
                block = []
        yield "".join(block)

    many = ('<row><c t="s"><v>0</v></c></row>' for _ in range(1_200_001))
    big = ["<si><t>", *(["x" * (1 << 20)] * 200), "</t></si>"]
    return {
        "workbook": hand_made_xlsx(folder / "metrics.xlsx", rows(), (f"<si><t>{s}</t></si>" for s in strings)),
        "rows": hand_made_xlsx(
            folder / "rows.xlsx", ("".join(block) for block in _blocks(many)), ["<si><t>城市</t></si>"]
        ),
        "cell": hand_made_xlsx(folder / "cell.xlsx", [_row(1, [("s", "0")]), _row(2, [("s", "0")])], big),
    }


def _blocks(items, size: int = 50_000):
    block = []
    for item in items:
        block.append(item)
        if len(block) == size:
            yield block
            block = []
    yield block


READ = {
    "stream": """
from queries.ingest.pipeline import limits
from queries.ingest.reader import read_upload
raw = read_upload(data, path.name, limits=limits())
result = {"rows": raw.row_count, "problems": [p.code for p in raw.problems]}
""",
    "openpyxl": """
from openpyxl import load_workbook
book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
rows = 0
for values in book.worksheets[0].iter_rows(values_only=True):
    cells = ["" if v is None else str(v) for v in values]
    rows += 1
book.close()
result = {"rows": rows - 1, "problems": []}
""",
}
RUNNER = """
import io, json, re, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
path = Path({path!r})
data = path.read_bytes()
started = time.perf_counter()
{body}
result["seconds"] = time.perf_counter() - started
status = open("/proc/self/status").read()
result["peak_mb"] = int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1)) / 1024
print(json.dumps(result))
"""


def _measure(reader: str, path: Path) -> dict:
    script = RUNNER.format(root=str(ROOT), path=str(path), body=READ[reader])
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=900, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def run() -> list[tuple[str, str]]:
    scratch = Path(tempfile.mkdtemp(prefix="atlas-xlsx-bench-"))
    try:
        files = generate(scratch)
        load = os.getloadavg()[0]
        stream, openpyxl = [], []
        for _ in range(REPEATS):
            stream.append(_measure("stream", files["workbook"]))
            openpyxl.append(_measure("openpyxl", files["workbook"]))
        assert stream[0]["rows"] == openpyxl[0]["rows"] == ROWS, (stream[0], openpyxl[0])
        s = statistics.median(r["seconds"] for r in stream)
        o = statistics.median(r["seconds"] for r in openpyxl)
        size = files["workbook"].stat().st_size / 2**20
        refused = {name: _measure("stream", files[name]) for name in ("rows", "cell")}
        return [
            (
                f"read a {ROWS:,}-row × 6-column .xlsx ({size:.1f} MB; median of {REPEATS})",
                f"streaming reader {s:.2f} s (peak {max(r['peak_mb'] for r in stream):.0f} MB) vs openpyxl read-only "
                f"{o:.2f} s (peak {max(r['peak_mb'] for r in openpyxl):.0f} MB): {o / s:.1f}× faster; load average {load:.1f}",
            ),
            *(
                (
                    f"refuse {label} ({files[name].stat().st_size / 2**10:.0f} KB)",
                    f"{refused[name]['seconds']:.2f} s, {refused[name]['problems']}, peak {refused[name]['peak_mb']:.0f} MB",
                )
                for name, label in (("rows", "a 1,200,001-row sheet"), ("cell", "a 200 MB cell"))
            ),
        ]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    for name, figure in run():
        print(f"| {name} | {figure} |")
