"""The static map for slides: a deck JSON (components.maps) drawn as a 1920×1080 PNG.

matplotlib draws it in the Web-Mercator projection deck.gl uses: GeoJsonLayer polygons and lines,
ScatterplotLayer points (fill, outline, pixel or metre radius) and TextLayer labels (pixel offsets,
background boxes), plus a title, a legend, the source line and the boundary credit, in the bundled
CJK font (components.export_font). Nothing here touches Streamlit.
"""

from __future__ import annotations

import io
import json
import math
import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from components.export_font import RENDER_LOCK, font_path
from queries.boundaries import published_collection

MAP_SIZE = (1920, 1080)  # px: a full-HD slide
MAP_DPI = 200
MAP_VIEWPORT = (600, 490)  # CSS px of the in-app map the view state frames (China at zoom 2.65)
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()<>#+\-.!|~:$])")


class LegendItem(NamedTuple):
    """One legend entry: a swatch (hex colour, hollow for inferred) or, without colour, a note."""

    label: str
    color: str | None = None
    hollow: bool = False


def plain_text(markdown: str) -> str:
    """Text escaped for st.markdown (see components.safe_text.markdown_text) back as plain text."""
    return _MARKDOWN_ESCAPE.sub(r"\1", markdown or "")


_mpl_font: str = ""  # the bundled CJK font's family name, once registered


def _matplotlib():
    """matplotlib's object API on the Agg canvas (no pyplot, no display), with the CJK font."""
    global _mpl_font
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import font_manager

    if not _mpl_font:
        font_manager.fontManager.addfont(str(font_path()))
        _mpl_font = font_manager.FontProperties(fname=str(font_path())).get_name()
    return matplotlib


def _mercator(lon, lat):
    """deck.gl's Web-Mercator world coordinates (512 CSS px wide at zoom 0, y pointing up)."""
    import numpy as np

    lat = np.clip(np.asarray(lat, dtype=float), -85.0, 85.0)
    x = 512 * (np.asarray(lon, dtype=float) + 180) / 360
    y = 512 * np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) / (2 * np.pi)
    return x, y


def _accessor(value, row: dict, default=None):
    """A deck accessor: a constant, '@@=field' / '@@=properties.field' / '@@=[a, b]', or deck.gl's
    colorCategories function (a colour per feature property, see components.maps.category_colors)."""
    if isinstance(value, dict) and value.get("@@function") == "colorCategories":
        key = (row.get("properties") or {}).get(value["attr"])
        if key is None:
            return value.get("nullColor", default)
        colors = dict(zip(value.get("domain", []), value.get("colors", [])))
        return colors.get(key, value.get("othersColor", default))
    if isinstance(value, str) and value.startswith("@@="):
        expression = value[3:].strip()
        if expression.startswith("[") and expression.endswith("]"):
            return [_accessor("@@=" + part.strip(), row) for part in expression[1:-1].split(",")]
        current = row
        for part in expression.split("."):
            if not isinstance(current, dict) or part not in current:
                return default
            current = current[part]
        return current
    return default if value is None else value


def _rgba(colour, default=(0, 0, 0, 255)) -> tuple[float, float, float, float]:
    colour = list(colour) if isinstance(colour, (list, tuple)) and len(colour) >= 3 else list(default)
    alpha = colour[3] if len(colour) > 3 else 255
    return colour[0] / 255, colour[1] / 255, colour[2] / 255, alpha / 255


def _ring(coordinates, clockwise: bool):
    import numpy as np

    points = np.asarray(coordinates, dtype=float)[:, :2]
    x, y = _mercator(points[:, 0], points[:, 1])
    area = np.sum(x[:-1] * y[1:] - x[1:] * y[:-1])
    if (area < 0) != clockwise:  # exterior rings anticlockwise, holes clockwise: nonzero fill works
        x, y = x[::-1], y[::-1]
    return np.column_stack([x, y])


