"""Boundary layers, read from GeoJSON files (geometry stays out of DuckDB, see the README)."""

import json
from functools import cache
from pathlib import Path

from queries.settings import provinces_geojson_path, world_geojson_path


@cache
def _load(path: str, mtime_ns: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def provinces_geojson() -> dict:
    """China's provincial-level divisions (treat as read-only: it is shared between sessions)."""
    path = provinces_geojson_path()
    return _load(str(path), path.stat().st_mtime_ns)


def world_geojson() -> dict:
    path = world_geojson_path()
    return _load(str(path), path.stat().st_mtime_ns)
