"""Analyst sign-in (viewers) or the signed-in analyst's account panel."""

from components.auth import account_panel, sign_in_form, signed_in_user
from components.layout import page_header

page_header("auth.title", "auth.intro")
user = signed_in_user()
if user:
    account_panel(user)
else:
    sign_in_form()
