"""Build the DuckDB database from the CSV files in data/.

The build is one transaction: seed rows (batch 0) are replaced, uploaded batches are kept, and a
reader never sees a half-built table. It runs when the content hash of data/ and of the SQL that
loads it differs from the one recorded in the database, so editing a seed CSV is enough to
rebuild on the next start.

Run `python -m queries.build` to build (or `--force` to rebuild) from the command line.
"""

import argparse
import hashlib
import sys
import time
from pathlib import Path

import pandas as pd

from queries.database import connect
from queries.names import normalize_name
from queries.settings import DATA_DIR, SQL_DIR, database_path
from queries.sql_files import load_sql

# Table name -> seed CSV under data/. Order matters only for readability.
SEED_TABLES = {
    "source": "seeds/sources.csv",
    "edition": "seeds/editions.csv",
    "measure": "seeds/measures.csv",
    "anomaly": "seeds/anomalies.csv",
    "province": "gazetteer/provinces.csv",
    "city": "gazetteer/cities.csv",
    "city_alias": "gazetteer/city_alias.csv",
    "ranking": "seeds/rankings.csv",
    "tier": "seeds/tiers.csv",
}

FINGERPRINT_KEY = "seed_fingerprint"


def _fingerprint_inputs() -> list[Path]:
    csvs = [DATA_DIR / relative for relative in SEED_TABLES.values()]
    sql = sorted(SQL_DIR.glob("schema*.sql")) + sorted((SQL_DIR / "build").glob("*.sql"))
    return csvs + sql + [Path(__file__)]


def seed_fingerprint() -> str:
    """SHA-256 over every file the build reads, so any edit triggers a rebuild."""
    digest = hashlib.sha256()
    for path in _fingerprint_inputs():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_seed_csv(relative: str) -> pd.DataFrame:
    """Read a seed CSV as text; empty cells become NULL, types are cast by the table on insert."""
    frame = pd.read_csv(DATA_DIR / relative, dtype=str, keep_default_na=False, encoding="utf-8")
    return frame.replace("", None)


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
    frames = {table: _prepare(table, read_seed_csv(csv)) for table, csv in SEED_TABLES.items()}
    with connect(write=True, path=target) as connection:
        connection.execute(load_sql("schema"))
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
