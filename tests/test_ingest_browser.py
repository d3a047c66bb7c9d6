"""An analyst in chromium: sign in, upload a GBK CSV with Chinese headers, resolve an unmatched city,
commit, and see the new figures colour the metric map. Runs against its own server, database copy and
accounts file (ATLAS_ACCOUNTS_FILE), so it never touches what other tests read."""

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from components.metric_views import RAMP
from queries.accounts import add_account

from browser_helpers import browsing, wait_for_app, wait_until_quiet
from ingest_helpers import copy_database, query, run_cli_on
from server_helpers import serve_app
from wording import EN, ZH, words

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "browser test password"
UPLOAD = (
    "城市,指标,数值,单位,年份,来源\n"
    "北京,智慧路灯数,120,千盏,2032,市政年报\n"
    "上海市,智慧路灯数,300,千盏,2032,市政年报\n"
    "鹏城,智慧路灯数,480,千盏,2032,市政年报\n"
)
KNOWN = UPLOAD.replace("鹏城,智慧路灯数,480,千盏,2032,市政年报\n", "")  # the rows of known cities


@pytest.fixture(scope="module")
def analyst_server(private_database, tmp_path_factory):
    folder = tmp_path_factory.mktemp("analyst")
    database = copy_database(private_database, folder)
    accounts = folder / "accounts.toml"
    add_account("alice", PASSWORD, path=accounts)
    with serve_app(database, folder / "server.log", ATLAS_ACCOUNTS_FILE=str(accounts)) as base:
        yield base, database, folder


def choose(page, requests, label: str, option: str) -> None:
    """Pick `option` in the selectbox labelled `label` (typing filters the list)."""
    box = page.get_by_role("combobox", name=label).first
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option).first.click()
    wait_until_quiet(page, requests)


def ramp_pixels(page) -> int:
    png = page.locator("[data-testid=stDeckGlJsonChart] canvas").first.screenshot()
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    darkest = np.array(RAMP[-1])
    return int((np.abs(pixels - darkest).max(axis=2) <= 12).sum())


def upload_city_metrics(page, requests) -> None:
    """From the sign-in page: sign in as alice (Chinese) and open Upload data for city metrics."""
    wait_for_app(page, maps=0)
    page.get_by_label("用户名").fill("alice")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("已登录：alice").wait_for(timeout=30_000)
    page.get_by_role("link", name="上传数据").first.click()
    page.get_by_role("heading", name="上传数据").wait_for(timeout=30_000)
    wait_until_quiet(page, requests)
    choose(page, requests, "数据集", "城市指标（城市、指标、数值、单位、年份、来源）")


def to_top(page, heading: str) -> None:
    """Scroll the section under `heading` to the top of the window (or as far as the page goes), for a
    screenshot of it; waits on the position, not a timer."""
    element = page.get_by_role("heading", name=heading).element_handle(timeout=30_000)
    element.evaluate("element => element.scrollIntoView({block: 'start'})")
    page.wait_for_function(
        """element => {
            if (Math.abs(element.getBoundingClientRect().top) < 100) return true;
            let box = element.parentElement;
            while (box && !(box.scrollHeight > box.clientHeight && /auto|scroll/.test(getComputedStyle(box).overflowY)))
                box = box.parentElement;
            box = box || document.scrollingElement;
            return box.scrollTop + box.clientHeight >= box.scrollHeight - 2;
        }""",
        arg=element,
        timeout=30_000,
    )


