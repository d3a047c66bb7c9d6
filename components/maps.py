"""pydeck maps drawn without any tile server: province polygons, labels and city markers.

`map_provider=None` keeps Streamlit from fetching a base map. Boundary polygons are files the app
publishes into its static folder (queries.boundaries) and the browser loads once by URL from the
same server; points, labels and styling travel inside the deck JSON, written compactly. So the map
works on an intranet with no internet at all, and a rerun ships only what changed.
"""

import json
import math
from collections.abc import Sequence
from typing import ClassVar

import pandas as pd
import pydeck as pdk
import streamlit as st
from pydeck.bindings.json_tools import default_serialize

from components import data_tables, downloads, view_mode
from components.i18n import current_language, t
from components.label_layout import place_labels
from components.labels import city_labels
from components.map_points import MapPoints, MapView
from components.page_context import current
from components.palette import LABEL_COLOR, PROVINCE_FILL, PROVINCE_LINE, tier_rgba
from queries.boundaries import STATIC_ROUTE, province_properties, provinces_file
from queries.cache import cached_on_data

# Fits mainland China, Hainan and Taiwan in a map about 550 px wide (a 3:2 column at 1366 px).
CHINA_VIEW = {"longitude": 104.5, "latitude": 35.5, "zoom": 2.65, "min_zoom": 1.5, "max_zoom": 10}
# pydeck turns every string property into a JavaScript expression, so literal strings are quoted.
FONT_FAMILY = "'WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif'"
PIXELS = "'pixels'"
AUTO = "'auto'"
TOOLTIP_STYLE = {
    "backgroundColor": "#1f2430",
    "color": "#f5f7fa",
    "fontSize": "13px",
    "maxWidth": "320px",
    "whiteSpace": "pre-line",
}
# Streamlit 1.67 HTML-escapes every value it puts into a tooltip template, so the field holds plain
# text (one line per item, shown by white-space: pre-line) and no markup of ours can reach it.
TOOLTIP = {"html": "{tooltip}", "style": TOOLTIP_STYLE}
MIN_RADIUS, MAX_RADIUS = 4, 14
CITY_LABEL_SIZE, PROVINCE_LABEL_SIZE = 12, 11
# Presenting: labels, markers and the map itself one third larger, so names read on a projector.
PRESENT_SCALE = 4 / 3
CITY_LABEL_COLOR = [25, 28, 34, 255]
LEADER_COLOR = [70, 76, 88, 200]


def scaled_radius(values: pd.Series, higher_is_better: bool) -> pd.Series:
    """Marker radius in pixels: the best value gets the largest marker."""
    numbers = values.astype(float)
    span = numbers.max() - numbers.min()
    if not span or span != span:
        return pd.Series(float(MAX_RADIUS + MIN_RADIUS) / 2, index=values.index)
    share = (numbers - numbers.min()) / span
    if not higher_is_better:
        share = 1 - share
    return (MIN_RADIUS + share * (MAX_RADIUS - MIN_RADIUS)).fillna(MIN_RADIUS).round(1)


def city_marker_frame(frame: pd.DataFrame, radius: pd.Series, tooltips: list[str]) -> pd.DataFrame:
    """Columns pydeck reads: position, colours by tier, radius; inferred tiers drawn hollow."""
    inferred = frame["tier_basis"].eq("inferred").fillna(False).tolist()
    return pd.DataFrame(
        {
            "lon": frame["lon"].astype(float).round(4).tolist(),
            "lat": frame["lat"].astype(float).round(4).tolist(),
            "radius": radius.tolist(),
            "fill": [tier_rgba(tier, 70 if hollow else 235) for tier, hollow in zip(frame["tier"], inferred)],
            "line": [
                tier_rgba(tier, 255) if hollow else [255, 255, 255, 230]
                for tier, hollow in zip(frame["tier"], inferred)
            ],
            "line_width": [2.5 if hollow else 1.0 for hollow in inferred],
            "label": city_labels(frame).tolist(),
            "tooltip": tooltips,
            "code": frame["city_code"].tolist(),
        }
    )


def ring_layer(markers: pd.DataFrame, layer_id: str, color: list[int], width: float, gap: float) -> pdk.Layer:
    """Rings `gap` pixels outside the given markers (a selection, a city found): drawn on top."""
    return pdk.Layer(
        "ScatterplotLayer",
        data=[{"lon": r["lon"], "lat": r["lat"], "radius": r["radius"] + gap} for r in markers.to_dict("records")],
        id=layer_id,
        get_position=["lon", "lat"],
        get_radius="radius",
        radius_units=PIXELS,
        filled=False,
        stroked=True,
        get_line_color=color,
        get_line_width=width,
        line_width_units=PIXELS,
        pickable=False,
    )


