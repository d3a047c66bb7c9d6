"""Reading the committed CSVs in data/ the way the build does: UTF-8, one dict per row."""

import csv
from pathlib import Path

from queries.settings import DATA_DIR

SEEDS_DIR = DATA_DIR / "seeds"


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seed_rows(name: str) -> list[dict[str, str]]:
    """The rows of data/seeds/<name>."""
    return csv_rows(SEEDS_DIR / name)
