"""Briefing decks: the charts pages draw become native, editable PowerPoint charts with the same
rows, colours and labels; notes carry the sources; the PDF says the same on one page per slide;
and the .pptx renders (LibreOffice → PDF → PNG) with the charts visible."""

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE, XL_MARKER_STYLE

from components import chart_files
from components.briefing_charts import native_chart
from components.briefing_deck import Briefing, Slide, Visual, pptx_bytes
from components.briefing_pdf import pdf_bytes
from components.export_font import font_path
from components.palette import TIER_HEX

from share_helpers import full_specs, run_page

SOURCE = "Deloitte 2018 000:L419–L443 · Basis: explicit 25"


def _chart(app, page: str, title: str, **params) -> dict:
    run_page(app, page, **params)
    specs = [spec for spec in full_specs(app) if title in str(spec.get("title"))]
    assert specs, f"no chart titled {title!r} on {page}"
    return specs[0]


def test_scatter_keeps_every_city_its_tier_colour_and_name(app):
    spec = _chart(app, "rankings", "GDP", lang="en")
    chart = native_chart(spec)
    assert chart is not None and chart.kind == "scatter"
    tiers = {series.name: series for series in chart.series if not series.dashed}
    assert set(tiers) == {"Leading", "Pioneer", "Exploring", "Unclassified"}
    assert tiers["Leading"].colour == TIER_HEX["leading"] and tiers["Pioneer"].colour == TIER_HEX["pioneer"]
    points = {label: point for series in tiers.values() for label, point in zip(series.labels, series.points)}
    assert len(points) == 25
    assert points["Guiyang"] == (8.0, 23.0), "贵阳: smart rank 8, GDP-per-capita rank 23, as the report prints"
    assert any(series.dashed for series in chart.series), "the diagonal comes along as a reference line"
    assert {tiers["Leading"].shape, tiers["Pioneer"].shape} == {"circle", "square"}, "tiers by shape as on screen"


def test_bars_keep_order_values_and_colour_groups(app):
    spec = _chart(app, "rankings", "Innovation", lang="en")
    chart = native_chart(spec)
    assert chart is not None and chart.kind == "bar" and chart.stacked and chart.value_labels
    rows = spec["datasets"][spec["layer"][0]["data"]["name"]] if "data" in spec["layer"][0] else None
    rows = rows or next(iter(spec["datasets"].values()))
    expected = {row["bar_label"]: row["value"] for row in rows}
    got = {cat: value for cat, _, value in chart.rows() if value is not None}
    assert got == pytest.approx(expected)
    assert chart.categories[0] == max(expected, key=expected.get), "the highest score first, as drawn"
    # English page: the 2018 groups in English (they were printed 第一梯队 … on English pages before)
    assert [series.name for series in chart.series] == ["First group", "Second group", "Third group"]


def test_grouped_bars_put_each_group_on_its_own_row(app):
    spec = _chart(app, "pilots", "maturity", lang="en")
    chart = native_chart(spec)
    assert chart is not None and chart.kind == "bar" and chart.stacked
    assert any(category.endswith("· China") for category in chart.categories)
    assert any(category.endswith("· EU") for category in chart.categories)


def test_heatmap_has_no_native_equivalent(app):
    run_page(app, "scenarios", lang="en", framework="ccid_2019")
    specs = [spec for spec in full_specs(app) if "rect" in str(spec)]
    assert specs and native_chart(specs[0]) is None


def _briefing(app, language: str = "en") -> Briefing:
    run_page(app, "rankings", lang=language)
    specs = full_specs(app)
    slides = []
    for index, spec in enumerate(specs):
        chart = native_chart(spec)
        visual = Visual(chart=chart) if chart else Visual(image=chart_files.chart_png(spec, scale=1), description="x")
        slides.append(
            Slide(
                title=f"View {index}",
                view_title="City rankings",
                link=f"http://127.0.0.1:8501/rankings?lang={language}&chart={index}",
                figure="+15",
                figure_label="贵阳: rank gap",
                takeaway="贵阳 ranks 15 places higher for smartness than for wealth (8 vs 23).",
                note=f"presenter note {index}",
                visual=visual,
                sources=[SOURCE],
            )
        )
    return Briefing(title="Q4 城市简报", language=language, date="2026-11-29", slides=slides, reports=["000 Deloitte"])


