"""The Sources page lists the reports, per-dataset citations with basis counts, and the anomalies."""

from page_helpers import open_page


def test_sources_page_lists_reports_datasets_and_anomalies(app):
    open_page(app, "sources")
    reports, datasets, anomalies = (table.value for table in app.dataframe[:3])
    assert len(reports) == 5 and set(reports["年份"]) == {2014, 2018, 2019, 2022}
    rankings = datasets[datasets["数据集"] == "城市排名"].iloc[0]
    assert (rankings["行数"], rankings["明示"]) == (75, 75)
    tiers = datasets[datasets["数据集"] == "2022 梯队"].iloc[0]
    assert tiers["推断"] == 2
    assert {"A2", "B_QINGDAO"} <= set(anomalies["代码"])
    assert any("标准地图" in m.value for m in app.markdown)
