"""Writing a plan: one DuckDB transaction, all rows or none, recorded as a new dataset version.

Inside the transaction the dataset's newest version is read again. Another writer (the CLI, a
second analyst, another replica) may have committed since the plan was checked: an append is
re-checked for duplicates against the rows now in force and goes on top of that version, or is
rejected whole; a replace (which decides what stays in force) is rejected when its base moved.

Version numbers are guarded the same way in a local file and in a DuckLake (which has no PRIMARY
KEY): every commit moves its kind's head row and the global batch counter in `version_head` inside
its transaction. Of two commits that read the same head, the second to finish gets a transaction
conflict; `guarded()` then starts it again from the new head (re-checking it as above), at most
COMMIT_ATTEMPTS times, after which it is rejected cleanly. A conflict, a crash or a SIGKILL before
COMMIT leaves nothing: the transaction is discarded and the previous version is intact.
"""

import datetime as dt
import random
import time
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from queries.database import is_conflict, transaction
from queries.ingest.duplicates import conflict_problems, existing_matches, key_table
from queries.ingest.pipeline import APPEND, REPLACE, Plan
from queries.ingest.problems import ERROR, ProblemList
from queries.sql_files import load_sql

COMMIT_ATTEMPTS = 4


class HeadMoved(Exception):
    """A version head was not where this transaction read it: another commit got there first."""


class CommitConflict(Exception):
    """Concurrent commits kept winning; nothing of this one was written."""


class NothingNew(Exception):
    """Every row of the plan is already in force with the same values: no version is made."""


class Rejected(Exception):
    """The plan cannot be committed; `problems` says why (codes, rows, columns)."""

    def __init__(self, problems: ProblemList):
        super().__init__(f"{problems.error_count} problem(s)")
        self.problems = problems


@dataclass
class CommitResult:
    kind: str
    version: int
    batch: int
    rows: int
    batches: list[int]


def source_id(batch: int) -> str:
    """How uploaded rows cite their upload (U7:L12 = row 12 of the file committed as batch 7)."""
    return f"U{batch}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def current_version(connection, kind: str) -> tuple[int, list[int]]:
    version, batches = connection.execute(load_sql("ingest/current_version"), {"kind": kind}).fetchall()[0]
    return int(version), [int(b) for b in batches]


def _insert_frame(connection, sql_name: str, frame, **params) -> None:
    connection.register("incoming", frame)
    try:
        connection.execute(load_sql(sql_name), params)
    finally:
        connection.unregister("incoming")


def write_upload(connection, plan: Plan, *, user: str, note: str | None) -> CommitResult:
    """The writes of one commit, on a connection inside an open transaction (see commit())."""
    stored = plan.stored
    assert stored is not None  # commit() checked plan.ok
    kind = plan.kind
    version, batches = current_version(connection, kind.name)
    if version != plan.base_version:
        if plan.request.mode == REPLACE:
            problems = ProblemList()
            problems.add("stale_version", ERROR, based_on=plan.base_version, current=version)
            raise Rejected(problems)
        # Re-checked against the rows now in force: rows another commit has since added with the same
        # values are left out; a row whose value differs from one now in force rejects the commit.
        keys = key_table(kind, stored, plan.stored_rows)
        matches = existing_matches(kind, keys, [0] + batches, connection=connection)
        if not matches.same.all():
            problems = ProblemList()
            conflict_problems(kind, keys, matches, problems)
            raise Rejected(problems)
        if len(matches.positions):
            kept = np.ones(stored.num_rows, dtype=bool)
            kept[matches.positions] = False
            stored = stored.filter(pa.array(kept))
            if stored.num_rows == 0 and plan.request.mode == APPEND:
                raise NothingNew()
    batch = claim_batch(connection)
    new_version = version + 1
    source = source_id(batch)
    for table in ("edition", "measure", "programme"):
        frame = plan.catalog.get(table)
        if frame is not None and len(frame):
            frame = frame.copy()
            if "source_id" in frame:
                frame["source_id"] = source
            _insert_frame(connection, f"ingest/insert_{table}", frame, batch=batch)
    if plan.aliases is not None and len(plan.aliases):
        _insert_frame(connection, "ingest/insert_alias", plan.aliases, batch=batch)
    # One Arrow chunk (no copy when it already is): DuckDB appends it fastest, in full row groups
    # (docs/ingest.md, Benchmark).
    _insert_frame(connection, f"ingest/insert_{kind.table}", stored.combine_chunks(), batch=batch, source_id=source)
    in_force = sorted(set(batches if plan.request.mode == APPEND else []) | {batch})
    record_version(
        connection,
        kind.name,
        new_version,
        action="upload",
        batch=batch,
        mode=plan.request.mode,
        user=user,
        file_name=plan.request.file_name,
        sha256=plan.sha256,
        row_count=stored.num_rows,
        note=note,
        batches=in_force,
    )
    return CommitResult(kind.name, new_version, batch, stored.num_rows, in_force)


