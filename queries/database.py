"""The one place that opens the DuckDB file.

The app never holds the file open between queries: DuckDB lets one process write or many read,
so short-lived connections are what allow `python -m queries.ingest` to commit while the app is
running. Results are cached by `queries.cache`, keyed on `data_version()`, so the file is only
opened when its contents changed.
"""

import threading
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb

from queries.settings import database_path

# One DuckDB instance per file and process: a read-only and a read-write connection to the same
# file cannot coexist in one process, so every connection is taken under this lock.
_PROCESS_LOCK = threading.RLock()
LOCK_WAIT_SECONDS = 30.0


class DatabaseBusy(RuntimeError):
    """Another process kept the database locked for longer than we are willing to wait."""


def _is_lock_conflict(error: duckdb.Error) -> bool:
    text = str(error).lower()
    return "lock" in text or "conflicting" in text or "used by another process" in text


@contextmanager
def connect(*, write: bool = False, path: Path | None = None, wait: float = LOCK_WAIT_SECONDS):
    """Open the database for one unit of work, waiting while another process holds the lock."""
    target = path or database_path()
    deadline = time.monotonic() + wait
    with _PROCESS_LOCK:
        while True:
            try:
                connection = duckdb.connect(str(target), read_only=not write)
                break
            except duckdb.IOException as error:
                if not _is_lock_conflict(error) or time.monotonic() > deadline:
                    if _is_lock_conflict(error):
                        raise DatabaseBusy(str(error)) from error
                    raise
                time.sleep(0.05)
        try:
            yield connection
        finally:
            connection.close()


def data_version(path: Path | None = None) -> tuple:
    """A token that changes whenever the database file (or its write-ahead log) changes."""
    target = path or database_path()
    token: list[tuple[int, int] | None] = []
    for candidate in (target, target.with_name(target.name + ".wal")):
        try:
            stat = candidate.stat()
            token.append((stat.st_mtime_ns, stat.st_size))
        except FileNotFoundError:
            token.append(None)
    return tuple(token)
