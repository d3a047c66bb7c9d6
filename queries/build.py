"""Build the DuckDB database from the CSV files in data/.

The build is one transaction: seed rows (batch 0) are replaced, uploaded batches are kept, and a
reader never sees a half-built table. It runs when the content hash of data/ and of the SQL that
loads it differs from the one recorded in the database, so editing a seed CSV is enough to
rebuild on the next start.

Run `python -m queries.build` to build (or `--force` to rebuild) from the command line.
"""

import argparse
import hashlib
import re
import sys
import time
from pathlib import Path

import pandas as pd

from queries.database import connect
from queries.names import normalize_name
from queries.settings import DATA_DIR, SQL_DIR, database_path
from queries.sql_files import load_sql

FINGERPRINT_KEY = "seed_fingerprint"
BUILD_DIR = SQL_DIR / "build"
SCHEMA_DIR = SQL_DIR / "schema"
_CSV_HEADER = re.compile(r"^--\s*csv:(.+)$", re.MULTILINE)


def seed_tables() -> dict[str, list[str]]:
    """Table -> its seed CSVs (relative to data/), from the `-- csv:` line of build/<table>.sql.

    A table may be filled from several CSVs (e.g. one per report), listed space-separated;
    their rows are concatenated.
    """
    tables = {}
    for path in sorted(BUILD_DIR.glob("*.sql")):
        match = _CSV_HEADER.search(path.read_text(encoding="utf-8"))
        if not match or not match.group(1).split():
            raise ValueError(f"{path.name} does not name its seed CSV (-- csv: seeds/x.csv)")
        tables[path.stem] = match.group(1).split()
    return tables


def schema_files() -> list[Path]:
    """Schema scripts, run in name order (tables first, cross-table views in 90_views.sql)."""
    return sorted(SCHEMA_DIR.glob("*.sql"))


def _fingerprint_inputs() -> list[Path]:
    csvs = [DATA_DIR / relative for files in seed_tables().values() for relative in files]
    sql = schema_files() + sorted(BUILD_DIR.glob("*.sql"))
    return csvs + sql + [Path(__file__)]


def seed_fingerprint() -> str:
    """SHA-256 over every file the build reads, so any edit triggers a rebuild."""
    digest = hashlib.sha256()
    for path in _fingerprint_inputs():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_seed_csvs(relatives: list[str]) -> pd.DataFrame:
    """Read seed CSVs as text; empty cells become NULL, types are cast by the table on insert."""
    frames = [
        pd.read_csv(DATA_DIR / relative, dtype=str, keep_default_na=False, encoding="utf-8") for relative in relatives
    ]
    return pd.concat(frames, ignore_index=True).replace("", None)


def _prepare(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    if table == "city_alias":
        frame = frame.assign(alias_norm=frame["alias"].map(normalize_name))
    return frame


def recorded_fingerprint(path: Path | None = None) -> str | None:
    target = path or database_path()
    if not target.exists():
        return None
    with connect(path=target) as connection:
        try:
            row = connection.execute(load_sql("meta_get"), {"key": FINGERPRINT_KEY}).fetchone()
        except Exception:  # an empty or foreign file: treat as never built
            return None
    return row[0] if row else None


def build_database(path: Path | None = None) -> float:
    """(Re)load every seed table in one transaction; returns the seconds it took."""
    target = path or database_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    frames = {table: _prepare(table, read_seed_csvs(files)) for table, files in seed_tables().items()}
    with connect(write=True, path=target) as connection:
        for schema in schema_files():
            connection.execute(load_sql(f"schema/{schema.stem}"))
        connection.begin()
        try:
            for table, frame in frames.items():
                connection.register("incoming", frame)
                connection.execute(load_sql(f"build/{table}"))
                connection.unregister("incoming")
            connection.execute(load_sql("meta_set"), {"key": FINGERPRINT_KEY, "value": seed_fingerprint()})
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        connection.checkpoint()
    return time.perf_counter() - started


def ensure_database(path: Path | None = None) -> bool:
    """Build if the database is missing or older than data/; returns True when it built."""
    if recorded_fingerprint(path) == seed_fingerprint():
        return False
    build_database(path)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the atlas database from data/.")
    parser.add_argument("--force", action="store_true", help="rebuild even if data/ is unchanged")
    args = parser.parse_args(argv)
    if args.force or recorded_fingerprint() != seed_fingerprint():
        seconds = build_database()
        print(f"built {database_path()} in {seconds:.3f} s")
    else:
        print(f"{database_path()} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
