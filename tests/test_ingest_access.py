"""Sign-in for writers, slowed-down failures, pages only analysts see, and safe CSV downloads."""

import csv
import io
import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from components.csv_files import csv_bytes
from queries import accounts
from queries.accounts import Throttle, add_account, check_password, load_accounts

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


def test_failed_sign_ins_are_slowed_down(accounts_file):
    add_account("alice", PASSWORD)
    now = [1000.0]
    waits = []
    throttle = Throttle(clock=lambda: now[0], sleep=waits.append, base=1.0, maximum=8.0, window=900)
    for _ in range(5):
        assert throttle.attempt("alice", "wrong", client="10.0.0.1") == (False, waits[-1] if waits else 0.0)
    assert waits == [1.0, 2.0, 4.0, 8.0]  # doubling, capped
    assert throttle.delay("user:alice") == 8.0
    assert throttle.delay("client:10.0.0.1") == 8.0  # another user name from the same client waits too
    now[0] += 901  # the window passes
    assert throttle.delay("user:alice") == 0.0
    assert throttle.attempt("alice", PASSWORD)[0]


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
    assert [box.label for box in app.text_input] == ["用户名", "密码"]


def test_signing_in_through_the_form_opens_the_analyst_pages(app, accounts_file, monkeypatch):
    add_account("alice", PASSWORD)
    monkeypatch.setattr(accounts, "THROTTLE", Throttle(sleep=lambda s: None))
    import components.auth as auth

    monkeypatch.setattr(auth, "THROTTLE", accounts.THROTTLE)
    app.run()
    app.switch_page("app_pages/sign_in.py").run()
    app.text_input(key="sign_in_user").input("alice")
    app.text_input(key="sign_in_password").input("wrong password!!")
    app.button[0].click().run()
    assert [e.value for e in app.error] == ["用户名或密码不正确。"]
    app.text_input(key="sign_in_password").input(PASSWORD)
    app.button[0].click().run()
    assert not app.exception
    assert app.session_state["_atlas_analyst"] == "alice"
    app.switch_page("app_pages/upload.py").run()
    assert app.title[0].value == "上传数据"
    app.switch_page("app_pages/versions.py").run()
    assert app.title[0].value == "数据集版本"
    assert len(app.dataframe) >= 1


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
    assert [w.value for w in page.warning] == ["请以分析师身份登录后使用本页。"]
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
