"""Commits are atomic and versioned: round trips to every page, compare, rollback, crash, concurrency,
and the command line's exit codes while the app keeps serving."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from queries.ingest.commit import Rejected, commit
from queries.ingest.pipeline import REPLACE, Request, prepare
from queries.ingest.versions import VersionError, compare, list_versions, rollback

from apptest_helpers import chart_titled, column_values, deck_layers, decks
from ingest_helpers import content_fingerprint, file_bytes, query, run_cli

ROOT = Path(__file__).resolve().parents[1]
METRICS = "城市,指标,数值,单位,年份,来源\n"


def write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def upload(tmp_path, kind: str, text: str, *extra, name: str = "upload.csv", encoding: str = "utf-8") -> dict:
    code, report = run_cli("--kind", kind, write(tmp_path, name, text, encoding), *extra)
    assert code == 0, report
    return report


def open_page(app, page: str, **params):
    app.run()
    app.query_params.update(params)
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


# --- round trips: committed data shows on its page -----------------------------------------------


def test_new_ranking_edition_shows_on_the_rankings_page(db, tmp_path, app):
    text = (
        "版本,版本名称,年份,城市,排名,来源\n"
        "ccid_2030,赛迪 2030 测试排名,2030,北京市,2,赛迪报告 第3页\n"
        "ccid_2030,赛迪 2030 测试排名,2030,深圳,1,赛迪报告 第3页\n"
        "ccid_2030,赛迪 2030 测试排名,2030,Chengdu,3,赛迪报告 第3页\n"
    )
    report = upload(tmp_path, "rankings", text, "--user", "alice", "--note", "first 2030 edition", encoding="gbk")
    assert report["encoding"] == "gb18030" and report["version_created"]["version"] == 1
    open_page(app, "app_pages/rankings.py", edition="ccid_2030")
    cities = deck_layers(decks(app)[0])["cities"]["data"]
    assert {c["label"] for c in cities} == {"北京", "深圳", "成都"}
    edition = app.selectbox(key="edition")
    assert edition.value == "ccid_2030" and "赛迪 2030 测试排名" in edition.options  # newest edition first


def test_an_edition_with_a_measure_of_its_own_is_drawn_as_ranked_bars(db, tmp_path, app):
    text = (
        "edition,edition_name,year,city,score,measure,source\n"
        "digital_2031,Digital economy 2031,2031,北京,90,数字经济指数,x\n"
        "digital_2031,Digital economy 2031,2031,上海,95,数字经济指数,x\n"
        "digital_2031,Digital economy 2031,2031,杭州,80,数字经济指数,x\n"
    )
    upload(tmp_path, "rankings", text)
    open_page(app, "app_pages/rankings.py", edition="digital_2031")
    measure = app.segmented_control(key="measure")
    assert measure.options == ["数字经济指数"]
    bars = chart_titled(app, "数字经济指数")["data"]
    assert [row["city_label"] for row in sorted(bars, key=lambda row: -row["value"])] == ["上海", "北京", "杭州"]
    markers = {m["label"]: m["radius"] for m in deck_layers(decks(app)[0])["cities"]["data"]}
    assert markers["上海"] > markers["杭州"]  # a score: higher is better


def test_pilot_batches_show_on_the_pilots_page(db, tmp_path, app):
    text = (
        "试点项目,批次,年份,试点地区,级别,来源\n"
        "国家智慧城市试点,第一批,2013,北京市东城区,区,住建部公告\n"
        "国家智慧城市试点,第一批,2013,宁波,市,住建部公告\n"
    )
    code, report = run_cli("--kind", "pilots", write(tmp_path, "p.csv", text))
    assert code == 2 and report["unmatched_places"][0]["name"] == "北京市东城区"
    assert report["unmatched_places"][0]["candidates"][0] == "110000"
    report = upload(tmp_path, "pilots", text, "--resolve", "北京市东城区=110000")
    assert report["version_created"]["rows"] == 2
    rows = query(
        db,
        "SELECT programme, place_code, level, batch_label, year FROM pilot_current WHERE batch > 0 ORDER BY place_code",
    )
    assert [r[1:] for r in rows] == [("110000", "district", "第一批", 2013), ("330200", "city", "第一批", 2013)]
    [(_programme, name)] = query(db, "SELECT programme, name_zh FROM programme WHERE batch > 0")
    assert name == "国家智慧城市试点"
    open_page(app, "app_pages/pilots.py", lang="zh")
    page_text = " ".join(str(e.value) for e in [*app.markdown, *app.caption, *app.subheader, *app.info])
    tables = " ".join(frame.value.to_string() for frame in app.dataframe)
    assert "国家智慧城市试点" in page_text + tables or any(
        "国家智慧城市试点" in str(box.format_func(o)) for box in app.selectbox for o in box.options
    )


def test_carbon_targets_show_on_the_carbon_page(db, tmp_path, app):
    text = "城市,达峰状态,达峰年份,达峰限定,中和年份,来源\n宁波,目标,2026,前,2058,宁波市碳达峰方案\n"
    upload(tmp_path, "carbon_targets", text)
    assert query(
        db,
        "SELECT peak_status, peak_year, peak_qualifier, neutrality_year FROM carbon_target_current "
        "WHERE city_code = '330200'",
    ) == [("target", 2026, "before", 2058)]
    open_page(app, "app_pages/carbon.py")
    tables = " ".join(frame.value.to_string() for frame in app.dataframe)
    layers = [layer for deck in decks(app) for layer in deck["layers"]]
    assert "宁波" in tables or "宁波" in json.dumps(layers, ensure_ascii=False)


def test_scenario_pairs_show_on_the_scenarios_page(db, tmp_path):
    [(framework, scenario, name)] = query(
        db, "SELECT framework, scenario, name_zh FROM scenario WHERE framework = 'deloitte_2022_top10' AND rank = 1"
    )
    text = f"城市,场景,依据,来源\n宁波,{name},2023 年公交线网优化,宁波交通年报\n"
    upload(tmp_path, "scenario_coverage", text)
    assert query(
        db,
        "SELECT framework, scenario, evidence_zh FROM scenario_coverage_current WHERE city_code = '330200' "
        "AND batch > 0",
    ) == [(framework, scenario, "2023 年公交线网优化")]


def test_city_metrics_colour_the_metric_map_and_the_city_profile(db, tmp_path, app):
    text = (
        METRICS + "北京,测试指标<b>粗</b>,10,万个,2031,统计公报\n上海,测试指标<b>粗</b>,30,万个,2031,统计公报\n"
        "深圳,测试指标<b>粗</b>,20,万个,2031,统计公报\n"
    )
    upload(tmp_path, "city_metrics", text)
    [(code,)] = query(db, "SELECT DISTINCT metric FROM city_metric_current WHERE batch > 0")
    open_page(app, "app_pages/metrics.py", metric=code, year="2031")
    cities = deck_layers(decks(app)[0])["cities"]["data"]
    by_label = {c["label"]: c for c in cities}
    assert set(by_label) == {"北京", "上海", "深圳"}
    assert by_label["上海"]["fill"] != by_label["北京"]["fill"]  # coloured by value
    tooltip = by_label["上海"]["tooltip"]
    # Plain text: Streamlit escapes tooltip values when it shows them (tests/test_tooltip_escaping_browser.py).
    assert "测试指标<b>粗</b>: 30万个" in tooltip.split("\n")
    assert "测试指标\\<b\\>粗\\</b\\>" in app.subheader[0].value  # markdown-escaped title
    open_page(app, "app_pages/city.py", city="310000")
    tables = " ".join(frame.value.to_string() for frame in app.dataframe)
    assert "测试指标<b>粗</b>" in tables  # a dataframe shows text as text


def test_an_uploaded_note_is_shown_as_written_in_either_language(db, tmp_path, app):
    upload(tmp_path, "city_metrics", "城市,指标,数值,单位,年份,来源,备注\n上海,m_note,3,万,2031,s,分析师的备注\n")
    for language, column in (("zh", "备注"), ("en", "Note")):
        open_page(app, "app_pages/city.py", city="310000", lang=language)
        assert "分析师的备注" in column_values(app, column), language


# --- versions: list, compare, rollback ------------------------------------------------------------


def test_versions_compare_and_rollback(db, tmp_path):
    upload(tmp_path, "city_metrics", METRICS + "北京,m_a,1,万,2030,s\n上海,m_a,2,万,2030,s\n", name="a.csv")
    upload(tmp_path, "city_metrics", METRICS + "广州,m_a,3,万,2030,s\n", name="b.csv")
    versions = list_versions("city_metrics")
    assert list(versions["version"]) == [2, 1, 0]
    assert list(versions["file_name"])[:2] == ["b.csv", "a.csv"]
    assert all(len(sha) == 64 for sha in versions["sha256"][:2])
    assert list(versions["row_count"])[:2] == [1, 2]
    diff = compare("city_metrics", 1, 2)
    assert list(diff["change"]) == ["added"] and list(diff["city_code"]) == ["440100"]

    def current_cities():
        return [r[0] for r in query(db, "SELECT city_code FROM city_metric_current WHERE metric = 'm_a' ORDER BY 1")]

    assert current_cities() == ["110000", "310000", "440100"]
    assert rollback("city_metrics", 1, user="bob", note="b.csv was wrong") == 3
    assert current_cities() == ["110000", "310000"]
    assert list(compare("city_metrics", 2, 3)["change"]) == ["removed"]
    assert rollback("city_metrics", 0, user="bob") == 4
    assert current_cities() == []
    assert rollback("city_metrics", 2, user="bob") == 5  # forward again: history is never lost
    assert current_cities() == ["110000", "310000", "440100"]
    history = list_versions("city_metrics")
    assert list(history["action"]) == ["rollback", "rollback", "rollback", "upload", "upload", "seed"]
    assert list(history["target_version"][:3]) == [2, 0, 1]
    with pytest.raises(VersionError) as same:
        rollback("city_metrics", 5, user="bob")
    assert same.value.code == "version_same"
    with pytest.raises(VersionError):
        rollback("city_metrics", 99, user="bob")
    assert query(db, "SELECT count(*) FROM dataset_version WHERE version = 0") == [(6,)]


def test_a_changed_value_is_reported_as_changed(db, tmp_path):
    upload(tmp_path, "city_metrics", METRICS + "北京,m_b,1,万,2030,s\n", name="a.csv")
    upload(tmp_path, "city_metrics", METRICS + "北京,m_b,5,万,2030,s\n", "--mode", "replace", name="b.csv")
    diff = compare("city_metrics", 1, 2)
    assert list(diff["change"]) == ["changed"]
    assert list(diff["value_before"]) == [1.0] and list(diff["value_after"]) == [5.0]


def test_replace_mode_keeps_seed_rows_and_drops_earlier_uploads(db, tmp_path):
    seed = query(db, "SELECT count(*) FROM city_metric_current WHERE batch = 0")[0][0]
    upload(tmp_path, "city_metrics", METRICS + "北京,m_c,1,万,2030,s\n", name="a.csv")
    upload(tmp_path, "city_metrics", METRICS + "上海,m_c,1,万,2030,s\n", "--mode", "replace", name="b.csv")
    assert query(db, "SELECT count(*) FROM city_metric_current WHERE batch = 0")[0][0] == seed
    assert [r[0] for r in query(db, "SELECT city_code FROM city_metric_current WHERE batch > 0")] == ["310000"]


def test_analyst_alias_is_part_of_the_commit_and_of_its_rollback(db, tmp_path):
    upload(tmp_path, "city_metrics", METRICS + "鹏城,m_d,1,万,2030,s\n", "--resolve", "鹏城=440300", "--alias", "鹏城")
    plan = prepare(Request("city_metrics", (METRICS + "鹏城,m_e,1,万,2030,s\n").encode(), "x.csv"))
    assert plan.ok and plan.stored.column("city_code").to_pylist() == ["440300"]
    rollback("city_metrics", 0, user="bob")
    plan = prepare(Request("city_metrics", (METRICS + "鹏城,m_e,1,万,2030,s\n").encode(), "x.csv"))
    assert not plan.ok


def test_seed_rows_survive_a_rebuild_with_uploads_in_force(db, tmp_path):
    from queries.build import build_database

    upload(tmp_path, "city_metrics", METRICS + "北京,m_f,1,万,2030,s\n")
    build_database(db)
    assert query(db, "SELECT count(*) FROM city_metric_current WHERE metric = 'm_f'") == [(1,)]
    assert list(list_versions("city_metrics")["version"]) == [1, 0]


# --- atomicity ------------------------------------------------------------------------------------

CRASHER = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {root!r})
    import queries.ingest.commit as commit_module
    real = commit_module.record_version
    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)   # the data rows are written, the version is not
    commit_module.record_version = die
    from queries.ingest.__main__ import main
    sys.exit(main(["--kind", "city_metrics", {file!r}]))
""")


