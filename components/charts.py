"""Altair charts. Each function takes prepared rows and returns a chart; pages decide layout.

Every label must be readable where executives look, at 1366 px (a right-hand chart is about
350 px wide) and in a 480 px embed: Streamlit's chart theme hides axis labels whose boxes touch
(`labelOverlap`) and cuts labels at 100 px, and Vega cuts titles at the chart's width. So
category axes come from `category_axis` (never hidden, cut only past LABEL_WIDTH, longer labels
wrapped onto more lines), bands from `band_step` (tall enough for their lines), titles from
`chart_title` (wrapped to TITLE_WIDTH) and legends list two entries a row and only the tiers in
view (`tier_color(rows)`).
"""

import functools
import json
from collections.abc import Iterable
from typing import Literal

import altair as alt
import pandas as pd
import streamlit as st

from components import data_tables, downloads, view_mode
from components.export_font import text_width
from components.filters import tier_heading
from components.i18n import t
from components.map_render import wrap_text
from components.page_context import wording
from components.palette import INNOVATION_GROUP_HEX, TIER_HEX, TIERS
from queries.cache import cached_call

FONT = '"WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif'
MUTED = "#777777"
LABEL_SIZE = 12
LABEL_WIDTH = 210  # px: a wider category label wraps onto another line
LABEL_LIMIT = LABEL_WIDTH + 10  # Vega's cut-off, just above the widest line we let through
MIN_STEP = 20  # a band for one line of 12 px labels (Streamlit hides labels closer than ~17 px)
LINE_STEP = 14  # each further line of a wrapped label
TITLE_SIZE, SUBTITLE_SIZE = 15, 12
TITLE_WIDTH = 320  # px: titles and subtitles wrap, so a 350 px chart shows them whole
LEGEND_COLUMNS = 2


