"""Read the source: a citation opens the report text at its lines, with context, title and year;
an uploaded row shows its file, version, analyst and row; headline figures carry their citations."""

import re
from pathlib import Path

import pytest

from queries.reports import excerpt, parse_citation, spans

from apptest_helpers import labelled
from ingest_helpers import run_cli
from page_helpers import open_page

ROOT = Path(__file__).resolve().parents[1]
REPORT_000 = (ROOT / "data" / "reports" / "000_a52e4ac254343a7f.txt").read_text(encoding="utf-8").split("\n")
CITED_LINE = re.compile(r'<div data-cited="1"[^>]*>.*?>L(\d+)</span>')
ANY_LINE = re.compile(r">L(\d+)</span>")


def reader_html(app) -> str:
    found = [element.proto.body for element in app.get("html") if "atlas-reader" in element.proto.body]
    assert len(found) == 1, "the reader is not open"
    return found[0]


def test_citations_parse_as_the_pages_print_them():
    assert parse_citation("000:L419–L443") == ("000", "419-443")
    assert parse_citation("000:L555-L579;698") == ("000", "555-579;698")
    assert parse_citation("U7:L12") == ("U7", "12")
    assert parse_citation("not a citation") is None
    assert spans("585;698") == [(585, 585), (698, 698)]


def test_an_excerpt_marks_the_cited_lines_and_keeps_three_lines_around_them():
    (block,) = excerpt("000", "419-443")
    numbers = [line.number for line in block.lines]
    assert numbers == list(range(416, 447))
    assert [line.number for line in block.lines if line.cited] == list(range(419, 444))
    assert block.lines[3].text == REPORT_000[418] == "深圳\t1\t1"  # verbatim, tabs and all


def test_distant_spans_are_separate_blocks_and_near_ones_merge():
    assert [len(block.lines) for block in excerpt("000", "567;573")] == [13]  # 564–576: one block
    blocks = excerpt("000", "130;160")
    assert [(b.lines[0].number, b.lines[-1].number) for b in blocks] == [(127, 133), (157, 163)]


def test_lines_past_the_end_of_a_report_are_not_invented():
    assert excerpt("000", f"{len(REPORT_000) + 5}") == []
    assert excerpt("999", "1") == []


def test_a_link_with_a_citation_opens_the_report_at_those_lines(app):
    open_page(app, "rankings", cite="000:419-443")
    html = reader_html(app)
    assert [int(n) for n in CITED_LINE.findall(html)] == list(range(419, 444))
    assert [int(n) for n in ANY_LINE.findall(html)] == list(range(416, 447))
    assert "深圳 <span" in html  # the tab between cells shown as a column rule, text escaped
    assert any("超级智能城市 更高质量的幸福社会" in m.value and "2018" in m.value for m in app.markdown)
    assert any("000_a52e4ac254343a7f.txt" in c.value and "419" in c.value for c in app.caption)


def test_the_reader_speaks_english_on_english_pages(app):
    open_page(app, "overview", cite="001:567", lang="en")
    reader_html(app)
    assert any("Building Sustainable Super Smart Cities" in m.value and "2022" in m.value for m in app.markdown)
    assert any("line 567 highlighted" in c.value for c in app.caption)


def test_the_button_under_a_chart_offers_every_citation_of_its_rows(app):
    open_page(app, "rankings")
    assert len([b for b in app.button if b.label.startswith("查看原文")]) >= 5  # map, charts, table, headline
    headline = app.button(
        key="read-headline"
    )  # the headline figures: 25 ranked cities, the top, the gap, the top score
    assert headline.label == "查看原文（26）"
    headline.click().run()
    assert app.query_params["cite"] == "000:419"
    picker = labelled(app.selectbox, "引用（26 处）")
    assert picker.options[0] == "000:L419 · 排名城市 · 深圳 1、智能城市排名第一 · 深圳 1"
    picker.set_value("000:426").run()
    assert app.query_params["cite"] == "000:426"
    assert [int(n) for n in CITED_LINE.findall(reader_html(app))] == [426]


def test_every_page_states_where_its_headline_figures_come_from(app):
    expected = {
        "overview": "领军 001:L567",
        "rankings": "智能城市排名第一 000:L419",
        "pilots": "中国试点 002:L93",
        "carbon": "梯队规则 001:L717",
        "scenarios": "采用率最高 001:L405",
    }
    for page, text in expected.items():
        open_page(app, page)
        captions = [c.value.replace("\\", "") for c in app.caption]
        assert any(text in caption for caption in captions), (page, [c for c in captions if "来源" in c][:3])
    open_page(app, "city", city="440300")
    assert any("2018 智能城市排名 000:L419" in c.value.replace("\\", "") for c in app.caption)


def test_an_unknown_report_says_so_and_a_malformed_citation_is_ignored(app):
    open_page(app, "rankings", cite="999:12")
    assert any("999:L12" in w.value.replace("\\", "") for w in app.warning)
    open_page(app, "rankings", cite="rubbish")
    assert not [e for e in app.get("html") if "atlas-reader" in e.proto.body]
    assert any("cite" in w.value for w in app.warning)  # the link notice names the parameter


@pytest.fixture
def uploaded_edition(db, tmp_path):
    path = tmp_path / "ccid_2030.csv"
    path.write_text(
        "版本,版本名称,年份,城市,排名,来源\n"
        "ccid_2030,赛迪 2030 测试排名,2030,北京市,2,赛迪报告 第3页\n"
        "ccid_2030,赛迪 2030 测试排名,2030,深圳,1,赛迪报告 第4页\n",
        encoding="utf-8",
    )
    code, report = run_cli("--kind", "rankings", path, "--user", "alice", "--note", "test")
    assert code == 0, report
    return report["version_created"]


def test_an_uploaded_row_shows_its_file_version_analyst_and_row(app, uploaded_edition):
    batch = uploaded_edition["batch"]
    open_page(app, "rankings", edition="ccid_2030", cite=f"U{batch}:3")
    captions = [c.value for c in app.caption]
    assert any("ccid_2030.csv" in c and "版本 1" in c and "alice" in c and "第 3 行" in c for c in captions), captions
    stored = app.dataframe[-1].value
    values = dict(zip(stored.iloc[:, 0], stored.iloc[:, 1]))
    assert values["city_code"] == "440300" and values["value"] == "1.0"
    assert any("赛迪报告 第4页" in c for c in captions)
