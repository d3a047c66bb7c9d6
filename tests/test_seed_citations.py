"""Every seed row must point at real lines of a report, and its quote must really be there.

Generic on purpose: each CSV under data/seeds/ that has `source_id` and `source_lines` columns is
checked row by row (CSVs added later are picked up automatically):

- `source_id` maps to a report file through data/seeds/sources.csv, and that file exists in
  data/reports/ (the verbatim copies kept in the repo for exactly this check);
- every line number or range in `source_lines` ("419", "555-579", "585;698;709") is inside the file
  (1-based physical lines, as `sed -n 419p` counts them);
- where the CSV has a `quote` column, the quote occurs in the cited lines joined together, ignoring
  whitespace (so a quote may span a line break, and tabs or spaces between table cells do not matter).
  Two guards keep numbers honest: whitespace between two digits counts as one separator (so the
  cells "8<TAB>23" never match a quote "823"), and a quote may not start or end in the middle of a
  number (so "成都<TAB>1" does not match the line "成都<TAB>12<TAB>18");
- where the CSV has a `basis` column, it is explicit, derived or inferred.
"""

import csv
import re
from functools import cache
from pathlib import Path

import pytest

from seed_helpers import parse_source_lines

REPO = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO / "data" / "seeds"
REPORTS_DIR = REPO / "data" / "reports"
SOURCES_CSV = SEEDS_DIR / "sources.csv"

BASES = {"explicit", "derived", "inferred"}


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def cited_csvs() -> list[Path]:
    found = []
    for path in sorted(SEEDS_DIR.rglob("*.csv")):
        header, _ = read_csv(path)
        if {"source_id", "source_lines"} <= set(header):
            found.append(path)
    return found


@cache
def source_files() -> dict[str, str]:
    _, rows = read_csv(SOURCES_CSV)
    return {row["source_id"]: row["file"] for row in rows}


@cache
def report_lines(file_name: str) -> tuple[str, ...]:
    """Physical lines split on '\\n' only (str.splitlines would also split on \\x0c, \\u2028, ...)."""
    text = (REPORTS_DIR / file_name).read_text(encoding="utf-8")
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return tuple(lines)


def squash(text: str) -> str:
    """Drop whitespace, except that a run of it between two digits becomes one space."""
    out = ""
    for token in text.split():
        if out and out[-1].isdigit() and token[0].isdigit():
            out += " "
        out += token
    return out


def quote_in(quote: str, cited: str) -> bool:
    """Whitespace-insensitive containment that never cuts a number in two at the quote's ends."""
    needle, haystack = squash(quote), squash(cited)
    if not needle:
        return False
    pattern = re.escape(needle)
    if needle[0].isdigit():
        pattern = r"(?<!\d)" + pattern
    if needle[-1].isdigit():
        pattern += r"(?!\d)"
    return re.search(pattern, haystack) is not None


def row_problems(row: dict[str, str], header: list[str]) -> list[str]:
    problems = []
    source_id = (row.get("source_id") or "").strip()
    file_name = source_files().get(source_id)
    if file_name is None:
        return [f"source_id {source_id!r} is not in sources.csv"]
    if not (REPORTS_DIR / file_name).is_file():
        return [f"report file data/reports/{file_name} (source_id {source_id}) does not exist"]
    lines = report_lines(file_name)
    try:
        spans = parse_source_lines(row.get("source_lines") or "")
    except ValueError as error:
        return [f"source_lines {row.get('source_lines')!r}: {error}"]
    outside = [f"{a}-{b}" if a != b else str(a) for a, b in spans if b > len(lines)]
    if outside:
        return [f"lines {', '.join(outside)} are beyond the end of {file_name} ({len(lines)} lines)"]
    if "quote" in header:
        quote = row.get("quote") or ""
        cited = "\n".join(line for a, b in spans for line in lines[a - 1 : b])
        if not squash(quote):
            problems.append("quote is empty")
        elif not quote_in(quote, cited):
            problems.append(f"quote {quote!r} is not in {file_name} lines {row['source_lines']}")
    if "basis" in header and row.get("basis") not in BASES:
        problems.append(f"basis {row.get('basis')!r} is not one of {sorted(BASES)}")
    return problems


def test_sources_csv_maps_every_report():
    assert SOURCES_CSV.is_file(), "data/seeds/sources.csv is missing"
    files = source_files()
    assert files, "sources.csv has no rows"
    missing = {sid: name for sid, name in files.items() if not (REPORTS_DIR / name).is_file()}
    assert not missing, f"sources.csv names report files missing from data/reports/: {missing}"


def test_every_report_is_listed_in_sources():
    listed = set(source_files().values())
    unlisted = sorted(p.name for p in REPORTS_DIR.glob("*.txt") if p.name not in listed)
    assert not unlisted, f"data/reports/ holds reports that sources.csv does not list: {unlisted}"


def test_there_are_cited_csvs():
    assert cited_csvs(), "no CSV under data/seeds/ has source_id and source_lines columns"


