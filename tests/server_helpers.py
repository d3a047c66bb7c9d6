"""Starting `streamlit run app.py` on a free loopback port, as `make run` does, for browser tests."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve_app(database: Path, log_path: Path, base_path: str = "", **environment: str):
    """Yield the base URL of the app serving `database` (under `base_path`, server.baseUrlPath, when
    given); extra environment variables as keywords."""
    port = free_port()
    env = dict(os.environ, ATLAS_DB=str(database), **environment)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "scripts" / "streamlit_run.py"),  # `streamlit run`, with Nagle off (see there)
                str(ROOT / "app.py"),
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                *(["--server.baseUrlPath", base_path] if base_path else []),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}" + (f"/{base_path.strip('/')}" if base_path else "")
        try:
            _wait_healthy(base, process, log_path)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=15)


def _wait_healthy(base: str, process: subprocess.Popen, log_path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    process.kill()
    pytest.fail("streamlit did not start: " + log_path.read_text(errors="replace")[-2000:])
