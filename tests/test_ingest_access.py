"""Sign-in for writers, slowed-down failures, pages only analysts see, and safe CSV downloads."""

import csv
import io
import json
import os
import stat
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from components.csv_files import csv_bytes
from queries.accounts import add_account, check_password, load_accounts
from queries.throttle import Throttle

from wording import ZH

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def accounts_file(tmp_path, monkeypatch):
    path = tmp_path / "accounts.toml"
    monkeypatch.setenv("ATLAS_ACCOUNTS_FILE", str(path))
    return path


def test_accounts_are_created_by_the_documented_command(accounts_file):
    result = subprocess.run(
        [sys.executable, "-m", "queries.accounts", "add", "alice", "--password-stdin"],
        input=PASSWORD + "\n",
        text=True,
        capture_output=True,
        cwd=ROOT,
        env=dict(os.environ, ATLAS_ACCOUNTS_FILE=str(accounts_file)),
    )
    assert result.returncode == 0, result.stderr
    stored = tomllib.loads(accounts_file.read_text())["accounts"]["alice"]
    assert stored["password_hash"].startswith("$2b$12$") and PASSWORD not in accounts_file.read_text()
    assert stat.S_IMODE(accounts_file.stat().st_mode) == 0o600
    assert check_password("alice", PASSWORD) and not check_password("alice", PASSWORD + "!")
    assert not check_password("mallory", PASSWORD)


def test_no_account_and_no_default_password_ship(accounts_file):
    assert load_accounts() == {}
    assert not check_password("admin", "admin") and not check_password("analyst", "")
    assert not (ROOT / ".streamlit" / "secrets.toml").exists()


def test_weak_or_overlong_passwords_are_refused(accounts_file):
    with pytest.raises(ValueError):
        add_account("alice", "short")
    with pytest.raises(ValueError):
        add_account("alice", "长" * 30)  # 90 bytes: bcrypt would silently ignore the tail
    with pytest.raises(ValueError):
        add_account("a b", PASSWORD)


def fake_time(start: float = 1000.0):
    """A clock and a sleep that advances it, recording each wait."""
    now, waits = [start], []

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds

    return now, waits, (lambda: now[0]), sleep


def test_failed_sign_ins_are_slowed_down(accounts_file):
    add_account("alice", PASSWORD)
    now, waits, clock, sleep = fake_time()
    throttle = Throttle(clock=clock, sleep=sleep, base=1.0, maximum=8.0, window=900)
    for _ in range(5):
        result = throttle.attempt("alice", "wrong", client="10.0.0.1")
        assert (result.outcome, result.waited) == ("failed", waits[-1] if waits else 0.0)
    assert waits == [1.0, 2.0, 4.0, 8.0]  # doubling, capped
    assert throttle.delay("user:alice") == 8.0
    assert throttle.delay("client:10.0.0.1") == 8.0  # another user name from the same client waits too
    now[0] += 901  # the window passes
    assert throttle.delay("user:alice") == 0.0
    assert throttle.attempt("alice", PASSWORD).ok


def test_attempts_in_flight_count_so_parallel_sessions_are_answered_one_after_another(accounts_file):
    """A second session does not get its own fresh schedule: the attempt in flight counts as a
    failure, and an attempt whose turn is more than the maximum away is refused at once."""
    add_account("alice", PASSWORD)
    clock = fake_time()[2]
    throttle = Throttle(clock=clock, sleep=lambda s: None, base=1.0, maximum=8.0)
    reserved = [throttle._reserve(["user:alice"]) for _ in range(6)]
    assert reserved == [(0.0, 0.0), (1.0, 0.0), (3.0, 0.0), (7.0, 0.0), (-1.0, 7.0), (-1.0, 7.0)]
    refused = throttle.attempt("alice", PASSWORD, client="10.0.0.2")
    assert (refused.outcome, refused.retry_after) == ("refused", 7.0)  # not even a right password is checked


