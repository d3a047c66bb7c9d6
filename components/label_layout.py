"""Greedy label placement: keep a label only if it does not overlap one already kept.

deck.gl would hide overlapping labels on the GPU (CollisionFilterExtension), but that pass draws
nothing in Streamlit's build, so the placement is done here for the initial view: labels are
projected to Web-Mercator pixels at the view's zoom and kept in priority order.
"""

import math

TILE_SIZE = 512  # deck.gl's world is 512 px wide at zoom 0
LABEL_HEIGHT = 14
PADDING = 2


def project(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    scale = TILE_SIZE * 2**zoom
    x = scale * (lon + 180) / 360
    lat_rad = math.radians(max(min(lat, 85.0), -85.0))
    y = scale * (1 - math.log(math.tan(math.pi / 4 + lat_rad / 2)) / math.pi) / 2
    return x, y


def text_width(text: str, size: float) -> float:
    """Approximate rendered width: CJK glyphs are square, Latin ones about 0.6 em."""
    return sum(size if ord(char) > 0x2E80 else size * 0.6 for char in text)


def _box(label: dict, zoom: float) -> tuple[float, float, float, float]:
    x, y = project(label["lon"], label["lat"], zoom)
    dx, dy = label.get("offset", (0, 0))
    half_width = text_width(label["text"], label["size"]) / 2 + PADDING
    half_height = LABEL_HEIGHT / 2 + PADDING
    return x + dx - half_width, y + dy - half_height, x + dx + half_width, y + dy + half_height


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(labels: list[dict], zoom: float) -> list[dict]:
    """Labels (dicts with text, lon, lat, size, priority, optional offset) that fit, best first."""
    kept: list[dict] = []
    boxes: list[tuple[float, float, float, float]] = []
    for label in sorted(labels, key=lambda item: -item["priority"]):
        box = _box(label, zoom)
        if not any(_overlaps(box, other) for other in boxes):
            kept.append(label)
            boxes.append(box)
    return kept
