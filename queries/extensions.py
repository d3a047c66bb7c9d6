"""DuckDB extensions from the pinned PyPI wheels, never from the network.

The lake mode needs `ducklake` and `postgres_scanner` (and `httpfs` for an S3-compatible data
path). DuckDB's own `INSTALL` downloads them, which an offline intranet cannot do, and DuckDB 2.0.0
has no binaries for them at all. The wheels `duckdb-extension-<name>==1.5.5` carry DuckDB's signed
binaries; we load those files by path. Signature checking stays on (`allow_unsigned_extensions` is
never set), so a modified binary is refused, and automatic installation is switched off in every
connection's configuration, so nothing is ever fetched.
"""

import importlib.util
from functools import cache
from pathlib import Path

import duckdb

LAKE_EXTENSIONS = ("ducklake", "postgres_scanner")
REMOTE_STORAGE_EXTENSION = "httpfs"
REMOTE_PREFIXES = ("s3://", "s3a://", "gcs://", "gs://", "r2://", "http://", "https://")

# Settings for every connection this project opens: no download, no autoload from a directory a
# user may have filled by hand, signed binaries only.
CONNECTION_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}


class ExtensionMissing(RuntimeError):
    """The wheel that carries an extension's binary is not installed."""


def duckdb_version() -> str:
    return duckdb.__version__


@cache
def wheel_binary(name: str) -> Path:
    """site-packages/duckdb_extension_<name>/extensions/v<duckdb version>/<name>.duckdb_extension."""
    package = f"duckdb_extension_{name}"
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ExtensionMissing(f"{package} is not installed (pip install duckdb-extension-{name.replace('_', '-')})")
    folder = Path(next(iter(spec.submodule_search_locations)))
    binary = folder / "extensions" / f"v{duckdb_version()}" / f"{name}.duckdb_extension"
    if not binary.is_file():
        found = sorted(p.name for p in (folder / "extensions").glob("v*"))
        raise ExtensionMissing(f"{package} has no binary for DuckDB {duckdb_version()} (it has {found})")
    return binary


def load_file(connection: duckdb.DuckDBPyConnection, binary: Path) -> None:
    """LOAD one extension binary by path; DuckDB checks its signature and refuses a modified file."""
    connection.execute(f"LOAD '{_quoted(binary)}'")


def load(connection: duckdb.DuckDBPyConnection, names: tuple[str, ...]) -> None:
    """Load the named extensions from their wheels (a no-op for one already loaded)."""
    for name in names:
        load_file(connection, wheel_binary(name))


def needed_for(data_path: str) -> tuple[str, ...]:
    """The extensions a lake whose data files live at `data_path` needs."""
    remote = data_path.lower().startswith(REMOTE_PREFIXES)
    return LAKE_EXTENSIONS + ((REMOTE_STORAGE_EXTENSION,) if remote else ())


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
