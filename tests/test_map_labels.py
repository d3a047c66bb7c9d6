"""Map labels at the default zoom: none sits on a marker, on another label or on a leader line,
including in the crowded deltas (济南 beside 北京 and 天津, 广州 and 香港 beside 深圳)."""

import pytest

from components.label_layout import label_box, place_labels, project

from apptest_helpers import deck_layers, decks
from page_helpers import open_page

CITY_SIZE = 12


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _circle_hits_box(cx, cy, radius, box) -> bool:
    nearest_x, nearest_y = min(max(cx, box[0]), box[2]), min(max(cy, box[1]), box[3])
    return (cx - nearest_x) ** 2 + (cy - nearest_y) ** 2 < radius**2


def _placed_boxes(deck: dict) -> tuple[list, list, list]:
    """(label boxes with text, marker circles, leader segments) in pixels at the deck's zoom."""
    zoom = deck["initialViewState"]["zoom"]
    layers = deck_layers(deck)
    boxes = []
    for layer_id, size in (("city-labels", CITY_SIZE), ("province-labels", 11)):
        for label in layers[layer_id]["data"]:
            placed = {"text": label["text"], "lon": label["position"][0], "lat": label["position"][1], "size": size}
            boxes.append((label["text"], label_box({**placed, "offset": label["offset"]}, zoom)))
    markers = [(*project(m["lon"], m["lat"], zoom), m["radius"], m["label"]) for m in layers["cities"]["data"]]
    leaders = [
        [project(*point, zoom) for point in feature["geometry"]["coordinates"]]
        for feature in layers.get("label-leaders", {"data": {"features": []}})["data"]["features"]
    ]
    return boxes, markers, leaders


def _assert_clear(deck: dict) -> list[str]:
    boxes, markers, leaders = _placed_boxes(deck)
    for index, (text, box) in enumerate(boxes):
        for other_text, other in boxes[index + 1 :]:
            assert not _overlaps(box, other), f"{text} overlaps {other_text}"
        for x, y, radius, name in markers:
            assert not _circle_hits_box(x, y, radius, box), f"label {text} lies on the marker of {name}"
        for start, end in leaders:
            for share in (i / 20 for i in range(21)):
                px, py = start[0] + (end[0] - start[0]) * share, start[1] + (end[1] - start[1]) * share
                inside = box[0] + 0.5 < px < box[2] - 0.5 and box[1] + 0.5 < py < box[3] - 0.5
                assert not inside, f"a leader line runs through the label {text}"
    return [text for text, _box in boxes]


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("page", ["overview", "rankings", "scenarios", "carbon", "metrics"])
def test_no_label_sits_on_a_marker_or_another_label(app, page, language):
    open_page(app, page, lang=language)
    _assert_clear(decks(app)[0])


def test_the_delta_cities_are_named_beside_their_markers(app):
    """The cities the issue found hidden under markers now have labels of their own."""
    open_page(app, "overview")
    shown = _assert_clear(decks(app)[0])
    assert {"济南", "广州", "香港", "深圳", "上海", "杭州", "苏州"} <= set(shown)
    open_page(app, "overview", lang="en")
    assert {"Jinan", "Guangzhou", "Hong Kong", "Shenzhen", "Shanghai", "Hangzhou"} <= set(_assert_clear(decks(app)[0]))


def test_crowded_markers_get_leader_lines_that_start_at_their_marker():
    """The Pearl River Delta at the national zoom (six markers within 20 px, 香港 inside 深圳's):
    the two largest are labelled beside their markers, the others out on leader lines, each line
    starting at the edge of its own marker."""
    zoom = 2.65
    delta = [
        ("深圳", 114.06, 22.54, 14),
        ("广州", 113.26, 23.13, 11),
        ("香港", 114.17, 22.28, 4),
        ("东莞", 113.75, 23.02, 4),
        ("佛山", 113.12, 23.02, 4),
        ("珠海", 113.58, 22.27, 4),
    ]
    labels = [
        {"text": name, "lon": lon, "lat": lat, "size": CITY_SIZE, "priority": radius, "radius": radius}
        for name, lon, lat, radius in delta
    ]
    placed = {label["text"]: label for label in place_labels(labels, zoom)}
    assert set(placed) == {name for name, *_ in delta}
    assert "leader" not in placed["深圳"] and "leader" not in placed["广州"]
    for name, lon, lat, radius in delta[2:]:
        start, _end = placed[name]["leader"]
        sx, sy = project(*start, zoom)
        ax, ay = project(lon, lat, zoom)
        assert abs(((sx - ax) ** 2 + (sy - ay) ** 2) ** 0.5 - radius) < 0.5


def test_a_label_with_no_free_spot_is_left_out_rather_than_drawn_over_markers():
    zoom = 2.65
    crowd = [
        {
            "text": f"城{i}",
            "lon": 114 + (i % 7) * 0.6,
            "lat": 22 + (i // 7) * 0.6,
            "size": 12,
            "priority": 1,
            "radius": 9,
        }
        for i in range(49)
    ]
    placed = place_labels(crowd, zoom)
    assert 0 < len(placed) < len(crowd)
    for label in placed:
        box = label_box(label, zoom)
        for marker in crowd:
            assert not _circle_hits_box(*project(marker["lon"], marker["lat"], zoom), marker["radius"], box)