def test_a_commit_killed_midway_leaves_the_previous_version_intact(db, tmp_path):
    upload(tmp_path, "city_metrics", METRICS + "北京,m_g,1,万,2030,s\n", name="first.csv")
    before = content_fingerprint(db)
    rows = "".join(f"上海,m_g{i},{i},万,2030,s\n" for i in range(50_000))
    big = write(tmp_path, "big.csv", METRICS + rows)
    script = tmp_path / "crash.py"
    script.write_text(CRASHER.format(root=str(ROOT), file=str(big)))
    result = subprocess.run(
        [sys.executable, str(script)], env=dict(os.environ, ATLAS_DB=str(db)), capture_output=True, timeout=120
    )
    assert result.returncode == -9, result.stderr.decode()[-2000:]
    assert content_fingerprint(db) == before
    assert list(list_versions("city_metrics")["version"]) == [1, 0]
    assert query(db, "SELECT count(*) FROM city_metric WHERE metric LIKE 'm_g%'") == [(1,)]
    upload(tmp_path, "city_metrics", METRICS + "广州,m_g,1,万,2030,s\n", name="after.csv")  # and it still works
    assert list(list_versions("city_metrics")["version"]) == [2, 1, 0]


def test_a_rejected_commit_writes_nothing(db, tmp_path):
    plan = prepare(Request("city_metrics", (METRICS + "北京,m_h,x,万,2030,s\n").encode(), "x.csv"))
    before = file_bytes(db)
    with pytest.raises(Rejected):
        commit(plan, user="alice")
    assert file_bytes(db) == before


