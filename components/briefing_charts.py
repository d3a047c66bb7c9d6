"""A drawn chart's Vega-Lite spec as a native slide chart: the same rows, colours and labels.

Streamlit-free (the deck is built in a download callable). `native_chart(spec)` reads the
spec an Altair chart produced (`chart.to_dict()`, data inline in `datasets`) and returns a
`NativeChart` when the chart has a native PowerPoint equivalent, else None:

- bars (`mark: bar`, one nominal and one quantitative axis, no x2): horizontal when the
  categories are on y, columns when on x; one series per colour value, stacked, so a bar
  coloured by tier keeps its colour and the legend names the tiers; a `yOffset`/`xOffset`
  (grouped bars) puts each group on its own category row ("feature · China");
- scatter (`mark: circle/point` with two quantitative axes): one series per colour value, each
  point labelled by the text layer drawn on the same x and y (the city names); a line layer on
  quantitative axes (a reference diagonal) becomes a dashed line series;
- lines (`mark: line` over an ordered x): one series per colour value.

Colours come from the colour scale's domain and range (the Okabe–Ito tier palette of
components/palette.py where the chart uses it); labels and titles are the chart's own, so they
are in the language the chart was drawn in. Charts with no equivalent (heatmaps, the carbon
timeline's ranges) go onto slides as the chart's PNG instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DEFAULT_COLOUR = "#4C78A8"  # Vega-Lite's default mark colour


@dataclass
class Series:
    name: str
    values: list[float | None] = field(default_factory=list)  # one per category (bar, line)
    points: list[tuple[float, float]] = field(default_factory=list)  # (x, y) pairs (scatter)
    labels: list[str] = field(default_factory=list)  # one per point (scatter), shown beside it
    colour: str = DEFAULT_COLOUR
    shape: str = "circle"  # scatter marker, as the chart's shape scale sets it (tiers by shape too)
    dashed: bool = False  # a reference line drawn without markers


@dataclass
class NativeChart:
    kind: Literal["bar", "column", "scatter", "line"]
    title: str
    categories: list[str] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    value_title: str = ""  # the quantitative axis (bars, lines) or y (scatter)
    category_title: str = ""  # the category axis (bars, lines) or x (scatter)
    stacked: bool = False
    value_labels: bool = False  # the chart prints each bar's value
    legend_title: str = ""
    x_range: tuple[float, float] | None = None  # scatter axes as the chart sets them
    y_range: tuple[float, float] | None = None

    def rows(self) -> list[tuple[str, str, float | None]]:
        """(category or point label, series, value) for every value the chart holds."""
        if self.kind == "scatter":
            return [
                (label, f"{series.name}", y)
                for series in self.series
                for label, (_, y) in zip(series.labels or [""] * len(series.points), series.points, strict=False)
            ]
        return [
            (category, series.name, value)
            for series in self.series
            for category, value in zip(self.categories, series.values, strict=True)
        ]


def _title(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return str(title or "")


def _units(spec: dict, data=None) -> list[tuple[dict, object]]:
    """Every unit view that draws marks, with the data it draws (inherited from its parent)."""
    data = spec.get("data", data)
    out = []
    if "mark" in spec:
        out.append((spec, data))
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for child in spec.get(key, []):
            out += _units(child, data)
    return out


def _rows(data, datasets: dict) -> list[dict]:
    if not isinstance(data, dict):
        return []
    if "values" in data:
        return list(data["values"])
    return list(datasets.get(data.get("name"), []))


def _mark(unit: dict) -> str:
    mark = unit.get("mark")
    return str(mark.get("type") if isinstance(mark, dict) else mark)


def _channel(unit: dict, name: str) -> dict:
    value = unit.get("encoding", {}).get(name)
    return value if isinstance(value, dict) else {}


def _field(unit: dict, name: str) -> str | None:
    return _channel(unit, name).get("field")


def _is(unit: dict, name: str, kind: str) -> bool:
    channel = _channel(unit, name)
    return bool(channel.get("field")) and channel.get("type") == kind


def _number(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number  # NaN is no value


def _colours(unit: dict, values: list[str]) -> dict[str, str]:
    """Each colour value's hex: the scale's own pairing, else the mark colour, else Vega's default."""
    channel = _channel(unit, "color")
    scale = channel.get("scale") or {}
    domain, colour_range = scale.get("domain"), scale.get("range")
    pairs = {}
    if isinstance(domain, list) and isinstance(colour_range, list) and colour_range:
        pairs = {str(d): str(colour_range[i % len(colour_range)]) for i, d in enumerate(domain)}
    mark = unit.get("mark")
    fallback = DEFAULT_COLOUR
    if isinstance(mark, dict) and isinstance(mark.get("color"), str):
        fallback = str(mark["color"])
    if "value" in channel and isinstance(channel["value"], str):
        fallback = channel["value"]
    return {value: pairs.get(value, fallback) for value in values}


