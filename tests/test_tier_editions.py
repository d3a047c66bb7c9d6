"""The tier edition in force follows uploads and rollbacks: a tiers file for a new edition puts that
edition on every page, and rolling it back brings the previous one back (it emptied the tiers:
Overview showed 0 / 0 / 0). The tier filter names the edition it uses."""

from apptest_helpers import metric_values
from ingest_helpers import TIERS_2025, query, run_cli


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


def test_the_tier_filter_names_its_edition_and_an_older_one_stays_selectable(db, tmp_path, app):
    metrics = open_overview(app)
    assert app.sidebar.pills[0].label == "2022 梯队" and not [
        b for b in app.sidebar.selectbox if b.key == "tier_edition"
    ]
    path = tmp_path / "tiers.csv"
    path.write_bytes(TIERS_2025.encode())
    assert run_cli("--kind", "tiers", path)[0] == 0
    metrics = open_overview(app)
    assert app.sidebar.pills[0].label == "2025 梯队"  # never a new edition under the 2022 name
    [edition] = [b for b in app.sidebar.selectbox if b.key == "tier_edition"]
    assert edition.value == "tier_2025" and edition.options == [
        "2025 · 测试 2025 梯队",
        "2022 · 德勤 2022 超级智能城市梯队",
    ]
    assert "tier_edition" not in app.query_params  # the default is not written
    edition.select("deloitte_2022").run()
    assert app.sidebar.pills[0].label == "2022 梯队"
    metrics = metric_values(app)
    assert (metrics["领军"], metrics["先锋"], metrics["探索"]) == ("6", "10", "11")
    assert app.query_params["tier_edition"] == "deloitte_2022"  # in the URL like every choice
    app.query_params["lang"] = "en"
    app.run()
    assert app.sidebar.pills[0].label == "2022 tier"


def test_a_link_to_the_older_edition_opens_it(db, tmp_path, app):
    path = tmp_path / "tiers.csv"
    path.write_bytes(TIERS_2025.encode())
    assert run_cli("--kind", "tiers", path)[0] == 0
    metrics = open_overview(app, tier_edition="deloitte_2022", tier="leading")
    assert metrics["收录城市"] == "6" and app.sidebar.pills[0].label == "2022 梯队"
    app.switch_page("app_pages/rankings.py").run()
    table = app.dataframe[0].value
    assert set(table["2022 梯队"]) <= {"领军", "领军（推断）"}


def test_the_map_title_and_the_city_profile_follow_the_edition_in_use(db, tmp_path, app):
    path = tmp_path / "tiers.csv"
    path.write_bytes(TIERS_2025.encode())
    assert run_cli("--kind", "tiers", path)[0] == 0
    open_overview(app)
    assert "全国城市分布（按 2025 梯队着色）" in [h.value for h in app.subheader]  # before: 按 2022 梯队着色
    app.query_params.update(city="330200")
    app.switch_page("app_pages/city.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert metric_values(app)["2025 梯队"] == "领军"  # 宁波 in the 2025 file; before: '2022 梯队 · 领军'
    app.query_params.update(tier_edition="deloitte_2022")
    app.run()
    assert "2022 梯队" in metric_values(app) and "2025 梯队" not in metric_values(app)
