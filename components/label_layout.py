"""Label placement for the maps' initial view: no label over a marker, over another label or over
another label's leader line.

deck.gl would hide overlapping labels on the GPU (CollisionFilterExtension), but that pass draws
nothing in Streamlit's build, and hiding is not enough where cities crowd (the Pearl River and
Yangtze deltas, 济南 beside 北京 and 天津 at the national zoom). So the placement is done here:
everything is projected to Web-Mercator pixels at the view's zoom; each label, in priority order,
takes the first free spot of a fixed list: beside its own marker (above, below, right, left, the
four diagonals), then further out on a short leader line (16 directions, up to CALLOUT_REACH
pixels). Every marker is an obstacle, labelled or not. A label with no free spot is left out (its
city still has its marker and tooltip).

A label beside its marker keeps the marker's position and a pixel offset (so it stays beside it at
any zoom); a label on a leader line gets a position of its own, at the spot found, and the line
joins the two. Province names only take their own spot, after the cities.
"""

import math
from dataclasses import dataclass

TILE_SIZE = 512  # deck.gl's world is 512 px wide at zoom 0
LABEL_HEIGHT = 14
PADDING = 2
GAP = 3  # between a marker's edge and its label
CALLOUT_STEPS = (10, 20, 32, 44)  # leader lengths tried, shortest first (pixels)
CALLOUT_DIRECTIONS = 24
CROWD = 48  # markers closer than this (pixels) push a label's leader away from them

Box = tuple[float, float, float, float]
Point = tuple[float, float]
Segment = tuple[Point, Point]


def project(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    scale = TILE_SIZE * 2**zoom
    x = scale * (lon + 180) / 360
    lat_rad = math.radians(max(min(lat, 85.0), -85.0))
    y = scale * (1 - math.log(math.tan(math.pi / 4 + lat_rad / 2)) / math.pi) / 2
    return x, y


def unproject(x: float, y: float, zoom: float) -> tuple[float, float]:
    scale = TILE_SIZE * 2**zoom
    lon = x / scale * 360 - 180
    lat = math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * y / scale))) - math.pi / 2)
    return lon, lat


def text_width(text: str, size: float) -> float:
    """Approximate rendered width: CJK glyphs are square, Latin ones about 0.6 em."""
    return sum(size if ord(char) > 0x2E80 else size * 0.6 for char in text)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _circle_hits_box(cx: float, cy: float, radius: float, box: Box) -> bool:
    nearest_x = min(max(cx, box[0]), box[2])
    nearest_y = min(max(cy, box[1]), box[3])
    return (cx - nearest_x) ** 2 + (cy - nearest_y) ** 2 < radius**2


def _segment_hits_box(start: tuple[float, float], end: tuple[float, float], box: Box) -> bool:
    """Liang–Barsky: does the segment pass through the box's interior?"""
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q <= 0:
                return False
            continue
        ratio = q / p
        if p < 0:
            low = max(low, ratio)
        else:
            high = min(high, ratio)
        if low >= high:
            return False
    return True


def _segments_cross(a: Segment, b: Segment) -> bool:
    """Do two segments cross (touching ends do not count)?"""

    def side(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    (p1, p2), (q1, q2) = a, b
    return side(p1, p2, q1) * side(p1, p2, q2) < 0 and side(q1, q2, p1) * side(q1, q2, p2) < 0


def _segment_hits_circle(start: tuple[float, float], end: tuple[float, float], cx: float, cy: float, r: float) -> bool:
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    length = dx * dx + dy * dy
    share = 0.0 if length == 0 else max(0.0, min(1.0, ((cx - x0) * dx + (cy - y0) * dy) / length))
    px, py = x0 + share * dx, y0 + share * dy
    return (cx - px) ** 2 + (cy - py) ** 2 < r * r


@dataclass(frozen=True)
class Spot:
    """Where a label could go: its box centre relative to the anchor, and a leader line if any."""

    dx: float
    dy: float
    leader: bool = False


def _spots(radius: float, width: float, away: float | None = None) -> list[Spot]:
    """Beside the marker first (above, below, right, left, diagonals), then on leader lines:
    shortest first and, at each length, nearest first to `away` (the angle pointing out of the
    crowd around the marker), so a cluster's labels fan out instead of crossing it."""
    half_w, half_h = width / 2 + PADDING, LABEL_HEIGHT / 2 + PADDING
    near = radius + GAP
    diagonal = radius * 0.72 + GAP
    spots = [
        Spot(0, -(near + half_h)),
        Spot(0, near + half_h),
        Spot(near + half_w, 0),
        Spot(-(near + half_w), 0),
        Spot(diagonal + half_w, -(diagonal + half_h)),
        Spot(diagonal + half_w, diagonal + half_h),
        Spot(-(diagonal + half_w), -(diagonal + half_h)),
        Spot(-(diagonal + half_w), diagonal + half_h),
    ]
    angles = [2 * math.pi * step / CALLOUT_DIRECTIONS for step in range(CALLOUT_DIRECTIONS)]
    if away is not None:
        angles.sort(key=lambda angle: abs(math.remainder(angle - away, 2 * math.pi)))
    for reach in CALLOUT_STEPS:
        for angle in angles:
            cos, sin = math.cos(angle), math.sin(angle)
            # The box's near edge sits `reach` pixels beyond the marker's edge, along the direction.
            along = radius + reach
            spots.append(
                Spot(
                    along * cos + math.copysign(half_w, cos) * (abs(cos) > 0.2),
                    along * sin + math.copysign(half_h, sin) * (abs(sin) > 0.2),
                    leader=True,
                )
            )
    return spots


def _box_at(x: float, y: float, text: str, size: float) -> Box:
    half_w = text_width(text, size) / 2 + PADDING
    half_h = LABEL_HEIGHT / 2 + PADDING
    return x - half_w, y - half_h, x + half_w, y + half_h


def _leader_end(box: Box, x: float, y: float) -> tuple[float, float]:
    """Where a leader from (x, y) meets the label box: its nearest point."""
    return min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])


