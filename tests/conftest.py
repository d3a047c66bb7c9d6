"""Shared fixtures: a private database per test session, AppTest runs, a live server and a browser."""

import functools
import os
import shutil
from pathlib import Path

import pytest

from browser_helpers import BROWSER_ARGS
from server_helpers import serve_app

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session", autouse=True)
def private_database(tmp_path_factory):
    """Every test session builds its own database, so tests never touch var/atlas.duckdb."""
    path = tmp_path_factory.mktemp("db") / "atlas.duckdb"
    os.environ["ATLAS_DB"] = str(path)
    from queries.build import build_database

    build_database(path)
    yield path


@pytest.fixture
def db(private_database, tmp_path, monkeypatch):
    """A private copy of the session database that a test may write to (the app reads it too)."""
    from ingest_helpers import copy_database

    path = copy_database(private_database, tmp_path)
    monkeypatch.setenv("ATLAS_DB", str(path))
    return path


@pytest.fixture(scope="session")
def postgres():
    """A private PostgreSQL cluster (scripts/dev_postgres.sh) for the lake-mode tests."""
    from lake_helpers import postgres_available, postgres_cluster, require

    require("PostgreSQL (Debian package postgresql)", postgres_available())
    with postgres_cluster() as cluster:
        yield cluster


@pytest.fixture
def lake(postgres, monkeypatch):
    """A fresh, empty DuckLake on the private cluster, selected for this process (ATLAS_LAKE…):
    the environment that names it, for subprocesses."""
    from queries.database import database

    from lake_helpers import new_lake

    environment = new_lake(*postgres)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    yield environment
    database().close()


@pytest.fixture(scope="session", autouse=True)
def component_manifests_scanned_once():
    """Each fresh AppTest scans every installed distribution's metadata for Streamlit components
    (0.2-0.3 s, the same answer every time: none of ours ship one); the session scans once."""
    from streamlit.components.v2 import manifest_scanner

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            manifest_scanner, "scan_component_manifests", functools.cache(manifest_scanner.scan_component_manifests)
        )
        yield


@pytest.fixture
def app():
    """A fresh headless run of the multipage app; call .run() after setting query params."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


@pytest.fixture(scope="session")
def live_server(private_database, tmp_path_factory):
    """`streamlit run app.py` on a free loopback port, serving the session's database."""
    with serve_app(private_database, tmp_path_factory.mktemp("server") / "server.log") as base:
        yield base


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; in CI a missing browser fails instead of skipping."""
    executable = chromium_path()
    if executable is None:
        message = "Debian chromium is not installed (apt-get install chromium fonts-wqy-microhei)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable,
            args=BROWSER_ARGS,
        )
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def visits(browser, live_server, artifacts):
    """Pages opened once per screen and shared by the browser tests that only look (page_visits)."""
    from page_visits import Visits

    return Visits(browser, live_server, artifacts)
