"""Every chart shows every label whole, where executives look: at 1366 px (a right-hand chart is
~350 px wide) and in 480 px embeds. Streamlit's chart theme hides category labels whose boxes
touch and cuts labels at 100 px; Vega cuts titles at the chart's width. These tests read each
chart's Vega-Lite spec on every page in both languages (and presenting), measure its labels in
the bundled font, and check that no label can be hidden or cut."""

import json
import re

import pytest

from components import charts
from components.export_font import text_width

from share_helpers import full_specs, run_page, view_pages

PAGES = view_pages()
DISCRETE = {"nominal", "ordinal"}


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
        needed = size * 1.2 * most + 2  # Vega's label box height with Streamlit's separation
        if step is not None and step < needed:
            problems.append(f"{where}: band {step} px for {most} line(s) of {size} px labels")
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
        assert _check_labels(spec, charts.LABEL_SIZE) == []
        assert _check_titles(spec, charts.TITLE_SIZE, charts.SUBTITLE_SIZE, charts.TITLE_WIDTH) == []


@pytest.mark.parametrize("page", ["rankings", "pilots", "carbon", "scenarios"])
def test_presenting_keeps_every_label_whole(app, page):
    run_page(app, page, lang="en")
    for spec in full_specs(app):
        presented = charts.presentation_spec(spec)
        assert _check_labels(presented, charts.PRESENT_LABEL_SIZE) == []


def test_the_two_rankings_bar_charts_name_all_25_cities(app):
    run_page(app, "rankings", lang="en")
    specs = {(_title_lines(spec)[0] or [""])[0]: spec for spec in full_specs(app)}
    innovation = next(spec for title, spec in specs.items() if title.startswith("Innovation score"))
    gap = next(spec for title, spec in specs.items() if title.startswith("Rank gap"))
    for spec in (innovation, gap):
        [(_channel, axis, labels, step)] = list(_discrete_axes(spec))
        assert len(labels) >= 25 and axis["labelOverlap"] is False and step >= charts.MIN_STEP


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
        assert spec["config"]["legend"]["columns"] == charts.LEGEND_COLUMNS


def test_no_label_is_a_raw_line_break():
    assert not re.search(r"\\n", charts.chart_title("a", "b\nc").to_dict()["subtitle"][0])