def _shapes(unit: dict) -> dict[str, str]:
    scale = _channel(unit, "shape").get("scale") or {}
    domain, shapes = scale.get("domain"), scale.get("range")
    if isinstance(domain, list) and isinstance(shapes, list) and shapes:
        return {str(d): str(shapes[i % len(shapes)]) for i, d in enumerate(domain)}
    return {}


def _opacities(unit: dict, values: list[str]) -> dict[str, float]:
    """Each opacity value with its opacity, in the scale's order."""
    scale = _channel(unit, "opacity").get("scale") or {}
    domain, levels = scale.get("domain"), scale.get("range")
    pairs = {}
    if isinstance(domain, list) and isinstance(levels, list) and levels:
        pairs = {str(d): float(levels[i % len(levels)]) for i, d in enumerate(domain)}
    return {value: pairs.get(value, 1.0) for value in _ordered(values, domain)}


def _lighter(hex_colour: str, alpha: float) -> str:
    """The colour drawn at `alpha` on white, as an opaque hex (slides have no bar opacity)."""
    value = hex_colour.lstrip("#")
    if len(value) != 6 or alpha >= 1:
        return hex_colour
    channels = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c * alpha + 255 * (1 - alpha)):02X}" for c in channels)


def _ordered(values: list[str], preferred) -> list[str]:
    """`values` in the order the chart sorts them (an explicit list), else first seen."""
    seen = list(dict.fromkeys(values))
    if isinstance(preferred, list):
        order = [str(v) for v in preferred if str(v) in seen]
        return order + [v for v in seen if v not in order]
    return seen


def _series_order(unit: dict, values: list[str]) -> list[str]:
    domain = (_channel(unit, "color").get("scale") or {}).get("domain")
    return _ordered(values, domain)


def _bar(unit: dict, rows: list[dict], spec: dict, text_units: list[dict]) -> NativeChart | None:
    if _is(unit, "y", "nominal") and _is(unit, "x", "quantitative"):
        kind, cat_ch, val_ch, offset_ch = "bar", "y", "x", "yOffset"
    elif _is(unit, "x", "nominal") and _is(unit, "y", "quantitative"):
        kind, cat_ch, val_ch, offset_ch = "column", "x", "y", "xOffset"
    else:
        return None
    if _channel(unit, "x2") or _channel(unit, "y2"):
        return None  # ranges (a timeline) are not bars from zero
    category_field, value_field = _field(unit, cat_ch), _field(unit, val_ch)
    offset_field, colour_field = _field(unit, offset_ch), _field(unit, "color")

    def category_of(row: dict) -> str:
        base = str(row.get(category_field, ""))
        return f"{base} · {row.get(offset_field, '')}" if offset_field else base

    base_order = _ordered([str(row.get(category_field, "")) for row in rows], _channel(unit, cat_ch).get("sort"))
    offsets = (
        _ordered([str(row.get(offset_field, "")) for row in rows], _channel(unit, offset_ch).get("sort"))
        if offset_field
        else []
    )
    categories = [f"{c} · {o}" for c in base_order for o in offsets] if offset_field else base_order
    present = {category_of(row) for row in rows}
    categories = [c for c in categories if c in present]
    names = _series_order(unit, [str(row.get(colour_field, "")) for row in rows]) if colour_field else [""]
    colours = _colours(unit, names)
    # A second split drawn as opacity (printed vs inferred placements) becomes a lighter series.
    opacity_field = _field(unit, "opacity")
    shades = _opacities(unit, [str(row.get(opacity_field, "")) for row in rows]) if opacity_field else {"": 1.0}
    series = []
    for name in names:
        for shade, alpha in shades.items():
            by_category: dict[str, float] = {}
            for row in rows:
                if colour_field and str(row.get(colour_field, "")) != name:
                    continue
                if opacity_field and str(row.get(opacity_field, "")) != shade:
                    continue
                value = _number(row.get(value_field))
                if value is not None:
                    by_category[category_of(row)] = by_category.get(category_of(row), 0.0) + value
            if by_category:
                series.append(
                    Series(
                        name=" · ".join(part for part in (name, shade) if part),
                        values=[by_category.get(c) for c in categories],
                        colour=_lighter(colours[name], alpha),
                    )
                )
    if not series:
        return None
    value_labels = any(_field(text, "text") == value_field for text in text_units)
    return NativeChart(
        kind=kind,  # type: ignore[arg-type]  # "bar" or "column"
        title=_title(spec),
        categories=categories,
        series=series,
        value_title=str(_channel(unit, val_ch).get("title") or value_field or ""),
        category_title=str(_channel(unit, cat_ch).get("title") or ""),
        stacked=bool(colour_field or opacity_field),
        value_labels=value_labels,
        legend_title=str(_channel(unit, "color").get("title") or "") if colour_field else "",
    )


def _domain(unit: dict, name: str) -> tuple[float, float] | None:
    domain = (_channel(unit, name).get("scale") or {}).get("domain")
    if isinstance(domain, list) and len(domain) == 2 and all(_number(v) is not None for v in domain):
        return float(domain[0]), float(domain[1])
    return None


