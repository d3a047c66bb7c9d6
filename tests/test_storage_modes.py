"""The same build, uploads, version numbering, crash safety and rollback in both storage modes:
the local DuckDB file and a DuckLake on PostgreSQL shared by several processes."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from queries import build
from queries.database import LocalDatabase, connect, data_version, database
from queries.ingest.versions import compare, list_versions, rollback

from ingest_helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
WORKER = ROOT / "tests" / "commit_worker.py"
CITIES = ["北京", "上海", "广州", "深圳", "天津", "重庆", "杭州", "南京", "武汉", "成都"]


def metrics_csv(folder: Path, metric: str, series: int = 1) -> Path:
    """len(CITIES) × 12 years × `series` rows of new metrics (unique keys, every city in the gazetteer)."""
    names = [metric] if series == 1 else [f"{metric}{n}" for n in range(series)]
    lines = ["城市,指标,数值,单位,年份,来源"]
    lines += [
        f"{city},{name},{i + year},个,{2000 + year},测试"
        for name in names
        for year in range(12)
        for i, city in enumerate(CITIES)
    ]
    path = folder / f"{metric}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def heads() -> dict[str, int]:
    with connect() as connection:
        return dict(connection.execute("SELECT name, value FROM version_head").fetchall())


def rows_per_batch() -> dict[int, int]:
    with connect() as connection:
        rows = connection.execute("SELECT batch, count(*) FROM city_metric WHERE batch > 0 GROUP BY batch").fetchall()
    return dict(rows)


def history() -> list[tuple[int, int | None, list[int]]]:
    frame = list_versions("city_metrics")
    return [
        (int(v), None if pd.isna(b) else int(b), [int(x) for x in bs])
        for v, b, bs in zip(frame.version, frame.batch, frame.batches)
    ]


def worker(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )


def outcome(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=180)
    assert process.returncode == 0, err[-2000:]
    return json.loads(out.strip().splitlines()[-1])


def wait_for_file(path: Path, process: subprocess.Popen, seconds: float = 120.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, process.communicate()[1][-2000:]
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


@pytest.fixture(params=["local", "lake"])
def store(request, db, monkeypatch):
    """Each test runs against a private local file and against a fresh lake (built from data/)."""
    if request.param == "local":
        monkeypatch.delenv("ATLAS_LAKE", raising=False)
        monkeypatch.delenv("ATLAS_LAKE_DATA", raising=False)
    else:
        request.getfixturevalue("lake")
        build.build_database()
    return request.param


def test_a_seed_build_into_an_empty_lake_serves_every_page(lake, app):
    assert build.recorded_fingerprint() is None  # nothing there yet
    assert build.ensure_database() is True
    assert build.ensure_database() is False
    assert database().mode == "lake"
    for page, params in [
        ("overview", {}),
        ("rankings", {"lang": "en"}),
        ("pilots", {}),
        ("carbon", {}),
        ("scenarios", {}),
        ("city", {"city": "深圳"}),
        ("sources", {}),
        ("metrics", {"lang": "en"}),
    ]:
        app.run()
        app.query_params.update(params)
        app.switch_page(f"app_pages/{page}.py").run()
        assert not app.exception, (page, [e.value for e in app.exception])
    with connect() as connection:
        assert connection.execute("SELECT count(*) FROM ranking_current").fetchone() == (75,)


def test_a_commit_changes_the_data_version_the_caches_are_keyed_on(store, tmp_path):
    before = data_version()
    code, report = run_cli("--kind", "city_metrics", metrics_csv(tmp_path, "版本标记"))
    assert code == 0, report
    database().forget_version()
    assert data_version() != before


def commit_together(tmp_path: Path, metric: str, *options: str) -> list[dict]:
    """Two worker processes prepare an upload each, then commit at the same moment; their outcomes."""
    go = tmp_path / "go"
    workers = [
        worker("commit", str(metrics_csv(tmp_path, f"{metric}{n}")), "--user", f"w{n}", *options,
               "--ready", str(tmp_path / f"r{n}"), "--go", str(go))
        for n in (1, 2)
    ]  # fmt: skip
    for n, process in zip((1, 2), workers):
        wait_for_file(tmp_path / f"r{n}", process)
    go.touch()
    return [outcome(p) for p in workers]


def test_two_commits_from_two_processes_at_once_become_two_versions(store, tmp_path):
    results = commit_together(tmp_path, "并发")

    assert sorted(r["version"] for r in results) == [1, 2]
    assert sorted(r["batch"] for r in results) == [1, 2]
    assert rows_per_batch() == {1: 120, 2: 120}
    second = next(r["batch"] for r in results if r["version"] == 2)
    assert history()[0] == (2, second, [1, 2])
    assert heads()["city_metrics"] == 2 and heads()["#batch"] == 2


def test_two_replacing_commits_at_once_end_as_one_version_and_one_clean_rejection(store, tmp_path):
    results = commit_together(tmp_path, "替换", "--mode", "replace")

    committed = [r for r in results if "version" in r]
    rejected = [r for r in results if "rejected" in r]
    assert len(committed) == 1 and rejected == [{"rejected": ["stale_version"]}]
    assert rows_per_batch() == {committed[0]["batch"]: 120}
    assert [v for v, _b, _bs in history()] == [1, 0]


def test_a_commit_that_loses_the_race_is_rechecked_and_retried_on_the_new_head(lake, tmp_path):
    build.build_database()
    ready, go = tmp_path / "ready", tmp_path / "go"
    held = worker("hold", str(metrics_csv(tmp_path, "慢")), "--user", "slow", "--ready", str(ready), "--go", str(go))
    wait_for_file(ready, held)  # its transaction holds version 1 and batch 1, uncommitted
    code, report = run_cli("--kind", "city_metrics", metrics_csv(tmp_path, "快"))
    assert code == 0 and report["version_created"]["version"] == 1
    go.touch()
    slow = outcome(held)

    assert slow["attempts"] == [1, 2]  # conflict on COMMIT, then a clean second attempt
    assert (slow["version"], slow["batch"]) == (2, 2)
    assert history() == [(2, 2, [1, 2]), (1, 1, [1]), (0, None, [])]
    assert rows_per_batch() == {1: 120, 2: 120}


def test_sigkill_in_the_middle_of_a_commit_leaves_the_previous_version_intact(store, tmp_path):
    code, report = run_cli("--kind", "city_metrics", metrics_csv(tmp_path, "先"))
    assert code == 0
    before = (history(), heads(), rows_per_batch())
    ready = tmp_path / "ready"
    held = worker("hold", str(metrics_csv(tmp_path, "被杀", series=40)), "--user", "killed", "--ready", str(ready))
    wait_for_file(ready, held)  # 4,800 rows written inside its open transaction
    os.kill(held.pid, signal.SIGKILL)
    held.wait(timeout=30)
    database().close()  # a fresh look, as another process would have

    assert (history(), heads(), rows_per_batch()) == before
    code, report = run_cli("--kind", "city_metrics", metrics_csv(tmp_path, "后"))
    assert code == 0 and report["version_created"]["version"] == 2
    assert rows_per_batch() == {1: 120, 2: 120}


def test_rollback_is_a_new_guarded_version_in_both_modes(store, tmp_path):
    for metric in ("一", "二"):
        code, _ = run_cli("--kind", "city_metrics", metrics_csv(tmp_path, metric))
        assert code == 0
    changes = compare("city_metrics", 1, 2)
    assert set(changes["change"]) == {"added"} and len(changes) == 120  # the second upload's rows
    assert rollback("city_metrics", 1, user="alice") == 3
    assert history()[0] == (3, None, [1])
    assert heads()["city_metrics"] == 3 and heads()["#batch"] == 2
    with connect() as connection:
        assert connection.execute("SELECT DISTINCT batch FROM city_metric_current WHERE batch > 0").fetchall() == [(1,)]
    code, report = run_cli("--kind", "city_metrics", metrics_csv(tmp_path, "三"))
    assert code == 0 and (report["version_created"]["version"], report["version_created"]["batch"]) == (4, 3)


OLD_SCHEMA = [  # the version tables and meta as releases before the lake mode created them
    "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE TABLE dataset_version (kind VARCHAR NOT NULL, version INTEGER NOT NULL, action VARCHAR NOT NULL, "
    "batch INTEGER, mode VARCHAR, target_version INTEGER, user_name VARCHAR, committed_at TIMESTAMP, "
    "file_name VARCHAR, sha256 VARCHAR, row_count BIGINT, note VARCHAR, PRIMARY KEY (kind, version))",
    "CREATE TABLE dataset_version_batch (kind VARCHAR NOT NULL, version INTEGER NOT NULL, batch INTEGER NOT NULL, "
    "PRIMARY KEY (kind, version, batch))",
    "INSERT INTO meta VALUES ('seed_fingerprint', 'built by an older release')",
    "INSERT INTO dataset_version (kind, version, action, batch, mode) VALUES "
    "('city_metrics', 0, 'seed', NULL, NULL), ('city_metrics', 1, 'upload', 4, 'append')",
    "INSERT INTO dataset_version_batch VALUES ('city_metrics', 1, 4)",
]


def test_an_older_local_database_with_primary_keys_is_upgraded_and_numbers_on(tmp_path, monkeypatch):
    path = tmp_path / "old.duckdb"
    monkeypatch.setenv("ATLAS_DB", str(path))
    with LocalDatabase(path).connect(write=True) as connection:
        for statement in OLD_SCHEMA:
            connection.execute(statement)

    assert build.ensure_database() is True
    assert build.recorded_fingerprint() == build.seed_fingerprint()  # MERGE kept one row under the key
    assert heads()["city_metrics"] == 1 and heads()["#batch"] == 4
    code, report = run_cli("--kind", "city_metrics", metrics_csv(tmp_path, "升级"))
    assert code == 0 and (report["version_created"]["version"], report["version_created"]["batch"]) == (2, 5)
    with connect(write=True) as connection, pytest.raises(duckdb.ConstraintException, match="primary key"):
        connection.execute("INSERT INTO dataset_version (kind, version, action) VALUES ('city_metrics', 2, 'x')")