@pytest.mark.parametrize("csv_path", cited_csvs(), ids=lambda p: p.relative_to(SEEDS_DIR).as_posix())
def test_rows_cite_real_lines(csv_path: Path):
    header, rows = read_csv(csv_path)
    failures = []
    for number, row in enumerate(rows, start=1):
        for problem in row_problems(row, header):
            quote = row.get("quote", "")
            failures.append(f"{csv_path.relative_to(REPO).as_posix()} row {number} (quote {quote!r}): {problem}")
    assert not failures, f"{len(failures)} bad citation(s):\n" + "\n".join(failures)


def test_line_spec_parser():
    assert parse_source_lines("419") == [(419, 419)]
    assert parse_source_lines("555-579") == [(555, 579)]
    assert parse_source_lines("585;698;709") == [(585, 585), (698, 698), (709, 709)]
    assert parse_source_lines("718-720;735-737") == [(718, 720), (735, 737)]
    for bad in ("", "L419", "579-555", "0", "5;;6", "a-b"):
        with pytest.raises(ValueError):
            parse_source_lines(bad)


def test_quote_matching():
    assert quote_in("超级智能城市 更高质量的幸福社会", "超级智能城市  \n更高质量的幸福社会")
    assert quote_in("2014年", "(2014 年)")
    assert quote_in("深圳\t1", "深圳\t1\t1")
    assert quote_in("8 23", "贵阳\t8\t23")
    assert not quote_in("823", "贵阳\t8\t23")
    assert not quote_in("成都\t1", "成都\t12\t18")
    assert not quote_in("2,00", "约2,000亿元")
    assert not quote_in("  ", "anything")


def test_checker_catches_a_wrong_quote():
    """The check must fail on a quote that is not on the cited line (guards against a no-op test)."""
    header = ["source_id", "source_lines", "quote", "basis"]
    good = {"source_id": "000", "source_lines": "426", "quote": "贵阳\t8\t23", "basis": "explicit"}
    assert row_problems(good, header) == []
    wrong_line = dict(good, source_lines="427")
    assert row_problems(wrong_line, header)
    beyond = dict(good, source_lines="99999")
    assert row_problems(beyond, header)
    bad_basis = dict(good, basis="guessed")
    assert row_problems(bad_basis, header)


def blank_cited_lines(row: dict[str, str]) -> list[int]:
    """Cited line numbers (single lines and the ends of ranges) that are blank in the report: a citation
    pointing at an empty line is off by a line or two (001 L172 for the source line at L174)."""
    lines = report_lines(source_files()[row["source_id"]])
    ends = {end for first, last in parse_source_lines(row["source_lines"]) for end in (first, last)}
    return sorted(number for number in ends if not lines[number - 1].strip())


@pytest.mark.parametrize("csv_path", cited_csvs(), ids=lambda p: p.relative_to(SEEDS_DIR).as_posix())
def test_cited_lines_are_not_blank(csv_path: Path):
    _, rows = read_csv(csv_path)
    failures = [
        f"row {number} ({row['source_id']} L{row['source_lines']}): line(s) {blank} are blank"
        for number, row in enumerate(rows, start=2)
        if (blank := blank_cited_lines(row))
    ]
    assert not failures, "\n".join(failures)


NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers_not_on_cited_lines(text: str, row: dict[str, str]) -> list[str]:
    """Numbers in `text` (a Chinese summary of the row) that its cited lines do not print."""
    lines = report_lines(source_files()[row["source_id"]])
    cited = squash("\n".join(line for a, b in parse_source_lines(row["source_lines"]) for line in lines[a - 1 : b]))
    cited = cited.replace(",", "")
    return [
        number
        for number in NUMBER.findall(text.replace(",", ""))
        if not re.search(rf"(?<![\d.]){re.escape(number)}(?!\d)", cited)
    ]


@pytest.mark.parametrize("name", ["scenario_coverage_000_001.csv", "scenario_coverage_002_004.csv"])
def test_evidence_figures_are_on_the_cited_lines(name: str):
    """A scenario pair's evidence may quote a figure only from the lines it cites (圣地亚哥's 33% is
    printed at 002 L199, not at L197 where the programme is introduced)."""
    _, rows = read_csv(SEEDS_DIR / name)
    failures = [
        f"row {number} {row['printed_name']}: {missing} not in {row['source_id']} L{row['source_lines']}"
        for number, row in enumerate(rows, start=2)
        if (missing := numbers_not_on_cited_lines(row["evidence_zh"], row))
    ]
    assert not failures, "\n".join(failures)


def test_citation_checks_catch_an_off_by_two_line():
    row = {"source_id": "001", "source_lines": "169;172", "quote": "", "basis": "explicit"}
    assert blank_cited_lines(row) == [172]
    assert blank_cited_lines(dict(row, source_lines="169;174")) == []
    san_diego = {"source_id": "002", "source_lines": "197"}
    assert numbers_not_on_cited_lines("清洁能源使用率达33%", san_diego) == ["33"]
    assert numbers_not_on_cited_lines("清洁能源使用率达33%", dict(san_diego, source_lines="197;199")) == []
