"""A dataset kind is defined once (queries/ingest/kinds.py): everything that restates it is derived
from it or checked against it here, so adding a kind is the short checklist in docs/ingest.md."""

import ast
from pathlib import Path

import pytest

from queries.ingest.kinds import KINDS
from queries.ingest.pipeline import BUILDERS
from queries.settings import SQL_DIR
from texts.catalogue import text

from ingest_helpers import query
from kind_docs import kind_section
from kind_sql import existing_sql, rows_sql

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "ingest.md"


@pytest.mark.parametrize("kind", list(KINDS.values()), ids=list(KINDS))
@pytest.mark.parametrize("name,expected", [("rows", rows_sql), ("existing", existing_sql)])
def test_the_sql_that_restates_a_kind_is_written_from_it(kind, name, expected):
    path = SQL_DIR / "ingest" / f"{name}_{kind.name}.sql"
    text = expected(kind)
    assert path.exists() and path.read_text(encoding="utf-8") == text, f"write {path} as:\n{text}"


@pytest.mark.parametrize("kind", list(KINDS.values()), ids=list(KINDS))
def test_the_documentation_describes_each_kind_as_defined(kind):
    section = kind_section(kind)
    assert section in DOCS.read_text(encoding="utf-8"), f"docs/ingest.md should hold:\n{section}"


def test_everything_else_a_kind_needs_is_there():
    """A builder, an insert query, a *_current view through batch_in_force, a seed version 0, labels in
    both languages, and its page registered in app.py at the url_path it names."""
    assert set(BUILDERS) == set(KINDS)
    schema = (SQL_DIR / "schema" / "90_views.sql").read_text(encoding="utf-8")
    pages = registered_pages()
    for kind in KINDS.values():
        assert (SQL_DIR / "ingest" / f"insert_{kind.table}.sql").exists(), kind.name
        view = f"CREATE OR REPLACE VIEW {kind.table}_current AS"
        assert view in schema and f"batch_in_force('{kind.name}', batch)" in schema.split(view)[1].split(";")[0]
        for language in ("zh", "en"):
            assert text(language, f"ingest.kinds.{kind.name}"), (kind.name, language)
        assert pages.get(kind.page) == kind.page_file, kind.name
    assert {
        row[0] for row in query(private_database_path(), "SELECT kind FROM dataset_version WHERE version = 0")
    } == set(KINDS)


def registered_pages() -> dict[str, str]:
    """url_path -> page file of every st.Page(...) in app.py."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page" and node.args:
            keywords = {k.arg: k.value for k in node.keywords}
            if isinstance(node.args[0], ast.Constant) and isinstance(keywords.get("url_path"), ast.Constant):
                pages[keywords["url_path"].value] = node.args[0].value
    return pages


def private_database_path():
    from queries.settings import database_path

    return database_path()
