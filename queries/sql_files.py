"""SQL lives in named files under queries/sql/; this module is the only way to read them."""

from functools import cache

from queries.settings import SQL_DIR


@cache
def load_sql(name: str) -> str:
    """Text of queries/sql/<name>.sql (names may contain a sub-folder, e.g. 'build/city')."""
    path = (SQL_DIR / f"{name}.sql").resolve()
    if SQL_DIR.resolve() not in path.parents:
        raise ValueError(f"SQL name escapes the sql folder: {name!r}")
    return path.read_text(encoding="utf-8")
