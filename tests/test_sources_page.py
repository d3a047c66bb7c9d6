"""The Sources page lists the reports, per-dataset citations with basis counts, and the anomalies."""

from page_helpers import open_page


def test_sources_page_lists_reports_datasets_and_anomalies(app):
    open_page(app, "sources")
    reports, datasets = (table.value for table in app.dataframe[:2])
    anomalies = app.table[0].value.reset_index()
    assert len(reports) == 5 and set(reports["年份"]) == {2014, 2018, 2019, 2022}
    rankings = datasets[datasets["数据集"] == "城市排名"].iloc[0]
    assert (rankings["行数"], rankings["明示"]) == (75, 75)
    tiers = datasets[datasets["数据集"] == "2022 梯队"].iloc[0]
    assert tiers["推断"] == 2
    assert {"A2", "B_QINGDAO"} <= set(anomalies["代码"])
    assert any("标准地图" in m.value for m in app.markdown)


def test_anomalies_spanning_reports_are_listed_once_citing_each(app):
    """N2 (national pilot counts that disagree) is one anomaly across three reports; the new report
    anomalies A7 (L404 against the table) and A8 (a repeated caption) are listed with their lines."""
    open_page(app, "sources")
    anomalies = app.table[0].value
    assert anomalies.index.is_unique
    assert {"A7", "A8", "N2"} <= set(anomalies.index)
    assert [part.split(":")[0] for part in anomalies.loc["N2", "报告"].split("；")] == ["000", "002", "003"]
    assert anomalies.loc["N2", "报告"].startswith("000:L130, L160")
    assert "L404" in anomalies.loc["A7", "报告"]
