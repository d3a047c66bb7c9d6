"""The per-kind SQL that restates a dataset kind (Kind.key, Kind.compare, Kind.table) written out from
the Kind itself: tests/test_ingest_kinds.py compares every file with this text, and prints it when a
file is missing or stale (the "add a dataset kind" checklist in docs/ingest.md)."""

from queries.ingest.kinds import Kind


def _shown(kind: Kind) -> list[str]:
    return list(dict.fromkeys((*kind.key, *kind.compare, "printed_name")))


def rows_sql(kind: Kind) -> str:
    return (
        f"-- Rows of {kind.table} in the given batches (batch 0 = seed), keyed for comparing two versions.\n"
        f"-- Written from Kind {kind.name!r} (queries/ingest/kinds.py: key, compare); tests/test_ingest_kinds.py checks it.\n"
        f"SELECT {', '.join(_shown(kind))}, batch\n"
        f"FROM {kind.table}\n"
        "WHERE list_contains($batches, batch)\n"
        "ORDER BY ALL;\n"
    )


def existing_sql(kind: Kind) -> str:
    join = "\n  AND ".join(f"t.{name} IS NOT DISTINCT FROM i.{name}" for name in kind.key)
    same = " AND ".join(f"t.{name} IS NOT DISTINCT FROM i.{name}" for name in kind.compare)
    values = ", ".join(f"t.{name}" for name in kind.compare)
    return (
        "-- Rows of an upload (incoming_keys) whose key is already in force: the stored position and file\n"
        "-- row, the batch the row in force is in, whether its values equal the upload's, and its values.\n"
        f"-- Written from Kind {kind.name!r} (queries/ingest/kinds.py: key, compare); tests/test_ingest_kinds.py checks it.\n"
        f"SELECT i._position AS position, i._row AS row, t.batch, ({same}) AS same, {values}\n"
        "FROM incoming_keys i\n"
        f"JOIN {kind.table} t\n"
        f"  ON {join}\n"
        "WHERE list_contains($batches, t.batch)\n"
        "ORDER BY position, t.batch;\n"
    )
