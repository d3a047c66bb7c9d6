"""Rows that share the dataset's key (`Kind.key`) with an earlier row of the file or a row in force.

A row whose values (`Kind.compare`) are the same as that row's is not a conflict: monthly exports
repeat their history. It is *unchanged*: reported once as a note with its count and not stored
again. A row with the same key and other values is an error that names both values, so the analyst
can see which figure changed; replacing earlier uploads (mode replace) or a rollback changes it.
Seed rows (batch 0, built from the reports) are never replaced by an upload.

Keys are compared as integer codes (each key column dictionary-encoded, the codes combined), so a
million rows are checked in tens of milliseconds. Only upload rows each of whose key parts already
occurs among the rows in force are joined against them in DuckDB (`ingest/existing_<kind>.sql`,
which compares the values too). Every conflicting row is marked bad; the first ones are listed with
their key and both values, the rest counted (problems.EXAMPLES_PER_GROUP).
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from queries.database import connect
from queries.ingest.kinds import Kind
from queries.ingest.problems import ERROR, INFO, ProblemList
from queries.sql_files import load_sql

ROWS_SHOWN = 8


def key_table(kind: Kind, stored: pa.Table, stored_rows: pa.Array) -> pa.Table:
    """Position in `stored`, file row, key, compared values and printed place name of every stored row."""
    columns = dict.fromkeys((*kind.key, *kind.compare, "printed_name"))
    return pa.table(
        {
            "_position": pa.array(np.arange(stored.num_rows, dtype=np.int64)),
            "_row": stored_rows,
            **{name: stored.column(name) for name in columns},
        }
    )


@dataclass
class Matches:
    """Upload rows whose key is in force: by stored position, whether a row in force has the same
    values, and (for the others) the batch and values of the first such row."""

    positions: np.ndarray
    rows: np.ndarray
    same: np.ndarray
    batches: np.ndarray
    theirs: list[str]

    @classmethod
    def none(cls) -> "Matches":
        empty = np.zeros(0, dtype=np.int64)
        return cls(empty, empty, np.zeros(0, dtype=bool), empty, [])


def values_text(kind: Kind, row: dict) -> str:
    """The compared values of one row as an analyst reads them: '1 · 万'."""
    parts = []
    for name in kind.compare:
        value = row.get(name)
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
            parts.append("—")
        elif isinstance(value, (bool, np.bool_)):
            parts.append("TRUE" if value else "FALSE")
        elif isinstance(value, (float, np.floating)) and float(value).is_integer():
            parts.append(str(int(value)))
        else:
            parts.append(str(value))
    return " · ".join(parts)


def check_duplicates(
    kind: Kind, cells, stored: pa.Table, stored_rows: pa.Array, batches: list[int], path=None
) -> np.ndarray:
    """Report rows whose key repeats an earlier row of the file or a row in `batches`; mark the
    conflicting ones bad. Returns a mask over `stored`: the unchanged rows, not to be stored."""
    unchanged = np.zeros(stored.num_rows, dtype=bool)
    keys = key_table(kind, stored, stored_rows)
    complete = pc.is_valid(keys.column("_row"))
    for name in kind.key:
        if name not in kind.nullable_key:
            complete = pc.and_(complete, pc.is_valid(keys.column(name)))
    if not pc.all(complete).as_py():
        keys = keys.filter(complete)
    if keys.num_rows == 0:
        return unchanged
    # A row with an error already has no trustworthy values: it can repeat a key, never be unchanged.
    valid = ~_bad(cells, keys.column("_row").to_numpy())
    combined = _combined_codes(kind, keys)
    if _has_repeats(combined[0], combined[1]):
        _check_in_file(kind, cells, keys, combined[0], valid, unchanged)
        keep = ~unchanged[keys.column("_position").to_numpy()]
        keys, valid = keys.filter(pa.array(keep)), valid[keep]
    matches = existing_matches(kind, keys, batches, path=path)
    matches.same &= valid[np.searchsorted(keys.column("_position").to_numpy(), matches.positions)]  # positions ascend
    unchanged[matches.positions[matches.same]] = True
    report_unchanged(cells.problems, "unchanged_rows", matches.rows[matches.same])
    conflicts = ~matches.same
    _flag_conflicts(kind, cells, keys, matches, conflicts)
    return unchanged


def _bad(cells, rows: np.ndarray) -> np.ndarray:
    """Whether each file row already has an error."""
    positions = np.minimum(np.searchsorted(cells.row_list, rows), max(cells.count - 1, 0))
    return cells.bad[positions] & (cells.row_list[positions] == rows)


def _combined_codes(kind: Kind, keys: pa.Table) -> tuple[np.ndarray, int]:
    combined: pa.Array | None = None
    span = 1
    for name in kind.key:
        codes = pc.dictionary_encode(keys.column(name).combine_chunks(), null_encoding="encode")
        part = pc.cast(codes.indices, pa.int64())
        width = len(codes.dictionary) + 1
        combined = part if combined is None else pc.add(pc.multiply(combined, width), part)
        span *= width
    assert combined is not None  # kind.key is never empty
    return combined.to_numpy(zero_copy_only=False), span


def _has_repeats(keys: np.ndarray, span: int) -> bool:
    """Whether a key in 0..span-1 occurs twice: counted in a table when the span is small (hashing a
    million distinct keys takes 0.2 s, counting them 5 ms), else sorted."""
    if span <= 4 * len(keys) + 1024:
        return bool(np.bincount(keys, minlength=span).max(initial=0) > 1)
    ordered = np.sort(keys)
    return bool((ordered[1:] == ordered[:-1]).any())


def _same_values(kind: Kind, keys: pa.Table, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Whether rows `left` and `right` of `keys` (positions) have the same compared values."""
    same = np.ones(len(left), dtype=bool)
    for name in kind.compare:
        column = keys.column(name).combine_chunks()
        a, b = column.take(pa.array(left)), column.take(pa.array(right))
        equal = pc.fill_null(pc.equal(a, b), False)
        both_null = pc.and_(pc.is_null(a), pc.is_null(b))
        same &= pc.or_(equal, both_null).to_numpy(zero_copy_only=False)
    return same