def static_url(relative: str) -> str:
    """Same-origin URL of a published static file, under server.baseUrlPath when one is set, so it
    resolves the same in the app, in an embedding <iframe> and behind a proxy with a path prefix."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return "/" + "/".join(part for part in (base, STATIC_ROUTE, relative) if part)


def category_colors(attribute: str, colors: dict[str, list[int]], others: list[int]) -> dict:
    """A fill accessor by feature property, evaluated in the browser (deck.gl's colorCategories):
    the colour of `colors[feature.properties[attribute]]`, else `others`."""
    return {
        "@@function": "colorCategories",
        "attr": attribute,
        "domain": list(colors),
        "colors": list(colors.values()),
        "othersColor": others,
        "nullColor": others,
    }


def province_polygons(fill: list[int] | dict = PROVINCE_FILL, line_width: float = 0.7) -> pdk.Layer:
    """The 34 provinces, loaded by the browser from the published file (never inside the deck)."""
    return pdk.Layer(
        "GeoJsonLayer",
        data=static_url(provinces_file()),
        id="provinces",
        stroked=True,
        filled=True,
        get_fill_color=fill,
        get_line_color=PROVINCE_LINE,
        line_width_min_pixels=line_width,
        pickable=False,
    )


def city_scatter(markers: pd.DataFrame, layer_id: str = "cities") -> pdk.Layer:
    return pdk.Layer(
        "ScatterplotLayer",
        data=markers.to_dict("records"),
        id=layer_id,
        get_position=["lon", "lat"],
        get_radius="radius",
        radius_units=PIXELS,
        get_fill_color="fill",
        get_line_color="line",
        get_line_width="line_width",
        line_width_units=PIXELS,
        stroked=True,
        filled=True,
        pickable=True,
        auto_highlight=True,
    )


def _province_label_candidates(skip: set[str]) -> list[dict]:
    """Province names, except where a city of the same name is labelled (北京, 香港, …)."""
    name_field = "short_zh" if current_language() == "zh" else "name_en"
    candidates = [
        {
            "text": props.get(name_field) or props.get("name_zh"),
            "lon": props["label_lon"],
            "lat": props["label_lat"],
            "size": PROVINCE_LABEL_SIZE,
            "priority": -1,
            "kind": "province",
        }
        for props in province_properties()
        if "label_lon" in props
    ]
    return [candidate for candidate in candidates if candidate["text"] not in skip]


def _city_label_candidates(markers: pd.DataFrame) -> list[dict]:
    return [
        {
            "text": row["label"],
            "lon": row["lon"],
            "lat": row["lat"],
            "size": CITY_LABEL_SIZE,
            "priority": row.get("priority", row["radius"]),
            "radius": row["radius"],
            "kind": "city",
        }
        for row in markers.to_dict("records")
    ]


def leader_layer(labels: list[dict]) -> pdk.Layer:
    """Thin lines from crowded markers to their labels (GeoJSON lines, so exports draw them too)."""
    features = [
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": label["leader"]}, "properties": {}}
        for label in labels
        if label.get("leader")
    ]
    return pdk.Layer(
        "GeoJsonLayer",
        data={"type": "FeatureCollection", "features": features},
        id="label-leaders",
        stroked=True,
        filled=False,
        get_line_color=LEADER_COLOR,
        line_width_min_pixels=1,
        pickable=False,
    )


def label_layers(markers: pd.DataFrame | None, zoom: float) -> list[pdk.Layer]:
    """Province and city names placed clear of every marker and of each other at the initial zoom
    (cities first; a city in a crowded delta gets a leader line, components.label_layout)."""
    cities = _city_label_candidates(markers) if markers is not None else []
    candidates = cities + _province_label_candidates({city["text"] for city in cities})
    kept = place_labels(candidates, zoom)
    layers = [leader_layer(kept)] if any(label.get("leader") for label in kept) else []
    # City names sit on a pale box so they stay readable over markers and borders (an SDF halo
    # would do the same but clips the last glyph with system CJK fonts).
    for kind, size, color, weight, boxed in (
        ("province", PROVINCE_LABEL_SIZE, LABEL_COLOR, 400, False),
        ("city", CITY_LABEL_SIZE, CITY_LABEL_COLOR, 600, True),
    ):
        data = [
            {
                "text": label["text"],
                "position": [label["lon"], label["lat"]],
                "offset": list(label.get("offset", (0, 0))),
            }
            for label in kept
            if label["kind"] == kind
        ]
        layers.append(
            pdk.Layer(
                "TextLayer",
                data=data,
                id=f"{kind}-labels",
                get_position="position",
                get_text="text",
                get_size=size,
                get_color=color,
                get_pixel_offset="offset",
                character_set=AUTO,
                font_family=FONT_FAMILY,
                font_weight=weight,
                background=boxed,
                get_background_color=[255, 255, 255, 185],
                background_padding=[2, 1, 2, 1],
            )
        )
    return layers


def china_layers(
    markers: pd.DataFrame | None, base: Sequence[pdk.Layer] | None = None, zoom: float = CHINA_VIEW["zoom"]
) -> list[pdk.Layer]:
    """The polygons (`base`, by default the plain provinces), the city markers and the labels that
    fit, in drawing order."""
    layers = list(base) if base is not None else [province_polygons()]
    if markers is not None:
        layers.append(city_scatter(markers))
    return layers + label_layers(markers, zoom)


def deck_spec(layers: list[pdk.Layer], view: dict | None = None) -> str:
    """The deck JSON Streamlit sends to the browser; no base map, so nothing leaves the machine.

    Compact (pydeck indents its JSON: three quarters of it were spaces) and UTF-8 (Chinese labels
    as characters, not \\u escapes)."""
    deck = pdk.Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(**(view or CHINA_VIEW)),
        map_provider=None,
        tooltip=TOOLTIP,
    )
    return json.dumps(deck, default=default_serialize, separators=(",", ":"), ensure_ascii=False)


def map_view(layers: list[pdk.Layer], points: MapPoints, view: dict | None = None) -> MapView:
    """The deck JSON of `layers` and the data behind its tooltips, for show_deck (cache the result)."""
    return MapView(deck_spec(layers, view), points.frame())


class _SerializedDeck:
    """What st.pydeck_chart reads from a Deck, for a deck serialised once and cached.

    Serialising the province polygons takes longer than the rest of a page run, so map builders
    cache `deck_spec(...)` with st.cache_data and hand the JSON text over through this wrapper.
    """

    layers: ClassVar[list] = []
    mapbox_key = None
    _tooltip = TOOLTIP

    def __init__(self, spec: str):
        self._spec = spec

    def to_json(self) -> str:
        return self._spec


CITY_PAGE = "app_pages/city.py"
GLOBAL_PARAMS = ("lang", "tier", "present")


def show_deck(
    deck: MapView,
    *,
    key: str,
    height: int = 500,
    alt: str | None = None,
    opens_city: bool = True,
    title: str | None = None,
    legend: list | None = None,
    source: str | None = None,
    events: dict | None = None,
):
    """Draw a cached deck; clicking a city marker (rows with a `code`) opens that city's profile,
    or, with `events` (components.city_selection.map_events), selects it on the page.

    Under the map: a static PNG (title, legend, source line and boundary credit, rendered on the
    server from this same deck JSON) and a CSV of its points written from `deck.points` (the values
    its tooltips show), made only when clicked. A `legend.tier_legend(...)` drawn right after the
    map joins its PNG when `legend` is not given.
    """
    spec = deck.spec
    if view_mode.is_presenting():
        spec, height = presented_deck(spec), round(height * PRESENT_SCALE)
    if events:
        st.pydeck_chart(_SerializedDeck(spec), height=height, alt=alt or t("map.alt"), **events)
        downloads.map_exports(deck.spec, deck.points, key, title=title or alt, legend=legend, source=source)
        return None
    event = st.pydeck_chart(
        _SerializedDeck(spec),
        height=height,
        key=key,
        alt=alt or t("map.alt"),
        on_select="rerun" if opens_city else "ignore",
        selection_mode="single-object",
    )
    downloads.map_exports(deck.spec, deck.points, key, title=title or alt, legend=legend, source=source)
    data_tables.map_table(deck.points, key, title or alt or t("map.alt"))
    if opens_city:
        _open_clicked_city(event)
    return event


@cached_on_data(max_entries=64)
def presented_deck(spec: str) -> str:
    """The deck enlarged by PRESENT_SCALE: labels, label offsets and markers grow with the zoom, so
    labels placed without collisions at the normal size still do not collide."""
    deck = json.loads(spec)
    deck["initialViewState"]["zoom"] += math.log2(PRESENT_SCALE)
    for layer in deck["layers"]:
        if layer.get("@@type") == "TextLayer":
            layer["getSize"] = round(layer["getSize"] * PRESENT_SCALE, 1)
            for label in layer["data"]:
                label["offset"] = [round(part * PRESENT_SCALE, 1) for part in label.get("offset", (0, 0))]
        elif layer.get("@@type") == "ScatterplotLayer":
            layer["radiusScale"] = PRESENT_SCALE
    return json.dumps(deck, separators=(",", ":"), ensure_ascii=False)


def _open_clicked_city(event) -> None:
    objects = [obj for layer in (event.selection.objects or {}).values() for obj in layer] if event else []
    codes = [obj.get("code") for obj in objects if isinstance(obj, dict) and obj.get("code")]
    if codes:
        keep: dict[str, str | list[str]] = {
            key: value for key, value in current().url.params().items() if key in GLOBAL_PARAMS
        }
        st.switch_page(CITY_PAGE, query_params={**keep, "city": str(codes[0])})
