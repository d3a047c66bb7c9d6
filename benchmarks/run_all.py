"""Run the build, export, ingest and Excel-reader benchmarks and print a Markdown table for the README.

The page benchmark (reruns, bytes, browser times; before, now and a bare page) prints its own
table: `python benchmarks/bench_pages.py` (`make bench-pages`); `make bench` runs both.
"""

import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_build
import bench_exports
import bench_ingest
import bench_xlsx


def main() -> None:
    rows = bench_build.run() + bench_exports.run() + bench_ingest.run() + bench_xlsx.run()
    print(f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}\n")
    print("| benchmark | result |\n|---|---|")
    for name, figure in rows:
        print(f"| {name} | {figure} |")


if __name__ == "__main__":
    main()