def _polygon_path(polygons):
    import numpy as np
    from matplotlib.path import Path as MplPath

    vertices, codes = [], []
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            if len(ring) < 3:
                continue
            points = _ring(ring, clockwise=index > 0)
            vertices.append(points)
            ring_codes = np.full(len(points), MplPath.LINETO)
            ring_codes[0] = MplPath.MOVETO
            ring_codes[-1] = MplPath.CLOSEPOLY
            codes.append(ring_codes)
    if not vertices:
        return None
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _draw_geojson(ax, layer: dict, k: float, dpi: float) -> None:
    from matplotlib.collections import LineCollection, PathCollection

    data = layer.get("data")
    if isinstance(data, str):  # a boundary file the browser loads by URL: read it from disk
        data = published_collection(data)
    features = (data or {}).get("features", []) if isinstance(data, dict) else data or []
    filled, stroked = layer.get("filled", True), layer.get("stroked", True)
    line_px = max(float(layer.get("lineWidthMinPixels", 1) or 1), 0.5)
    paths, faces, edges, lines, line_colours = [], [], [], [], []
    for feature in features:
        geometry = feature.get("geometry") or {}
        kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
        fill = _rgba(_accessor(layer.get("getFillColor"), feature, [0, 0, 0, 255]))
        line = _rgba(_accessor(layer.get("getLineColor"), feature, [0, 0, 0, 255]))
        if kind in ("Polygon", "MultiPolygon"):
            path = _polygon_path([coordinates] if kind == "Polygon" else coordinates)
            if path is not None:
                paths.append(path)
                faces.append(fill if filled else (0, 0, 0, 0))
                edges.append(line if stroked else (0, 0, 0, 0))
        elif kind in ("LineString", "MultiLineString"):
            for part in [coordinates] if kind == "LineString" else coordinates:
                x, y = _mercator([p[0] for p in part], [p[1] for p in part])
                lines.append(list(zip(x, y)))
                line_colours.append(line)
    if paths:
        ax.add_collection(
            PathCollection(paths, facecolors=faces, edgecolors=edges, linewidths=line_px * k * 72 / dpi, zorder=1)
        )
    if lines:
        ax.add_collection(LineCollection(lines, colors=line_colours, linewidths=line_px * k * 72 / dpi, zorder=2))


def _metres_per_pixel(latitude: float, zoom: float) -> float:
    return 40_075_016.686 * math.cos(math.radians(latitude)) / (512 * 2**zoom)


def _draw_scatter(ax, layer: dict, k: float, dpi: float, view: dict) -> None:
    rows = layer.get("data") or []
    if not rows:
        return
    positions = [_accessor(layer.get("getPosition", "@@=position"), row, [None, None]) for row in rows]
    keep = [i for i, p in enumerate(positions) if p and p[0] is not None and p[1] is not None]
    if not keep:
        return
    x, y = _mercator([positions[i][0] for i in keep], [positions[i][1] for i in keep])
    scale = float(layer.get("radiusScale", 1) or 1)
    unit = 1.0 if layer.get("radiusUnits") == "pixels" else 1 / _metres_per_pixel(view["latitude"], view["zoom"])
    low, high = float(layer.get("radiusMinPixels", 0) or 0), float(layer.get("radiusMaxPixels", 1e9) or 1e9)
    radius_px = [
        min(max(float(_accessor(layer.get("getRadius", 1), rows[i], 1)) * scale * unit, low), high) for i in keep
    ]
    line_unit = (
        1.0 if layer.get("lineWidthUnits") == "pixels" else 1 / _metres_per_pixel(view["latitude"], view["zoom"])
    )
    to_points = k * 72 / dpi
    sizes = [(2 * r * to_points) ** 2 for r in radius_px]
    fills = [
        _rgba(_accessor(layer.get("getFillColor"), rows[i], [0, 0, 0, 255]))
        if layer.get("filled", True)
        else (0, 0, 0, 0)
        for i in keep
    ]
    lines = [_rgba(_accessor(layer.get("getLineColor"), rows[i], [0, 0, 0, 255])) for i in keep]
    widths = [
        float(_accessor(layer.get("getLineWidth", 1), rows[i], 1)) * line_unit * to_points
        if layer.get("stroked")
        else 0
        for i in keep
    ]
    # Largest first, so small markers stay visible on top (deck draws in data order; a slide
    # has no hover to reveal a hidden marker).
    order = sorted(range(len(keep)), key=lambda j: -radius_px[j])
    ax.scatter(
        [x[j] for j in order],
        [y[j] for j in order],
        s=[sizes[j] for j in order],
        c=[fills[j] for j in order],
        edgecolors=[lines[j] for j in order],
        linewidths=[widths[j] for j in order],
        zorder=3,
    )


