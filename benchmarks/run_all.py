"""Run every benchmark and print a Markdown table for the README."""

import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_build
import bench_exports
import bench_ingest
import bench_pages
import bench_xlsx


def main() -> None:
    rows = bench_build.run() + bench_pages.run() + bench_exports.run() + bench_ingest.run() + bench_xlsx.run()
    print(f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}\n")
    print("| benchmark | result |\n|---|---|")
    for name, figure in rows:
        print(f"| {name} | {figure} |")


if __name__ == "__main__":
    main()
