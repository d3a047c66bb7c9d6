"""Polygons shaded by a count (pilots per province or country), for pydeck.

The polygons themselves are published boundary files the browser loads once (queries.boundaries);
the deck carries only what depends on the counts:
- the shading, as a colour per area key evaluated in the browser (maps.category_colors);
- a hover layer: the areas that have a count, with their tooltips ("广东\n试点数: 3"), drawn
  invisibly with simplified outlines (a few KB instead of the whole boundary file);
- beneath it, a published file of the same outlines for every area with the tooltip of no count
  ("河北\n试点数: 0"): the same for every filter, so the browser loads it once.
Every area, counted or not, goes into the map's points (its CSV).
"""

import pydeck as pdk

from components.map_points import MapPoints, tooltip_text
from components.maps import category_colors, static_url
from queries.boundaries import coarse_outlines, outlines_file

# ColorBrewer Blues (sequential, colour-blind safe); index 0 is "none".
BLUES = [
    [236, 240, 245, 255],
    [198, 219, 239, 255],
    [158, 202, 225, 255],
    [107, 174, 214, 255],
    [49, 130, 189, 255],
    [8, 81, 156, 255],
]
INVISIBLE = [0, 0, 0, 0]


def shade(count: int, highest: int) -> list[int]:
    if not count:
        return BLUES[0]
    step = 1 + round((len(BLUES) - 2) * (count - 1) / max(highest - 1, 1))
    return BLUES[min(step, len(BLUES) - 1)]


def shading(counts: dict[str, int], key_property: str) -> dict:
    """The fill accessor of a published boundary layer: BLUES by count, the lightest for none."""
    highest = max(counts.values(), default=0)
    return category_colors(
        key_property, {key: shade(count, highest) for key, count in counts.items() if count}, BLUES[0]
    )


def hover_layers(
    layer: str,
    keys: list[str],
    key_property: str,
    counts: dict[str, int],
    names: dict[str, str],
    count_label: str,
    layer_id: str,
    zoom: float,
    points: MapPoints,
) -> list[pdk.Layer]:
    """Tooltips of the areas `keys` of `layer` ("provinces" or "countries"), picked through outlines
    simplified to about a pixel at `zoom`: the counted areas inline (`layer_id`), every area with no
    count from a published file beneath (`layer_id`-none). Every area is kept in `points` (the map's
    CSV has one row per area)."""
    tooltips = {key: points.tooltip(names.get(key, key or ""), [(count_label, counts.get(key, 0))]) for key in keys}
    pixel = 360 / (512 * 2**zoom)  # degrees of longitude per CSS pixel
    none = outlines_file(
        layer, {key: tooltip_text(names.get(key, key or ""), [(count_label, 0)]) for key in keys}, pixel
    )
    counted = coarse_outlines(layer, tuple(key for key in keys if counts.get(key)), pixel)
    features = [
        {"type": "Feature", "geometry": outline["geometry"], "properties": {"tooltip": tooltips[outline[key_property]]}}
        for outline in counted
    ]
    return [
        _invisible(static_url(none), f"{layer_id}-none"),
        _invisible({"type": "FeatureCollection", "features": features}, layer_id),
    ]


def _invisible(data: str | dict, layer_id: str) -> pdk.Layer:
    """Areas that are never seen, only picked (deck.gl picks fully transparent polygons)."""
    return pdk.Layer(
        "GeoJsonLayer", data=data, id=layer_id, stroked=False, filled=True, get_fill_color=INVISIBLE, pickable=True
    )