def test_two_commits_checked_against_the_same_version(db, tmp_path):
    """Both were validated against v0; the second goes on top of the first, or is rejected whole."""
    a = prepare(Request("city_metrics", (METRICS + "北京,m_i,1,万,2030,s\n").encode(), "a.csv"))
    b = prepare(Request("city_metrics", (METRICS + "上海,m_i,1,万,2030,s\n").encode(), "b.csv"))
    same = prepare(Request("city_metrics", (METRICS + "北京,m_i,9,万,2030,s\n").encode(), "c.csv"))
    replace = prepare(Request("city_metrics", (METRICS + "广州,m_i,1,万,2030,s\n").encode(), "d.csv", mode=REPLACE))
    assert a.base_version == b.base_version == same.base_version == 0
    first, second = commit(a, user="alice"), commit(b, user="bob")
    assert (first.version, second.version) == (1, 2) and second.batches == [first.batch, second.batch]
    before = content_fingerprint(db)
    with pytest.raises(Rejected) as duplicate:
        commit(same, user="carol")
    assert [p.code for p in duplicate.value.problems] == ["duplicate_existing"]
    with pytest.raises(Rejected) as stale:
        commit(replace, user="dan")
    assert [p.code for p in stale.value.problems] == ["stale_version"]
    assert content_fingerprint(db) == before


