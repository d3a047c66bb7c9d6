"""The Pilots page's filters at 1366 px: every programme's whole name is in view."""

import pytest

from browser_helpers import open_page, wait_for_app

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_programme_pill_is_whole_and_in_view(browser, live_server, language):
    context, page, requests = open_page(browser, f"{live_server}/pilots?lang={language}", 1366, 900)
    try:
        wait_for_app(page, maps=1, charts=2)
        pills = page.evaluate(
            """() => {
                const group = document.querySelector('.st-key-programme [data-testid=stButtonGroup]');
                const box = group.getBoundingClientRect();
                return [...group.querySelectorAll('button')].map(b => {
                    const r = b.getBoundingClientRect();
                    return {text: b.innerText, inside: r.left >= box.left - 1 && r.right <= box.right + 1,
                            whole: b.scrollWidth <= b.clientWidth + 1, shown: r.width > 0};
                });
            }"""
        )
        assert len(pills) >= 2, pills
        assert all(p["inside"] and p["whole"] and p["shown"] for p in pills), pills
        assert requests.off_loopback == []
    finally:
        context.close()
