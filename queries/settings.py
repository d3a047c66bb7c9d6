"""Where the data layer finds its files; each path can be overridden by an environment variable."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
SQL_DIR = Path(__file__).resolve().parent / "sql"


def database_path() -> Path:
    """The DuckDB file; built from data/ on first use and never committed."""
    return Path(os.environ.get("ATLAS_DB", ROOT / "var" / "atlas.duckdb"))


def provinces_geojson_path() -> Path:
    """Province boundaries; a deployment may point this at its own approved 标准地图 file."""
    default = DATA_DIR / "boundaries" / "china_provinces.geojson"
    return Path(os.environ.get("ATLAS_PROVINCES_GEOJSON", default))


def world_geojson_path() -> Path:
    return Path(os.environ.get("ATLAS_WORLD_GEOJSON", DATA_DIR / "boundaries" / "world_countries.geojson"))


def uses_custom_boundaries() -> bool:
    return "ATLAS_PROVINCES_GEOJSON" in os.environ