def test_two_processes_committing_at_once_end_clean(db, tmp_path):
    files = []
    for name, value in (("one.csv", 1), ("two.csv", 2)):  # the same keys, other values: one must be refused
        rows = "".join(f"北京,m_j{i},{i * value},万,2030,s\n" for i in range(1, 20_001))
        files.append(write(tmp_path, name, METRICS + rows))
    env = dict(os.environ, ATLAS_DB=str(db))
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "queries.ingest", "--kind", "city_metrics", str(f), "--json"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for f in files
    ]
    results = [(p.returncode, out) for p in processes for out, _ in [p.communicate(timeout=180)]]
    assert sorted(code for code, _ in results) == [0, 2], [r[1][-500:] for r in results]
    versions = list_versions("city_metrics")
    assert list(versions["version"]) == [1, 0]
    assert query(db, "SELECT count(*), count(DISTINCT batch) FROM city_metric WHERE metric LIKE 'm_j%'") == [
        (20_000, 1)
    ]


def test_two_processes_adding_different_rows_make_two_versions(db, tmp_path):
    files = []
    for name, city in (("one.csv", "北京"), ("two.csv", "上海")):
        rows = "".join(f"{city},m_k{i},{i},万,2030,s\n" for i in range(20_000))
        files.append(write(tmp_path, name, METRICS + rows))
    env = dict(os.environ, ATLAS_DB=str(db))
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "queries.ingest", "--kind", "city_metrics", str(f)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for f in files
    ]
    assert [p.communicate(timeout=180) and p.returncode for p in processes] == [0, 0]
    versions = list_versions("city_metrics")
    assert list(versions["version"]) == [2, 1, 0]
    assert len(versions.iloc[0]["batches"]) == 2 and len(versions.iloc[1]["batches"]) == 1
    assert query(db, "SELECT count(*) FROM city_metric_current WHERE metric LIKE 'm_k%'") == [(40_000,)]


