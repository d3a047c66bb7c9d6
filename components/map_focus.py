"""Where a map looks: fitting a view to places, to a province or region, or to one city.

deck.gl's initial view (centre and zoom) is set in the deck JSON; Streamlit moves the map there
when the JSON changes, animated when the view asks for a transition (`transitionDuration`).
"""

import math
from dataclasses import dataclass

import pandas as pd
import pydeck as pdk
import streamlit as st

from components import maps, view_mode
from components.city_choice import city_options
from components.i18n import current_language, t
from components.label_layout import project, unproject
from components.map_points import MapPoints, MapView
from components.maps import CHINA_VIEW
from components.page_context import current
from queries.regions import province_boxes, region_box, regions

MAP_WIDTH, MAP_HEIGHT = 520, 380  # a map column at 1366 px, the size views are fitted for
MIN_ZOOM, MAX_ZOOM = 1.5, 10
FLY_MILLISECONDS = 1200


def fit_view(
    lons: list[float],
    lats: list[float],
    *,
    width: int = MAP_WIDTH,
    height: int = MAP_HEIGHT,
    padding: int = 70,
    max_zoom: float = 7.0,
) -> dict:
    """The view that shows every point with `padding` pixels to spare (a single point: `max_zoom`)."""
    if not lons:
        raise ValueError("fit_view needs at least one point")
    xs, ys = zip(*(project(lon, lat, 0) for lon, lat in zip(lons, lats)))
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    zooms = [max_zoom]
    if span_x > 0:
        zooms.append(math.log2(max(width - 2 * padding, 50) / span_x))
    if span_y > 0:
        zooms.append(math.log2(max(height - 2 * padding, 50) / span_y))
    zoom = max(MIN_ZOOM, min(zooms))
    lon, lat = unproject((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2, 0)
    return {
        "longitude": round(lon, 4),
        "latitude": round(lat, 4),
        "zoom": round(zoom, 2),
        "min_zoom": MIN_ZOOM,
        "max_zoom": MAX_ZOOM,
    }


def flying(view: dict) -> dict:
    """The same view reached by a smooth move from wherever the map is."""
    return {**view, "transitionDuration": FLY_MILLISECONDS}


# --- zoom to a province or region, find a city ---------------------------------------------------

ZOOM_KEY = "zoom"  # URL: ?zoom=440000 (a province) or ?zoom=greater_bay (a region)
FIND_KEY = "find"  # URL: ?find=440300 (a city on this map)
CITY_ZOOM = 6.2
FOUND_RING = [0, 0, 0, 255]


@dataclass(frozen=True)
class Focus:
    """Where the map looks and the city found on it (hashable: it keys the cached decks)."""

    view: tuple[tuple[str, float], ...] = ()
    found: str | None = None

    @property
    def view_dict(self) -> dict | None:
        return dict(self.view) if self.view else None

    @property
    def zoom(self) -> float:
        return float(dict(self.view).get("zoom", CHINA_VIEW["zoom"])) if self.view else CHINA_VIEW["zoom"]


def places() -> dict[str, str]:
    """Everything the 'Zoom to' list offers: regions first, then the provinces, by code."""
    language = current_language()
    options: dict[str, str] = {"": t("focus.all_china")}
    for region in regions():
        options[region["region"]] = t("focus.region", name=region[f"name_{language}"])
    for code, (props, _box) in sorted(province_boxes().items()):
        options[code] = str(props.get("short_zh") if language == "zh" else props.get("name_en") or props.get("name_zh"))
    return options


def _place_view(place: str) -> dict | None:
    region = next((r for r in regions() if r["region"] == place), None)
    box = region_box(region["provinces"]) if region else (province_boxes().get(place, (None, None))[1])
    if box is None:
        return None
    west, south, east, north = box
    return fit_view([west, east], [south, north], padding=20, max_zoom=8)


def _finds(cities: dict[str, tuple[str, float, float]]) -> dict[str, str]:
    return {"": t("focus.find_none"), **{code: label for code, (label, _lon, _lat) in cities.items()}}


def focus(cities: dict[str, tuple[str, float, float]]) -> Focus:
    """Where the map looks, from ?zoom= (a region or province) and ?find= (a city on it); `cities`
    are the map's cities: code → (label, lon, lat). `controls(cities)` draws the two lists."""
    page = current()
    options = places()
    page.url.seed(ZOOM_KEY, list(options), "")
    page.url.seed(FIND_KEY, list(_finds(cities)), "")
    view_mode.describe(ZOOM_KEY, t("focus.zoom"), options.get)
    place, found = st.session_state.get(ZOOM_KEY) or "", st.session_state.get(FIND_KEY) or ""
    if found in cities:
        _label, lon, lat = cities[found]
        city_view = {**CHINA_VIEW, "longitude": round(lon, 4), "latitude": round(lat, 4), "zoom": CITY_ZOOM}
        return Focus(tuple(flying(city_view).items()), found)
    place_view = _place_view(place) if place else None
    return Focus(tuple(flying(place_view).items())) if place_view else Focus()


def controls(cities: dict[str, tuple[str, float, float]]) -> None:
    """'Zoom to' and 'Find a city', drawn under the map (the map keeps its place on the first screen);
    an embed shows them with ?controls=zoom,find."""
    page = current()
    shown = [key for key in (ZOOM_KEY, FIND_KEY) if page.shows_control(key)]
    if not shown:
        return
    lists = {
        ZOOM_KEY: (t("focus.zoom"), places(), t("focus.zoom_help")),
        FIND_KEY: (t("focus.find"), _finds(cities), t("focus.find_help")),
    }
    with st.container(horizontal=True, gap="small", key="map-focus"):
        for key in shown:
            label, options, help_text = lists[key]
            st.selectbox(label, list(options), format_func=options.__getitem__, key=key, help=help_text)


def focused(markers: pd.DataFrame, focus: Focus) -> tuple[pd.DataFrame, list[pdk.Layer]]:
    """Markers with the found city labelled first, and a ring around it."""
    if focus.found is None or markers.empty or focus.found not in set(markers["code"]):
        return markers, []
    hit = markers["code"] == focus.found
    shown = markers.assign(priority=markers.get("priority", markers["radius"]) + hit.astype(float) * 200)
    return shown, [maps.ring_layer(shown[hit], "found-ring", FOUND_RING, width=2, gap=7)]


def deck(markers: pd.DataFrame, focus: Focus, points: MapPoints, rings: list[pdk.Layer] | None = None) -> MapView:
    """The national map at the focus: provinces, markers, labels placed for its zoom, rings."""
    markers, found = focused(markers, focus)
    layers = maps.china_layers(markers, zoom=focus.zoom) + list(rings or []) + found
    return maps.map_view(layers, points, view=focus.view_dict)


def map_cities(frame: pd.DataFrame) -> dict[str, tuple[str, float, float]]:
    """code → ('深圳 · Shenzhen', lon, lat) for the located cities of a query's rows."""
    located = frame.dropna(subset=["lon", "lat"])
    labels = city_options(located)
    coordinates = located.drop_duplicates("city_code").set_index("city_code")[["lon", "lat"]]
    return {code: (labels[code], float(lon), float(lat)) for code, (lon, lat) in coordinates.iterrows()}
