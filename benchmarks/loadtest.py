"""The load test: 1 and 2 replicas behind HAProxy over one DuckLake, at 10 / 25 / 50 / 100 viewer
sessions, driven by Locust (benchmarks/locustfile.py). `make loadtest` runs it and prints the table.

    python benchmarks/loadtest.py [--replicas 1 2] [--sessions 10 25 50 100] [--seconds 60]
    python benchmarks/loadtest.py --smoke      # CI: 2 replicas, 4 sessions, a few seconds, must be error-free

For each replica count it starts `scripts/serve.py` (replicas + HAProxy); for each session count it
runs Locust headless (sessions spawned over a few seconds, statistics reset once all are running,
then measured for --seconds) and samples the replicas' CPU and memory with psutil. The storage is
the lake named by ATLAS_LAKE / ATLAS_LAKE_DATA, or, when unset, a private PostgreSQL cluster started
with scripts/dev_postgres.sh for the run. The load generator runs on the same machine (it is noted
in the output with the load average before each run). Not a test: a benchmark.
"""

import argparse
import csv
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
LOCUSTFILE = ROOT / "benchmarks" / "locustfile.py"
PAGES = ["overview", "rankings", "pilots", "carbon", "scenarios", "city", "sources", "metrics"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def lake_environment():
    """ATLAS_LAKE / ATLAS_LAKE_DATA: the caller's, or a private cluster for this run."""
    if os.environ.get("ATLAS_LAKE"):
        yield {}
        return
    folder = Path(tempfile.mkdtemp(prefix="atlas-loadtest-pg-"))
    script = ROOT / "scripts" / "dev_postgres.sh"
    output = subprocess.run(
        [str(script), "start", str(folder), str(free_port())], check=True, capture_output=True, text=True
    )
    environment = {}
    for line in output.stdout.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        environment[name] = value.strip("'")
    try:
        yield environment
    finally:
        subprocess.run([str(script), "stop", str(folder)], check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def serving(replicas: int, environment: dict, state: Path):
    """scripts/serve.py with `replicas` replicas; yields its serve.json."""
    port = free_port()
    (state / "serve.json").unlink(missing_ok=True)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve.py"), "--replicas", str(replicas), "--port", str(port),
         "--state", str(state)],
        cwd=ROOT, env=dict(os.environ, **environment), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 180
    while not (state / "serve.json").exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"serve.py did not start: {process.stdout.read() if process.stdout else ''}")
        time.sleep(0.2)
    try:
        yield json.loads((state / "serve.json").read_text())
    finally:
        process.terminate()
        process.wait(timeout=60)


class Sampler(threading.Thread):
    """CPU (percent of one core, summed over the replicas) and resident memory of the replicas."""

    def __init__(self, pids: list[int]):
        super().__init__(daemon=True)
        self.processes = [psutil.Process(pid) for pid in pids]
        self.cpu: list[float] = []
        self.memory: list[float] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        for process in self.processes:
            process.cpu_percent(None)
        while not self.stopped.wait(1.0):
            try:
                self.cpu.append(sum(p.cpu_percent(None) for p in self.processes))
                self.memory.append(sum(p.memory_info().rss for p in self.processes) / 2**20)
            except psutil.NoSuchProcess:
                pass

    def summary(self) -> tuple[float, float]:
        return (statistics.mean(self.cpu) if self.cpu else 0.0, max(self.memory) if self.memory else 0.0)


