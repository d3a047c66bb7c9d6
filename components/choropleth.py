"""Polygons shaded by a count (pilots per province or country), for pydeck."""

import pydeck as pdk

from components.map_points import MapPoints
from components.palette import PROVINCE_LINE

# ColorBrewer Blues (sequential, colour-blind safe); index 0 is "none".
BLUES = [
    [236, 240, 245, 255],
    [198, 219, 239, 255],
    [158, 202, 225, 255],
    [107, 174, 214, 255],
    [49, 130, 189, 255],
    [8, 81, 156, 255],
]


def shade(count: int, highest: int) -> list[int]:
    if not count:
        return BLUES[0]
    step = 1 + round((len(BLUES) - 2) * (count - 1) / max(highest - 1, 1))
    return BLUES[min(step, len(BLUES) - 1)]


def shaded_layer(
    features: list[dict],
    key_property: str,
    counts: dict[str, int],
    names: dict[str, str],
    count_label: str,
    layer_id: str,
    points: MapPoints,
) -> pdk.Layer:
    """A GeoJsonLayer whose fill deepens with counts[feature[key_property]]; hover shows the count
    (kept in `points` too, for the map's CSV)."""
    highest = max(counts.values(), default=0)
    shaded = []
    for feature in features:
        key = feature["properties"].get(key_property)
        count = counts.get(key, 0)
        shaded.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "fill": shade(count, highest),
                    "tooltip": points.tooltip(names.get(key, key or ""), [(count_label, count)]),
                },
            }
        )
    return pdk.Layer(
        "GeoJsonLayer",
        data={"type": "FeatureCollection", "features": shaded},
        id=layer_id,
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=PROVINCE_LINE,
        line_width_min_pixels=0.6,
        pickable=True,
    )
