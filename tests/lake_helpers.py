"""A private PostgreSQL cluster for the lake-mode tests, and a fresh DuckLake per test.

The cluster is started by scripts/dev_postgres.sh (the script developers use) in a temporary
directory. Without PostgreSQL's server binaries the lake tests are skipped locally and fail in CI.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "dev_postgres.sh"


def require(tool: str, found: bool) -> None:
    """Skip when `tool` is missing, or fail when running in CI (CI=true installs everything)."""
    if found:
        return
    message = f"{tool} is not installed (.ci/run installs it with apt-get)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def postgres_bin() -> Path | None:
    found = sorted(p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").exists())
    return found[-1] if found else None


def postgres_available() -> bool:
    return postgres_bin() is not None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


PREFIX = "atlas-pg-"
OWNER = "owner.pid"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_orphaned_clusters() -> None:
    """Stop and remove clusters of earlier test sessions that died before their teardown (a killed
    pytest leaves its cluster running); a live session's cluster is left alone."""
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        owner = folder / OWNER
        try:
            pid = int(owner.read_text())
        except (OSError, ValueError):
            continue
        if not _alive(pid):
            subprocess.run([str(SCRIPT), "stop", str(folder)], check=False, capture_output=True)
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def postgres_cluster():
    """Start a throwaway cluster; yield (directory, port)."""
    stop_orphaned_clusters()
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))
    (folder / OWNER).write_text(str(os.getpid()))
    port = free_port()
    subprocess.run([str(SCRIPT), "start", str(folder), str(port)], check=True, capture_output=True, text=True)
    try:
        yield folder, port
    finally:
        subprocess.run([str(SCRIPT), "stop", str(folder)], check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def new_lake(folder: Path, port: int) -> dict[str, str]:
    """A fresh, empty lake (its own PostgreSQL database and data directory): the environment naming it."""
    name = "lake_" + uuid.uuid4().hex[:10]
    subprocess.run(
        [str(postgres_bin() / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "atlas", name],
        check=True,
        capture_output=True,
    )
    data = folder / "data" / name
    data.mkdir(parents=True)
    return {
        "ATLAS_LAKE": f"postgres:dbname={name} host=127.0.0.1 port={port} user=atlas",
        "ATLAS_LAKE_DATA": f"{data}/",
    }