def warm_up(served: dict) -> None:
    """Every page in both languages once on each replica (directly, not through HAProxy), so the rows
    measure a serving system, not its first cache fills after a start."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from streamlit_client import Session

    for replica in served["replicas"]:
        with Session(f"http://127.0.0.1:{replica['port']}") as session:
            for page in PAGES:
                for language in ("zh", "en"):
                    session.rerun("" if page == "overview" else page, f"lang={language}")


def run_locust(address: str, sessions: int, seconds: int, folder: Path) -> dict[str, dict]:
    prefix = folder / f"u{sessions}"
    spawn_rate = max(1, sessions // 5)
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "--host", address, "-u", str(sessions), "-r", str(spawn_rate), "-t", f"{seconds + sessions // spawn_rate}s",
        "--reset-stats", "--csv", str(prefix), "--stop-timeout", "10", "--loglevel", "WARNING",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    generator = Sampler([process.pid])  # the load generator shares the machine: how much CPU it takes
    generator.start()
    process.wait()
    generator.stopped.set()
    rows: dict = {"generator_cpu": generator.summary()[0]}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = row
    failures: dict[str, int] = {}
    with open(f"{prefix}_failures.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = f"{row['Name']}: {row['Error'][:160]}"
            failures[key] = failures.get(key, 0) + int(row["Occurrences"])
    rows["failures"] = failures
    return rows


def ms(value: str) -> str:
    """A Locust percentile as the table shows it; Locust writes N/A for a row without finished requests."""
    if value in (None, "", "N/A"):
        return "—"
    number = float(value)
    return f"{number / 1000:.1f} s" if number >= 1000 else f"{number:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 25, 50, 100])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--smoke", action="store_true", help="2 replicas, 4 sessions, 15 s; fail on any error or no rerun"
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.replicas, args.sessions, args.seconds = [2], [4], 15
    folder = Path(tempfile.mkdtemp(prefix="atlas-loadtest-"))
    summary, per_page = [], []
    errors_total = reruns_total = 0
    failure_lines: list[str] = []
    cores = psutil.cpu_count()
    with lake_environment() as environment:
        for replicas in args.replicas:
            with serving(replicas, environment, folder / f"serve-{replicas}") as served:
                pids = [r["pid"] for r in served["replicas"]]
                warm_up(served)
                for sessions in args.sessions:
                    load = os.getloadavg()[0]
                    sampler = Sampler(pids)
                    sampler.start()
                    stats = run_locust(served["address"], sessions, args.seconds, folder / f"r{replicas}")
                    sampler.stopped.set()
                    cpu, memory = sampler.summary()
                    total = stats.get("Aggregated", {})
                    errors = int(total.get("Failure Count", 0) or 0)
                    errors_total += errors
                    reruns_total += int(total.get("Request Count", 0) or 0)
                    summary.append(
                        f"| {replicas} | {sessions} | {float(total.get('Requests/s', 0) or 0):.1f} | "
                        f"{total.get('Request Count', 0)} | {errors} | {ms(total.get('50%', '0'))} | "
                        f"{ms(total.get('95%', '0'))} | {ms(total.get('99%', '0'))} | {cpu:.0f} % | {memory:.0f} MB | "
                        f"{stats['generator_cpu']:.0f} % | {load:.1f} |"
                    )
                    cells = [
                        f"{ms(stats[p]['50%'])} / {ms(stats[p]['95%'])} / {ms(stats[p]['99%'])}" if p in stats else "—"
                        for p in PAGES
                    ]
                    per_page.append(f"| {replicas} | {sessions} | " + " | ".join(cells) + " |")
                    for failure, count in sorted(stats["failures"].items(), key=lambda item: -item[1])[:5]:
                        failure_lines.append(f"- {replicas} replica(s), {sessions} sessions: {count} × {failure}")
                    print(f"done: {replicas} replica(s), {sessions} sessions", file=sys.stderr, flush=True)
    print(f"\nLoad test: {args.seconds} s per row after ramp-up, 3 s think time, all main pages, zh and en; "
          f"{cores} cores, load generator on the same machine; CPU is the replicas' mean (100 % = one core), "
          f"memory their peak total RSS; Locust CPU is the load generator's; load = 1-min load average before the row.\n")  # fmt: skip
    print("| replicas | sessions | reruns/s | reruns | errors | p50 | p95 | p99 | CPU | memory | Locust CPU | load |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(summary))
    print("\np50 / p95 / p99 per page:\n")
    print("| replicas | sessions | " + " | ".join(PAGES) + " |")
    print("|---|---|" + "---|" * len(PAGES))
    print("\n".join(per_page))
    if failure_lines:
        print("\nMost frequent errors:\n")
        print("\n".join(failure_lines))
    shutil.rmtree(folder, ignore_errors=True)
    return 1 if args.smoke and (errors_total or not reruns_total) else 0


if __name__ == "__main__":
    sys.exit(main())
