"""Provinces and regions a map can zoom to: their names and bounding boxes.

Regions are sets of provinces (data/gazetteer/regions.csv); a box is the extent of the province
polygons (queries.boundaries), so a deployment's own boundary file gives its own boxes.
"""

import csv
from functools import cache

from queries.boundaries import provinces_geojson
from queries.settings import DATA_DIR

REGIONS_CSV = DATA_DIR / "gazetteer" / "regions.csv"
Box = tuple[float, float, float, float]  # west, south, east, north


def _points(geometry: dict):
    coordinates = geometry.get("coordinates") or []
    polygons = coordinates if geometry.get("type") == "MultiPolygon" else [coordinates]
    for polygon in polygons:
        for ring in polygon[:1]:  # the outer ring is enough for a box
            yield from ring


def province_boxes() -> dict[str, tuple[dict, Box]]:
    """{code: (properties, box)} for every province of the boundary file in use."""
    return _boxes(id(provinces_geojson()))


@cache
def _boxes(_file_identity: int) -> dict[str, tuple[dict, Box]]:
    boxes = {}
    for feature in provinces_geojson()["features"]:
        points = list(_points(feature["geometry"]))
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        boxes[str(feature["properties"]["code"])] = (
            feature["properties"],
            (min(lons), min(lats), max(lons), max(lats)),
        )
    return boxes


@cache
def regions() -> list[dict]:
    """Each region with its names, its provinces (codes) and where the reports name it."""
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        return [{**row, "provinces": row["provinces"].split(";")} for row in csv.DictReader(handle)]


def region_box(provinces: list[str]) -> Box | None:
    boxes = [province_boxes()[code][1] for code in provinces if code in province_boxes()]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