def _check_in_file(
    kind: Kind, cells, keys: pa.Table, combined: np.ndarray, valid: np.ndarray, unchanged: np.ndarray
) -> None:
    frame = pd.DataFrame({"key": combined, "index": np.arange(len(combined))})
    first = frame.groupby("key")["index"].transform("min").to_numpy()
    repeated = np.flatnonzero(first != np.arange(len(combined)))
    same = _same_values(kind, keys, repeated, first[repeated]) & valid[repeated] & valid[first[repeated]]
    positions = keys.column("_position").to_numpy()
    rows = keys.column("_row").to_numpy()
    unchanged[positions[repeated[same]]] = True
    report_unchanged(cells.problems, "repeated_rows", rows[repeated[same]])
    differ, differ_first = repeated[~same], first[repeated[~same]]
    if not len(differ):
        return
    listed = min(len(differ), cells.problems.room("duplicate_in_file"))
    ours = keys.take(pa.array(differ[:listed])).to_pylist()
    theirs = keys.take(pa.array(differ_first[:listed])).to_pylist()
    _mark_bad(cells, rows[differ])
    for record, first_record in zip(ours, theirs):
        cells.problems.add(
            "duplicate_in_file",
            ERROR,
            int(record["_row"]),
            None,
            first=int(first_record["_row"]),
            key=key_text(kind, record),
            theirs=values_text(kind, first_record),
            ours=values_text(kind, record),
        )
    cells.problems.add_counted("duplicate_in_file", ERROR, None, len(differ) - listed)


def report_unchanged(problems: ProblemList, code: str, rows: np.ndarray) -> None:
    """One note for all unchanged rows: how many, and the first few."""
    if not len(rows):
        return
    distinct = np.unique(rows)
    shown = ", ".join(str(int(r)) for r in distinct[:ROWS_SHOWN])
    if len(distinct) > ROWS_SHOWN:
        shown += f", … (+{len(distinct) - ROWS_SHOWN})"
    problems.add(code, INFO, None, None, count=len(distinct), rows=shown)


