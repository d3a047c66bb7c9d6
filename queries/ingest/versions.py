"""Dataset versions: list them, compare any two, roll back.

A version is the set of uploaded batches in force (seed rows, batch 0, always are). A rollback
never deletes anything: it is a new version whose batches are those of the chosen earlier version,
so history stays complete and any two versions can be compared, including across a rollback.
"""

import pandas as pd

from queries.database import connect
from queries.ingest.commit import COMMIT_ATTEMPTS, CommitConflict, current_version, guarded, record_version
from queries.ingest.kinds import KINDS
from queries.ingest.problems import ERROR, ProblemList
from queries.sql_files import load_sql

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


class VersionError(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def list_versions(kind: str, path=None) -> pd.DataFrame:
    with connect(path=path) as connection:
        return connection.execute(load_sql("ingest/versions"), {"kind": kind}).df()


def batches_of(connection, kind: str, version: int) -> list[int]:
    rows = connection.execute(load_sql("ingest/version_batches"), {"kind": kind, "version": version}).fetchall()
    return [int(r[0]) for r in rows]


def rows_in(connection, kind: str, batches: list[int]) -> pd.DataFrame:
    return connection.execute(load_sql(f"ingest/rows_{kind}"), {"batches": [0, *batches]}).df()


def diff_rows(kind: str, before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Rows added, removed or changed (same key, other values) from `before` to `after`."""
    spec = KINDS[kind]
    key, compare = list(spec.key), list(spec.compare)
    shown = list(dict.fromkeys(key + compare + ["printed_name", "batch"]))
    before = before[shown].drop_duplicates(subset=key, keep="first")
    after = after[shown].drop_duplicates(subset=key, keep="first")
    merged = before.merge(after, on=key, how="outer", suffixes=("_before", "_after"), indicator=True)
    status = merged["_merge"].map({"left_only": REMOVED, "right_only": ADDED, "both": None})
    both = merged["_merge"] == "both"
    changed = pd.Series(False, index=merged.index)
    for column in compare:
        a, b = merged[f"{column}_before"], merged[f"{column}_after"]
        changed |= both & ~((a == b) | (a.isna() & b.isna()))
    status = status.where(~changed, CHANGED)
    merged["change"] = status
    merged = merged[merged["change"].notna()].drop(columns="_merge")
    if "printed_name" not in key:
        merged["printed_name"] = merged["printed_name_after"].fillna(merged["printed_name_before"])
    columns = list(dict.fromkeys(["change", *key, "printed_name"])) + [
        f"{c}_{side}" for c in compare for side in ("before", "after")
    ]
    return merged[columns + ["batch_before", "batch_after"]].sort_values(["change", *key]).reset_index(drop=True)


def compare(kind: str, version_a: int, version_b: int, path=None) -> pd.DataFrame:
    with connect(path=path) as connection:
        before = rows_in(connection, kind, batches_of(connection, kind, version_a))
        after = rows_in(connection, kind, batches_of(connection, kind, version_b))
    return diff_rows(kind, before, after)


def plan_diff(plan, path=None) -> pd.DataFrame:
    """What committing `plan` would change, against the version it was checked with."""
    with connect(path=path) as connection:
        before = rows_in(connection, plan.kind.name, plan.base_batches)
        kept = rows_in(connection, plan.kind.name, plan.batches_kept())
    new = plan.stored.select(list(dict.fromkeys(plan.kind.key + plan.kind.compare + ("printed_name",)))).to_pandas()
    new["batch"] = plan.next_batch
    after = pd.concat([kept, new], ignore_index=True) if len(kept) else new
    return diff_rows(plan.kind.name, before, after)


def rollback(kind: str, target: int, *, user: str, note: str | None = None, path=None) -> int:
    """A new version with the batches of version `target` in force; returns the new version number.

    Guarded like an upload (queries.ingest.commit.guarded): it moves the kind's head, so a rollback
    and a concurrent commit never share a version number.
    """

    def write(connection) -> int:
        version, batches = current_version(connection, kind)
        exists = connection.execute(load_sql("ingest/versions"), {"kind": kind}).df()
        if target not in set(exists["version"]):
            raise VersionError("version_missing", version=target)
        wanted = batches_of(connection, kind, target)
        if wanted == batches:
            raise VersionError("version_same", version=target, current=version)
        record_version(
            connection,
            kind,
            version + 1,
            action="rollback",
            user=user,
            batches=wanted,
            target_version=target,
            note=note,
        )
        return version + 1

    try:
        return guarded(write, path=path)
    except CommitConflict:
        raise VersionError("commit_conflict", attempts=COMMIT_ATTEMPTS) from None


def version_problem(error: VersionError) -> ProblemList:
    problems = ProblemList()
    problems.add(error.code, ERROR, **error.params)
    return problems
