"""Replicas behind HAProxy over one lake (scripts/serve.py): sticky sessions, commits seen by every
replica, and failover when a replica is killed under use."""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import websocket

from queries.ingest.versions import list_versions

from lake_helpers import require

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from streamlit_client import Session  # noqa: E402


@pytest.fixture
def served(lake, tmp_path):
    """`scripts/serve.py --replicas 2` on a free port over the test's lake; yields its serve.json."""
    require(
        "HAProxy (Debian package haproxy)", shutil.which("haproxy") is not None or Path("/usr/sbin/haproxy").exists()
    )
    from server_helpers import free_port

    state = tmp_path / "serve"
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve.py"), "--replicas", "2", "--port", str(free_port()),
         "--state", str(state)],
        cwd=ROOT, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 180
    while not (state / "serve.json").exists():
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()[0][-3000:]
        time.sleep(0.2)
    yield json.loads((state / "serve.json").read_text())
    process.terminate()
    process.wait(timeout=60)


def metric_labels(session: Session) -> list[str]:
    result = session.rerun("metrics", "lang=en")
    assert result.status == "FINISHED_SUCCESSFULLY" and not result.exceptions, result.exceptions
    return result.texts("selectbox")


def shows_metric(session: Session, metric: str, seconds: float = 10.0) -> bool:
    """Whether the metric map offers `metric`, rerunning until it does (a replica trusts the snapshot
    id it read for ATLAS_LAKE_VERSION_TTL, half a second) or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while True:
        if any(metric in label for label in metric_labels(session)):
            return True
        if time.monotonic() > deadline:
            return False


def sticky(session: Session) -> str:
    return next(c.value for c in session.cookies if c.name == "SRV")


def upload(tmp_path: Path, metric: str, *extra: str) -> subprocess.CompletedProcess:
    path = tmp_path / f"{metric}.csv"
    path.write_text(
        f"城市,指标,数值,单位,年份,来源\n北京,{metric},1,个,2024,测试\n深圳,{metric},2,个,2024,测试\n", encoding="utf-8"
    )
    command = [sys.executable, "-m", "queries.ingest", "--kind", "city_metrics", str(path), "--user", "cli", *extra]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_two_replicas_and_the_cli_share_one_lake_and_survive_losing_a_replica(served, tmp_path):
    sessions = [Session(served["address"], keep_messages=True).connect("") for _ in range(4)]
    for session in sessions:
        assert session.rerun("", "lang=zh").status == "FINISHED_SUCCESSFULLY"
    placed = {sticky(s) for s in sessions}
    assert placed == {"r1", "r2"}  # new tabs spread over both replicas, each pinned by its cookie

    # A reconnect (a dropped websocket) goes back to the same replica and keeps the session.
    first = sessions[0]
    kept_id, kept_replica = first.session_id, sticky(first)
    first.reconnect()
    assert first.rerun().status == "FINISHED_SUCCESSFULLY"
    assert (first.session_id, sticky(first)) == (kept_id, kept_replica)

    # A commit from the command line shows on both replicas' next rerun.
    assert upload(tmp_path, "lake_shared_metric").returncode == 0
    for replica in ("r1", "r2"):
        session = next(s for s in sessions if sticky(s) == replica)
        assert shows_metric(session, "lake_shared_metric")

    # A commit in flight (inside its transaction, every row written) dies with the replica.
    ready = tmp_path / "ready"
    csv = tmp_path / "in_flight.csv"
    csv.write_text("城市,指标,数值,单位,年份,来源\n北京,in_flight_metric,1,个,2024,测试\n", encoding="utf-8")
    in_flight = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "commit_worker.py"), "hold", str(csv), "--user", "lost",
         "--ready", str(ready)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not ready.exists():
        assert in_flight.poll() is None and time.monotonic() < deadline, in_flight.communicate()[1][-2000:]
        time.sleep(0.05)
    victim = served["replicas"][0]
    os.kill(victim["pid"], signal.SIGKILL)
    os.kill(in_flight.pid, signal.SIGKILL)
    in_flight.wait(timeout=30)

    # The killed replica's tabs: their stream drops, they reconnect through HAProxy to the other
    # replica (a fresh session there: sign-in and widget state were the dead process's) and keep working.
    orphans = [s for s in sessions if sticky(s) == "r1"]
    for session in orphans:
        old_id = session.session_id
        with contextlib.suppress(OSError, websocket.WebSocketException):  # the dropped stream
            session.rerun("", "lang=en")
        session.reconnect()
        assert shows_metric(session, "lake_shared_metric", seconds=0)
        assert not shows_metric(session, "in_flight_metric", seconds=0)
        assert sticky(session) == "r2" and session.session_id != old_id
    survivors = [s for s in sessions if s not in orphans]
    assert all(s.rerun("rankings", "lang=zh").status == "FINISHED_SUCCESSFULLY" for s in survivors)

    # Nothing committed was lost, nothing of the killed commit remains, numbering goes on cleanly.
    assert [int(v) for v in list_versions("city_metrics").version] == [1, 0]
    assert upload(tmp_path, "after_failover").returncode == 0
    assert [int(v) for v in list_versions("city_metrics").version] == [2, 1, 0]
    for session in sessions:
        session.close()