def test_analyst_uploads_a_gbk_csv_resolves_a_city_and_sees_it_on_the_map(browser, analyst_server, artifacts):
    base, database, folder = analyst_server
    upload_file = folder / "路灯.csv"
    upload_file.write_bytes(UPLOAD.encode("gbk"))
    with browsing(browser, f"{base}/sign-in", artifacts / "upload-failure.png") as (page, requests):
        upload_city_metrics(page, requests)
        page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(upload_file))
        page.get_by_text(f"{ZH['ingest.encoding']} GB18030{ZH['ingest.detected_auto']}").wait_for(timeout=60_000)
        page.get_by_text(words("zh", "ingest.places_todo", count=1)).wait_for(timeout=30_000)
        page.screenshot(path=str(artifacts / "upload-unmatched.png"), full_page=True)

        choose(page, requests, words("zh", "ingest.place_choice", name="鹏城"), "深圳市")
        page.get_by_text(ZH["ingest.problems_none"]).or_(
            page.get_by_text(words("zh", "ingest.problems_warnings"))
        ).first.wait_for(timeout=30_000)
        commit = page.get_by_role("button", name=words("zh", "ingest.commit_button", version=1))
        commit.wait_for(timeout=30_000)
        to_top(page, "4 · 预览")
        page.screenshot(path=str(artifacts / "upload-preview.png"))
        commit.click()
        page.get_by_text(words("zh", "ingest.committed", kind=ZH["ingest.kinds.city_metrics"])).wait_for(timeout=60_000)
        assert query(database, "SELECT city_code, value FROM city_metric_current WHERE batch > 0 ORDER BY 1") == [
            ("110000", 120.0),
            ("310000", 300.0),
            ("440300", 480.0),
        ]

        page.get_by_role("link", name=ZH["ingest.see_page"]).click()
        page.get_by_role("heading", name=ZH["metrics.title"]).wait_for(timeout=30_000)
        wait_until_quiet(page, requests)
        choose(page, requests, ZH["metrics.metric"], "智慧路灯数")
        wait_for_app(page, maps=1)
        page.get_by_role("heading", name=words("zh", "metrics.map_title", metric="智慧路灯数", year=2032)).wait_for(
            timeout=30_000
        )
        assert ramp_pixels(page) > 20, "the top city is not drawn in the darkest colour"
        page.screenshot(path=str(artifacts / "metric-map-after-upload.png"), full_page=True)


def sign_in(page, base: str) -> None:
    page.get_by_role("button", name=EN["auth.submit"]).wait_for(timeout=60_000)
    page.get_by_label(EN["auth.user"]).fill("alice")
    page.get_by_role("textbox", name=EN["auth.password"]).fill(PASSWORD)
    page.get_by_role("button", name=EN["auth.submit"]).click()
    page.get_by_text(words("en", "auth.signed_in", user="alice")).wait_for(timeout=30_000)


def test_problems_and_versions_in_english(browser, analyst_server, artifacts):
    base, _database, folder = analyst_server
    bad = folder / "bad.csv"
    bad.write_bytes(
        (
            "City,Metric,Value,Unit,Year,Source\n"
            "Beijing,street_lamps,abc,k,2032,report\n"
            "Shanghai,street_lamps,40,%,1850,report\n"
            'Suzhou,street_lamps,120,%,2032,"=HYPERLINK(""http://x"")"\n'
        ).encode("utf-8-sig")
    )
    with browsing(browser, f"{base}/sign-in?lang=en", artifacts / "versions-failure.png") as (page, requests):
        sign_in(page, base)
        page.get_by_role("link", name=EN["nav.upload"]).first.click()
        page.get_by_role("heading", name=EN["ingest.title"]).wait_for(timeout=30_000)
        wait_until_quiet(page, requests)
        choose(page, requests, EN["ingest.kind"], EN["ingest.kinds.city_metrics"])
        page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(bad))
        page.get_by_text("problem(s) must be fixed").wait_for(timeout=60_000)
        assert page.get_by_role("button", name="Commit as version 2").is_disabled()
        to_top(page, "3 · Checks")
        page.screenshot(path=str(artifacts / "upload-problems-en.png"))

        page.get_by_role("link", name=EN["nav.versions"]).first.click()
        page.get_by_role("heading", name=EN["versions.title"]).wait_for(timeout=30_000)
        wait_until_quiet(page, requests)
        choose(page, requests, EN["ingest.kind"], EN["ingest.kinds.city_metrics"])
        page.get_by_text(words("en", "versions.compare_summary", a=0, b=1)).wait_for(timeout=30_000)
        page.screenshot(path=str(artifacts / "versions-en.png"))
        to_top(page, "Compare two versions")
        page.screenshot(path=str(artifacts / "versions-compare-en.png"))