ATTEMPT = """
import json, sys, time
from pathlib import Path
from queries.throttle import Throttle
gate, state, index = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
throttle = Throttle(state, base=0.5, maximum=2.0)
(gate / f"ready-{index}").touch()
while not (gate / "go").exists():  # every process imported: all try at the same moment
    time.sleep(0.001)
began = time.time()
result = throttle.attempt("alice", "wrong password", client=f"10.0.0.{index}")
print(json.dumps({"outcome": result.outcome, "waited": result.waited, "seconds": time.time() - began}))
"""


def test_throttling_holds_across_processes(accounts_file, tmp_path):
    """Eight processes (as eight replicas or sessions would) try one account at the same moment:
    the schedule is shared, so a few are answered one after another and the rest are refused."""
    add_account("alice", PASSWORD)
    state, gate = tmp_path / "sign-in-attempts.sqlite3", tmp_path / "gate"
    gate.mkdir()
    env = dict(os.environ, ATLAS_ACCOUNTS_FILE=str(accounts_file))
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", ATTEMPT, str(gate), str(state), str(index)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for index in range(8)
    ]
    deadline = time.monotonic() + 120
    while len(list(gate.glob("ready-*"))) < len(processes):
        assert all(process.poll() is None for process in processes) and time.monotonic() < deadline
        time.sleep(0.01)
    (gate / "go").touch()
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out))
    answered = [r for r in results if r["outcome"] == "failed"]
    refused = [r for r in results if r["outcome"] == "refused"]
    assert len(answered) + len(refused) == 8
    assert 1 <= len(answered) <= 4 and len(refused) >= 4, results  # before: 8 answers, each at once
    assert sorted(r["waited"] for r in answered)[:3] == pytest.approx([0.0, 0.5, 1.5][: len(answered)], abs=0.6)
    assert max(r["seconds"] for r in refused) < 1.0  # refused at once: no sleeping thread, no bcrypt


