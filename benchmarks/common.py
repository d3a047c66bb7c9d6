"""Shared bits for the benchmark scripts: a private database, median timing, the pages and their
filter cycles, and a served app."""

import contextlib
import ctypes
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ALL_TIERS = "tier=leading&tier=pioneer&tier=exploring&tier=unclassified"
# Each page's URL path and the filter states a benchmark cycles through (query strings, as a
# browser sends them after a click): the tier filter everywhere, and each page's own choices. Every
# state names every parameter the cycle changes: a parameter left out keeps its last value.
PAGES: dict[str, tuple[str, list[str]]] = {
    "overview": ("", [ALL_TIERS, "tier=leading", "tier=leading&tier=pioneer", "tier=exploring"]),
    "rankings": (
        "rankings",
        [
            f"{ALL_TIERS}&measure=smart_rank",
            "tier=leading&measure=smart_rank",
            "tier=leading&tier=pioneer&measure=innovation_score",
            "tier=exploring&measure=rank_gap",
        ],
    ),
    "pilots": (
        "pilots",
        [
            f"{ALL_TIERS}&view=both",
            "tier=leading&view=both",
            "tier=leading&tier=pioneer&view=china",
            "tier=exploring&view=both",
        ],
    ),
    "carbon": (
        "carbon",
        [
            f"{ALL_TIERS}&year=2025",
            "tier=leading&year=2030",
            "tier=leading&tier=pioneer&year=2025",
            "tier=exploring&year=2040",
        ],
    ),
    "scenarios": ("scenarios", [ALL_TIERS, "tier=leading", "tier=leading&tier=pioneer", "tier=exploring"]),
    "city": ("city", ["city=440300", "city=110000", "city=330100", "city=310000"]),
    "sources": ("sources", [ALL_TIERS, "tier=leading", "tier=leading&tier=pioneer", "tier=exploring"]),
    "metrics": ("metrics", [ALL_TIERS, "tier=leading", "tier=leading&tier=pioneer", "tier=exploring"]),
}


def private_database() -> Path:
    """Point the app at a fresh database file so benchmarks never touch var/."""
    path = Path(tempfile.mkdtemp(prefix="atlas-bench-")) / "atlas.duckdb"
    os.environ["ATLAS_DB"] = str(path)
    return path


def median_seconds(action, repeats: int) -> tuple[float, float, float]:
    """(median, min, max) wall-clock seconds of `action` over `repeats` runs."""
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), min(samples), max(samples)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (0.95 = p95), linear between the nearest ranks."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


LAUNCHER = [sys.executable, str(ROOT / "scripts" / "streamlit_run.py")]
STREAMLIT_RUN = [sys.executable, "-m", "streamlit", "run"]  # as Streamlit ships it (Nagle on)


@dataclass
class Server:
    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time of the whole server process (every thread, finished ones included), in ns
        resolution: the process CPU clock Linux gives any process (clock_getcpuclockid)."""
        clock = ctypes.c_int32((~self.pid << 3) | 2).value  # MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED)
        return time.clock_gettime_ns(clock) / 1e9


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(
    script: Path = ROOT / "app.py",
    *,
    base_path: str = "",
    command: list[str] | None = None,
    log: Path | None = None,
    cwd: Path = ROOT,
) -> Iterator[Server]:
    """`streamlit run script` on a free loopback port (under `base_path`, server.baseUrlPath), as
    `make run` starts it (scripts/streamlit_run.py: Nagle's algorithm off); `command` replaces that
    launcher (`STREAMLIT_RUN` for plain `streamlit run`, or a profiling wrapper)."""
    port = free_port()
    arguments = [
        str(script),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
    ]
    if base_path:
        arguments += ["--server.baseUrlPath", base_path]
    log = log or Path(tempfile.mkdtemp(prefix="atlas-serve-")) / "server.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            (command or LAUNCHER) + arguments,
            cwd=cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}" + (f"/{base_path.strip('/')}" if base_path else "")
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not start: " + log.read_text(errors="replace")[-2000:]) from None
                time.sleep(0.3)
        yield Server(url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
