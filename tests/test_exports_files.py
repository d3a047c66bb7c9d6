"""Slide-ready exports: every chart and map on every page exports as PNG (and SVG / CSV), Chinese
renders in the bundled font (not as tofu boxes), and CSVs hold exactly the rows on screen."""

import csv
import io
import json
import re
import warnings

import numpy as np
import pytest
from PIL import Image

from components import chart_files, export_font, map_render
from components.chart_files import chart_csv
from components.csv_files import frame_csv
from components.downloads import MapExport
from components.map_points import LATITUDE, LONGITUDE, PLACE, MapPoints
from texts.catalogue import catalog

from apptest_helpers import layer_features
from share_helpers import deck_jsons, full_specs, page_context, png_size, run_page, view_pages

PAGES = view_pages()
EN = catalog("en")
CJK_SAMPLE = "智慧城市图谱领军先锋探索排名来源边界"


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel reads Chinese"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _band(png: bytes, top: float, bottom: float, left: float = 0.0, right: float = 1.0) -> np.ndarray:
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    return np.asarray(
        image.crop((int(left * width), int(top * height), int(right * width), int(bottom * height))), dtype=int
    )


def test_bundled_font_covers_chinese():
    from fontTools.ttLib import TTFont

    path = export_font.font_path()
    assert path.is_file() and path.stat().st_size > 5_000_000
    cmap = TTFont(str(path), lazy=True).getBestCmap()
    assert all(ord(char) in cmap for char in CJK_SAMPLE)
    assert "site-packages" in str(path), "installed from requirements.txt, not from the system"


# --- charts ------------------------------------------------------------------------------------


def _simple_chart(title: str) -> dict:
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame({"城市": ["北京", "上海", '=HYPERLINK("x")'], "value": [3, -2, 1]})
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("城市:N", title=None),
            x=alt.X("value:Q", title="排名差"),
            tooltip=[alt.Tooltip("城市:N", title="城市"), alt.Tooltip("value:Q", title="排名差")],
        )
        .properties(title=title)
    )
    return chart.to_dict()


def test_chart_png_is_2x_and_draws_chinese_glyphs():
    one, two = (
        chart_files.chart_png(_simple_chart("智慧城市图谱")),
        chart_files.chart_png(_simple_chart("领军先锋探索")),
    )
    width, height = png_size(one)
    assert width >= 2 * chart_files.CHART_WIDTH and height > 100
    # Tofu boxes look the same whatever the character: two different titles of the same length
    # would give identical title pixels. Real glyphs differ, and leave ink.
    band_one, band_two = _band(one, 0, 0.15), _band(two, 0, 0.15)
    assert (band_one < 128).sum() > 400
    assert np.abs(band_one - band_two).sum() > 50_000


def test_chart_png_uses_the_bundled_font_not_tofu(monkeypatch):
    """The same title rendered with a font family that has no CJK glyphs must look different."""
    spec = _simple_chart("智慧城市图谱")
    ours = chart_files.chart_png(spec)
    monkeypatch.setattr(chart_files, "CHART_FONT", "Bitstream Vera Sans Mono, monospace")
    other = chart_files.chart_png(spec)
    band, other_band = _band(ours, 0, 0.15), _band(other, 0, 0.15)
    assert band.shape != other_band.shape or np.abs(band - other_band).sum() > 0


def test_chart_svg_keeps_chinese_text_in_the_bundled_font():
    svg = chart_files.chart_svg(_simple_chart("智慧城市图谱")).decode("utf-8")
    assert svg.lstrip().startswith("<svg") and "智慧城市图谱" in svg
    assert "Noto Sans SC" in svg


def test_chart_csv_has_the_rows_and_localised_headers_and_neutralises_formulas():
    rows = _rows(chart_csv(_simple_chart("t")))
    assert rows[0] == ["城市", "排名差"]
    assert rows[1:] == [["北京", "3"], ["上海", "-2"], ['\'=HYPERLINK("x")', "1"]]


