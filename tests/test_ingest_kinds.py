"""A dataset kind is defined once (queries/ingest/kinds.py): everything that restates it is derived
from it or checked against it here, so adding a kind is the short checklist in docs/ingest.md."""

import pytest
from kind_sql import existing_sql, rows_sql

from queries.ingest.kinds import KINDS
from queries.settings import SQL_DIR


@pytest.mark.parametrize("kind", list(KINDS.values()), ids=list(KINDS))
@pytest.mark.parametrize("name,expected", [("rows", rows_sql), ("existing", existing_sql)])
def test_the_sql_that_restates_a_kind_is_written_from_it(kind, name, expected):
    path = SQL_DIR / "ingest" / f"{name}_{kind.name}.sql"
    text = expected(kind)
    assert path.exists() and path.read_text(encoding="utf-8") == text, f"write {path} as:\n{text}"
