"""The tier edition in the sidebar, in chromium, both languages: after a tiers upload the filter is
named "2025 梯队", the older edition is one click away and the choice lands in the address bar."""

from pathlib import Path

import pytest

from browser_helpers import browsing, wait_for_app, wait_until_quiet
from ingest_helpers import TIERS_2025, copy_database, run_cli_on
from server_helpers import serve_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def two_editions(private_database, tmp_path_factory):
    folder = tmp_path_factory.mktemp("tier-editions")
    database = copy_database(private_database, folder)
    upload = folder / "tiers.csv"
    upload.write_bytes(TIERS_2025.encode())
    assert run_cli_on(database, "--kind", "tiers", upload)[0] == 0
    with serve_app(database, folder / "server.log") as base:
        yield base


@pytest.mark.parametrize(
    "language,heading,edition_label,older,map_title",
    [
        ("zh", "2025 梯队", "梯队版本", "2022 · 德勤 2022 超级智能城市梯队", "全国城市分布（按 {}着色）"),
        (
            "en",
            "2025 tier",
            "Tier edition",
            "2022 · Deloitte 2022 super smart city tiers",
            "Cities across China (coloured by {})",
        ),
    ],
)
def test_the_sidebar_names_the_tier_edition_and_offers_the_older_one(
    browser, two_editions, artifacts: Path, language, heading, edition_label, older, map_title
):
    with browsing(browser, f"{two_editions}/?lang={language}", artifacts / f"tier-edition-failure-{language}.png") as (
        page,
        requests,
    ):
        wait_for_app(page, maps=1, charts=1)
        sidebar = page.locator("[data-testid=stSidebar]")
        sidebar.get_by_text(heading, exact=True).wait_for(timeout=30_000)
        page.get_by_role("heading", name=map_title.format(heading)).wait_for(timeout=30_000)  # the map says so too
        page.screenshot(path=str(artifacts / f"tier-edition-2025-{language}.png"))
        box = sidebar.get_by_role("combobox", name=edition_label)
        box.click()
        page.get_by_role("option", name=older).click()
        wait_until_quiet(page, requests)
        sidebar.get_by_text(heading.replace("2025", "2022"), exact=True).wait_for(timeout=30_000)
        page.get_by_role("heading", name=map_title.format(heading.replace("2025", "2022"))).wait_for(timeout=30_000)
        page.wait_for_function("location.search.includes('tier_edition=deloitte_2022')", timeout=30_000)
        wait_for_app(page, maps=1, charts=1)
        page.screenshot(path=str(artifacts / f"tier-edition-2022-{language}.png"))
