"""Chart files for slides: the Vega-Lite spec a page already drew, as PNG (2×), SVG and CSV.

vl-convert renders it (Vega embedded, no browser, no network: `allowed_base_urls=[]`) in the
bundled CJK font (components.export_font). The CSV holds the rows the chart plots. Nothing here
touches Streamlit, so the deferred download callables and the benchmarks can call it directly.
"""

from __future__ import annotations

import copy

import pandas as pd

from components.csv_files import frame_csv
from components.export_font import FONT_FAMILY, RENDER_LOCK, font_path

CHART_FONT = f'"{FONT_FAMILY}", sans-serif'
CHART_WIDTH = 760  # CSS px of a chart drawn into a container; about a 16:9 slide's content width

_vl_ready = False


def _vl_convert():
    global _vl_ready
    import vl_convert

    if not _vl_ready:
        vl_convert.register_font_directory(str(font_path().parent))
        _vl_ready = True
    return vl_convert


def slide_spec(spec: dict, *, width: int = CHART_WIDTH) -> dict:
    """The chart as drawn, sized for a slide and set in the bundled font on white."""
    out = copy.deepcopy(spec)
    out.pop("autosize", None)
    if "width" not in out and not any(key in out for key in ("hconcat", "vconcat", "concat", "facet", "repeat")):
        out["width"] = width
    config = out.setdefault("config", {})
    config["font"] = CHART_FONT
    config["background"] = "white"
    for key in ("title", "axis", "legend", "header", "text", "mark"):
        if isinstance(config.get(key), dict) and "font" in config[key]:
            config[key]["font"] = CHART_FONT
    return out


def chart_png(spec: dict, scale: float = 2.0) -> bytes:
    """PNG of a Vega-Lite spec (an Altair chart's `to_dict()`), `scale`× for slides."""
    vlc = _vl_convert()
    with RENDER_LOCK:
        return vlc.vegalite_to_png(slide_spec(spec), scale=scale, allowed_base_urls=[])


def chart_svg(spec: dict) -> bytes:
    """SVG of a Vega-Lite spec; text stays text (editable in slide software), UTF-8."""
    vlc = _vl_convert()
    with RENDER_LOCK:
        return vlc.vegalite_to_svg(slide_spec(spec), allowed_base_urls=[]).encode("utf-8")


def _units(spec: dict, data=None, datasets=None):
    """(unit spec, its data name or values) for every view that draws marks."""
    datasets = datasets if datasets is not None else spec.get("datasets", {})
    data = spec.get("data", data)
    if "encoding" in spec or "mark" in spec:
        yield spec, data, datasets
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for child in spec.get(key, []):
            yield from _units(child, data, datasets)
    if isinstance(spec.get("spec"), dict):
        yield from _units(spec["spec"], data, datasets)


def _rows_of(data, datasets) -> list[dict]:
    if not isinstance(data, dict):
        return []
    if "values" in data:
        return list(data["values"])
    return list(datasets.get(data.get("name"), []))


def chart_rows(spec: dict) -> tuple[list[str], list[str], list[dict]]:
    """(fields, headers, rows) of the data a chart plots, as the chart labels them.

    The chart's main layer is the one whose marks carry tooltips (the data a reader points at);
    its columns are the tooltip fields, then any other encoded field, each headed by the title
    the chart gives it, so the header follows the interface language.
    """
    best = None
    for unit, data, datasets in _units(spec):
        encoding = unit.get("encoding", {})
        tooltips = encoding.get("tooltip", [])
        tooltips = tooltips if isinstance(tooltips, list) else [tooltips]
        rows = _rows_of(data, datasets)
        score = (len(tooltips), len(rows))
        if rows and (best is None or score > best[0]):
            best = (score, encoding, tooltips, rows)
    if best is None:
        return [], [], []
    _, encoding, tooltips, rows = best
    fields, titles = [], {}
    channels = [*tooltips] + [
        encoding[c] for c in ("y", "x", "color", "size", "text", "theta") if isinstance(encoding.get(c), dict)
    ]
    for channel in channels:
        field = channel.get("field") if isinstance(channel, dict) else None
        if not field or field not in rows[0]:
            continue
        title = channel.get("title")
        if field not in fields:
            fields.append(field)
        if isinstance(title, str) and title and field not in titles:
            titles[field] = title
    return fields, [titles.get(field) or field for field in fields], rows


def chart_csv(spec: dict) -> bytes:
    """The rows a chart plots, headed as the chart titles them (see chart_rows)."""
    fields, headers, rows = chart_rows(spec)
    return frame_csv(pd.DataFrame(rows).reindex(columns=fields), headers)
