"""Boundary layers, read from GeoJSON files (geometry stays out of DuckDB, see the README), and
published once as static files that the browser loads by URL and caches.

A map's deck JSON names its polygons by URL (`static/boundaries/provinces-<sha>.json`, served by
Streamlit's static file serving at `<base>/app/static/…`), so a rerun ships only points, labels and
styling, and the browser fetches each boundary file once. A published file is the source layer
with only the properties a map reads (`code` or `iso3`), coordinates rounded to COORDINATE_DECIMALS
(about 110 m, under a pixel at every zoom the maps open at) and compact JSON; its name carries a
hash of its content, so a changed source (a deployment's own ATLAS_PROVINCES_GEOJSON) gets a new URL
and no browser keeps a stale copy.
"""

import hashlib
import json
import os
from functools import cache
from pathlib import Path

from queries.settings import provinces_geojson_path, static_dir, world_geojson_path

COORDINATE_DECIMALS = 3
PUBLISHED_FOLDER = "boundaries"
STATIC_ROUTE = "app/static"  # where Streamlit serves the static folder (server.enableStaticServing)


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


def province_properties() -> list[dict]:
    """Each province's properties (code, names, label point), in file order."""
    return [feature["properties"] for feature in provinces_geojson()["features"]]


def country_properties() -> list[dict]:
    """Each country's properties (iso3, names), in file order."""
    return [feature["properties"] for feature in world_geojson()["features"]]


def _rounded(coordinates, decimals: int):
    """Coordinates rounded to `decimals`, dropping a point that rounds onto the one before it."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [round(coordinates[0], decimals), round(coordinates[1], decimals)]
    parts = [_rounded(part, decimals) for part in coordinates]
    if parts and isinstance(parts[0][0], float | int):  # a ring: consecutive duplicates go
        ring = [point for index, point in enumerate(parts) if index == 0 or point != parts[index - 1]]
        return ring if len(ring) >= 4 else parts
    return parts


def slim(features: list[dict], key: str) -> dict:
    """A FeatureCollection of `features` with only the `key` property and rounded coordinates."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {key: feature["properties"].get(key)},
                "geometry": {
                    "type": feature["geometry"]["type"],
                    "coordinates": _rounded(feature["geometry"]["coordinates"], COORDINATE_DECIMALS),
                },
            }
            for feature in features
            if feature.get("geometry")
        ],
    }


def publish(name: str, collection: dict, modified: float | None = None) -> str:
    """Write `collection` as compact JSON to static/boundaries/<name>-<hash>.json (once) and return
    its path under the static folder. `modified` (the source's mtime) becomes the file's, so the
    Last-Modified header tells browsers how long the boundaries have stood."""
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    relative = f"{PUBLISHED_FOLDER}/{name}-{digest}.json"
    target = static_dir() / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}")
        partial.write_text(text, encoding="utf-8")
        if modified is not None:
            os.utime(partial, (modified, modified))
        partial.replace(target)  # atomic: a replica serving the same folder never sees half a file
    return relative


@cache
def _published_provinces(path: str, mtime_ns: int) -> str:
    return publish("provinces", slim(provinces_geojson()["features"], "code"), mtime_ns / 1e9)


def provinces_file() -> str:
    """The published province layer (path under the static folder)."""
    path = provinces_geojson_path()
    return _published_provinces(str(path), path.stat().st_mtime_ns)


@cache
def _published_countries(path: str, mtime_ns: int, iso3: tuple[str, ...]) -> str:
    wanted = set(iso3)
    features = [feature for feature in world_geojson()["features"] if feature["properties"].get("iso3") in wanted]
    return publish("countries", slim(features, "iso3"), mtime_ns / 1e9)


def countries_file(iso3: tuple[str, ...]) -> str:
    """The published layer of the countries `iso3` (path under the static folder)."""
    path = world_geojson_path()
    return _published_countries(str(path), path.stat().st_mtime_ns, tuple(sorted(iso3)))


def static_path(url: str) -> str | None:
    """The published file a URL of the static route names (path under the static folder), else None."""
    marker = f"/{STATIC_ROUTE}/"
    return url.split(marker, 1)[1] if isinstance(url, str) and marker in url else None


def published_collection(url: str) -> dict:
    """The published file a map loads from `url`, read back (the static map renderer draws what the
    browser draws)."""
    root = static_dir().resolve()
    target = (root / (static_path(url) or url)).resolve()
    if root not in target.parents or not target.is_file():
        raise FileNotFoundError(url)
    return _load(str(target), target.stat().st_mtime_ns)


PICK_DECIMALS = 2
PICK_MIN_AREA = 0.05  # square degrees (about 500 km²): smaller islands are left out of hover outlines


@cache
def _coarse(path: str, mtime_ns: int, key: str, wanted: tuple[str, ...], tolerance: float) -> tuple[dict, ...]:
    import shapely
    from shapely.geometry import MultiPolygon, mapping, shape

    collection = _load(path, mtime_ns)
    out = []
    for feature in collection["features"]:
        value = feature["properties"].get(key)
        if value not in wanted or not feature.get("geometry"):
            continue
        geometry = shape(feature["geometry"])
        parts = list(getattr(geometry, "geoms", [geometry]))
        kept = [part for part in parts if part.area >= PICK_MIN_AREA] or [max(parts, key=lambda part: part.area)]
        geometry = shapely.simplify(MultiPolygon(kept) if len(kept) > 1 else kept[0], tolerance, preserve_topology=True)
        coordinates = _rounded(json.loads(json.dumps(mapping(geometry)["coordinates"])), PICK_DECIMALS)
        out.append({key: value, "geometry": {"type": geometry.geom_type, "coordinates": coordinates}})
    return tuple(out)


def coarse_outlines(layer: str, keys: tuple[str, ...], tolerance: float) -> tuple[dict, ...]:
    """Outlines ({code or iso3, geometry}) of the provinces (`layer` = "provinces") or countries whose
    key is in `keys`, simplified with `tolerance` (degrees) and without small islands: hover targets,
    light enough to travel with every rerun."""
    path = provinces_geojson_path() if layer == "provinces" else world_geojson_path()
    key = "code" if layer == "provinces" else "iso3"
    return _coarse(str(path), path.stat().st_mtime_ns, key, tuple(sorted(keys)), round(tolerance, 3))


def outlines_file(layer: str, tooltips: dict[str, str], tolerance: float) -> str:
    """Publish the outlines of the areas `tooltips` names (as coarse_outlines) with each tooltip as
    a property; return the path under the static folder. Hover targets that do not change with the
    filters travel once, as a file, instead of with every rerun."""
    key = "code" if layer == "provinces" else "iso3"
    features = [
        {"type": "Feature", "geometry": outline["geometry"], "properties": {"tooltip": tooltips[outline[key]]}}
        for outline in coarse_outlines(layer, tuple(tooltips), tolerance)
    ]
    path = provinces_geojson_path() if layer == "provinces" else world_geojson_path()
    return publish(f"{layer}-outlines", {"type": "FeatureCollection", "features": features}, path.stat().st_mtime)
