"""A briefing as a slide model, and that model as a PowerPoint deck (python-pptx).

Streamlit-free: the briefing page builds a `Briefing` from the views in its basket, and the
download callables turn it into a .pptx here or a PDF (components/briefing_pdf.py), both drawn
from the same model so the two files say the same thing.

Each view slide has the presenter's title (else the view's), the view's key figure and
takeaway, one visual (a native chart from components/briefing_charts.py, or a PNG: the
1920×1080 map render, or the chart's render when it has no native equivalent), and in the
speaker notes the presenter's note, the sources with file:line and basis, and the link back to
the live view. A title slide opens the deck and a sources slide closes it. Text is set in Noto
Sans SC (Latin and East Asian typefaces), the font the exports bundle.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_AXIS_CROSSES,
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from components.briefing_charts import NativeChart
from texts.catalogue import text

FONT = "Noto Sans SC"
SLIDE_SIZE = (Inches(13.333), Inches(7.5))  # 16:9
INK = "1F2430"
MUTED = "4A4F58"
ACCENT = "0072B2"  # the leading tier's Okabe–Ito blue


@dataclass
class Visual:
    """What a slide shows: a native chart, or a PNG with its description."""

    chart: NativeChart | None = None
    image: bytes | None = None
    description: str = ""


@dataclass
class Slide:
    title: str
    view_title: str  # the page's title, e.g. "City rankings"
    link: str  # the live view
    figure: str = ""
    figure_label: str = ""
    takeaway: str = ""
    note: str = ""  # the presenter's note
    visual: Visual | None = None
    sources: list[str] = field(default_factory=list)  # "Deloitte … 000:L419–L443 · Basis: explicit 25"


@dataclass
class Briefing:
    title: str
    language: str
    date: str  # as the title slide prints it
    slides: list[Slide] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)  # the reports cited, for the sources slide

    def all_sources(self) -> list[str]:
        return list(dict.fromkeys(source for slide in self.slides for source in slide.sources))


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------


def _set_font(font, size: float | None = None, *, bold: bool = False, colour: str = INK) -> None:
    """Latin and East Asian typeface both Noto Sans SC (python-pptx sets only the Latin one)."""
    font.name = FONT
    r_pr = font._rPr
    for tag in ("a:ea", "a:cs"):
        existing = r_pr.find(qn(tag))
        if existing is None:
            existing = etree.SubElement(r_pr, qn(tag))
        existing.set("typeface", FONT)
    if size is not None:
        font.size = Pt(size)
    font.bold = bold
    font.color.rgb = RGBColor.from_string(colour)


def _text_box(slide, left, top, width, height, paragraphs, *, anchor=MSO_ANCHOR.TOP):
    """A text box of (text, size, bold, colour) paragraphs that wraps inside its width."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for index, (line, size, bold, colour) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        _set_font(run.font, size, bold=bold, colour=colour)
    return box


def notes_text(slide: Slide, language: str) -> str:
    """The speaker notes: the presenter's note, the sources (file:line, basis) and the live link."""
    parts = []
    if slide.note:
        parts += [slide.note, ""]
    if slide.takeaway:
        parts += [slide.takeaway, ""]
    parts.append(text(language, "briefing.deck.sources"))
    parts += [f"• {source}" for source in slide.sources] or [text(language, "briefing.deck.no_sources")]
    parts += ["", f"{text(language, 'briefing.deck.live_view')} {slide.link}"]
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------------------------


MARKERS = {
    "circle": XL_MARKER_STYLE.CIRCLE,
    "square": XL_MARKER_STYLE.SQUARE,
    "triangle-up": XL_MARKER_STYLE.TRIANGLE,
    "diamond": XL_MARKER_STYLE.DIAMOND,
}


def _rgb(hex_colour: str) -> RGBColor:
    value = hex_colour.lstrip("#")
    return RGBColor.from_string(value.upper() if len(value) == 6 else "777777")


def _chart_fonts(chart, size: float = 12) -> None:
    chart.font.size = Pt(size)
    _set_font(chart.font, size, colour=INK)


def _axis_title(axis, title: str) -> None:
    if not title:
        return
    axis.has_title = True
    axis.axis_title.text_frame.text = title
    for paragraph in axis.axis_title.text_frame.paragraphs:
        for run in paragraph.runs:
            _set_font(run.font, 12, colour=MUTED)


def _hide_legend_entry(chart, index: int) -> None:
    legend = chart._chartSpace.chart.find(qn("c:legend"))
    if legend is None:
        return
    entry = etree.SubElement(legend, qn("c:legendEntry"))
    etree.SubElement(entry, qn("c:idx")).set("val", str(index))
    etree.SubElement(entry, qn("c:delete")).set("val", "1")
    legend.remove(entry)
    legend.insert(1, entry)  # after c:legendPos, as the schema orders it


