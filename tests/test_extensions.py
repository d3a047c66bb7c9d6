"""DuckDB extensions come from the pinned wheels: signed binaries, loaded by path, never downloaded."""

import shutil

import duckdb
import pytest

from queries import build, extensions
from queries.database import connect


def test_every_lake_extension_has_a_binary_for_the_pinned_duckdb():
    assert duckdb.__version__ == "1.5.5"
    for name in (*extensions.LAKE_EXTENSIONS, extensions.REMOTE_STORAGE_EXTENSION):
        binary = extensions.wheel_binary(name)
        assert binary.parent.name == "v1.5.5" and binary.stat().st_size > 1_000_000


def test_a_modified_extension_binary_is_refused(tmp_path):
    copy = tmp_path / "ducklake.duckdb_extension"
    shutil.copyfile(extensions.wheel_binary("ducklake"), copy)
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(data)
    connection = duckdb.connect(config=dict(extensions.CONNECTION_CONFIG))
    with pytest.raises(duckdb.IOException, match="signature is either missing or invalid"):
        extensions.load_file(connection, copy)
    assert connection.execute("SELECT current_setting('allow_unsigned_extensions')").fetchone() == (False,)


def test_an_s3_data_path_also_needs_httpfs():
    assert extensions.needed_for("/srv/atlas/lake/") == ("ducklake", "postgres_scanner")
    assert extensions.needed_for("s3://atlas/lake/") == ("ducklake", "postgres_scanner", "httpfs")


def test_the_lake_attaches_with_the_wheel_binaries_and_never_installs_anything(lake, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.duckdb/extensions to fall back on
    # Any INSTALL (explicit or automatic) would have to reach this repository, which does not exist.
    monkeypatch.setitem(extensions.CONNECTION_CONFIG, "custom_extension_repository", "http://127.0.0.1:9/none")
    build.build_database()
    with connect() as connection:
        loaded = connection.execute(
            "SELECT extension_name, installed FROM duckdb_extensions() "
            "WHERE loaded AND extension_name IN ('ducklake', 'postgres_scanner', 'httpfs', 'encodings') "
            "ORDER BY extension_name"
        ).fetchall()
        settings = connection.execute(
            "SELECT current_setting('autoinstall_known_extensions'), current_setting('allow_unsigned_extensions')"
        ).fetchone()
    assert loaded == [("ducklake", False), ("postgres_scanner", False)]  # loaded from the wheels; no encodings
    assert settings == (False, False)
    assert not (tmp_path / ".duckdb").exists()
