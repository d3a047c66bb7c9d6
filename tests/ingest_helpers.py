"""Helpers for the upload tests: private database copies, content fingerprints, the CLI in-process."""

import contextlib
import hashlib
import io
import json
import os
import shutil
from pathlib import Path

from queries.database import connect

# A tiers file for a new edition (tier_2025), as the tier-edition tests upload it.
TIERS_2025 = (
    "版本,版本名称,年份,城市,梯队,来源\n"
    "tier_2025,测试 2025 梯队,2025,北京,领军,测试报告 第1页\n"
    "tier_2025,测试 2025 梯队,2025,宁波,领军,测试报告 第1页\n"
    "tier_2025,测试 2025 梯队,2025,温州,先锋,测试报告 第1页\n"
)


def copy_database(source: Path, target_dir: Path) -> Path:
    """A private copy of the session database, for a test that writes."""
    target = target_dir / "atlas.duckdb"
    shutil.copy2(source, target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        shutil.copy2(wal, target.with_name(target.name + ".wal"))
    return target


def content_fingerprint(path: Path) -> str:
    """SHA-256 over every row of every table (sorted), so 'unchanged in content' is exact."""
    digest = hashlib.sha256()
    with connect(path=path) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
            ).fetchall()
        ]
        for table in tables:
            digest.update(table.encode())
            for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY ALL').fetchall():
                digest.update(repr(row).encode())
    return digest.hexdigest()


def file_bytes(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(*args: str) -> tuple[int, dict]:
    """`python -m queries.ingest ... --json` in this process: (exit code, parsed report)."""
    from queries.ingest.__main__ import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([*map(str, args), "--json"])
    text = out.getvalue()
    return code, (json.loads(text) if text.strip() else {})


def run_cli_on(database: Path, *args: str) -> tuple[int, dict]:
    """`run_cli` against another database file than the session's (ATLAS_DB set for the call)."""
    previous = os.environ["ATLAS_DB"]
    os.environ["ATLAS_DB"] = str(database)
    try:
        return run_cli(*args)
    finally:
        os.environ["ATLAS_DB"] = previous


def messages(report: dict, severity: str | None = None) -> list[str]:
    return [p["message"] for p in report.get("problems", []) if severity is None or p["severity"] == severity]


def codes(report: dict) -> set[str]:
    return {p["code"] for p in report.get("problems", [])}


def query(path: Path, sql: str, *params):
    with connect(path=path) as connection:
        return connection.execute(sql, list(params)).fetchall()
