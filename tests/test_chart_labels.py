"""Every chart shows every label whole, where executives look: at 1366 px (a right-hand chart is
~350 px wide) and in 480 px embeds. Streamlit's chart theme hides category labels whose boxes
touch and cuts labels at 100 px; Vega cuts titles at the chart's width. These tests read each
chart's Vega-Lite spec on every page in both languages (and presenting), measure its labels in
the bundled font, and check that no label can be hidden or cut."""

import functools
import json

import pytest
from PIL import ImageFont

from components import charts
from components.export_font import font_path

from share_helpers import full_specs, run_page, view_pages

PAGES = view_pages()
DISCRETE = {"nominal", "ordinal"}
LABEL_SIZE, PRESENT_LABEL_SIZE = 12, 16  # px: axis labels as drawn, and when presenting
TITLE_SIZE, SUBTITLE_SIZE = 15, 12
TITLE_WIDTH = 330  # px: a right-hand chart at 1366 px is about 350 px wide, 480 px embeds about 440
VEGA_LEGEND_LIMIT = 160  # px: Vega's default legend label limit
LINE = 1.2  # Vega's label box height per line, in font sizes (plus Streamlit's 2 px separation)


@functools.cache
def _font(size: float):
    return ImageFont.truetype(str(font_path()), size)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Pixel width of `text` in the bundled CJK font (bold about 5 % wider), measured here."""
    return _font(size).getlength(text) * (1.05 if bold else 1.0)


def _views(spec: dict, config: dict, height=None):
    """(unit spec, its band height step or None) for every unit in a layered / faceted spec."""
    height = spec.get("height", height)
    if "encoding" in spec:
        yield spec, height
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for part in spec.get(key, []):
            yield from _views(part, config, height)
    if "spec" in spec:
        yield from _views(spec["spec"], config, height)


def _values(spec: dict, field: str) -> list[str]:
    values = []
    for rows in spec.get("datasets", {}).values():
        values += [str(row[field]) for row in rows if row.get(field) is not None]
    return list(dict.fromkeys(values))


def _lines(axis: dict, label: str) -> list[str]:
    expression = axis.get("labelExpr")
    if expression:
        mapping = json.loads(expression.split("[datum.label]")[0])
        return mapping.get(label, [label])
    return [label]


def _discrete_axes(spec: dict):
    """(channel, axis dict, labels, band step) for every category axis drawn."""
    config = spec.get("config", {})
    seen = set()
    for view, height in _views(spec, config):
        for channel in ("x", "y"):
            encoding = view["encoding"].get(channel)
            if not isinstance(encoding, dict) or encoding.get("type") not in DISCRETE:
                continue
            if encoding.get("axis", {}) is None or (channel, encoding["field"]) in seen:
                continue
            seen.add((channel, encoding["field"]))
            step = height.get("step") if isinstance(height, dict) and channel == "y" else None
            offset = "yOffset" in view["encoding"]
            yield channel, encoding.get("axis", {}), _values(spec, encoding["field"]), None if offset else step


def _title_lines(spec: dict) -> tuple[list[str], list[str]]:
    title = spec.get("title") or {}
    if isinstance(title, str):
        title = {"text": title}
    text, subtitle = title.get("text", []), title.get("subtitle", [])
    return ([text] if isinstance(text, str) else text), ([subtitle] if isinstance(subtitle, str) else subtitle)


def _check_labels(spec: dict, size: float) -> list[str]:
    problems = []
    config = spec.get("config", {})
    discrete = config.get("axisDiscrete", {})
    for channel, axis, labels, step in _discrete_axes(spec):
        where = f"{_title_lines(spec)[0][:1]} {channel}"
        if axis.get("labelOverlap") is not False and discrete.get("labelOverlap") is not False:
            problems.append(f"{where}: labels may be hidden (labelOverlap not false)")
        limit = axis.get("labelLimit", discrete.get("labelLimit"))  # an axis's own setting wins
        lines = {label: _lines(axis, label) for label in labels}
        for parts in lines.values():
            for part in parts:
                if limit is None or text_width(part, size) > limit:
                    problems.append(f"{where}: {part!r} ({text_width(part, size):.0f} px) cut at {limit}")
        most = max((len(parts) for parts in lines.values()), default=1)
        needed = size * LINE * most + 2  # Vega's label box height with Streamlit's separation
        if step is not None and step < needed:
            problems.append(f"{where}: band {step} px for {most} line(s) of {size} px labels")
    return problems


def _check_legends(spec: dict, size: float) -> list[str]:
    """Every legend entry fits its label limit (English 'Unclassified' was cut to 'Unclassi')."""
    config = spec.get("config", {}).get("legend", {})
    problems = []
    for view, _height in _views(spec, {}):
        for channel in ("color", "shape", "strokeDash", "size"):
            encoding = view["encoding"].get(channel)
            if not isinstance(encoding, dict) or "field" not in encoding or encoding.get("legend", {}) is None:
                continue
            if encoding.get("type") not in DISCRETE:
                continue
            domain = (encoding.get("scale") or {}).get("domain")
            labels = [str(label) for label in domain] if isinstance(domain, list) else _values(spec, encoding["field"])
            limit = (encoding.get("legend") or {}).get("labelLimit", config.get("labelLimit", VEGA_LEGEND_LIMIT))
            problems += [
                f"legend {label!r} ({text_width(label, size):.0f} px) cut at {limit}"
                for label in labels
                if text_width(label, size) > limit
            ]
    return problems


def _check_titles(spec: dict, title_size: float, subtitle_size: float, width: float) -> list[str]:
    text, subtitle = _title_lines(spec)
    problems = [f"title {line!r}" for line in text if text_width(line, title_size, bold=True) > width]
    return problems + [f"subtitle {line!r}" for line in subtitle if text_width(line, subtitle_size) > width]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_category_label_is_shown_whole(app, page, language):
    run_page(app, page, lang=language, **({"city": "310000"} if page == "city" else {}))
    for spec in full_specs(app):
        assert _check_labels(spec, LABEL_SIZE) == []
        assert _check_legends(spec, LABEL_SIZE) == []
        assert _check_titles(spec, TITLE_SIZE, SUBTITLE_SIZE, TITLE_WIDTH) == []


@pytest.mark.parametrize("page", ["rankings", "pilots", "carbon", "scenarios"])
def test_presenting_keeps_every_label_whole(app, page):
    run_page(app, page, lang="en")
    for spec in full_specs(app):
        presented = charts.presentation_spec(spec)
        assert _check_labels(presented, PRESENT_LABEL_SIZE) == []
        assert _check_legends(presented, PRESENT_LABEL_SIZE) == []


def test_the_two_rankings_bar_charts_name_all_25_cities(app):
    run_page(app, "rankings", lang="en")
    specs = {(_title_lines(spec)[0] or [""])[0]: spec for spec in full_specs(app)}
    innovation = next(spec for title, spec in specs.items() if title.startswith("Innovation score"))
    gap = next(spec for title, spec in specs.items() if title.startswith("Rank gap"))
    for spec in (innovation, gap):
        [(_channel, axis, labels, step)] = list(_discrete_axes(spec))
        assert len(labels) >= 25 and axis.get("labelOverlap") is False and step >= LABEL_SIZE * LINE + 2


def test_legends_list_only_the_tiers_in_view(app):
    run_page(app, "rankings", lang="en", tier=["leading", "pioneer"])
    tier_domains = [
        encoding["scale"]["domain"]
        for spec in full_specs(app)
        for view, _height in _views(spec, {})
        for encoding in [view["encoding"].get("color")]
        if isinstance(encoding, dict) and encoding.get("title") == "2022 tier"
    ]
    assert tier_domains and all(domain == ["Leading", "Pioneer"] for domain in tier_domains), tier_domains


def test_legends_wrap_instead_of_running_off_the_chart(app):
    run_page(app, "overview", lang="en")
    for spec in full_specs(app):
        assert spec["config"]["legend"].get("columns", 99) <= 2, "legends wrap, two entries a row"
