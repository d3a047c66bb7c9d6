"""The Sources page lists the reports, per-dataset citations with basis counts, and the anomalies."""

from page_helpers import open_page
from wording import ZH


def test_sources_page_lists_reports_datasets_and_anomalies(app):
    open_page(app, "sources")
    reports, datasets = (table.value for table in app.dataframe[:2])
    anomalies = app.table[0].value.reset_index()
    assert len(reports) == 5 and set(reports[ZH["sources.col.year"]]) == {2014, 2018, 2019, 2022}
    rankings = datasets[datasets[ZH["sources.col.dataset"]] == ZH["dataset.ranking"]].iloc[0]
    assert (rankings[ZH["sources.col.rows"]], rankings[ZH["sources.col.explicit"]]) == (75, 75)
    tiers = datasets[datasets[ZH["sources.col.dataset"]] == ZH["dataset.tier"]].iloc[0]
    assert tiers[ZH["sources.col.inferred"]] == 2
    assert {"A2", "B_QINGDAO"} <= set(anomalies[ZH["sources.col.code"]])
    assert any("标准地图" in m.value for m in app.markdown)


def test_anomalies_spanning_reports_are_listed_once_citing_each(app):
    """N2 (national pilot counts that disagree) is one anomaly across three reports; the new report
    anomalies A7 (L404 against the table) and A8 (a repeated caption) are listed with their lines."""
    open_page(app, "sources")
    anomalies = app.table[0].value
    assert anomalies.index.is_unique
    assert {"A7", "A8", "N2"} <= set(anomalies.index)
    assert [part.split(":")[0] for part in anomalies.loc["N2", ZH["sources.col.report"]].split("；")] == [
        "000",
        "002",
        "003",
    ]
    assert anomalies.loc["N2", ZH["sources.col.report"]].startswith("000:L130, L160")
    assert "L404" in anomalies.loc["A7", ZH["sources.col.report"]]


def test_chinese_sources_page_names_datasets_not_their_codes(app):
    from page_helpers import open_page

    open_page(app, "sources")
    codes = {"rankings", "tiers", "pilots", "maturity", "national_facts", "carbon_targets", "city_metrics", "scenarios"}
    anomaly_table = app.table[0].value
    datasets = set(anomaly_table.iloc[:, 0]) if "数据集" not in anomaly_table else set(anomaly_table["数据集"])
    assert datasets and not datasets & codes, datasets
    assert {"城市排名", "2022 梯队", "试点成熟度"} <= datasets
    citations = next(frame.value for frame in app.dataframe if "数据集" in frame.value)
    assert not set(citations["数据集"]) & codes


def test_report_titles_do_not_repeat_the_year(app):
    from page_helpers import open_page

    open_page(app, "pilots", lang="en")
    captions = " ".join(caption.value for caption in app.caption).replace("\\", "")
    assert "White Paper (2014)" in captions and "(2014) (2014)" not in captions


def test_each_table_s_csv_button_is_named_after_its_table(app):
    """The reports and datasets tables open citations and offer a CSV: the button keeps the table's
    name (export-reports-csv), as on every page, not a counted export-reports-2-csv."""
    open_page(app, "sources", lang="en")
    keys = {button.proto.id.rsplit("-export-", 1)[-1] for button in app.get("download_button")}
    assert {"reports-csv", "dataset_citations-csv", "anomalies-csv"} <= keys, keys
