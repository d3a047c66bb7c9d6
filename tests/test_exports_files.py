"""Slide-ready exports: every chart and map on every page exports as PNG (and SVG / CSV), Chinese
renders in the bundled font (not as tofu boxes), and CSVs hold exactly the rows on screen."""

import csv
import io
import json
import warnings

import numpy as np
import pytest
from PIL import Image

from components import exports
from components.csv_files import frame_csv
from components.exports import chart_csv, map_csv

from share_helpers import deck_jsons, full_specs, png_size, run_page, view_pages

PAGES = view_pages()
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

    path = exports.font_path()
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
    one, two = exports.chart_png(_simple_chart("智慧城市图谱")), exports.chart_png(_simple_chart("领军先锋探索"))
    width, height = png_size(one)
    assert width >= 2 * exports.CHART_WIDTH and height > 100
    # Tofu boxes look the same whatever the character: two different titles of the same length
    # would give identical title pixels. Real glyphs differ, and leave ink.
    band_one, band_two = _band(one, 0, 0.15), _band(two, 0, 0.15)
    assert (band_one < 128).sum() > 400
    assert np.abs(band_one - band_two).sum() > 50_000


def test_chart_png_uses_the_bundled_font_not_tofu(monkeypatch):
    """The same title rendered with a font family that has no CJK glyphs must look different."""
    spec = _simple_chart("智慧城市图谱")
    ours = exports.chart_png(spec)
    monkeypatch.setattr(exports, "CHART_FONT", "Bitstream Vera Sans Mono, monospace")
    other = exports.chart_png(spec)
    band, other_band = _band(ours, 0, 0.15), _band(other, 0, 0.15)
    assert band.shape != other_band.shape or np.abs(band - other_band).sum() > 0


def test_chart_svg_keeps_chinese_text_in_the_bundled_font():
    svg = exports.chart_svg(_simple_chart("智慧城市图谱")).decode("utf-8")
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
        png = exports.chart_png(spec)
        width, height = png_size(png)
        assert width >= 2 * 300 and height >= 2 * 80
        svg = exports.chart_svg(spec).decode("utf-8")
        assert "<svg" in svg
        title = spec.get("title")
        title = title.get("text") if isinstance(title, dict) else title
        if title:
            assert (title if isinstance(title, str) else title[0]).split()[0] in svg.replace("&amp;", "&")
        _fields, headers, rows = exports.chart_rows(spec)
        data = _rows(chart_csv(spec))
        assert data[0] == headers and len(data) - 1 == len(rows) > 0


# --- maps --------------------------------------------------------------------------------------


def _map(title: str, font=None, monkeypatch=None) -> bytes:
    deck = _overview_deck()
    return exports.map_png(
        deck,
        title=title,
        legend=[exports.LegendItem("领军", "#0072B2")],
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
    assert png_size(png) == exports.MAP_SIZE
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
    monkeypatch.setattr(exports, "_mpl_font", "DejaVu Sans")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tofu_one, tofu_two = _map("智慧城市图谱"), _map("领军先锋探索")
    tofu_band_one = _band(tofu_one, 0.02, 0.1, 0, 0.4)
    assert np.abs(tofu_band_one - _band(tofu_two, 0.02, 0.1, 0, 0.4)).sum() < np.abs(title_one - title_two).sum() / 10
    assert np.abs(title_one - tofu_band_one).sum() > 100_000


def test_map_png_raises_no_missing_glyph_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exports.map_png(
            _overview_deck(),
            title="全国城市分布（按 2022 梯队着色）Cities",
            legend=[exports.LegendItem("空心 = 梯队为推断", "#777777", True)],
            source="来源：德勤《打造可持续的超级智能城市》（2022）001:L567–L789",
            credit="地图数据：Made with Natural Earth（公有领域）",
        )


@pytest.mark.parametrize("page", PAGES)
def test_every_map_on_every_page_exports(app, page):
    run_page(app, page)
    for deck in deck_jsons(app):
        assert exports.unsupported_layers(deck) == [], "the static map draws every layer the app draws"
        assert png_size(exports.map_png(deck, title="t")) == exports.MAP_SIZE
        labels, rows = exports.map_rows(deck)
        data = _rows(map_csv(deck, "名称", "经度", "纬度"))
        assert data[0] == ["名称", *labels, "经度", "纬度"]
        assert len(data) - 1 == len(rows)


def test_map_csv_is_the_points_on_screen_with_their_tooltip_fields(app):
    run_page(app, "rankings", tier="leading", lang="en")
    deck = json.loads(deck_jsons(app)[0])
    cities = next(layer for layer in deck["layers"] if layer["id"] == "cities")["data"]
    data = _rows(map_csv(json.dumps(deck), "Name", "Longitude", "Latitude"))
    assert len(data) - 1 == len(cities)
    header = data[0]
    assert header[0] == "Name" and "Smart-city rank" in header and "Source" in header
    shenzhen = next(row for row in data[1:] if row[0].startswith("深圳"))
    assert shenzhen[header.index("Smart-city rank")] == "1"
