"""The database is built from data/, rebuilt when a seed CSV changes, and keeps uploaded batches."""

import shutil

import duckdb
import pytest

from queries import build
from queries.database import connect

COUNTS = {
    "ranking": "SELECT count(*) FROM ranking",
    "ranking_seed": "SELECT count(*) FROM ranking WHERE batch = 0",
    "ranking_batch_7": "SELECT count(*) FROM ranking WHERE batch = 7",
    "tier": "SELECT count(*) FROM tier",
    "source": "SELECT count(*) FROM source",
    "province": "SELECT count(*) FROM province",
    "prefecture": "SELECT count(*) FROM city WHERE country = 'CN' AND level = 'prefecture'",
}


def count(path, name):
    with connect(path=path) as connection:
        return connection.execute(COUNTS[name]).fetchone()[0]


def test_seed_tables_are_loaded(private_database):
    assert count(private_database, "ranking") == 75
    assert count(private_database, "tier") == 28
    assert count(private_database, "source") == 5
    assert count(private_database, "province") == 34
    assert count(private_database, "prefecture") >= 330


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of data/ so a test can edit seed CSVs."""
    copy = tmp_path / "data"
    shutil.copytree(build.DATA_DIR, copy)
    monkeypatch.setattr(build, "DATA_DIR", copy)
    return copy


def test_unchanged_data_is_not_rebuilt(tmp_path, data_copy):
    path = tmp_path / "atlas.duckdb"
    assert build.ensure_database(path) is True
    assert build.ensure_database(path) is False


def test_editing_a_seed_csv_rebuilds_and_keeps_uploaded_batches(tmp_path, data_copy):
    path = tmp_path / "atlas.duckdb"
    build.ensure_database(path)
    with connect(path=path, write=True) as connection:
        connection.execute(
            "INSERT INTO ranking (edition, measure, city_code, value, basis, batch) "
            "VALUES ('analyst_2024', 'smart_rank', '440300', 1, 'explicit', 7)"
        )
    csv = data_copy / "seeds" / "rankings.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    csv.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # drop the last seed row

    assert build.ensure_database(path) is True
    assert count(path, "ranking_seed") == 74
    assert count(path, "ranking_batch_7") == 1


def test_a_failed_build_leaves_the_previous_database_intact(tmp_path, data_copy):
    path = tmp_path / "atlas.duckdb"
    build.ensure_database(path)
    (data_copy / "seeds" / "rankings.csv").write_text(
        "edition,measure,city_code,value\nx,smart_rank,440300,not-a-number\n", encoding="utf-8"
    )
    with pytest.raises(duckdb.ConversionException, match="not-a-number"):
        build.build_database(path)
    assert count(path, "ranking") == 75


def test_a_database_built_before_chinese_notes_gains_them_and_keeps_its_uploads(tmp_path):
    path = tmp_path / "atlas.duckdb"
    build.ensure_database(path)
    with connect(path=path, write=True) as connection:  # the tier table as it was before note_zh
        connection.execute("ALTER TABLE tier DROP COLUMN note_zh")
        connection.execute(
            "INSERT INTO tier (edition, city_code, tier, basis, batch) "
            "VALUES ('analyst_2024', '330200', 'pioneer', 'explicit', 7)"
        )
        connection.execute("UPDATE meta SET value = 'built by an older release' WHERE key = ?", [build.FINGERPRINT_KEY])

    assert build.ensure_database(path) is True
    with connect(path=path) as connection:
        translated = connection.execute("SELECT count(*) FROM tier WHERE batch = 0 AND note_zh IS NOT NULL").fetchone()[
            0
        ]
        kept = connection.execute("SELECT count(*) FROM tier WHERE batch = 7").fetchone()[0]
    assert translated == 11 and kept == 1
