"""Cold database build: seconds to build the DuckDB file from data/ into an empty directory."""

import tempfile
from pathlib import Path

from common import median_seconds, ms

from queries.build import build_database

REPEATS = 10


def cold_build_once() -> None:
    build_database(Path(tempfile.mkdtemp(prefix="atlas-cold-")) / "atlas.duckdb")


def run() -> list[tuple[str, str]]:
    cold_build_once()  # import and file-cache warm-up, so the figure is the build itself
    median, low, high = median_seconds(cold_build_once, REPEATS)
    return [(f"cold database build (median of {REPEATS})", f"{ms(median)} (min {ms(low)}, max {ms(high)})")]


if __name__ == "__main__":
    for name, figure in run():
        print(f"{name}: {figure}")