def _scatter(unit: dict, rows: list[dict], spec: dict, units: list[tuple[dict, list[dict]]]) -> NativeChart | None:
    x_field, y_field, colour_field = _field(unit, "x"), _field(unit, "y"), _field(unit, "color")
    # The text layer drawn on the same x and y names each point (a city).
    label_field = next(
        (
            _field(other, "text")
            for other, _ in units
            if _mark(other) == "text" and _field(other, "x") == x_field and _field(other, "y") == y_field
        ),
        None,
    )
    names = _series_order(unit, [str(row.get(colour_field, "")) for row in rows]) if colour_field else [""]
    colours = _colours(unit, names)
    shapes = _shapes(unit) if _field(unit, "shape") == colour_field else {}
    series = []
    for name in names:
        chosen = [row for row in rows if not colour_field or str(row.get(colour_field, "")) == name]
        pairs = [(_number(row.get(x_field)), _number(row.get(y_field)), row) for row in chosen]
        kept = [(x, y, row) for x, y, row in pairs if x is not None and y is not None]
        if kept:
            series.append(
                Series(
                    name=name,
                    points=[(x, y) for x, y, _ in kept],
                    labels=[str(row.get(label_field, "")) for _, _, row in kept] if label_field else [],
                    colour=colours[name],
                    shape=shapes.get(name, "circle"),
                )
            )
    for other, other_rows in units:  # reference lines on the same axes (the diagonal)
        if _mark(other) == "line" and _is(other, "x", "quantitative") and _is(other, "y", "quantitative"):
            points = [(_number(r.get(_field(other, "x"))), _number(r.get(_field(other, "y")))) for r in other_rows]
            kept_points = [(x, y) for x, y in points if x is not None and y is not None]
            mark = other.get("mark")
            colour = mark.get("color") if isinstance(mark, dict) and isinstance(mark.get("color"), str) else "#777777"
            if kept_points:
                series.append(Series(name="", points=kept_points, colour=colour, dashed=True))  # type: ignore[arg-type]
    if not any(not s.dashed for s in series):
        return None
    return NativeChart(
        kind="scatter",
        title=_title(spec),
        series=series,
        value_title=str(_channel(unit, "y").get("title") or y_field or ""),
        category_title=str(_channel(unit, "x").get("title") or x_field or ""),
        legend_title=str(_channel(unit, "color").get("title") or "") if colour_field else "",
        x_range=_domain(unit, "x"),
        y_range=_domain(unit, "y"),
    )


def _line(unit: dict, rows: list[dict], spec: dict) -> NativeChart | None:
    x_field, y_field, colour_field = _field(unit, "x"), _field(unit, "y"), _field(unit, "color")
    if not _is(unit, "y", "quantitative") or not x_field:
        return None
    xs = [row.get(x_field) for row in rows]
    if _channel(unit, "x").get("type") in ("quantitative", "temporal"):
        keys = sorted({x for x in xs if x is not None}, key=lambda v: (_number(v) is None, _number(v) or 0, str(v)))
    else:
        keys = list(dict.fromkeys(x for x in xs if x is not None))
    categories = [str(k) for k in keys]
    names = _series_order(unit, [str(row.get(colour_field, "")) for row in rows]) if colour_field else [""]
    colours = _colours(unit, names)
    series = []
    for name in names:
        values = {
            str(row.get(x_field)): _number(row.get(y_field))
            for row in rows
            if not colour_field or str(row.get(colour_field, "")) == name
        }
        series.append(Series(name=name, values=[values.get(c) for c in categories], colour=colours[name]))
    return NativeChart(
        kind="line",
        title=_title(spec),
        categories=categories,
        series=series,
        value_title=str(_channel(unit, "y").get("title") or y_field or ""),
        category_title=str(_channel(unit, "x").get("title") or x_field or ""),
        legend_title=str(_channel(unit, "color").get("title") or "") if colour_field else "",
    )


def native_chart(spec: dict) -> NativeChart | None:
    """The chart as a native slide chart, or None when it has no native equivalent."""
    datasets = spec.get("datasets", {})
    units = [(unit, _rows(data, datasets)) for unit, data in _units(spec)]
    drawing = [(unit, rows) for unit, rows in units if rows and _mark(unit) != "text" and _mark(unit) != "rule"]
    texts = [unit for unit, _ in units if _mark(unit) == "text"]
    # The main layer: the one a reader points at (most tooltips), then the most rows.
    drawing.sort(key=lambda pair: (-len(pair[0].get("encoding", {}).get("tooltip") or []), -len(pair[1])))
    for unit, rows in drawing:
        mark = _mark(unit)
        if mark == "bar":
            return _bar(unit, rows, spec, texts)
        if mark in ("circle", "point") and _is(unit, "x", "quantitative") and _is(unit, "y", "quantitative"):
            return _scatter(unit, rows, spec, units)
        if mark == "line" and not any(_mark(other) in ("circle", "point") for other, _ in drawing if other is not unit):
            return _line(unit, rows, spec)
        if mark in ("rect", "area", "arc", "tick", "square", "geoshape", "point", "circle", "line"):
            return None
    return None
