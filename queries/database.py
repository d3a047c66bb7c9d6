"""The one place that opens DuckDB: where the data lives, how to connect, and its data-version token.

Two storage modes, one code path above this module (the same `.sql` files, build, ingest, versions):

- **Local** (the default, `make run`): the DuckDB file `var/atlas.duckdb` (or `ATLAS_DB`). The app
  never holds the file open between queries: DuckDB lets one process write or many read, so
  short-lived connections are what allow `python -m queries.ingest` to commit while the app is
  running. The data version is the file's (and its write-ahead log's) modification stamp.
- **Lake** (`ATLAS_LAKE` and `ATLAS_LAKE_DATA` set): every table lives in a DuckLake whose catalog is
  in PostgreSQL and whose data files are on a path all replicas share. Attaching costs a quarter of
  a second, so each process attaches once and hands out cursors of that one connection from a
  pool. The data version is the lake's current snapshot id, so a commit made by any process (a
  replica, the CLI) shows on every replica's next rerun.

`database()` is the process's Database; `connect()`, `transaction()` and `data_version()` are the
module-level shortcuts the rest of `queries/` uses. Nothing else calls `duckdb.connect`.
"""

import queue
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path

import duckdb

from queries import extensions
from queries.settings import LakeSettings, database_path, lake_settings, lake_version_ttl
from queries.sql_files import load_sql

LOCAL, LAKE = "local", "lake"
LOCK_WAIT_SECONDS = 30.0
LAKE_ALIAS = "lake"


class DatabaseBusy(RuntimeError):
    """Another process kept the database locked for longer than we are willing to wait."""


def is_conflict(error: duckdb.Error) -> bool:
    """A transaction lost against a concurrent one (DuckDB in-process or DuckLake across processes)."""
    return isinstance(error, duckdb.TransactionException) and "conflict" in str(error).lower()


def _is_lock_conflict(error: duckdb.Error) -> bool:
    text = str(error).lower()
    return "lock" in text or "conflicting" in text or "used by another process" in text


