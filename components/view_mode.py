"""How a page is being looked at, and the choices it offers.

- Embedded (`?embed=true`, read from `st.context.is_embedded`): page content only. No sidebar,
  no navigation, no controls; every choice comes from the URL.
- Presenting (`?present=1`, kept in the URL like every other choice): larger type, no controls,
  navigation along the top, and each page leads with its key figure and takeaway.

Both are read from the page context (components.page_context). Pages create their choices with
`control(...)` instead of seeding the URL state and drawing the widget themselves: the choice is
read from and written to the URL as before, the widget is left out when controls are hidden, and
the choice is named in the embed line ("指标：排名差").
"""

from collections.abc import Callable
from typing import Literal

import streamlit as st

from components import page_context
from components.filters import (
    language_switch,
    tier_edition_filter,
    tier_edition_label,
    tier_filter,
    tier_heading,
    tier_label,
)
from components.i18n import t
from components.page_context import TIER_EDITION_KEY, TIER_KEY, current

PRESENT_SWITCH = "present_switch"  # the toggle's own key: its value is a bool, the URL's "1"


def is_embedded() -> bool:
    return current().embedded


def is_presenting() -> bool:
    return current().presenting


def controls_hidden() -> bool:
    """Embedded views and presentations show the view the link describes, without controls."""
    return current().controls_hidden


def navigation_position() -> Literal["sidebar", "hidden", "top"]:
    return current().navigation_position


def describe(key: str, label: str, format_func: Callable = str) -> None:
    """Name a choice bound this run for the embed line: `label` and how to show its value."""
    choice = current().url.choices[key]
    choice.label, choice.format_func = label, format_func


def control(
    widget: Callable,
    label: str,
    *,
    key: str,
    options,
    default,
    multi: bool = False,
    format_func: Callable = str,
    describe_as: str | None = None,
    **widget_options,
):
    """A page choice kept in the URL: seeded from ?key=, drawn unless controls are hidden (an
    embed with ?controls=key draws it too).

    `widget` is the Streamlit widget function (st.selectbox, st.segmented_control, st.pills, …);
    any other keyword goes to it. Returns the current value.

        measure = view_mode.control(st.segmented_control, t("rankings.measure"), key="measure",
                                    options=options, default=options[0], required=True,
                                    format_func=lambda m: t(f"measure.{m}"))
    """
    page = current()
    choice = page.url.seed(key, options, default, multi=multi)
    choice.label, choice.format_func = describe_as or label, format_func
    if page.shows_control(key):
        widget(label, options=choice.options, format_func=format_func, key=key, **widget_options)
    return st.session_state.get(key)


def shows(key: str) -> bool:
    """Whether the control for `key` is drawn (the app; an embed that keeps it; never presenting)."""
    return current().shows_control(key)


def shared_filters() -> None:
    """The sidebar's language switch and tier filter (their values come from the page context)."""
    page = current()
    if not page.controls_hidden:
        language_switch()
        tier_edition_filter()
        tier_filter()
    describe(TIER_KEY, tier_heading(), tier_label)
    if len(page.url.choices[TIER_EDITION_KEY].options) > 1:
        describe(TIER_EDITION_KEY, t("filter.tier_edition"), tier_edition_label)


def sync_present_switch() -> None:
    """Give the presentation toggle the URL's value before it is drawn."""
    st.session_state[PRESENT_SWITCH] = current().presenting


def on_present_switch() -> None:
    st.session_state[page_context.PRESENT_KEY] = "1" if st.session_state.get(PRESENT_SWITCH) else "0"