@pytest.fixture(scope="module")
def bulk_server(private_database, tmp_path_factory):
    """A server of its own whose version 1 holds 北京's and 上海's rows of UPLOAD (committed from the
    command line), so the bulk test does not depend on another test having run first."""
    folder = tmp_path_factory.mktemp("bulk")
    database = copy_database(private_database, folder)
    first = folder / "first.csv"
    first.write_text(KNOWN, encoding="utf-8")
    assert run_cli_on(database, "--kind", "city_metrics", first)[0] == 0
    accounts = folder / "accounts.toml"
    add_account("alice", PASSWORD, path=accounts)
    with serve_app(database, folder / "server.log", ATLAS_ACCOUNTS_FILE=str(accounts)) as base:
        yield base, database, folder


def test_many_unknown_places_are_resolved_from_a_file_and_repeated_rows_are_left_out(browser, bulk_server, artifacts):
    """30 unknown names: 20 pickers with a count, the rest from a filled-in table; the two rows already
    in force are repeated and left out; the same file again has nothing new (English)."""
    base, database, folder = bulk_server
    unknown = "".join(f"未知地名{i}号,测试指标{i},{i},千盏,2032,市政年报\n" for i in range(30))
    upload_file = folder / "月报.csv"
    upload_file.write_bytes((KNOWN + unknown).encode("utf-8"))
    names = folder / "地名.csv"
    names.write_text("name,city_code\n" + "".join(f"未知地名{i}号,440300\n" for i in range(30)), encoding="utf-8")
    with browsing(browser, f"{base}/sign-in", artifacts / "upload-bulk-failure.png") as (page, requests):
        upload_city_metrics(page, requests)
        page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(upload_file))
        page.get_by_text("有 30 个地名需要您确认后才能提交。").wait_for(timeout=60_000)
        pickers = page.get_by_role("combobox", name="对应的城市")
        pickers.nth(19).wait_for(timeout=30_000)
        wait_until_quiet(page, requests)
        assert pickers.count() == 20
        to_top(page, "2 · 地名")
        page.screenshot(path=str(artifacts / "upload-many-places.png"))
        page.locator("[data-testid=stFileUploader] input[type=file]").nth(1).set_input_files(str(names))
        page.get_by_text("30 个地名已按上传的文件指定城市。").wait_for(timeout=60_000)
        wait_until_quiet(page, requests)
        page.get_by_text("其中 2 行已在当前数据中且数值相同").wait_for(timeout=30_000)
        commit = page.get_by_role("button", name="提交为版本 2")
        to_top(page, "3 · 检查结果")
        page.screenshot(path=str(artifacts / "upload-unchanged-rows.png"))
        commit.click()
        page.get_by_text("已提交：城市指标").wait_for(timeout=60_000)
        assert query(database, "SELECT count(*) FROM city_metric_current WHERE metric LIKE '测试指标%'") == [(30,)]

        page.locator("[data-testid=stSidebar] button", has_text="English").click()  # a reload signs out
        page.get_by_role("heading", name="Upload data").wait_for(timeout=30_000)
        wait_until_quiet(page, requests)
        choose(page, requests, "Dataset", "City metrics (city, metric, value, unit, year, source)")
        page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(upload_file))
        page.locator("[data-testid=stFileUploader] input[type=file]").nth(1).wait_for(state="attached", timeout=60_000)
        page.locator("[data-testid=stFileUploader] input[type=file]").nth(1).set_input_files(str(names))
        page.get_by_text("Every row is already in force with the same values").first.wait_for(timeout=60_000)
        assert page.get_by_role("button", name="Commit as version 3").is_disabled()
        to_top(page, "2 · Places")
        page.screenshot(path=str(artifacts / "upload-nothing-new-en.png"))