class Database:
    """Where the atlas's tables live and how to reach them; one per storage target and process."""

    mode: str

    @property
    def name(self) -> str:
        """A stable label for this storage target (cache keys, messages)."""
        raise NotImplementedError

    def connect(self, *, write: bool = False, wait: float = LOCK_WAIT_SECONDS):
        """A connection for one unit of work (a context manager)."""
        raise NotImplementedError

    def data_version(self) -> tuple:
        """A token that changes whenever committed data changes."""
        raise NotImplementedError

    def exists(self) -> bool:
        """Whether there is anything to read yet (a local file may not have been built)."""
        return True

    def after_build(self, connection: duckdb.DuckDBPyConnection) -> None:
        """Housekeeping once a build has committed."""

    def forget_version(self) -> None:
        """Drop any remembered data version (after this process committed)."""

    def close(self) -> None:
        """Release what this process holds open (nothing for a local file)."""

    @contextmanager
    def transaction(self, *, wait: float = LOCK_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
        """A writing connection inside BEGIN … COMMIT; any exception rolls everything back."""
        with self.connect(write=True, wait=wait) as connection:
            connection.begin()
            try:
                yield connection
                connection.commit()
            except BaseException:
                _rollback_quietly(connection)
                raise
        self.forget_version()


def _rollback_quietly(connection: duckdb.DuckDBPyConnection) -> None:
    """Roll back if a transaction is still open (a failed COMMIT has already ended it)."""
    with suppress(duckdb.TransactionException):
        connection.rollback()


class LocalDatabase(Database):
    """A DuckDB file on this machine, opened for each unit of work and closed after it."""

    mode = LOCAL
    # One DuckDB instance per file and process: a read-only and a read-write connection to the same
    # file cannot coexist in one process, so every connection is taken under this lock.
    _PROCESS_LOCK = threading.RLock()

    def __init__(self, path: Path):
        self.path = Path(path)

    @property
    def name(self) -> str:
        return str(self.path)

    def exists(self) -> bool:
        return self.path.exists()

    @contextmanager
    def connect(self, *, write: bool = False, wait: float = LOCK_WAIT_SECONDS):
        deadline = time.monotonic() + wait
        with self._PROCESS_LOCK:
            while True:
                try:
                    config = dict(extensions.CONNECTION_CONFIG)
                    connection = duckdb.connect(str(self.path), read_only=not write, config=config)
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

    def data_version(self) -> tuple:
        token: list[tuple[int, int] | None] = []
        for candidate in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                stat = candidate.stat()
                token.append((stat.st_mtime_ns, stat.st_size))
            except FileNotFoundError:
                token.append(None)
        return tuple(token)

    def after_build(self, connection: duckdb.DuckDBPyConnection) -> None:
        connection.checkpoint()


class LakeDatabase(Database):
    """A DuckLake (catalog in PostgreSQL, data files on a shared path), attached once per process."""

    mode = LAKE

    def __init__(self, settings: LakeSettings):
        self.settings = settings
        self._root: duckdb.DuckDBPyConnection | None = None
        self._idle: queue.SimpleQueue[duckdb.DuckDBPyConnection] = queue.SimpleQueue()
        self._attach_lock = threading.Lock()
        self._version: tuple | None = None
        self._version_at = 0.0

    @property
    def name(self) -> str:
        return f"ducklake:{self.settings.catalog}"

    def _attached(self) -> duckdb.DuckDBPyConnection:
        with self._attach_lock:
            if self._root is None:
                root = duckdb.connect(":memory:", config=dict(extensions.CONNECTION_CONFIG))
                extensions.load(root, extensions.needed_for(self.settings.data_path))
                root.execute(
                    f"ATTACH '{_literal('ducklake:' + self.settings.catalog)}' AS {LAKE_ALIAS} "
                    f"(DATA_PATH '{_literal(self.settings.data_path)}')"
                )
                self._root = root
            return self._root

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            root = self._attached()
            with self._attach_lock:
                cursor = root.cursor()
            cursor.execute(f"USE {LAKE_ALIAS}")
            return cursor

    @contextmanager
    def connect(self, *, write: bool = False, wait: float = LOCK_WAIT_SECONDS):
        """A cursor of the process's attached lake (writers too: DuckLake arbitrates between them)."""
        cursor = self._cursor()
        try:
            yield cursor
        except (duckdb.FatalException, duckdb.InternalException, duckdb.ConnectionException):
            cursor.close()  # never hand out a cursor in an unknown state
            raise
        except BaseException:
            _rollback_quietly(cursor)
            self._idle.put(cursor)
            raise
        _rollback_quietly(cursor)
        self._idle.put(cursor)

    def data_version(self) -> tuple:
        """The lake's current snapshot id, remembered for ATLAS_LAKE_VERSION_TTL seconds (0.5)."""
        now = time.monotonic()
        if self._version is None or now - self._version_at > lake_version_ttl():
            with self.connect() as cursor:
                snapshot = cursor.execute(load_sql("lake/snapshot")).fetchone()
            self._version, self._version_at = (snapshot[0] if snapshot else None,), now
        return self._version

    def forget_version(self) -> None:
        self._version = None

    def close(self) -> None:
        with self._attach_lock:
            while not self._idle.empty():
                self._idle.get_nowait().close()
            if self._root is not None:
                self._root.close()
                self._root = None


def _literal(text: str) -> str:
    return text.replace("'", "''")


@cache
def _lake(settings: LakeSettings) -> LakeDatabase:
    return LakeDatabase(settings)


def database(path: Path | None = None) -> Database:
    """The process's Database: the lake when ATLAS_LAKE is set, else the local file (or `path`)."""
    if path is not None:
        return LocalDatabase(path)
    settings = lake_settings()
    if settings is not None:
        return _lake(settings)
    return LocalDatabase(database_path())


@contextmanager
def connect(*, write: bool = False, path: Path | None = None, wait: float = LOCK_WAIT_SECONDS):
    """A connection for one unit of work, from the process's Database (or the local file `path`)."""
    with database(path).connect(write=write, wait=wait) as connection:
        yield connection


def transaction(*, path: Path | None = None, wait: float = LOCK_WAIT_SECONDS):
    """A writing connection inside BEGIN … COMMIT (see Database.transaction)."""
    return database(path).transaction(wait=wait)


def data_version(path: Path | None = None) -> tuple:
    """A token that changes whenever the committed data changes (file stamp or lake snapshot)."""
    return database(path).data_version()