# --- the command line -------------------------------------------------------------------------------


def test_cli_exit_codes_and_dry_run(db, tmp_path):
    good = write(tmp_path, "good.csv", METRICS + "北京,m_l,1,万,2030,s\n")
    before = file_bytes(db)
    code, report = run_cli("--kind", "city_metrics", good, "--dry-run")
    assert code == 0 and report["status"] == "dry_run_ok" and report["version_created"] is None
    assert report["rows_read"] == 1 and report["rows_accepted"] == 1 and file_bytes(db) == before
    code, report = run_cli("--kind", "city_metrics", good, "--user", "alice", "--note", "n")
    assert code == 0 and report["version_created"]["version"] == 1
    assert list_versions("city_metrics").iloc[0][["user_name", "note"]].tolist() == ["alice", "n"]
    bad = write(tmp_path, "bad.csv", METRICS + "北京,m_l,x,万,2030,s\n")
    assert run_cli("--kind", "city_metrics", bad, "--dry-run")[0] == 2
    from queries.ingest.__main__ import main

    assert main(["--kind", "city_metrics", str(tmp_path / "missing.csv")]) == 1


def test_the_app_shows_a_cli_commit_without_a_restart(db, tmp_path, app):
    open_page(app, "app_pages/metrics.py")
    before = {box.label: list(box.options) for box in app.selectbox}
    file = write(tmp_path, "late.csv", METRICS + "北京,cli_metric,1,万,2030,s\n上海,cli_metric,2,万,2030,s\n")
    result = subprocess.run(
        [sys.executable, "-m", "queries.ingest", "--kind", "city_metrics", str(file)],
        cwd=ROOT,
        env=dict(os.environ, ATLAS_DB=str(db)),
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    app.run()
    after = {box.label: list(box.options) for box in app.selectbox}
    # Options read "<metric> · <n> 个城市"; an uploaded metric without a label is named by its code.
    assert not any("cli_metric" in option for option in before["指标"])
    assert any("cli_metric" in option for option in after["指标"])


@pytest.mark.parametrize(
    "kind,text",
    [
        ("pilots", "试点项目,批次,年份,试点地区,级别,来源\nplan_x,第一批,2013,宁波,市,s\n"),
        ("tiers", "版本,年份,城市,梯队,来源\ntier_2030,2030,宁波,先锋,s\n"),
        ("carbon_targets", "城市,达峰状态,达峰年份,来源\n宁波,目标,2027,s\n"),
        ("rankings", "版本,年份,城市,排名,来源\nr_2030,2030,宁波,1,s\n"),
    ],
)
def test_every_kind_compares_and_rolls_back(db, tmp_path, kind, text):
    upload(tmp_path, kind, text)
    plan = prepare(Request(kind, text.replace("宁波", "温州").encode(), "b.csv", mode=REPLACE))
    assert plan.ok, [p for p in plan.problems]
    from queries.ingest.versions import plan_diff

    assert sorted(plan_diff(plan)["change"]) == ["added", "removed"]
    commit(plan, user="alice")
    assert sorted(compare(kind, 1, 2)["change"]) == ["added", "removed"]
    assert rollback(kind, 0, user="alice") == 3
    assert compare(kind, 0, 3).empty


def test_the_command_line_lists_versions_and_rolls_back(db, tmp_path):
    upload(tmp_path, "city_metrics", METRICS + "北京,m_life,1,万,2030,s\n", "--user", "alice", name="a.csv")
    upload(tmp_path, "city_metrics", METRICS + "上海,m_life,2,万,2030,s\n", "--user", "alice", name="b.csv")
    code, listed = run_cli("--kind", "city_metrics", "--list-versions")
    assert code == 0 and listed["status"] == "listed" and listed["current_version"] == 2
    assert [(v["version"], v["action"], v["file_name"], v["user"]) for v in listed["versions"]] == [
        (2, "upload", "b.csv", "alice"),
        (1, "upload", "a.csv", "alice"),
        (0, "seed", "data/", "seed"),
    ]
    first_batch = listed["versions"][1]["batch"]
    assert listed["versions"][0]["batches_in_force"] == [first_batch, listed["versions"][0]["batch"]]
    code, rolled = run_cli("--kind", "city_metrics", "--rollback-to", "1", "--user", "bob", "--note", "b was wrong")
    assert code == 0 and rolled["status"] == "rolled_back"
    assert rolled["version_created"] == {"version": 3, "target_version": 1, "batches_in_force": [first_batch]}
    assert query(db, "SELECT city_code FROM city_metric_current WHERE metric = 'm_life'") == [("110000",)]
    before = file_bytes(db)
    for target, problem in (("1", "version_same"), ("9", "version_missing")):
        code, refused = run_cli("--kind", "city_metrics", "--rollback-to", target)
        assert code == 2 and refused["status"] == "rejected" and refused["version_created"] is None
        assert [p["code"] for p in refused["problems"]] == [problem]
    assert file_bytes(db) == before
    code, listed = run_cli("--kind", "city_metrics", "--list-versions")
    assert listed["versions"][0] | {"committed_at": None} == {
        "version": 3,
        "action": "rollback",
        "batch": None,
        "mode": None,
        "target_version": 1,
        "user": "bob",
        "committed_at": None,
        "file_name": None,
        "sha256": None,
        "row_count": None,
        "note": "b was wrong",
        "batches_in_force": [first_batch],
    }
    from queries.ingest.__main__ import main

    with pytest.raises(SystemExit) as usage:  # one action at a time; a usage error is "another failure"
        main(["--kind", "city_metrics", "--list-versions", "--rollback-to", "1"])
    assert usage.value.code == 1
