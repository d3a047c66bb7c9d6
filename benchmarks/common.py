"""Shared bits for the benchmark scripts: a private database and median timing."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


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
