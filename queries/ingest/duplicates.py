"""Duplicate keys: no two rows of an upload, and no upload row and row in force, share the dataset's
key (`Kind.key`).

Keys are compared as integer codes (each key column dictionary-encoded, the codes combined), so a
million rows are checked in tens of milliseconds. Only upload rows each of whose key parts already
occurs among the rows in force are joined against them in DuckDB. Every offending row is marked bad;
the first ones are listed with their key, the rest counted (problems.EXAMPLES_PER_GROUP).
"""

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from queries.database import connect
from queries.ingest.kinds import Kind
from queries.ingest.problems import ERROR
from queries.sql_files import load_sql

# Key columns that may be empty and still identify a row (a pilot list without batches).
NULLABLE_KEYS = {"carbon_targets": ("tier",), "pilots": ("batch_label",)}


def key_table(kind: Kind, stored: pa.Table, stored_rows: pa.Array) -> pa.Table:
    return pa.table({"_row": stored_rows, **{name: stored.column(name) for name in kind.key}})


def check_duplicates(kind: Kind, cells, stored: pa.Table, stored_rows: pa.Array, batches: list[int], path=None) -> None:
    """Mark and report rows whose key repeats an earlier row of the file or a row in `batches`."""
    keys = key_table(kind, stored, stored_rows)
    complete = pc.is_valid(keys.column("_row"))
    for name in kind.key:
        if name not in NULLABLE_KEYS.get(kind.name, ()):
            complete = pc.and_(complete, pc.is_valid(keys.column(name)))
    if not pc.all(complete).as_py():
        keys = keys.filter(complete)
    if keys.num_rows == 0:
        return
    combined: pa.Array | None = None
    span = 1
    for name in kind.key:
        codes = pc.dictionary_encode(keys.column(name).combine_chunks(), null_encoding="encode")
        part = pc.cast(codes.indices, pa.int64())
        width = len(codes.dictionary) + 1
        combined = part if combined is None else pc.add(pc.multiply(combined, width), part)
        span *= width
    assert combined is not None  # kind.key is never empty
    combined = combined.to_numpy(zero_copy_only=False)
    if _has_repeats(combined, span):
        frame = pd.DataFrame({"row": keys.column("_row").to_numpy(), "key": combined})
        first_row = frame.groupby("key")["row"].transform("min")
        repeated = frame["row"] != first_row
        _flag_rows(
            kind,
            cells,
            stored,
            stored_rows,
            "duplicate_in_file",
            frame["row"][repeated].to_numpy(),
            first=first_row[repeated].to_numpy(),
        )
    rows, found_in = existing_duplicates(kind, keys, batches, path=path)
    _flag_rows(kind, cells, stored, stored_rows, "duplicate_existing", rows, batch=found_in)


def _has_repeats(keys: np.ndarray, span: int) -> bool:
    """Whether a key in 0..span-1 occurs twice: counted in a table when the span is small (hashing a
    million distinct keys takes 0.2 s, counting them 5 ms), else sorted."""
    if span <= 4 * len(keys) + 1024:
        return bool(np.bincount(keys, minlength=span).max(initial=0) > 1)
    ordered = np.sort(keys)
    return bool((ordered[1:] == ordered[:-1]).any())


def existing_duplicates(
    kind: Kind, keys: pa.Table, batches: list[int], connection=None, path=None
) -> tuple[np.ndarray, np.ndarray]:
    """File rows whose key is already in force in `batches`, and the batch each is in (by row)."""

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
            return con.execute(load_sql(f"ingest/existing_{kind.name}"), {"batches": batches}).fetchnumpy()
        finally:
            con.unregister("incoming_keys")

    if connection is not None:
        found = run(connection)
    else:
        with connect(path=path) as con:
            found = run(con)
    if found is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.asarray(found["row"], dtype=np.int64), np.asarray(found["batch"], dtype=np.int64)


def _flag_rows(
    kind: Kind, cells, stored: pa.Table, stored_rows: pa.Array, code: str, rows: np.ndarray, **per_row: np.ndarray
) -> None:
    """Mark `rows` bad; list the first ones (with their key and per-row values), count the rest."""
    if not len(rows):
        return
    positions = np.searchsorted(cells.row_list, rows)  # spreadsheet rows ascend
    inside = positions < cells.count
    positions, found = positions[inside], rows[inside]
    cells.bad[positions[cells.row_list[positions] == found]] = True
    listed = rows[: cells.problems.room(code)]
    keys = _key_texts(kind, stored, stored_rows, listed)
    for index, (row, key) in enumerate(zip(listed, keys)):
        params = {name: int(values[index]) for name, values in per_row.items()}
        cells.problems.add(code, ERROR, int(row), None, **params, key=key)
    cells.problems.add_counted(code, ERROR, None, len(rows) - len(listed))


def _key_texts(kind: Kind, stored: pa.Table, stored_rows: pa.Array, rows: np.ndarray) -> list[str]:
    """The key of each row as the analyst wrote it (the printed place name, not its code)."""
    if not len(rows):
        return []
    positions = pc.index_in(pa.array(rows, pa.int64()), value_set=pc.cast(stored_rows, pa.int64()))
    columns = [
        stored.column("printed_name" if name == "city_code" else name).take(positions).to_pylist() for name in kind.key
    ]
    return [" · ".join(str(p) for p in parts if p is not None) for parts in zip(*columns)]