def add_native_chart(slide, model: NativeChart, left, top, width, height):
    """The model as an editable chart part (its values in an embedded workbook)."""
    if model.kind == "scatter":
        xy = XyChartData()
        longest = max(len(series.points) for series in model.series)
        for series in model.series:
            target = xy.add_series(series.name or " ")
            for x, y in series.points:
                target.add_data_point(x, y)
            # Blank points to one length: LibreOffice draws only the longest of unequal XY series.
            for _ in range(longest - len(series.points)):
                target.add_data_point(None, None)
        frame = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, left, top, width, height, xy)
    else:
        data = CategoryChartData()
        data.categories = model.categories
        for series in model.series:
            data.add_series(series.name or model.value_title or " ", series.values)
        kind = {
            ("bar", True): XL_CHART_TYPE.BAR_STACKED,
            ("bar", False): XL_CHART_TYPE.BAR_CLUSTERED,
            ("column", True): XL_CHART_TYPE.COLUMN_STACKED,
            ("column", False): XL_CHART_TYPE.COLUMN_CLUSTERED,
            ("line", True): XL_CHART_TYPE.LINE_MARKERS,
            ("line", False): XL_CHART_TYPE.LINE_MARKERS,
        }[(model.kind, model.stacked)]
        frame = slide.shapes.add_chart(kind, left, top, width, height, data)
    chart = frame.chart
    _chart_fonts(chart, 12 if model.kind == "scatter" or len(model.categories) <= 14 else 10)
    chart.has_title = bool(model.title)
    if model.title:
        chart.chart_title.text_frame.text = model.title
        for paragraph in chart.chart_title.text_frame.paragraphs:
            for run in paragraph.runs:
                _set_font(run.font, 15, bold=True)
    named = [series for series in model.series if series.name and not series.dashed]
    chart.has_legend = len(named) > 1 or (len(named) == 1 and bool(model.legend_title))
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    if model.kind in ("bar", "column"):
        plot.gap_width = 40
        if model.stacked:
            plot.overlap = 100
        if model.kind == "bar":
            chart.category_axis.reverse_order = True  # first category on top, as on screen
            chart.value_axis.crosses = XL_AXIS_CROSSES.MAXIMUM  # values along the bottom
        chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # left of negative bars
        for index, series in enumerate(model.series):
            fill = plot.series[index].format.fill
            fill.solid()
            fill.fore_color.rgb = _rgb(series.colour)
            if model.value_labels:
                labels = plot.series[index].data_labels
                labels.show_value = True
                labels.number_format = "General"
                labels.number_format_is_linked = False
                labels.position = XL_LABEL_POSITION.INSIDE_BASE if model.stacked else XL_LABEL_POSITION.OUTSIDE_END
                labels.font.size = Pt(9)
    elif model.kind == "line":
        for index, series in enumerate(model.series):
            line = plot.series[index].format.line
            line.color.rgb = _rgb(series.colour)
            line.width = Pt(2.25)
            marker = plot.series[index].marker
            marker.style = XL_MARKER_STYLE.CIRCLE
            marker.format.fill.solid()
            marker.format.fill.fore_color.rgb = _rgb(series.colour)
    else:
        for index, series in enumerate(model.series):
            target = plot.series[index]
            if series.dashed:
                target.marker.style = XL_MARKER_STYLE.NONE
                target.format.line.color.rgb = _rgb(series.colour)
                target.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
                target.format.line.width = Pt(1.25)
                target.smooth = False
                if chart.has_legend:
                    _hide_legend_entry(chart, index)
                continue
            target.format.line.fill.background()  # points only, no connecting line
            target.marker.style = MARKERS.get(series.shape, XL_MARKER_STYLE.CIRCLE)
            target.marker.size = 9
            target.marker.format.fill.solid()
            target.marker.format.fill.fore_color.rgb = _rgb(series.colour)
            target.marker.format.line.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            for point_index, label in enumerate(series.labels):
                if not label:
                    continue
                point_label = target.points[point_index].data_label
                point_label.position = XL_LABEL_POSITION.RIGHT
                point_label.text_frame.text = label
                for run in point_label.text_frame.paragraphs[0].runs:
                    _set_font(run.font, 9, colour=INK)
        if model.x_range:
            chart.category_axis.minimum_scale, chart.category_axis.maximum_scale = model.x_range
        if model.y_range:
            chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = model.y_range
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xDD, 0xDD)
    _axis_title(chart.value_axis, model.value_title)
    _axis_title(chart.category_axis, model.category_title)
    return frame


