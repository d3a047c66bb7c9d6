"""The tier edition in force follows uploads and rollbacks: a tiers file for a new edition puts that
edition on every page, and rolling it back brings the previous one back (it emptied the tiers:
Overview showed 0 / 0 / 0). The tier filter names the edition it uses."""

from apptest_helpers import metric_values
from ingest_helpers import query, run_cli

TIERS_2025 = (
    "版本,版本名称,年份,城市,梯队,来源\n"
    "tier_2025,测试 2025 梯队,2025,北京,领军,测试报告 第1页\n"
    "tier_2025,测试 2025 梯队,2025,宁波,领军,测试报告 第1页\n"
    "tier_2025,测试 2025 梯队,2025,温州,先锋,测试报告 第1页\n"
)


def tier_counts(db) -> dict[str, int]:
    return dict(query(db, "SELECT tier, count(*) FROM tracked_city WHERE tier <> 'unclassified' GROUP BY tier"))


def open_overview(app, **params):
    app.run()
    app.query_params.update(params)
    app.switch_page("app_pages/overview.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return metric_values(app)


def test_a_rolled_back_tier_edition_gives_the_previous_one_back(db, tmp_path, app):
    seed = tier_counts(db)
    assert seed == {"leading": 6, "pioneer": 10, "exploring": 11}
    path = tmp_path / "tiers.csv"
    path.write_bytes(TIERS_2025.encode())
    assert run_cli("--kind", "tiers", path)[0] == 0
    assert tier_counts(db) == {"leading": 2, "pioneer": 1}
    metrics = open_overview(app)
    assert (metrics["领军"], metrics["先锋"], metrics["探索"]) == ("2", "1", "0")
    assert run_cli("--kind", "tiers", "--rollback-to", "0")[0] == 0
    assert tier_counts(db) == seed  # before: 0 / 0 / 0, the rolled-back edition still counted as newest
    metrics = open_overview(app)
    assert (metrics["领军"], metrics["先锋"], metrics["探索"]) == ("6", "10", "11")
    assert query(db, "SELECT edition FROM current_tier_edition") == [("deloitte_2022",)]