def _draw_text(ax, layer: dict, k: float, dpi: float, font: str) -> None:
    from matplotlib import patheffects

    to_points = k * 72 / dpi
    background = layer.get("background", False)
    weight = layer.get("fontWeight") or 400
    # The bundled face has one weight; heavier labels get a hairline outline in their own colour.
    bold = None
    for row in layer.get("data") or []:
        text = _accessor(layer.get("getText", "@@=text"), row)
        position = _accessor(layer.get("getPosition", "@@=position"), row)
        if not text or not position:
            continue
        x, y = _mercator([position[0]], [position[1]])
        dx, dy = _accessor(layer.get("getPixelOffset", [0, 0]), row, [0, 0]) or [0, 0]
        size = float(_accessor(layer.get("getSize", 32), row, 32)) * float(layer.get("sizeScale", 1) or 1)
        colour = _rgba(_accessor(layer.get("getColor"), row, [0, 0, 0, 255]))
        if weight >= 600:
            bold = [patheffects.withStroke(linewidth=size * to_points * 0.06, foreground=colour)]
        box = None
        if background:
            pad = (layer.get("backgroundPadding") or [2, 1, 2, 1])[0] * to_points / (size * to_points)
            box = {
                "boxstyle": f"square,pad={max(pad, 0.08):.2f}",
                "facecolor": _rgba(_accessor(layer.get("getBackgroundColor"), row, [255, 255, 255, 255])),
                "edgecolor": "none",
            }
        ax.annotate(
            str(text),
            (x[0], y[0]),
            xytext=(dx * to_points, -dy * to_points),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=size * to_points,
            color=colour,
            family=font,
            bbox=box,
            zorder=5,
            annotation_clip=True,
            path_effects=bold,
        )


def _visual_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wrap_text(text: str, width: float, measure: Callable[[str], float] = _visual_width) -> list[str]:
    """Lines no wider than `width` as `measure` counts (default: columns, a CJK character two).

    Latin words stay whole (they break at spaces); CJK text breaks between any two characters,
    as Chinese typesetting does, but never before closing punctuation.
    """
    tokens = re.findall(
        r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f][\u3001\u3002\uff0c\uff1b\uff1a\uff09\u300b\u300d]*|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|\s+",
        text or "",
    )
    lines, line = [], ""
    for token in tokens:
        if token.isspace():
            line += " " if line else ""
            continue
        if line and measure(line + token) > width:
            lines.append(line.rstrip())
            line = ""
        while measure(token) > width:  # a single word wider than a line
            cut = max(1, max(i for i in range(1, len(token) + 1) if measure(token[:i]) <= width))
            lines.append(token[:cut])
            token = token[cut:]
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _points(deck: dict):
    """World coordinates of every ScatterplotLayer point (what a static map must not crop)."""
    import numpy as np

    lons, lats = [], []
    for layer in deck.get("layers", []):
        if layer.get("@@type") != "ScatterplotLayer" or layer.get("visible") is False:
            continue
        for row in layer.get("data") or []:
            position = _accessor(layer.get("getPosition", "@@=position"), row)
            if position and position[0] is not None and position[1] is not None:
                lons.append(float(position[0]))
                lats.append(float(position[1]))
    if not lons:
        return np.array([]), np.array([])
    return _mercator(lons, lats)


SUPPORTED_LAYERS = ("GeoJsonLayer", "ScatterplotLayer", "TextLayer")


def unsupported_layers(deck: str | dict) -> list[str]:
    """Layer types in a deck that the static map cannot draw (a test keeps this empty)."""
    deck = json.loads(deck) if isinstance(deck, str) else deck
    return [layer.get("@@type", "?") for layer in deck.get("layers", []) if layer.get("@@type") not in SUPPORTED_LAYERS]


