"""Build the DuckDB database from the CSV files in data/.

The build is one transaction, in the local file and in the lake alike (queries.database): seed rows (batch 0) are replaced, uploaded batches are kept, and a
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

import duckdb
import pandas as pd

from queries.database import LocalDatabase, database, is_conflict
from queries.names import normalize_name
from queries.settings import DATA_DIR, SQL_DIR
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
    if table == "city_metric":  # the seed files list each source's figures in printed order
        frame = frame.assign(printed_order=range(len(frame)))
    return frame


def recorded_fingerprint(path: Path | None = None) -> str | None:
    """The fingerprint the last build recorded, or None for a missing, empty or foreign database."""
    store = database(path)
    if not store.exists():
        return None
    with store.connect() as connection:
        try:
            row = connection.execute(load_sql("meta_get"), {"key": FINGERPRINT_KEY}).fetchone()
        except duckdb.CatalogException:  # never built: no meta table
            return None
    return row[0] if row else None


def build_database(path: Path | None = None) -> float:
    """(Re)load every seed table in one transaction; returns the seconds it took.

    Schema and seed rows go in together: in a lake, a second process starting at the same moment
    either sees no build or the whole of one (its own build then ends in a transaction conflict).
    """
    store = database(path)
    if isinstance(store, LocalDatabase):
        store.path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    frames = {table: _prepare(table, read_seed_csvs(files)) for table, files in seed_tables().items()}
    with store.connect(write=True) as connection:
        connection.begin()
        try:
            for schema in schema_files():
                connection.execute(load_sql(f"schema/{schema.stem}"))
            for table, frame in frames.items():
                connection.register("incoming", frame)
                connection.execute(load_sql(f"build/{table}"))
                connection.unregister("incoming")
            connection.execute(load_sql("meta_set"), {"key": FINGERPRINT_KEY, "value": seed_fingerprint()})
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        store.after_build(connection)
    store.forget_version()
    return time.perf_counter() - started


def ensure_database(path: Path | None = None) -> bool:
    """Build if the database is missing or older than data/; returns True when it built.

    When another process (a replica starting at the same time) wins the race to build, its build is
    the one that counts: ours ends in a transaction conflict and is not retried.
    """
    if recorded_fingerprint(path) == seed_fingerprint():
        return False
    try:
        build_database(path)
    except duckdb.TransactionException as error:
        if not is_conflict(error) or recorded_fingerprint(path) != seed_fingerprint():
            raise
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the atlas database from data/.")
    parser.add_argument("--force", action="store_true", help="rebuild even if data/ is unchanged")
    args = parser.parse_args(argv)
    if args.force or recorded_fingerprint() != seed_fingerprint():
        seconds = build_database()
        print(f"built {database().name} in {seconds:.3f} s")
    else:
        print(f"{database().name} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