@dataclass
class _Layout:
    obstacles: list[tuple[float, float, float]]  # markers: x, y, radius (pixels)
    boxes: list[Box]
    leaders: list[Segment]

    def free(self, box: Box, leader: Segment | None = None, anchor: Point | None = None) -> bool:
        """No overlap with a kept label, a leader line or a marker; a new leader (from `anchor`)
        crosses no marker except those the anchor lies in (its own, or a bigger one it sits in)."""
        if any(_overlaps(box, other) for other in self.boxes):
            return False
        if any(_segment_hits_box(*line, box) for line in self.leaders):
            return False
        for cx, cy, radius in self.obstacles:
            if _circle_hits_box(cx, cy, radius + 1, box):
                return False
            if leader is None or anchor is None:
                continue
            inside = (anchor[0] - cx) ** 2 + (anchor[1] - cy) ** 2 <= (radius + 1) ** 2
            if not inside and _segment_hits_circle(*leader, cx, cy, radius + 1):
                return False
        if leader is not None and any(_segment_hits_box(*leader, other) for other in self.boxes):
            return False
        return leader is None or not any(_segments_cross(leader, line) for line in self.leaders)


def place_labels(labels: list[dict], zoom: float) -> list[dict]:
    """The labels that fit, best first, each with where it goes.

    A label is a dict with text, lon, lat, size, priority and, for a city, `radius` (its marker in
    pixels, 0 for none). A kept city label comes back with `offset` (pixels from its marker) or,
    when it needed a leader line, with `lon`/`lat` of its own, offset (0, 0) and `leader`
    ([[lon, lat] at the marker's edge, [lon, lat] at the label]). Labels without `radius` (province
    names) are kept only at their own position, offset by `offset` if given.
    """
    markers = [label for label in labels if label.get("radius") is not None]
    layout = _Layout(
        obstacles=[(*project(m["lon"], m["lat"], zoom), float(m["radius"])) for m in markers if m["radius"] > 0],
        boxes=[],
        leaders=[],
    )
    kept: list[dict] = []
    for label in sorted(labels, key=lambda item: -item["priority"]):
        x, y = project(label["lon"], label["lat"], zoom)
        if label.get("radius") is None:
            dx, dy = label.get("offset", (0, 0))
            box = _box_at(x + dx, y + dy, label["text"], label["size"])
            if layout.free(box):
                layout.boxes.append(box)
                kept.append(label)
            continue
        placed = _place_city(label, x, y, zoom, layout)
        if placed is not None:
            kept.append(placed)
    return kept


def _away_from_crowd(x: float, y: float, obstacles: list[tuple[float, float, float]]) -> float | None:
    """The angle pointing from the markers near (x, y) towards it, None when none is near."""
    push_x = push_y = 0.0
    for cx, cy, _radius in obstacles:
        distance = math.hypot(x - cx, y - cy)
        if 0 < distance < CROWD:
            weight = (CROWD - distance) / CROWD
            push_x += (x - cx) / distance * weight
            push_y += (y - cy) / distance * weight
    return math.atan2(push_y, push_x) if push_x or push_y else None


def _place_city(label: dict, x: float, y: float, zoom: float, layout: _Layout) -> dict | None:
    radius = float(label["radius"])
    away = _away_from_crowd(x, y, layout.obstacles)
    for spot in _spots(radius, text_width(label["text"], label["size"]), away):
        box = _box_at(x + spot.dx, y + spot.dy, label["text"], label["size"])
        if not spot.leader:
            if layout.free(box):
                layout.boxes.append(box)
                return {**label, "offset": (round(spot.dx, 1), round(spot.dy, 1))}
            continue
        end = _leader_end(box, x, y)
        distance = math.hypot(end[0] - x, end[1] - y) or 1.0
        start = (x + (end[0] - x) * radius / distance, y + (end[1] - y) * radius / distance)
        if layout.free(box, (start, end), (x, y)):
            layout.boxes.append(box)
            layout.leaders.append((start, end))
            lon, lat = unproject(x + spot.dx, y + spot.dy, zoom)
            return {
                **label,
                "lon": round(lon, 4),
                "lat": round(lat, 4),
                "offset": (0, 0),
                "leader": [
                    [round(v, 4) for v in unproject(*start, zoom)],
                    [round(v, 4) for v in unproject(*end, zoom)],
                ],
            }
    return None


def label_box(label: dict, zoom: float) -> Box:
    """The pixel box a placed label occupies (for tests and callers that check a layout)."""
    x, y = project(label["lon"], label["lat"], zoom)
    dx, dy = label.get("offset", (0, 0))
    return _box_at(x + dx, y + dy, label["text"], label["size"])