def test_deck_has_native_charts_with_the_rows_and_notes_with_sources(app):
    briefing = _briefing(app)
    deck = Presentation(io.BytesIO(pptx_bytes(briefing)))
    slides = list(deck.slides)
    assert len(slides) == len(briefing.slides) + 2, "title slide, one per view, sources slide"
    charts = [shape.chart for slide in slides for shape in slide.shapes if shape.has_chart]
    assert len(charts) == sum(1 for slide in briefing.slides if slide.visual and slide.visual.chart)
    scatter = next(chart for chart in charts if chart.chart_type == XL_CHART_TYPE.XY_SCATTER)
    leading = next(series for series in scatter.plots[0].series if series.name == "Leading")
    model = next(
        s.visual.chart for s in briefing.slides if s.visual and s.visual.chart and s.visual.chart.kind == "scatter"
    )
    expected = next(series for series in model.series if series.name == "Leading")
    assert [v for v in leading.values if v is not None] == [y for _, y in expected.points]
    assert str(leading.marker.format.fill.fore_color.rgb) == TIER_HEX["leading"].lstrip("#")
    pioneer = next(series for series in scatter.plots[0].series if series.name == "Pioneer")
    assert pioneer.marker.style == XL_MARKER_STYLE.SQUARE
    # The values live in an embedded workbook, so PowerPoint's "Edit Data" opens and edits them.
    workbook = openpyxl.load_workbook(io.BytesIO(scatter.part.chart_workbook.xlsx_part.blob))
    cells = {cell.value for row in workbook.active.iter_rows() for cell in row if cell.value is not None}
    assert {"Leading", "Pioneer"} <= cells and {y for _, y in expected.points} <= cells
    for slide, model_slide in zip(slides[1:-1], briefing.slides):
        notes = slide.notes_slide.notes_text_frame.text
        assert re.search(r"000:L\d+", notes) and "Basis: explicit" in notes
        assert model_slide.link in notes and model_slide.note in notes
    typefaces = {node.get("typeface") for node in slides[1]._element.iter() if node.tag.endswith("}ea")}
    assert typefaces == {"Noto Sans SC"}


def test_pdf_has_one_page_per_slide_in_the_bundled_font(app):
    briefing = _briefing(app, "zh")
    pdf = pdf_bytes(briefing)
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == len(briefing.slides) + 2
    assert b"NotoSansSC" in pdf, "Chinese set in the embedded Noto Sans SC"


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_deck_renders_with_visible_tier_coloured_charts(app, tmp_path):
    """LibreOffice renders the .pptx (PDF, then PNG with poppler): the scatter's tier colours show."""
    if not (_office() and shutil.which("pdftoppm")):
        if os.environ.get("CI"):
            pytest.fail("CI needs libreoffice-impress and poppler-utils (.ci/run installs them)")
        pytest.skip("needs LibreOffice (libreoffice-impress) and poppler-utils")
    briefing = _briefing(app, "zh")
    path = tmp_path / "briefing.pptx"
    path.write_bytes(pptx_bytes(briefing))
    fonts = tmp_path / "fonts.conf"
    fonts.write_text(
        '<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{font_path().parent}</dir></fontconfig>"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts), "HOME": str(tmp_path)}
    subprocess.run(
        [_office(), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        env=env,
        capture_output=True,
        timeout=180,
    )
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(tmp_path / "briefing.pdf"), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(briefing.slides) + 2
    artifacts = Path(__file__).resolve().parents[1] / "test-artifacts" / "briefing"
    artifacts.mkdir(parents=True, exist_ok=True)
    for page in pages:
        shutil.copy(page, artifacts / page.name)
    index = next(
        i for i, s in enumerate(briefing.slides) if s.visual and s.visual.chart and s.visual.chart.kind == "scatter"
    )
    pixels = np.asarray(Image.open(pages[index + 1]).convert("RGB"), dtype=int)
    for tier in ("leading", "pioneer", "exploring"):
        colour = np.array([int(TIER_HEX[tier][i : i + 2], 16) for i in (1, 3, 5)])
        close = (np.abs(pixels - colour).sum(axis=2) < 40).sum()
        assert close > 20, f"{tier} points visible on the rendered scatter slide"