def existing_matches(kind: Kind, keys: pa.Table, batches: list[int], connection=None, path=None) -> Matches:
    """Upload rows (of `keys`) whose key is already in force in `batches`, with whether the values
    are the same (ingest/existing_<kind>.sql joins on Kind.key and compares Kind.compare)."""

    def run(con):
        existing = con.sql(load_sql(f"ingest/rows_{kind.name}"), params={"batches": batches}).to_arrow_table()
        if existing.num_rows == 0:
            return None
        # Only rows each of whose key parts exists among the rows in force can clash; the join runs
        # on those alone (for a million new rows with new metric codes, none).
        candidates = None
        for name in kind.key:
            found = pc.fill_null(
                pc.is_in(keys.column(name), value_set=pc.unique(existing.column(name)), skip_nulls=False), False
            )
            candidates = found if candidates is None else pc.and_(candidates, found)
        subset = keys.filter(candidates)
        if subset.num_rows == 0:
            return None
        con.register("incoming_keys", subset)
        try:
            return con.execute(load_sql(f"ingest/existing_{kind.name}"), {"batches": batches}).df()
        finally:
            con.unregister("incoming_keys")

    if connection is not None:
        found = run(connection)
    else:
        with connect(path=path) as con:
            found = run(con)
    if found is None or found.empty:
        return Matches.none()
    # A row is unchanged when any row in force with its key has its values (the seed may print a
    # key twice); otherwise it conflicts with the first such row.
    found = found.sort_values(["position", "same", "batch"], ascending=[True, False, True])
    first = found.drop_duplicates("position")
    return Matches(
        positions=first["position"].to_numpy(dtype=np.int64),
        rows=first["row"].to_numpy(dtype=np.int64),
        same=first["same"].to_numpy(dtype=bool, copy=True),
        batches=first["batch"].to_numpy(dtype=np.int64),
        theirs=[values_text(kind, row) for row in first[list(kind.compare)].to_dict("records")],
    )


def conflict_problems(kind: Kind, keys: pa.Table, matches: Matches, problems: ProblemList) -> None:
    """An error per conflicting row (listed up to the cap, the rest counted): the key, the value in
    force and where it is, and the value in the file."""
    conflicts = np.flatnonzero(~matches.same)
    by_position = {int(p): i for i, p in enumerate(keys.column("_position").to_numpy())}
    for code, in_seed in (("conflict_seed", True), ("duplicate_existing", False)):
        chosen = conflicts[(matches.batches[conflicts] == 0) == in_seed]
        listed = chosen[: problems.room(code)]
        records = keys.take(pa.array([by_position[int(matches.positions[i])] for i in listed], pa.int64())).to_pylist()
        for index, record in zip(listed, records):
            params = {"key": key_text(kind, record), "ours": values_text(kind, record), "theirs": matches.theirs[index]}
            if not in_seed:
                params["batch"] = int(matches.batches[index])
            problems.add(code, ERROR, int(matches.rows[index]), None, **params)
        problems.add_counted(code, ERROR, None, len(chosen) - len(listed))


def _flag_conflicts(kind: Kind, cells, keys: pa.Table, matches: Matches, conflicts: np.ndarray) -> None:
    if not conflicts.any():
        return
    _mark_bad(cells, matches.rows[conflicts])
    conflict_problems(kind, keys, matches, cells.problems)


def _mark_bad(cells, rows: np.ndarray) -> None:
    positions = np.searchsorted(cells.row_list, rows)  # spreadsheet rows ascend
    inside = positions < cells.count
    positions, found = positions[inside], rows[inside]
    cells.bad[positions[cells.row_list[positions] == found]] = True


def key_text(kind: Kind, record: dict) -> str:
    """The key of a row as the analyst wrote it (the printed place name, not its code)."""
    parts = [record.get("printed_name") if name == "city_code" else record.get(name) for name in kind.key]
    return " · ".join(str(part) for part in parts if part is not None)