def record_version(
    connection,
    kind: str,
    version: int,
    *,
    action: str,
    user: str,
    batches: list[int],
    batch: int | None = None,
    mode: str | None = None,
    target_version: int | None = None,
    file_name: str | None = None,
    sha256: str | None = None,
    row_count: int | None = None,
    note: str | None = None,
) -> None:
    """Record `version` of `kind`, moving the kind's head from version - 1 (HeadMoved if it was not there)."""
    _expect_one(connection.execute(load_sql("ingest/advance_head"), {"kind": kind, "version": version}))
    connection.execute(
        load_sql("ingest/insert_version"),
        {
            "kind": kind,
            "version": version,
            "action": action,
            "batch": batch,
            "mode": mode,
            "target_version": target_version,
            "user_name": user,
            "committed_at": _now(),
            "file_name": file_name,
            "sha256": sha256,
            "row_count": row_count,
            "note": note or None,
        },
    )
    if batches:
        connection.execute(
            load_sql("ingest/insert_version_batches"), {"kind": kind, "version": version, "batches": batches}
        )


def claim_batch(connection) -> int:
    """The next global batch number, taken by moving the batch counter's head."""
    batch = int(connection.execute(load_sql("ingest/next_batch")).fetchall()[0][0])
    _expect_one(connection.execute(load_sql("ingest/claim_batch"), {"batch": batch}))
    return batch


def _expect_one(result) -> None:
    (changed,) = result.fetchone()
    if changed != 1:
        raise HeadMoved()


def guarded(work, *, path=None):
    """work(connection) in one transaction; on a conflict with a concurrent commit, run it again on
    the new head (work re-reads and re-checks everything), at most COMMIT_ATTEMPTS times."""
    for attempt in range(1, COMMIT_ATTEMPTS + 1):
        try:
            with transaction(path=path) as connection:
                return work(connection)
        except (duckdb.TransactionException, HeadMoved) as error:
            if isinstance(error, duckdb.TransactionException) and not is_conflict(error):
                raise
            if attempt == COMMIT_ATTEMPTS:
                raise CommitConflict(str(error)) from error
        time.sleep(random.uniform(0.02, 0.1) * attempt)  # let the winner's readers settle, then retry
    raise AssertionError("unreachable")


def commit(plan: Plan, *, user: str, note: str | None = None, path=None) -> CommitResult:
    """Write the plan as the next version of its dataset, in one transaction; Rejected if it has errors
    or if concurrent commits kept winning (problem `commit_conflict`)."""
    if not plan.ok:
        raise Rejected(plan.problems)
    if not plan.has_changes:
        raise NothingNew()
    try:
        return guarded(lambda connection: write_upload(connection, plan, user=user, note=note), path=path)
    except CommitConflict:
        problems = ProblemList()
        problems.add("commit_conflict", ERROR, attempts=COMMIT_ATTEMPTS)
        raise Rejected(problems) from None


def frame_of(plan: Plan, limit: int | None = None) -> pd.DataFrame:
    """The rows as they will be stored, with the source id and batch they will get."""
    assert plan.stored is not None, "frame_of() needs a prepared plan"
    stored = plan.stored if limit is None else plan.stored.slice(0, limit)
    frame = stored.to_pandas()
    frame.insert(len(frame.columns), "source_id", source_id(plan.next_batch))
    frame.insert(len(frame.columns), "batch", plan.next_batch)
    return frame
