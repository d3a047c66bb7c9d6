"""Where a warm rerun spends its time, per page: pyinstrument over the script thread.

    python benchmarks/profile_pages.py                 # every page under AppTest
    python benchmarks/profile_pages.py --served        # every page on `streamlit run`, driven over the websocket
    python benchmarks/profile_pages.py --pages pilots --html var/profiles

Each page is warmed up (every filter state of its cycle run once), then REPEATS reruns cycling through
the same filter states are profiled together; the report shows the call tree of the script thread,
where Streamlit also hashes and serialises each element it sends. Not a benchmark: pyinstrument's
own overhead inflates small functions; use bench_pages.py for figures.
"""

import argparse
import contextlib
import logging
import sys
import tempfile
import time
from pathlib import Path

from common import PAGES, ROOT, private_database, serve

REPEATS = 20


def install_profiler(folder: Path) -> None:
    """Profile every script run (ScriptRunner._run_script, in whatever thread runs it) into `folder`,
    one pyinstrument session file per run. Used in this process (AppTest) and, through
    `python benchmarks/profile_pages.py --serve-profiled FOLDER app.py …`, in a served app."""
    import itertools

    from pyinstrument import Profiler
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    original = ScriptRunner._run_script
    counter = itertools.count()
    folder.mkdir(parents=True, exist_ok=True)

    def profiled(runner, rerun_data):
        profiler = Profiler(interval=0.0005)
        profiler.start()
        try:
            return original(runner, rerun_data)
        finally:
            profiler.stop()
            if profiler.last_session is not None:
                profiler.last_session.save(str(folder / f"run-{next(counter):05d}.json"))

    ScriptRunner._run_script = profiled  # type: ignore[method-assign]


def clear(folder: Path) -> None:
    for file in folder.glob("run-*.json"):
        file.unlink()


def report(folder: Path, html: Path | None, name: str) -> str:
    """The runs profiled since the last clear(), combined into one call tree."""
    from pyinstrument.renderers import ConsoleRenderer, HTMLRenderer
    from pyinstrument.session import Session

    sessions = [Session.load(str(file)) for file in sorted(folder.glob("run-*.json"))]
    clear(folder)
    if not sessions:
        return "(no runs profiled)"
    combined = sessions[0]
    for session in sessions[1:]:
        combined = Session.combine(combined, session)
    if html is not None:
        html.mkdir(parents=True, exist_ok=True)
        (html / f"{name}.html").write_text(HTMLRenderer().render(combined), encoding="utf-8")
    options = {"filter_threshold": 0.015}  # hide calls under 1.5% of the time
    tree = ConsoleRenderer(unicode=True, short_mode=True, time="percent_of_total", processor_options=options)
    flat = ConsoleRenderer(flat=True, flat_time="self", time="percent_of_total", processor_options=options)
    return (
        f"{len(sessions)} runs, {combined.duration / len(sessions) * 1000:.0f} ms each\n"
        + tree.render(combined)
        + "\nBy own time:\n"
        + "\n".join(flat.render(combined).splitlines()[:60])
    )


def profile_apptest(folder: Path, pages: list[str], html: Path | None) -> None:
    from streamlit.testing.v1 import AppTest

    install_profiler(folder)

    for name in pages:
        path, queries = PAGES[name]
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        app.run()
        if path:
            app.switch_page(f"app_pages/{path}.py").run()

        def run(query: str, app=app) -> None:
            app.query_params.clear()
            app.query_params.update(_pairs(query))
            app.run()
            assert not app.exception, [e.value for e in app.exception]

        for query in queries:
            run(query)
        clear(folder)
        for index in range(REPEATS):
            run(queries[index % len(queries)])
        print(f"\n=== {name} (AppTest) ===\n{report(folder, html, f'apptest-{name}')}")


def profile_served(folder: Path, pages: list[str], html: Path | None, root: Path = ROOT) -> None:
    from streamlit_client import Session

    wrapper = [sys.executable, str(Path(__file__).resolve()), "--serve-profiled", str(folder)]
    with serve(root / "app.py", command=wrapper, cwd=root) as server:
        for name in pages:
            path, queries = PAGES[name]
            with Session(server.url) as session:
                for query in queries:
                    session.rerun(path, query)
                time.sleep(0.5)  # the last warm-up run's profile is saved just after script_finished
                clear(folder)
                for index in range(REPEATS):
                    session.rerun(path, queries[index % len(queries)])
                deadline = time.monotonic() + 10  # the last run's profile is saved after script_finished
                while len(list(folder.glob("run-*.json"))) < REPEATS and time.monotonic() < deadline:
                    time.sleep(0.05)
            print(f"\n=== {name} (served) ===\n{report(folder, html, f'served-{name}')}")


def _pairs(query: str) -> dict[str, list[str]]:
    pairs: dict[str, list[str]] = {}
    for part in filter(None, query.split("&")):
        key, _, value = part.partition("=")
        pairs.setdefault(key, []).append(value)
    return pairs


def serve_profiled(folder: str, arguments: list[str]) -> None:
    """`streamlit run <arguments>` in this process (as scripts/streamlit_run.py starts it), every
    script run profiled into `folder`."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import streamlit_run

    install_profiler(Path(folder))
    sys.argv = ["streamlit_run", *arguments]
    streamlit_run.main()


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's "missing ScriptRunContext" noise
    if len(sys.argv) > 2 and sys.argv[1] == "--serve-profiled":
        serve_profiled(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--served", action="store_true", help="profile a served app driven over the websocket")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated: " + ", ".join(PAGES))
    parser.add_argument("--html", type=Path, help="also write an HTML report per page into this folder")
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="with --served: profile the app as it was at bench_pages.BASELINE (git archive), not the working tree",
    )
    options = parser.parse_args()
    private_database()
    pages = [page for page in options.pages.split(",") if page]
    with tempfile.TemporaryDirectory(prefix="atlas-profile-") as folder, contextlib.ExitStack() as stack:
        if options.served:
            root = ROOT
            if options.baseline:
                from bench_pages import BASELINE, baseline_checkout

                root = stack.enter_context(baseline_checkout(BASELINE))
            profile_served(Path(folder), pages, options.html, root)
        else:
            profile_apptest(Path(folder), pages, options.html)


if __name__ == "__main__":
    main()