def themed(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Fonts that render Chinese offline, and sizes that stay readable on a slide."""
    return (
        chart.configure(font=FONT)
        .configure_axis(labelFontSize=LABEL_SIZE, titleFontSize=13)
        .configure_axisDiscrete(labelLimit=LABEL_LIMIT, labelOverlap=False)
        .configure_legend(
            labelFontSize=12, titleFontSize=12, orient="bottom", columns=LEGEND_COLUMNS, labelLimit=LABEL_LIMIT
        )
        .configure_title(fontSize=TITLE_SIZE, subtitleFontSize=SUBTITLE_SIZE, anchor="start")
    )


def label_lines(label: str, size: float = LABEL_SIZE) -> list[str]:
    """A category label as the lines it is drawn on (one unless wider than LABEL_WIDTH)."""
    return wrap_text(str(label), LABEL_WIDTH, lambda text: text_width(text, size)) or [""]


def category_axis(labels: Iterable, **options) -> alt.Axis:
    """An axis of categories that shows every label whole: never hidden for overlapping (each band
    is tall enough, see band_step), never cut; a label wider than LABEL_WIDTH is drawn on two or
    more lines. The data keeps each label whole, for tooltips and the CSV."""
    wrapped = {}
    for label in dict.fromkeys(str(label) for label in labels):
        lines = label_lines(label)
        if len(lines) > 1:
            wrapped[label] = lines
    # The cut-off comes from the theme's axisDiscrete config (LABEL_LIMIT), which presentation
    # mode widens with the larger type; an axis-level labelLimit would override that.
    axis = {"labelOverlap": False, **options}
    if wrapped:
        axis["labelExpr"] = f"{json.dumps(wrapped, ensure_ascii=False)}[datum.label] || datum.label"
    return alt.Axis(**axis)


def band_step(labels: Iterable, minimum: int = MIN_STEP) -> alt.Step:
    """The height of a band that holds its label's lines without touching the next."""
    lines = max((len(label_lines(str(label))) for label in labels), default=1)
    return alt.Step(max(minimum, MIN_STEP + LINE_STEP * (lines - 1)))


def chart_title(text: str, subtitle: str | None = None) -> alt.TitleParams:
    """A title (and subtitle) wrapped onto lines of at most TITLE_WIDTH, so nothing is cut off;
    a "\\n" in the subtitle starts a new line."""
    lines = wrap_text(text, TITLE_WIDTH, lambda part: text_width(part, TITLE_SIZE, bold=True)) or [text]
    title = lines if len(lines) > 1 else lines[0]
    if not subtitle:
        return alt.TitleParams(title)
    sublines = [
        line
        for part in subtitle.split("\n")
        for line in wrap_text(part, TITLE_WIDTH, lambda piece: text_width(piece, SUBTITLE_SIZE))
    ]
    return alt.TitleParams(title, subtitle=sublines)


def _spec(builder, *args) -> dict:
    """Vega-Lite spec of `builder(*args)`; building Altair charts is slow (cached per arguments, data
    version and wording: a builder words its chart in the page's language and tier edition)."""
    return builder(*args).to_dict()


def show(builder, *args, export_name: str | None = None, **events) -> None:
    """Draw `builder(*args)` (a function returning an Altair chart), cached per language.

    Under the chart: PNG (2×), SVG and CSV downloads, made only when clicked (components.share);
    `export_name` names the files (default: the builder's name). Presentation mode enlarges the
    chart's type. `events` go to st.vega_lite_chart (key, on_select, selection_mode: see
    components.city_selection for charts that pick cities).
    """
    name = f"{builder.__module__}.{builder.__qualname__}"
    spec = cached_call(name, functools.partial(_spec, builder), *args, also=wording)
    title = _title(spec)
    shown = presentation_spec(spec) if view_mode.is_presenting() else spec
    shown = {**shown, "description": data_tables.description(spec, title)}  # read out by screen readers
    st.vega_lite_chart(spec=dark_spec(shown) if st.context.theme.type == "dark" else shown, **events)
    downloads.chart_exports(spec, export_name or builder.__name__)
    data_tables.chart_table(spec, export_name or builder.__name__, title)


def _title(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text", "")
    return " ".join(title) if isinstance(title, list) else str(title or "")


def dark_spec(spec: dict) -> dict:
    """Text marks and subtitles Streamlit's theme leaves black, made light for the dark theme."""
    config = dict(spec.get("config", {}))
    config["text"] = {**config.get("text", {}), "color": "#e6e8eb"}
    config["title"] = {**config.get("title", {}), "subtitleColor": "#c4c8cf"}
    return {**spec, "config": config}


PRESENT_LABEL_SIZE = 16
PRESENT_SCALE = PRESENT_LABEL_SIZE / LABEL_SIZE
# Larger labels need taller bands (and a wider cut-off) or they would touch or be cut.
PRESENT_MIN_STEP = PRESENT_LABEL_SIZE + 6


def presentation_spec(spec: dict) -> dict:
    """The same chart with type large enough to read from the back of a meeting room."""
    config = dict(spec.get("config", {}))
    config["axis"] = {
        **config.get("axis", {}),
        "labelFontSize": PRESENT_LABEL_SIZE,
        "titleFontSize": 17,
        "labelLimit": 280,
    }
    config["axisDiscrete"] = {**config.get("axisDiscrete", {}), "labelLimit": round(LABEL_LIMIT * PRESENT_SCALE)}
    config["legend"] = {**config.get("legend", {}), "labelFontSize": PRESENT_LABEL_SIZE, "titleFontSize": 16}
    config["title"] = {**config.get("title", {}), "fontSize": 21, "subtitleFontSize": 15}
    config["text"] = {**config.get("text", {}), "fontSize": 14}
    return {**spec, **_roomier_bands(spec), "config": config}


def _roomier_bands(spec: dict) -> dict:
    """Band heights/widths (alt.Step) grown with the labels, in a faceted chart's panels too;
    fixed sizes stay as they are."""
    grown = {
        side: {**size, "step": max(round(size["step"] * PRESENT_SCALE), PRESENT_MIN_STEP)}
        for side, size in ((side, spec.get(side)) for side in ("height", "width"))
        if isinstance(size, dict) and "step" in size
    }
    if isinstance(spec.get("spec"), dict):
        grown["spec"] = {**spec["spec"], **_roomier_bands(spec["spec"])}
    return grown


SELECTED_OUTLINE = "#D55E00"  # vermillion: apart from the tier colours and from the anomaly outline
PICK, LEGEND = "pick", "legend"  # selection names, as components.city_selection reads them


def pickable(layer: alt.Chart, *, legend: bool = False, flagged: bool = False) -> alt.Chart:
    """Cross-filtering on a layer of city marks: a click picks the mark's city (`pick`, on the
    rows' `city_code`), a legend click its tier (`legend`); rows with `dim` fade, rows with `sel`
    get an outline (`flagged` rows keep their black anomaly outline)."""
    params = [alt.selection_point(name=PICK, fields=["city_code"], on="click", clear=False)]
    if legend:
        params.append(alt.selection_point(name=LEGEND, fields=["tier_label"], bind="legend", clear=False))
    outlines = [{"test": "datum.sel", "value": SELECTED_OUTLINE}]
    widths = [{"test": "datum.sel", "value": 3}]
    if flagged:
        outlines.append({"test": "datum.flag", "value": "#000000"})
        widths.append({"test": "datum.flag", "value": 2})
    return layer.add_params(*params).encode(
        opacity=alt.condition("datum.dim", alt.value(0.22), alt.value(1.0)),
        stroke={"condition": outlines, "value": None},
        strokeWidth={"condition": widths, "value": 0},
    )


def faded(layer: alt.Chart) -> alt.Chart:
    """Text beside city marks fades with them."""
    return layer.encode(opacity=alt.condition("datum.dim", alt.value(0.3), alt.value(1.0)))


def _tiers_in(rows: pd.DataFrame | None, field: str) -> list[str]:
    """The tiers whose labels appear in `rows` (all four without rows), in display order."""
    present = None if rows is None else set(rows[field].dropna())
    return [tier for tier in TIERS if present is None or t(f"tier.{tier}") in present]


def tier_color(rows: pd.DataFrame | None = None, field: str = "tier_label", legend: bool = True) -> alt.Color:
    """Tier colours keyed on the localised tier label, in the same order everywhere; the legend
    lists only the tiers in `rows` (those the filter keeps), or all four without rows."""
    tiers = _tiers_in(rows, field)
    return alt.Color(
        f"{field}:N",
        title=tier_heading(),
        scale=alt.Scale(domain=[t(f"tier.{tier}") for tier in tiers], range=[TIER_HEX[tier] for tier in tiers]),
        legend=alt.Undefined if legend else None,
    )


TIER_SHAPES = ("circle", "square", "triangle-up", "diamond")  # tiers by shape too, not colour alone


def tier_shape(rows: pd.DataFrame | None = None, field: str = "tier_label") -> alt.Shape:
    """Tier shapes keyed like tier_color (same tiers, same order), so the two share one legend."""
    tiers = _tiers_in(rows, field)
    return alt.Shape(
        f"{field}:N",
        title=tier_heading(),
        scale=alt.Scale(
            domain=[t(f"tier.{tier}") for tier in tiers], range=[TIER_SHAPES[TIERS.index(tier)] for tier in tiers]
        ),
    )


def _annotation(x: float, y: float, text: str, align: Literal["left", "right"]) -> alt.Chart:
    return (
        alt.Chart(pd.DataFrame({"x": [x], "y": [y], "text": [text]}))
        .mark_text(fontSize=11, color=MUTED, fontStyle="italic", align=align)
        .encode(x="x:Q", y="y:Q", text="text:N")
    )


def _rank_tooltips() -> list[alt.Tooltip]:
    """City, both ranks, their gap and the tier: the tooltip of every rank chart."""
    return [
        alt.Tooltip("city_label:N", title=t("col.city")),
        alt.Tooltip("smart_rank:Q", title=t("measure.smart_rank")),
        alt.Tooltip("gdp_per_capita_rank:Q", title=t("measure.gdp_per_capita_rank")),
        alt.Tooltip("rank_gap:Q", title=t("measure.rank_gap")),
        alt.Tooltip("tier_label:N", title=tier_heading()),
    ]


def rank_vs_gdp(table: pd.DataFrame, count: int) -> alt.TopLevelMixin:
    """Smart-city rank against GDP-per-capita rank; above the diagonal = smarter than rich."""
    axis_max = count + 1
    # Extra room on the right and top for the city names and the two annotations.
    points = alt.Chart(table).encode(
        x=alt.X("smart_rank:Q", title=t("measure.smart_rank"), scale=alt.Scale(domain=[0, axis_max + 2], nice=False)),
        y=alt.Y(
            "gdp_per_capita_rank:Q",
            title=t("measure.gdp_per_capita_rank"),
            scale=alt.Scale(domain=[0, axis_max + 2], nice=False),
        ),
    )
    dots = pickable(
        points.mark_point(size=110, filled=True).encode(
            color=tier_color(table), shape=tier_shape(table), tooltip=_rank_tooltips()
        ),
        legend=True,
    )
    labels = faded(points.mark_text(align="left", dx=8, dy=-2, fontSize=11).encode(text="city_label:N"))
    diagonal = (
        alt.Chart(pd.DataFrame({"x": [0, axis_max + 2], "y": [0, axis_max + 2]}))
        .mark_line(strokeDash=[5, 4], color=MUTED)
        .encode(x="x:Q", y="y:Q")
    )
    chart = (
        diagonal
        + dots
        + labels
        + _annotation(0.5, axis_max + 1.2, t("chart.above_diagonal"), "left")
        + _annotation(axis_max + 1.5, 0.8, t("chart.below_diagonal"), "right")
    )
    return themed(chart.properties(title=chart_title(t("chart.rank_vs_gdp.title")), height=420))


def innovation_bars(rows: pd.DataFrame) -> alt.TopLevelMixin:
    """Innovation scores as printed, coloured by the 2018 梯队; flagged rows outlined in black.

    `group_label` holds the 梯队 in the page's language, `group` the printed one (colour key)."""
    groups = [group for group in INNOVATION_GROUP_HEX if group in set(rows["group"])]
    names = dict(zip(rows["group"], rows["group_label"]))
    base = alt.Chart(rows).encode(
        # An explicit order: Vega-Lite drops encoding sorts when marks are layered.
        y=alt.Y(
            "bar_label:N",
            title=None,
            sort=rows.sort_values("value", ascending=False)["bar_label"].tolist(),
            axis=category_axis(rows["bar_label"]),
        ),
        x=alt.X("value:Q", title=t("measure.innovation_score")),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "group_label:N",
            title=t("chart.innovation.group"),
            scale=alt.Scale(
                domain=[names[group] for group in groups], range=[INNOVATION_GROUP_HEX[group] for group in groups]
            ),
        ),
        tooltip=[
            alt.Tooltip("bar_label:N", title=t("col.city")),
            alt.Tooltip("value:Q", title=t("measure.innovation_score")),
            alt.Tooltip("group_label:N", title=t("chart.innovation.group")),
            alt.Tooltip("citation:N", title=t("col.source")),
            alt.Tooltip("flag_text:N", title=t("col.flag")),
        ],
    )
    bars = pickable(bars, flagged=True)
    values = faded(base.mark_text(align="left", dx=3, fontSize=11).encode(text="value:Q"))
    return themed(
        (bars + values).properties(title=chart_title(t("chart.innovation.title")), height=band_step(rows["bar_label"]))
    )


def gap_bars(rows: pd.DataFrame) -> alt.TopLevelMixin:
    """Rank gap (GDP rank − smart rank) as diverging bars: right of zero = smarter than rich."""
    base = alt.Chart(rows).encode(
        y=alt.Y(
            "city_label:N",
            title=None,
            sort=rows.sort_values("rank_gap", ascending=False)["city_label"].tolist(),
            axis=category_axis(rows["city_label"]),
        ),
        x=alt.X("rank_gap:Q", title=t("measure.rank_gap")),
    )
    bars = pickable(base.mark_bar().encode(color=tier_color(rows), tooltip=_rank_tooltips()), legend=True)
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color=MUTED).encode(x="x:Q")
    return themed(
        (bars + zero).properties(title=chart_title(t("chart.gap.title")), height=band_step(rows["city_label"]))
    )


def measure_bars(rows: pd.DataFrame, label: str, higher_is_better: bool) -> alt.TopLevelMixin:
    """Any measure as ranked bars (best first), coloured by tier: for measures analysts upload."""
    order = rows.sort_values("value", ascending=not higher_is_better)["city_label"].tolist()
    base = (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            y=alt.Y("city_label:N", title=None, sort=order, axis=category_axis(rows["city_label"])),
            x=alt.X("value:Q", title=label),
            color=tier_color(rows),
            tooltip=[
                alt.Tooltip("city_label:N", title=t("col.city")),
                alt.Tooltip("value:Q", title=label),
                alt.Tooltip("tier_label:N", title=tier_heading()),
                alt.Tooltip("citation:N", title=t("col.source")),
            ],
        )
    )
    text = faded(base.mark_text(align="left", dx=3, fontSize=11).encode(text=alt.Text("value:Q", format="~g")))
    return themed(
        (pickable(base, legend=True) + text).properties(title=chart_title(label), height=band_step(rows["city_label"]))
    )