def _add_picture(slide, png: bytes, left, top, width, height):
    """The PNG fitted into the box, centred, keeping its aspect ratio."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        ratio = image.width / image.height
    box_ratio = width / height
    if ratio > box_ratio:
        shown_w, shown_h = width, int(width / ratio)
    else:
        shown_w, shown_h = int(height * ratio), height
    return slide.shapes.add_picture(
        io.BytesIO(png), left + (width - shown_w) // 2, top + (height - shown_h) // 2, shown_w, shown_h
    )


# ---------------------------------------------------------------------------------------------
# The deck
# ---------------------------------------------------------------------------------------------

MARGIN = Inches(0.5)


def _slide_with_heading(deck, heading: str):
    """A blank 16:9 slide with its heading across the top."""
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    width = deck.slide_width - 2 * MARGIN
    _text_box(slide, MARGIN, Inches(0.3), width, Inches(0.75), [(heading, 26, True, INK)], anchor=MSO_ANCHOR.BOTTOM)
    return slide


def _title_slide(deck, briefing: Briefing) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    width = deck.slide_width - 2 * MARGIN
    _text_box(
        slide,
        MARGIN,
        Inches(2.3),
        width,
        Inches(1.6),
        [(briefing.title, 40, True, INK)],
        anchor=MSO_ANCHOR.BOTTOM,
    )
    _text_box(
        slide,
        MARGIN,
        Inches(4.0),
        width,
        Inches(1.4),
        [
            (text(briefing.language, "briefing.deck.subtitle", count=len(briefing.slides)), 18, False, MUTED),
            (briefing.date, 16, False, MUTED),
        ],
    )
    bar = slide.shapes.add_shape(1, MARGIN, Inches(3.95), Inches(1.6), Emu(Pt(5)))  # 1 = rectangle
    bar.fill.solid()
    bar.fill.fore_color.rgb = RGBColor.from_string(ACCENT)
    bar.line.fill.background()
    slide.notes_slide.notes_text_frame.text = text(briefing.language, "briefing.deck.title_notes")


def _view_slide(deck, briefing: Briefing, model: Slide) -> None:
    slide = _slide_with_heading(deck, model.title)
    width = deck.slide_width - 2 * MARGIN
    top = int(Inches(1.1))
    if model.figure or model.takeaway:
        figure_w = Inches(2.3) if model.figure else 0
        if model.figure:
            _text_box(slide, MARGIN, top, figure_w, Inches(0.95), [(model.figure, 34, True, ACCENT)])
        lines = [(model.figure_label, 12, False, MUTED)] if model.figure_label else []
        _text_box(
            slide,
            MARGIN + figure_w,
            top,
            width - figure_w,
            Inches(0.95),
            [*lines, (model.takeaway, 15, False, INK)],
            anchor=MSO_ANCHOR.MIDDLE,
        )
        top += int(Inches(1.05))
    footer_h = Inches(0.55)
    visual_h = deck.slide_height - top - footer_h - Inches(0.2)
    if model.visual is not None and model.visual.chart is not None:
        add_native_chart(slide, model.visual.chart, MARGIN, top, width, visual_h)
    elif model.visual is not None and model.visual.image:
        picture = _add_picture(slide, model.visual.image, MARGIN, top, width, visual_h)
        if model.visual.description:  # the picture's alt text, read by screen readers
            picture._element.nvPicPr.cNvPr.set("descr", model.visual.description)
    source_line = " · ".join(model.sources[:2]) + (" …" if len(model.sources) > 2 else "")
    _text_box(
        slide,
        MARGIN,
        deck.slide_height - footer_h - Inches(0.1),
        width,
        footer_h,
        [(source_line or model.view_title, 9, False, MUTED)],
        anchor=MSO_ANCHOR.BOTTOM,
    )
    slide.notes_slide.notes_text_frame.text = notes_text(model, briefing.language)


def _sources_slide(deck, briefing: Briefing) -> None:
    language = briefing.language
    slide = _slide_with_heading(deck, text(language, "briefing.deck.sources_title"))
    width = deck.slide_width - 2 * MARGIN
    lines = [(f"{index}. {report}", 13, False, INK) for index, report in enumerate(briefing.reports, 1)]
    lines.append(("", 8, False, INK))
    sources = briefing.all_sources()
    size = 11 if len(sources) <= 10 else 9
    lines += [(f"• {source}", size, False, MUTED) for source in sources]
    lines += [("", 8, False, INK), (text(language, "briefing.deck.basis_rule"), 10, False, MUTED)]
    box = _text_box(slide, MARGIN, Inches(1.2), width, Inches(5.9), lines)
    box.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    slide.notes_slide.notes_text_frame.text = "\n".join(
        [text(language, "briefing.deck.sources"), *sources, "", *(slide.link for slide in briefing.slides)]
    )


def pptx_bytes(briefing: Briefing) -> bytes:
    """The briefing as a .pptx: title slide, one slide per view, sources slide."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_SIZE
    deck.core_properties.title = briefing.title
    deck.core_properties.language = "zh-CN" if briefing.language == "zh" else "en-US"
    _title_slide(deck, briefing)
    for model in briefing.slides:
        _view_slide(deck, briefing, model)
    _sources_slide(deck, briefing)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
