"""The committed gazetteer CSVs, checked the way a user meets them: typing a name, seeing a point.

Reads only data/gazetteer/*.csv and queries.names, so it runs without the build-time packages.
"""

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from queries.names import normalize_name

GAZETTEER = Path(__file__).resolve().parent.parent / "data" / "gazetteer"

CITY_COLUMNS = [
    "code",
    "name_zh",
    "short_zh",
    "name_en",
    "province_code",
    "country",
    "lon",
    "lat",
    "level",
    "source",
    "note",
]
ALIAS_KINDS = {"zh_full", "zh_short", "en", "pinyin", "traditional", "exonym", "report_spelling"}
LEVELS = {"municipality", "prefecture", "sar", "county_level_city", "city"}

# The 15 EU entries of the China–EU pilot table (seed 002 l.93-110); Florence/Prato is one entry.
EU_PILOTS = {
    "阿姆斯特丹": "NL",
    "巴塞罗那": "ES",
    "布里斯托": "GB",
    "哥本哈根": "DK",
    "佛罗伦斯": "IT",
    "普拉托": "IT",
    "法兰克福": "DE",
    "伊西莱穆利诺": "FR",
    "里昂": "FR",
    "马尔默": "SE",
    "曼彻斯特": "GB",
    "里加": "LV",
    "塔林": "EE",
    "威尼斯": "IT",
    "维尔纽斯": "LT",
    "萨格勒布": "HR",
}


def read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    raw = (GAZETTEER / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{name} must be UTF-8 without BOM"
    with (GAZETTEER / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def cities() -> list[dict[str, str]]:
    header, rows = read("cities.csv")
    assert header == CITY_COLUMNS
    return rows


@pytest.fixture(scope="module")
def aliases() -> list[dict[str, str]]:
    header, rows = read("city_alias.csv")
    assert header == ["alias", "city_code", "kind", "note"]
    return rows


@pytest.fixture(scope="module")
def resolve(aliases):
    table: dict[str, set[str]] = defaultdict(set)
    for row in aliases:
        table[normalize_name(row["alias"])].add(row["city_code"])

    def lookup(text: str) -> set[str]:
        return table.get(normalize_name(text), set())

    return lookup


def test_every_prefecture_level_unit_is_there(cities):
    prefectures = [c for c in cities if c["country"] == "CN" and c["level"] == "prefecture"]
    assert len(prefectures) >= 330
    municipalities = {c["code"] for c in cities if c["level"] == "municipality"}
    assert municipalities == {"110000", "120000", "310000", "500000"}
    assert {c["code"] for c in cities if c["level"] == "sar"} == {"810000", "820000"}


def test_codes_are_unique_and_sorted(cities):
    codes = [c["code"] for c in cities]
    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)


def test_every_row_has_a_source_a_level_and_a_point(cities):
    for city in cities:
        assert city["source"].strip(), city["code"]
        assert city["level"] in LEVELS, city["code"]
        assert city["name_zh"] and city["short_zh"] and city["name_en"], city["code"]
        float(city["lon"]), float(city["lat"])


def test_chinese_points_fall_inside_china(cities):
    for city in cities:
        if city["country"] != "CN":
            continue
        lon, lat = float(city["lon"]), float(city["lat"])
        assert 73 <= lon <= 136 and 3 <= lat <= 54, (city["code"], city["name_zh"], lon, lat)
        assert city["province_code"].endswith("0000") and len(city["province_code"]) == 6


@pytest.mark.parametrize("typed", ["北京", "北京市", "Beijing", "Peking", "ＢＥＩＪＩＮＧ", " beijing ", "beijing"])
def test_beijing_spellings(resolve, typed):
    assert resolve(typed) == {"110000"}


@pytest.mark.parametrize("typed", ["臺北", "台北", "台北市", "臺北市", "Taipei"])
def test_taipei_spellings(resolve, typed):
    assert resolve(typed) == {"TW-TPE"}


@pytest.mark.parametrize("typed", ["香港", "Hong Kong", "Hongkong", "hong-kong", "香港特别行政区"])
def test_hong_kong_spellings(resolve, typed):
    assert resolve(typed) == {"810000"}


@pytest.mark.parametrize(
    "typed,code",
    [
        ("Macao", "820000"),
        ("澳門", "820000"),
        ("廣州", "440100"),
        ("Canton", "440100"),
        ("Xi'an", "610100"),
        ("Xian", "610100"),
        ("Harbin", "230100"),
        ("haerbin", "230100"),
        ("阿坝", "513200"),
        ("Aba Tibetan and Qiang Autonomous Prefecture", "513200"),
        ("仙桃", "429004"),
        ("石河子", "659001"),
        ("济源", "419001"),
        ("Tsingtao", "370200"),
        ("New York", "GN-5128581"),
        ("布里斯托尔", "GN-2654675"),
        ("Malmo", "GN-2692969"),
    ],
)
def test_other_spellings(resolve, typed, code):
    assert resolve(typed) == {code}


def test_taipei_row(cities):
    taipei = next(c for c in cities if c["code"] == "TW-TPE")
    assert taipei["province_code"] == "710000"
    assert "GB/T 2260" in taipei["note"]


@pytest.mark.parametrize(
    "typed,codes",
    [
        ("Suzhou", {"320500", "341300"}),
        ("Taizhou", {"321200", "331000"}),
        ("Fuzhou", {"350100", "361000"}),
        ("Yichun", {"230700", "360900"}),
    ],
)
def test_pinyin_collisions_are_ambiguous(resolve, aliases, typed, codes):
    assert resolve(typed) == codes
    rows = [a for a in aliases if normalize_name(a["alias"]) == normalize_name(typed)]
    assert rows and all(a["note"].startswith("ambiguous:") for a in rows)


def test_city_named_like_a_province_is_flagged(aliases):
    jilin = [a for a in aliases if a["alias"] == "吉林" and a["city_code"] == "220200"]
    assert jilin and "province" in jilin[0]["note"] and jilin[0]["note"].startswith("ambiguous:")


def test_an_unambiguous_alias_has_one_row_per_city(aliases):
    seen: dict[str, set[str]] = defaultdict(set)
    for row in aliases:
        key = normalize_name(row["alias"])
        assert row["city_code"] not in seen[key], f"{row['alias']} twice for {row['city_code']}"
        seen[key].add(row["city_code"])
    for key, codes in seen.items():
        if len(codes) > 1:
            notes = [a["note"] for a in aliases if normalize_name(a["alias"]) == key]
            assert all(n.startswith("ambiguous:") for n in notes), key


def test_alias_kinds_and_targets(aliases, cities):
    codes = {c["code"] for c in cities}
    for row in aliases:
        assert row["kind"] in ALIAS_KINDS, row
        assert row["city_code"] in codes, row
        assert normalize_name(row["alias"]), row


def test_every_city_has_its_names_as_aliases(aliases, cities):
    by_code: dict[str, set[str]] = defaultdict(set)
    for row in aliases:
        by_code[row["city_code"]].add(normalize_name(row["alias"]))
    for city in cities:
        for column in ("name_zh", "short_zh", "name_en"):
            assert normalize_name(city[column]) in by_code[city["code"]], (city["code"], column)


def test_eu_pilot_cities_present_with_country(cities):
    foreign = {c["name_zh"]: c for c in cities if c["country"] != "CN"}
    for name_zh, country in EU_PILOTS.items():
        assert name_zh in foreign, name_zh
        city = foreign[name_zh]
        assert city["country"] == country, name_zh
        assert city["code"].startswith("GN-") and city["level"] == "city"
        assert "GeoNames" in city["source"]
        assert "as printed" in city["note"]