def test_bcrypt_checks_are_bounded(accounts_file, monkeypatch):
    """Many user names from many addresses are not throttled by each other, but the checks they cost
    never run more than `slots` at a time; one that cannot get a slot in time is answered busy."""
    add_account("alice", PASSWORD)
    import queries.throttle as throttle_module

    running, peak, guard, checking = [0], [0], threading.Lock(), threading.Event()
    real = throttle_module.check_password

    def counted(*args, **kwargs):
        with guard:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        checking.set()
        try:
            time.sleep(0.3)
            return real(*args, **kwargs)
        finally:
            with guard:
                running[0] -= 1

    monkeypatch.setattr(throttle_module, "check_password", counted)
    throttle = Throttle(slots=1, slot_wait=30)
    outcomes = []
    threads = [
        threading.Thread(target=lambda i=i: outcomes.append(throttle.attempt(f"user{i}", "x" * 12, f"10.1.0.{i}")))
        for i in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak[0] == 1 and [r.outcome for r in outcomes] == ["failed"] * 4
    impatient = Throttle(slots=1, slot_wait=0.05)
    slow = threading.Thread(target=lambda: outcomes.append(throttle.attempt("user9", "x" * 12, "10.1.0.9")))
    checking.clear()
    slow.start()
    assert checking.wait(30), "the slow check holds the only slot"
    assert impatient.attempt("user8", "x" * 12, "10.1.0.8").outcome == "busy"
    slow.join()


def test_a_damaged_accounts_file_is_said_plainly(app, accounts_file):
    accounts_file.write_text('[accounts.alice]\npassword_hash = "$2b$12$\n')  # unterminated string
    result = subprocess.run(
        [sys.executable, "-m", "queries.accounts", "list"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, ATLAS_ACCOUNTS_FILE=str(accounts_file)),
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"the accounts file {accounts_file} cannot be used: it is not valid TOML")
    app.run()
    app.switch_page("app_pages/sign_in.py").run()
    assert not app.exception
    assert [e.value for e in app.error] == [
        "暂时无法登录：服务器上的账户文件无法读取。管理员可运行 python -m queries.accounts check 查看原因。"
    ]
    page = " ".join(str(e.value) for e in [*app.error, *app.info, *app.markdown, *app.caption])
    assert str(accounts_file.parent) not in page and not app.text_input  # no form, no path


@pytest.mark.parametrize("stale", ["file", "link"])
def test_adding_an_account_never_writes_through_a_stale_temporary_file(accounts_file, tmp_path, stale):
    accounts_file.parent.mkdir(parents=True, exist_ok=True)
    leftover = accounts_file.with_name(accounts_file.name + ".tmp")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    if stale == "file":
        leftover.write_text("stale")
        leftover.chmod(0o644)
    else:
        leftover.symlink_to(victim)
    add_account("alice", PASSWORD)
    assert victim.read_text() == "keep me"
    assert stat.S_IMODE(accounts_file.stat().st_mode) == 0o600 and not accounts_file.is_symlink()
    assert check_password("alice", PASSWORD)
    assert [p.name for p in accounts_file.parent.glob(".accounts.toml.*.tmp")] == []  # nothing left behind


def signed_in(app, user="alice"):
    app.run()
    app.session_state["_atlas_analyst"] = user
    app.run()
    return app


def test_viewers_see_only_the_sign_in_page(app):
    app.run()
    with pytest.raises(ValueError):
        app.switch_page("app_pages/upload.py")
    app.switch_page("app_pages/sign_in.py").run()
    assert [box.label for box in app.text_input] == [ZH["auth.user"], ZH["auth.password"]]


def test_signing_in_through_the_form_opens_the_analyst_pages(app, accounts_file, monkeypatch):
    add_account("alice", PASSWORD)
    import components.auth as auth

    monkeypatch.setattr(auth, "THROTTLE", Throttle(sleep=lambda s: None))
    app.run()
    app.switch_page("app_pages/sign_in.py").run()
    app.text_input(key="sign_in_user").input("alice")
    app.text_input(key="sign_in_password").input("wrong password!!")
    app.button[0].click().run()
    assert [e.value for e in app.error] == [ZH["auth.failed"]]
    app.text_input(key="sign_in_password").input(PASSWORD)
    app.button[0].click().run()
    assert not app.exception
    assert app.session_state["_atlas_analyst"] == "alice"
    app.switch_page("app_pages/upload.py").run()
    assert app.title[0].value == ZH["ingest.title"]
    app.switch_page("app_pages/versions.py").run()
    assert app.title[0].value == ZH["versions.title"]
    assert len(app.dataframe) >= 1
    assert not app.dataframe[0].value.isna().any().any()  # the seed version's empty cells are blank, not 'None'


def test_embedded_views_never_show_analyst_pages(app):
    signed_in(app)
    app.context = {"is_embedded": True}
    app.run()
    for page in ("app_pages/upload.py", "app_pages/versions.py", "app_pages/sign_in.py"):
        with pytest.raises(ValueError):
            app.switch_page(page)


def test_upload_page_refuses_a_viewer_even_by_direct_run(app):
    from streamlit.testing.v1 import AppTest

    page = AppTest.from_file(str(ROOT / "app_pages" / "upload.py"), default_timeout=60)
    page.run()
    assert [w.value for w in page.warning] == [ZH["auth.required"]]
    assert not page.get("file_uploader")


def test_csv_downloads_neutralise_formulas():
    frame = pd.DataFrame(
        {
            "name": ['=HYPERLINK("http://x")', "+1", "-cmd", "@SUM(A1)", "北京", None],
            "value": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0],
        }
    )
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ['\'=HYPERLINK("http://x")', "'+1", "'-cmd", "'@SUM(A1)", "北京", ""]
    assert rows[1][1] == "-1.5"  # numbers stay numbers
