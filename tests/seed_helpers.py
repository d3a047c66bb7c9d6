"""Reading the committed CSVs in data/ the way the build does: UTF-8, one dict per row."""

import csv
import re
from pathlib import Path

from queries.settings import DATA_DIR

SEEDS_DIR = DATA_DIR / "seeds"


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seed_rows(name: str) -> list[dict[str, str]]:
    """The rows of data/seeds/<name>."""
    return csv_rows(SEEDS_DIR / name)


LINE_SPEC = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def parse_source_lines(spec: str) -> list[tuple[int, int]]:
    """'419' -> [(419, 419)]; '555-579;585' -> [(555, 579), (585, 585)]. Raises ValueError."""
    if not spec or not spec.strip():
        raise ValueError("source_lines is empty")
    spans = []
    for part in spec.split(";"):
        match = LINE_SPEC.match(part)
        if not match:
            raise ValueError(f"cannot read {part!r} as a line number or range")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first < 1 or last < first:
            raise ValueError(f"bad range {part!r}")
        spans.append((first, last))
    return spans