def map_png(
    deck: str | dict,
    *,
    title: str,
    legend: list[LegendItem] | tuple = (),
    source: str = "",
    credit: str = "",
    size: tuple[int, int] = MAP_SIZE,
    dpi: int = MAP_DPI,
) -> bytes:
    """A static PNG of a map view for a slide: title, the map, legend, source line, boundary credit."""
    deck = json.loads(deck) if isinstance(deck, str) else deck
    matplotlib = _matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    with RENDER_LOCK, matplotlib.rc_context({"font.family": [_mpl_font, "DejaVu Sans"], "svg.fonttype": "none"}):
        width_px, height_px = size
        figure = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi, facecolor="white")
        FigureCanvasAgg(figure)
        margin = 0.02 * width_px
        legend = [LegendItem(*item) if not isinstance(item, LegendItem) else item for item in legend]
        legend_px = 0.24 * width_px if legend else 0
        footer = [*wrap_text(plain_text(source), 175), *wrap_text(plain_text(credit), 175)]
        footer_px = (0.03 + 0.028 * len(footer)) * height_px
        top_px = 0.12 * height_px  # the title's band
        avail_w = width_px - 2 * margin - legend_px
        avail_h = height_px - top_px - footer_px - 0.02 * height_px

        # What to show: the in-app view (its centre and zoom in a map about MAP_VIEWPORT CSS px),
        # widened to take in every point, so a map that scrolls in the app loses nothing here.
        view = {"longitude": 104.5, "latitude": 35.5, "zoom": 3, **(deck.get("initialViewState") or {})}
        world = 2 ** view["zoom"]  # CSS px per world unit at the view's zoom
        cx, cy = _mercator([view["longitude"]], [view["latitude"]])
        x0, x1 = cx[0] - MAP_VIEWPORT[0] / world / 2, cx[0] + MAP_VIEWPORT[0] / world / 2
        y0, y1 = cy[0] - MAP_VIEWPORT[1] / world / 2, cy[0] + MAP_VIEWPORT[1] / world / 2
        px, py = _points(deck)
        if len(px):
            pad_x, pad_y = 0.06 * (px.max() - px.min()) + 8 / world, 0.08 * (py.max() - py.min()) + 14 / world
            x0, x1 = min(x0, px.min() - pad_x), max(x1, px.max() + pad_x)
            y0, y1 = min(y0, py.min() - pad_y), max(y1, py.max() + pad_y)
        scale = min(avail_w / (x1 - x0), avail_h / (y1 - y0))  # export px per world unit
        box_w, box_h = (x1 - x0) * scale, (y1 - y0) * scale
        k = scale / world  # export px per in-app CSS px: marker radii, label sizes and offsets
        left = margin if legend else (width_px - box_w) / 2
        ax = figure.add_axes(
            (left / width_px, (height_px - top_px - box_h) / height_px, box_w / width_px, box_h / height_px)
        )
        ax.set_axis_off()
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)

        for layer in deck.get("layers", []):
            kind = layer.get("@@type")
            if layer.get("visible") is False:
                continue
            if kind == "GeoJsonLayer":
                _draw_geojson(ax, layer, k, dpi)
            elif kind == "ScatterplotLayer":
                _draw_scatter(ax, layer, k, dpi, view)
            elif kind == "TextLayer":
                _draw_text(ax, layer, k, dpi, _mpl_font)

        figure.text(0.02, 0.955, title, fontsize=17, va="top", ha="left", color="#1f2430")
        if legend:
            handles, labels = [], []
            for item in legend:
                if item.color:
                    handles.append(
                        Line2D(
                            [],
                            [],
                            marker="o",
                            linestyle="none",
                            markersize=9,
                            markerfacecolor="none" if item.hollow else item.color,
                            markeredgecolor=item.color,
                            markeredgewidth=2 if item.hollow else 0.8,
                        )
                    )
                else:
                    handles.append(Line2D([], [], linestyle="none"))
                labels.append("\n".join(wrap_text(item.label, 26)))
            figure.legend(
                handles,
                labels,
                loc="upper left",
                bbox_to_anchor=((left + box_w + 0.02 * width_px) / width_px, 1 - top_px / height_px),
                frameon=False,
                fontsize=9.5,
                handletextpad=0.5,
                labelspacing=0.9,
                borderaxespad=0,
            )
        for index, line in enumerate(footer):
            figure.text(
                0.02,
                0.03 + 0.028 * (len(footer) - 1 - index),
                line,
                fontsize=6.6,
                va="bottom",
                ha="left",
                color="#4a4f58",
            )
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
        return buffer.getvalue()
