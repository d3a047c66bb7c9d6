"""The report text behind a citation: `000:L419–L443` read from data/reports/, nothing fetched.

Citations are `source_id` + `source_lines` on every seed row ('419', '555-579', '585;698'), shown
compactly as `000:L419–L443`. `excerpt()` returns the cited lines of a report with a few lines of
context around each cited span; `upload_row()` returns what an uploaded row (source `U7`, line =
the row of the file) was: the batch's file, version and analyst, and the row as stored.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from queries.cache import read_frame
from queries.settings import DATA_DIR

REPORTS_DIR = DATA_DIR / "reports"
CONTEXT_LINES = 3
MAX_SPAN_LINES = 80  # a longer cited span is shown in part, with its ends
_CITATION = re.compile(r"^\s*(U?\d+)\s*(?::\s*(.*))?$")


def spans(source_lines: str | None) -> list[tuple[int, int]]:
    """'419' → [(419, 419)]; '555-579;698' → [(555, 579), (698, 698)]; also 'L555–L579'."""
    found = []
    for part in re.split(r"[;,]", source_lines or ""):
        numbers = [int(n) for n in re.findall(r"\d+", part)]
        if numbers:
            found.append((min(numbers), max(numbers)))
    return found


def parse_citation(text: str) -> tuple[str, str] | None:
    """'000:L419–L443' → ('000', '419-443'); 'U7:L12' → ('U7', '12'); None when it is not one."""
    match = _CITATION.match(text or "")
    if not match:
        return None
    lines = ";".join(f"{low}-{high}" if low != high else str(low) for low, high in spans(match.group(2)))
    return match.group(1), lines


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    cited: bool


@dataclass(frozen=True)
class Block:
    """One cited span with its context: consecutive lines of the report, `gap_after` when the span
    was too long and lines were left out after this block."""

    lines: tuple[Line, ...]
    gap_after: int = 0


@cache
def _report_text(path: str, mtime_ns: int) -> tuple[str, ...]:
    # Line numbers are physical lines split on \n, as the citations count them (data/reports/README).
    return tuple(Path(path).read_text(encoding="utf-8").split("\n"))


def report_file(source_id: str) -> Path | None:
    documents = read_frame("sources")
    rows = documents[documents["source_id"] == source_id]
    if rows.empty:
        return None
    path = (REPORTS_DIR / str(rows.iloc[0]["file"])).resolve()
    return path if path.parent == REPORTS_DIR.resolve() and path.is_file() else None


def report_lines(source_id: str) -> tuple[str, ...]:
    """The report's lines (index 0 = line 1); empty when the report is not in data/reports/."""
    path = report_file(source_id)
    if path is None:
        return ()
    return _report_text(str(path), path.stat().st_mtime_ns)


def excerpt(source_id: str, source_lines: str | None, context: int = CONTEXT_LINES) -> list[Block]:
    """The cited lines of a report, each span with `context` lines either side; overlapping or
    adjacent spans merge into one block. Lines past the end of the report are left out."""
    text = report_lines(source_id)
    cited: set[int] = set()
    windows: list[list[int]] = []
    for low, high in spans(source_lines):
        high = min(high, len(text))
        if low < 1 or low > high:
            continue
        cited.update(range(low, high + 1))
        start, end = max(1, low - context), min(len(text), high + context)
        if windows and start <= windows[-1][1] + 1:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    blocks = []
    for start, end in sorted(windows):
        numbers = list(range(start, end + 1))
        if len(numbers) > MAX_SPAN_LINES:
            head, tail = numbers[: MAX_SPAN_LINES // 2], numbers[-MAX_SPAN_LINES // 2 :]
            blocks.append(_block(text, head, cited, gap_after=len(numbers) - len(head) - len(tail)))
            blocks.append(_block(text, tail, cited))
        else:
            blocks.append(_block(text, numbers, cited))
    return blocks


def _block(text: tuple[str, ...], numbers: list[int], cited: set[int], gap_after: int = 0) -> Block:
    return Block(tuple(Line(n, text[n - 1], n in cited) for n in numbers), gap_after)


def upload_batch(source_id: str) -> dict | None:
    """File, version, analyst and time of the upload a `U<batch>` source names."""
    if not re.fullmatch(r"U\d+", source_id or ""):
        return None
    rows = read_frame("sources/uploads")
    rows = rows[rows["batch"] == int(source_id[1:])]
    return None if rows.empty else rows.iloc[0].to_dict()


def upload_row(source_id: str, row: str) -> dict | None:
    """The row of an upload as stored (column → value), found by batch and file row."""
    if not re.fullmatch(r"U\d+", source_id or ""):
        return None
    found = read_frame("sources/upload_row", batch=int(source_id[1:]), row=str(row))
    return None if found.empty else json.loads(found.iloc[0]["row_json"])