def test_frame_csv_neutralises_every_formula_start():
    import pandas as pd

    frame = pd.DataFrame(
        {"a": ["=1+1", "+1", "-x", "@SUM(A1)", "\tcmd", "\rcmd", "安全"], "b": [1.0, 2.0, None, 4, 5, 6, 7]}
    )
    rows = _rows(frame_csv(frame, ["甲", "=乙"]))
    assert rows[0] == ["甲", "'=乙"]
    assert [row[0] for row in rows[1:]] == ["'=1+1", "'+1", "'-x", "'@SUM(A1)", "'\tcmd", "\ncmd", "安全"]
    assert [row[1] for row in rows[1:]] == ["1", "2", "", "4", "5", "6", "7"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_chart_on_every_page_exports(app, page, language):
    run_page(app, page, lang=language)
    specs = full_specs(app)
    for spec in specs:
        png = chart_files.chart_png(spec)
        width, height = png_size(png)
        assert width >= 2 * 300 and height >= 2 * 80
        svg = chart_files.chart_svg(spec).decode("utf-8")
        assert "<svg" in svg
        title = spec.get("title")
        title = title.get("text") if isinstance(title, dict) else title
        if title:
            assert (title if isinstance(title, str) else title[0]).split()[0] in svg.replace("&amp;", "&")
        _fields, headers, rows = chart_files.chart_rows(spec)
        data = _rows(chart_csv(spec))
        assert data[0] == headers and len(data) - 1 == len(rows) > 0


# --- maps --------------------------------------------------------------------------------------


def _map(title: str, font=None, monkeypatch=None) -> bytes:
    deck = _overview_deck()
    return map_render.map_png(
        deck,
        title=title,
        legend=[map_render.LegendItem("领军", "#0072B2")],
        source="来源：德勤 2022",
        credit="边界为 Natural Earth 事实控制线",
    )


_DECK = {}


def _overview_deck() -> str:
    if "overview" not in _DECK:
        from conftest import ROOT
        from streamlit.testing.v1 import AppTest

        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        _DECK["overview"] = deck_jsons(at)[0]
    return _DECK["overview"]


def test_map_png_has_provinces_points_legend_title_source_and_credit():
    png = _map("全国城市分布")
    assert png_size(png) == map_render.MAP_SIZE
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    from components.palette import PROVINCE_FILL, TIER_HEX, hex_to_rgba

    province = (np.abs(image - np.array(PROVINCE_FILL[:3])).max(axis=2) <= 8).sum()
    assert province > 150_000, "province polygons drawn"
    leading = (np.abs(image - np.array(hex_to_rgba(TIER_HEX["leading"])[:3])).max(axis=2) <= 10).sum()
    assert leading > 500, "leading-tier city markers (and the legend swatch) drawn"
    assert (_band(png, 0.02, 0.1, 0, 0.4) < 100).sum() > 500, "title drawn"
    assert (_band(png, 0.9, 1.0, 0, 0.6) < 160).sum() > 300, "source line and boundary credit drawn"


def test_map_png_draws_chinese_not_tofu(monkeypatch):
    one, two = _map("智慧城市图谱"), _map("领军先锋探索")
    title_one, title_two = _band(one, 0.02, 0.1, 0, 0.4), _band(two, 0.02, 0.1, 0, 0.4)
    assert np.abs(title_one - title_two).sum() > 100_000, "different characters give different glyphs"
    # Rendered with the CJK font missing, the same title is tofu: the two renders differ.
    monkeypatch.setattr(map_render, "_mpl_font", "DejaVu Sans")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tofu_one, tofu_two = _map("智慧城市图谱"), _map("领军先锋探索")
    tofu_band_one = _band(tofu_one, 0.02, 0.1, 0, 0.4)
    assert np.abs(tofu_band_one - _band(tofu_two, 0.02, 0.1, 0, 0.4)).sum() < np.abs(title_one - title_two).sum() / 10
    assert np.abs(title_one - tofu_band_one).sum() > 100_000


def test_map_png_raises_no_missing_glyph_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        map_render.map_png(
            _overview_deck(),
            title="全国城市分布（按 2022 梯队着色）Cities",
            legend=[map_render.LegendItem("空心 = 梯队为推断", "#777777", True)],
            source="来源：德勤《打造可持续的超级智能城市》（2022）001:L567–L789",
            credit="地图数据：Made with Natural Earth（公有领域）",
        )


def _points_on(deck: dict) -> int:
    """What a reader can point at on a map: every marker, and every shaded area with a tooltip (inline
    or in the file the layer loads; an area that two layers can pick counts once)."""
    count, areas = 0, set()
    for layer in deck["layers"]:
        if layer["@@type"] == "ScatterplotLayer":
            count += len(layer["data"])
        elif layer["@@type"] == "GeoJsonLayer" and layer.get("pickable"):
            tooltips = (feature["properties"].get("tooltip") for feature in layer_features(layer))
            areas |= {tooltip.split("\n")[0] for tooltip in tooltips if tooltip}
    return count + len(areas)


@pytest.mark.parametrize("page", PAGES)
def test_every_map_on_every_page_exports(app, page):
    run_page(app, page)
    drawn = page_context(app).maps
    assert len(drawn) == len(deck_jsons(app)), "every map offers its PNG and CSV"
    for deck, export in zip(deck_jsons(app), drawn):
        assert export.deck_json == deck, "the files are made from the map on screen"
        assert map_render.unsupported_layers(deck) == [], "the static map draws every layer the app draws"
        assert png_size(map_render.map_png(deck, title="t")) == map_render.MAP_SIZE
        labels = [column for column in export.points.columns if column not in (PLACE, LONGITUDE, LATITUDE)]
        data = _rows(export.csv())
        place, longitude, latitude = export.headers
        assert data[0] == [place, *labels, longitude, latitude]
        assert len(data) - 1 == _points_on(json.loads(deck))


def test_map_csv_is_the_points_on_screen_with_their_tooltip_fields(app):
    run_page(app, "rankings", tier="leading", lang="en")
    deck = json.loads(deck_jsons(app)[0])
    cities = next(layer for layer in deck["layers"] if layer["id"] == "cities")["data"]
    data = _rows(page_context(app).maps[0].csv())
    assert len(data) - 1 == len(cities)
    header = data[0]
    assert header[0] == EN["share.csv.place"] and EN["measure.smart_rank"] in header and EN["col.source"] in header
    shenzhen = next(row for row in data[1:] if row[0].startswith("深圳"))
    assert shenzhen[header.index(EN["measure.smart_rank"])] == "1"
    # Each row says what the city's tooltip says.
    tooltip = next(city["tooltip"] for city in cities if city["code"] == "440300")
    assert f"{EN['measure.smart_rank']}: 1" in tooltip.split("\n")


def test_a_negative_rank_gap_is_a_number_in_the_rankings_map_csv(app):
    """Issue: the map CSV was parsed back out of tooltip text, so −1 came out as the text '-1."""
    run_page(app, "rankings", measure="rank_gap", lang="en")
    data = _rows(page_context(app).maps[0].csv())
    gaps = [row[data[0].index(EN["measure.rank_gap"])] for row in data[1:]]
    negative = [gap for gap in gaps if gap.startswith(("-", "'"))]
    assert negative, "the 2018 ranking has cities richer than they are smart"
    assert all(re.fullmatch(r"-\d+", gap) for gap in negative), negative
    assert "-7" in gaps  # 沈阳: smart-city rank 14, GDP-per-capita rank 7


def test_map_csv_keeps_numbers_and_neutralises_formula_text():
    points = MapPoints()
    points.tooltip('=HYPERLINK("x")', [("gap", -3), ("note", "+SUM(A1)"), ("score", 82.5)], 116.4, 39.9)
    points.tooltip("@city", [("gap", 2.0), ("note", "-")], None, None)
    export = MapExport(deck_json="{}", points=points.frame(), headers=("名称", "经度", "纬度"), title="t")
    assert _rows(export.csv()) == [
        ["名称", "gap", "note", "score", "经度", "纬度"],
        ['\'=HYPERLINK("x")', "-3", "'+SUM(A1)", "82.5", "116.4", "39.9"],
        ["'@city", "2", "'-", "", "", ""],
    ]
