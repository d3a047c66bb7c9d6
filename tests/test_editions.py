"""Edition over time: with an uploaded second edition of the smart-city rank, the rankings page
shows the movement between any two editions and the city profile the city's history."""

import pytest

from apptest_helpers import chart_titled, labelled
from ingest_helpers import run_cli
from page_helpers import open_page

BEIJING, SHENZHEN, CHENGDU = "110000", "440300", "510100"


@pytest.fixture
def second_edition(db, tmp_path):
    """A 2030 edition of the smart-city rank for three cities, uploaded as an analyst would."""
    path = tmp_path / "ccid_2030.csv"
    path.write_bytes(
        (
            "版本,版本名称,年份,城市,排名,来源\n"
            "ccid_2030,赛迪 2030 测试排名,2030,北京市,2,赛迪报告 第3页\n"
            "ccid_2030,赛迪 2030 测试排名,2030,深圳,1,赛迪报告 第3页\n"
            "ccid_2030,赛迪 2030 测试排名,2030,Chengdu,3,赛迪报告 第3页\n"
        ).encode("gbk")
    )
    code, report = run_cli("--kind", "rankings", path, "--user", "alice")
    assert code == 0, report
    return report["version_created"]


def _movement(app):
    return next(frame.value for frame in app.dataframe if "变化" in frame.value.columns)


def test_one_edition_says_where_movement_would_appear(app):
    open_page(app, "rankings")
    assert any("只有一个版本包含智能城市排名" in caption.value for caption in app.caption)


def test_the_rankings_page_shows_movement_between_two_editions(app, second_edition):
    open_page(app, "rankings")  # the newest edition (2030) is shown; movement from 2018 to 2030
    assert labelled(app.selectbox, "起始版本").value == "deloitte_2018"
    assert labelled(app.selectbox, "对比版本").value == "ccid_2030"
    table = _movement(app).set_index("城市")
    assert table.loc["成都", "变化"] == "↑ 9"  # 12th in 2018, 3rd in 2030
    assert table.loc["北京", "变化"] == "↑ 1"
    assert table.loc["深圳", "变化"] == "= 0"
    assert table.loc["上海", "变化"] == "后一版本未列入"
    assert table.loc["上海", "赛迪 2030 测试排名"] == "本版未列入"
    assert table.loc["成都", "出处"].startswith("000:L430, U")
    slope = chart_titled(app, "智能城市排名：版本之间的变化")
    chengdu = {row["edition_label"]: row["value"] for row in slope["data"] if row.get("city_code") == CHENGDU}
    assert chengdu == {"德勤 2018 中国超级智能城市指数": 12.0, "赛迪 2030 测试排名": 3.0}
    assert slope["spec"]["layer"][0]["encoding"]["y"]["scale"]["reverse"] is True  # rank 1 at the top


def test_the_editions_compared_are_kept_in_the_link_in_either_language(app, second_edition):
    open_page(app, "rankings", from_edition="ccid_2030", to_edition="deloitte_2018", lang="en")
    table = next(frame.value for frame in app.dataframe if "Change" in frame.value.columns).set_index("City")
    assert table.loc["Chengdu", "Change"] == "↓ 9"  # read the other way round
    assert app.query_params["from_edition"] == "ccid_2030"


def test_the_profile_shows_the_city_s_history(app, second_edition):
    open_page(app, "city", city=CHENGDU)
    assert any(
        "智能城市排名：德勤 2018 中国超级智能城市指数为 12，赛迪 2030 测试排名为 3" in caption.value
        for caption in app.caption
    )
    history = chart_titled(app, "智能城市排名")
    assert [row["value"] for row in sorted(history["data"], key=lambda row: row.get("year", 0)) if "year" in row] == [
        12.0,
        3.0,
    ]
    open_page(app, "city", city=BEIJING, lang="en")
    assert any(
        "Smart-city rank: 3 in Deloitte 2018" in caption.value and "2 in" in caption.value for caption in app.caption
    )


def test_the_profile_headline_names_the_edition_its_rank_is_from(app, second_edition):
    """With a 2030 edition uploaded, the headline rank is 2030's and says so (never 2018's label on it)."""
    open_page(app, "city", city=CHENGDU)
    assert labelled(app.metric, "2030 智能城市排名").value == "3"
    assert not [metric for metric in app.metric if "2018" in metric.label and metric.value == "3"]
    open_page(app, "city", city=CHENGDU, lang="en", present="1")
    assert any("2030 smart-city rank: 3;" in str(element.value) for element in [*app.markdown, *app.caption])


def test_the_profile_headline_without_an_upload_is_2018_s_rank(app):
    open_page(app, "city", city=CHENGDU, lang="en")
    assert labelled(app.metric, "2018 smart-city rank").value == "12"
