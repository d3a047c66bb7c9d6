"""Ingest of a generated 1,000,000-row × 8-column city-metrics CSV, UTF-8 and GB18030, through the
path the app and CLI use (read → map → match → validate → commit), against pandas.read_csv of the
same file in the same run.

Each measurement runs in a fresh subprocess (so its peak RSS is its own) on a fresh copy of a built
database; pandas and ingest runs alternate (so a burst of load elsewhere on the machine hits both) and
the figure is the median of REPEATS runs, with the ingest's stages (read / prepare / commit) and the
load average before the runs. Targets: UTF-8 ratio ≤ 1.0, GB18030 ≤ 1.5, peak memory < 1 GB. Not a
test: `python benchmarks/bench_ingest.py` (or via run_all.py).

`python benchmarks/bench_ingest.py --compare-duckdb OTHER_PYTHON ['{"setting": value}' …]` times the
UTF-8 ingest under this venv's DuckDB and under OTHER_PYTHON's (a throwaway venv with another DuckDB
release and the same requirements), side by side, and with extra DuckDB settings.
"""

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT

ROWS = 1_000_000
REPEATS = 3
HEADER = "城市,指标,数值,单位,年份,来源,期间,备注\n"


def generate(folder: Path) -> tuple[Path, Path]:
    """400 cities × 100 metrics × 25 years, every key unique, names as analysts write them."""
    import numpy as np

    cities = [
        line.split(",")[1]
        for line in (ROOT / "data" / "gazetteer" / "cities.csv").read_text(encoding="utf-8").splitlines()[1:]
    ]
    cities = [name for name in cities if name][:400]
    metrics = [f"指标{index:03d}" for index in range(100)]
    rng = np.random.default_rng(2024)
    values = rng.random(ROWS) * 1000
    lines = [HEADER]
    i = 0
    for year in range(2000, 2025):
        for metric in metrics:
            for city in cities:
                lines.append(f"{city},{metric},{values[i]:.2f},万人,{year},统计年鉴 {year},全年,\n")
                i += 1
    text = "".join(lines)
    utf8, gb = folder / "metrics_utf8.csv", folder / "metrics_gb18030.csv"
    utf8.write_bytes(text.encode("utf-8"))
    gb.write_bytes(text.encode("gb18030"))
    return utf8, gb


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(action: str, file: str, database: str) -> None:
    """Run one measurement in this (fresh) process and print {seconds, peak_mb, stages} as JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ["ATLAS_DB"] = database
    stages = {}
    settings = json.loads(os.environ.get("BENCH_DUCKDB_SETTINGS", "{}"))
    if settings:  # compare_duckdb(): extra settings for every connection the ingest opens
        from queries import extensions

        extensions.CONNECTION_CONFIG.update(settings)
    if action == "pandas":
        import pandas as pd

        started = time.perf_counter()
        frame = pd.read_csv(file, encoding="gb18030") if "gb18030" in file else pd.read_csv(file)
        seconds = time.perf_counter() - started
        assert len(frame) == ROWS
    else:
        from queries.ingest.commit import commit
        from queries.ingest.pipeline import Request, limits, prepare
        from queries.ingest.reader import read_upload

        data = Path(file).read_bytes()  # the app receives the upload's bytes; reading the file is not timed
        started = time.perf_counter()
        raw = read_upload(data, Path(file).name, limits=limits())
        read = time.perf_counter()
        plan = prepare(Request("city_metrics", data, Path(file).name), raw=raw)
        prepared = time.perf_counter()
        assert plan.ok, [p for p in plan.problems.sorted() if p.severity == "error"][:5]
        result = commit(plan, user="bench", note="benchmark")
        seconds = time.perf_counter() - started
        assert result.rows == ROWS
        stages = {"read": read - started, "prepare": prepared - read, "commit": started + seconds - prepared}
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb(), "stages": stages}))


def _measure(action: str, file: Path, base_db: Path, scratch: Path, python: str = sys.executable, **env_extra) -> dict:
    database = scratch / f"run-{time.monotonic_ns()}.duckdb"
    shutil.copy2(base_db, database)
    env = dict(os.environ, ATLAS_DB=str(database), ATLAS_UPLOAD_MAX_MB="200", **env_extra)
    output = subprocess.run(
        [python, __file__, "--one", action, str(file), str(database)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    database.unlink(missing_ok=True)
    Path(str(database) + ".wal").unlink(missing_ok=True)
    return json.loads(output.strip().splitlines()[-1])


def run() -> list[tuple[str, str]]:
    sys.path.insert(0, str(ROOT))
    from queries.build import build_database

    scratch = Path(tempfile.mkdtemp(prefix="atlas-ingest-bench-"))
    try:
        base_db = scratch / "base.duckdb"
        build_database(base_db)
        utf8, gb = generate(scratch)
        rows = []
        for label, file, target in (("UTF-8", utf8, 1.0), ("GB18030", gb, 1.5)):
            load = os.getloadavg()[0]
            pandas_runs, ingest_runs = [], []
            for _ in range(REPEATS):
                pandas_runs.append(_measure("pandas", file, base_db, scratch))
                ingest_runs.append(_measure("ingest", file, base_db, scratch))
            pandas_s = statistics.median(r["seconds"] for r in pandas_runs)
            ingest_s = statistics.median(r["seconds"] for r in ingest_runs)
            stages = " / ".join(
                f"{statistics.median(r['stages'][name] for r in ingest_runs):.2f}"
                for name in ("read", "prepare", "commit")
            )
            peak = max(r["peak_mb"] for r in ingest_runs)
            size = file.stat().st_size / 2**20
            rows.append(
                (
                    f"ingest 1M × 8 city metrics, {label} ({size:.0f} MB; median of {REPEATS})",
                    f"{ingest_s:.2f} s (read / prepare / commit {stages} s) vs pandas.read_csv "
                    f"{pandas_s:.2f} s: ratio {ingest_s / pandas_s:.2f} (target ≤ {target}); "
                    f"peak RSS {peak:.0f} MB (target < 1024); load average {load:.1f}",
                )
            )
        return rows
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def compare_duckdb(other_python: str, settings: list[str]) -> None:
    """The UTF-8 ingest under this venv's DuckDB (1.5.5) and under `other_python`'s (e.g. a throwaway
    venv with duckdb 2.0.0), runs alternating, median of REPEATS; then 1.5.5 with each setting in
    `settings` (JSON objects of DuckDB settings). Each DuckDB version builds its own base database."""
    sys.path.insert(0, str(ROOT))
    scratch = Path(tempfile.mkdtemp(prefix="atlas-ingest-duckdb-"))
    try:
        utf8, _gb = generate(scratch)
        bases = {}
        for label, python in (("this", sys.executable), ("other", other_python)):
            bases[label] = scratch / f"base-{label}.duckdb"
            subprocess.run(
                [python, "-c", f"from queries.build import build_database; build_database(__import__('pathlib').Path({str(bases[label])!r}))"],
                cwd=ROOT, check=True,
            )  # fmt: skip
        version = {
            label: subprocess.run(
                [python, "-c", "import duckdb; print(duckdb.__version__)"], capture_output=True, text=True, check=True
            ).stdout.strip()
            for label, python in (("this", sys.executable), ("other", other_python))
        }
        variants = [("this", sys.executable, "{}"), ("other", other_python, "{}")]
        variants += [("this", sys.executable, setting) for setting in settings]
        runs: dict[int, list[dict]] = {i: [] for i in range(len(variants))}
        load = os.getloadavg()[0]
        for _ in range(REPEATS):
            for i, (label, python, setting) in enumerate(variants):
                runs[i].append(_measure("ingest", utf8, bases[label], scratch, python, BENCH_DUCKDB_SETTINGS=setting))
        print(f"UTF-8 1M-row ingest, median of {REPEATS}, alternating; load average {load:.1f}")
        for i, (label, _python, setting) in enumerate(variants):
            total = statistics.median(r["seconds"] for r in runs[i])
            commit = statistics.median(r["stages"]["commit"] for r in runs[i])
            extra = "" if setting == "{}" else f" with {setting}"
            print(f"duckdb {version[label]}{extra}: {total:.2f} s (commit stage {commit:.2f} s)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        one(*sys.argv[2:5])
    elif len(sys.argv) > 2 and sys.argv[1] == "--compare-duckdb":
        compare_duckdb(sys.argv[2], sys.argv[3:])
    else:
        for name, figure in run():
            print(f"{name}: {figure}")
