"""Analyst sign-in: the form, who is signed in, and the guard of the pages only analysts see.

app.py registers the pages: viewers get the sign-in page in the sidebar; signed-in analysts also
get Upload data and Dataset versions. Embedded and presenting views get none of them. A signed-in
analyst is remembered in the session only: a new browser tab signs in again. Accounts:
queries.accounts (docs/ingest.md).
"""

import streamlit as st

from components import view_mode
from components.i18n import t
from components.safe_text import markdown_text
from queries.accounts import AccountsFileError, load_accounts
from queries.throttle import BUSY, REFUSED, THROTTLE

ANALYST_KEY = "_atlas_analyst"


def _hidden() -> bool:
    """Embedded (?embed=true) and presenting views show no analyst page."""
    return view_mode.controls_hidden()


def signed_in_user() -> str | None:
    return st.session_state.get(ANALYST_KEY)


def require_analyst() -> str:
    """The signed-in analyst's name; anyone else sees a notice and the page stops."""
    user = signed_in_user()
    if not user or _hidden():
        st.warning(t("auth.required"), icon=":material/lock:")
        st.stop()
    return user


def _client() -> str | None:
    try:
        return st.context.ip_address
    except AttributeError:
        return None


def _accounts_readable() -> bool:
    """Whether sign-in can work; a damaged accounts file is said plainly (no path, no traceback)."""
    try:
        accounts = load_accounts()
    except AccountsFileError:
        st.error(t("auth.accounts_unreadable"), icon=":material/error:")
        return False
    if not accounts:
        st.info(t("auth.no_accounts"), icon=":material/info:")
    return True


def sign_in_form() -> None:
    if not _accounts_readable():
        return
    with st.form("sign_in", enter_to_submit=True):
        name = st.text_input(t("auth.user"), key="sign_in_user", autocomplete="username")
        password = st.text_input(
            t("auth.password"), type="password", key="sign_in_password", autocomplete="current-password"
        )
        submitted = st.form_submit_button(t("auth.submit"), type="primary")
    if not submitted:
        return
    name = name.strip()
    client = _client()
    try:
        result = THROTTLE.attempt(name, password, client)
    except AccountsFileError:
        st.error(t("auth.accounts_unreadable"), icon=":material/error:")
        return
    if result.ok:
        st.session_state[ANALYST_KEY] = name
        st.session_state.pop("sign_in_password", None)
        st.rerun()
    if result.outcome == REFUSED:
        st.error(t("auth.refused", seconds=f"{result.retry_after:g}"), icon=":material/timer:")
        return
    if result.outcome == BUSY:
        st.warning(t("auth.busy"), icon=":material/hourglass_top:")
        return
    st.error(t("auth.failed"), icon=":material/error:")
    wait = THROTTLE.delay(f"user:{name}", f"client:{client}" if client else "")
    if wait >= 2:
        st.caption(t("auth.slowed", seconds=f"{wait:g}"))


def account_panel(user: str) -> None:
    st.success(t("auth.signed_in", user=markdown_text(user)), icon=":material/verified_user:")
    left, right, _ = st.columns([1, 1, 3])
    with left:
        st.page_link("app_pages/upload.py", label=t("auth.go_upload"), icon=":material/upload_file:")
    with right:
        st.page_link("app_pages/versions.py", label=t("auth.go_versions"), icon=":material/history:")
    if st.button(t("auth.sign_out"), key="sign_out"):
        st.session_state.pop(ANALYST_KEY, None)
        st.rerun()
