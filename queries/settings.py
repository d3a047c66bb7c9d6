"""Where the data layer finds its data and files; each can be overridden by an environment variable."""

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
SQL_DIR = Path(__file__).resolve().parent / "sql"
DEFAULT_LAKE_VERSION_TTL = 0.5


class SettingsError(ValueError):
    """The environment names an incomplete or contradictory storage setup."""


@dataclass(frozen=True)
class LakeSettings:
    """A DuckLake: `catalog` is the DuckLake metadata connection (e.g. `postgres:dbname=atlas
    host=127.0.0.1 port=5432 user=atlas`), `data_path` where its data files live (a directory every
    replica mounts, or an S3-compatible URL such as `s3://bucket/atlas/`)."""

    catalog: str
    data_path: str


def static_dir() -> Path:
    """Files the browser loads by URL: Streamlit serves the `static` folder beside app.py at
    <base>/app/static/ (server.enableStaticServing). Generated at run time, never committed."""
    return ROOT / "static"


def database_path() -> Path:
    """The local DuckDB file; built from data/ on first use and never committed."""
    return Path(os.environ.get("ATLAS_DB", ROOT / "var" / "atlas.duckdb"))


def lake_settings() -> LakeSettings | None:
    """The lake named by ATLAS_LAKE and ATLAS_LAKE_DATA, or None (the local file) when both are unset."""
    catalog = os.environ.get("ATLAS_LAKE", "").strip()
    data_path = os.environ.get("ATLAS_LAKE_DATA", "").strip()
    if not catalog and not data_path:
        return None
    if not catalog or not data_path:
        missing = "ATLAS_LAKE" if not catalog else "ATLAS_LAKE_DATA"
        raise SettingsError(f"the lake mode needs both ATLAS_LAKE and ATLAS_LAKE_DATA; {missing} is not set")
    if "://" not in data_path and not data_path.endswith("/"):
        data_path += "/"
    return LakeSettings(catalog, data_path)


def lake_version_ttl() -> float:
    """How long (seconds) a process trusts the lake snapshot id it last read (ATLAS_LAKE_VERSION_TTL)."""
    return float(os.environ.get("ATLAS_LAKE_VERSION_TTL", DEFAULT_LAKE_VERSION_TTL))


def provinces_geojson_path() -> Path:
    """Province boundaries; a deployment may point this at its own approved 标准地图 file."""
    default = DATA_DIR / "boundaries" / "china_provinces.geojson"
    return Path(os.environ.get("ATLAS_PROVINCES_GEOJSON", default))


def world_geojson_path() -> Path:
    return Path(os.environ.get("ATLAS_WORLD_GEOJSON", DATA_DIR / "boundaries" / "world_countries.geojson"))


def uses_custom_boundaries() -> bool:
    return "ATLAS_PROVINCES_GEOJSON" in os.environ
