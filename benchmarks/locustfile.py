"""Locust user class for the load test: simulated executives viewing the atlas in a browser.

Each Locust user is one browser tab speaking Streamlit's websocket protocol
(benchmarks/streamlit_client.py). It opens a main page in its language (half the users Chinese,
half English), then every 3 s (think time) either changes a filter on the page it is on (tiers, the
ranking measure, the city) or moves to another main page, as people do during a briefing. Each run
of the script (rerun) is one Locust request named after the page; its time is from sending
rerun_script to script_finished. A rerun that draws an exception, a page that is not found, or a
dropped stream counts as an error; after a dropped stream the tab reconnects as a browser does
(behind HAProxy, to another replica when its own is gone).

Run by benchmarks/loadtest.py (`make loadtest`); by hand:
    locust -f benchmarks/locustfile.py --headless -u 10 -r 2 -t 60s --host http://127.0.0.1:8501
"""

import random
import sys
import time
from pathlib import Path

from locust import User, constant, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))

from streamlit_client import Session

THINK_SECONDS = 3.0
PAGES = ["overview", "rankings", "pilots", "carbon", "scenarios", "city", "sources", "metrics"]


def url_path(page: str) -> str:
    """The page's URL path: the overview is the default page, at /."""
    return "" if page == "overview" else page


TIERS = ["", "tier=leading", "tier=pioneer", "tier=exploring", "tier=leading&tier=pioneer"]
PAGE_FILTERS = {
    "rankings": ["measure=smart_rank", "measure=innovation_score", "measure=rank_gap"],
    "city": ["city=北京", "city=深圳", "city=上海", "city=杭州", "city=贵阳", "city=Beijing"],
}


def query_for(page: str, language: str, rng: random.Random) -> str:
    parts = [f"lang={language}"]
    if page == "city":
        parts.append(rng.choice(PAGE_FILTERS["city"]))
    else:
        parts.append(rng.choice(TIERS))
        if page in PAGE_FILTERS:
            parts.append(rng.choice(PAGE_FILTERS[page]))
    return "&".join(p for p in parts if p)


class Viewer(User):
    wait_time = constant(THINK_SECONDS)

    def on_start(self) -> None:
        self.rng = random.Random()
        self.language = self.rng.choice(["zh", "en"])
        self.page = self.rng.choice(PAGES)
        self.session = Session(self.host or "http://127.0.0.1:8501", timeout=120.0)
        self._connect()
        self._rerun(self.page, query_for(self.page, self.language, self.rng))

    def on_stop(self) -> None:
        self.session.close()

    def _connect(self) -> None:
        started = time.perf_counter()
        try:
            self.session.connect(url_path(self.page))
        except Exception as error:  # reported to Locust like any failed request, then retried
            self._report("connect", started, 0, error)
            raise

    @task(3)
    def change_filter(self) -> None:
        self._rerun(self.page, query_for(self.page, self.language, self.rng))

    @task(2)
    def change_page(self) -> None:
        self.page = self.rng.choice([p for p in PAGES if p != self.page])
        self._rerun(self.page, query_for(self.page, self.language, self.rng))

    def _reconnect(self) -> None:
        started = time.perf_counter()
        try:
            self.session.reconnect()
        except Exception as error:  # the next task tries again
            self._report("reconnect", started, 0, error)

    def _rerun(self, page: str, query: str) -> None:
        started = time.perf_counter()
        try:
            result = self.session.rerun(url_path(page), query)
        except Exception as error:  # a dropped stream: report it, reconnect as the browser does
            self._report(page, started, 0, error)
            self._reconnect()
            return
        problem = None
        if result.exceptions or result.page_not_found:
            problem = RuntimeError(f"{page}: {(result.exceptions or ['page not found'])[0][:200]}")
        self._report(page, started, result.bytes, problem, seconds=result.seconds)

    def _report(self, name: str, started: float, size: int, error, seconds: float | None = None) -> None:
        elapsed = seconds if seconds is not None else time.perf_counter() - started
        events.request.fire(
            request_type="rerun",
            name=name,
            response_time=elapsed * 1000,
            response_length=size,
            exception=error,
            context={},
        )
