"""How a page is being looked at: in the app, embedded in another page, or projected in a meeting.

- Embedded (`?embed=true`, read from `st.context.is_embedded`): page content only. No sidebar,
  no navigation, no controls; every choice comes from the URL.
- Presenting (`?present=1`, kept in the URL like every other choice): larger type, no controls,
  navigation along the top, and each page leads with its key figure and takeaway.

Pages create their choices with `control(...)` instead of calling `url_state.seed` and the widget
themselves: the choice is read from and written to the URL as before, the widget is left out
when controls are hidden, and the choice is named in the embed line ("指标：排名差").
"""

from collections.abc import Callable
from typing import Literal

import streamlit as st

from components import url_state
from components.filters import LANGUAGE_KEY, TIER_KEY, language_switch, tier_filter, tier_label
from components.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from components.palette import TIERS

PRESENT_KEY = "present"
PRESENT_SWITCH = "present_switch"  # the toggle's own key: its value is a bool, the URL's "1"
_DESCRIBED = "_view_mode_described"  # session key: {parameter: (label, format_func)} this run
_OPTIONS = "_view_mode_options"  # session key: {parameter: (options, default, multi)} this run


def begin() -> None:
    """Read ?present= and forget the previous run's descriptions; called by app.py after url_state."""
    url_state.seed(PRESENT_KEY, ("0", "1"), "0")
    st.session_state[_DESCRIBED] = {}
    st.session_state[_OPTIONS] = {}


def is_embedded() -> bool:
    return bool(st.context.is_embedded)


def is_presenting() -> bool:
    return st.session_state.get(PRESENT_KEY) == "1"


def controls_hidden() -> bool:
    """Embedded views and presentations show the view the link describes, without controls."""
    return is_embedded() or is_presenting()


def navigation_position() -> Literal["sidebar", "hidden", "top"]:
    if is_embedded():
        return "hidden"
    return "top" if is_presenting() else "sidebar"


def describe(key: str, label: str, format_func: Callable = str) -> None:
    """Name a choice for the embed line: `label` and how to show its value."""
    st.session_state.setdefault(_DESCRIBED, {})[key] = (label, format_func)


def choices() -> dict[str, tuple[list, object, bool]]:
    """{parameter: (options, default, multi)} for every choice made through control() this run."""
    return dict(st.session_state.get(_OPTIONS, {}))


def described() -> list[tuple[str, str]]:
    """(label, value as shown) for every described choice, in the order they were made."""
    out = []
    for key, (label, format_func) in st.session_state.get(_DESCRIBED, {}).items():
        value = st.session_state.get(key)
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            text = (
                t("share.line.all")
                if key == TIER_KEY and len(value) == len(TIERS)
                else ("、".join(str(format_func(v)) for v in value) or t("share.line.none"))
            )
        else:
            text = str(format_func(value))
        out.append((label, text))
    return out


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
    """A page choice kept in the URL: seeded from ?key=, drawn unless controls are hidden.

    `widget` is the Streamlit widget function (st.selectbox, st.segmented_control, st.pills, …);
    any other keyword goes to it. Returns the current value.

        measure = view_mode.control(st.segmented_control, t("rankings.measure"), key="measure",
                                    options=options, default=options[0], required=True,
                                    format_func=lambda m: t(f"measure.{m}"))
    """
    options = list(options)
    url_state.seed(key, options, default, multi=multi)
    describe(key, describe_as or label, format_func)
    st.session_state.setdefault(_OPTIONS, {})[key] = (options, default, multi)
    if not controls_hidden():
        widget(label, options=options, format_func=format_func, key=key, **widget_options)
    return st.session_state.get(key)


def shared_filters() -> None:
    """The sidebar's language switch and tier filter, or, when controls are hidden, their URL values."""
    if controls_hidden():
        url_state.seed(LANGUAGE_KEY, LANGUAGES, DEFAULT_LANGUAGE)
        url_state.seed(TIER_KEY, TIERS, list(TIERS), multi=True)
    else:
        language_switch()
        tier_filter()
    describe(TIER_KEY, t("filter.tier"), tier_label)
    options = st.session_state.setdefault(_OPTIONS, {})
    options[LANGUAGE_KEY] = (list(LANGUAGES), DEFAULT_LANGUAGE, False)
    options[TIER_KEY] = (list(TIERS), list(TIERS), True)


def sync_present_switch() -> None:
    """Give the presentation toggle the URL's value before it is drawn."""
    st.session_state[PRESENT_SWITCH] = is_presenting()


def on_present_switch() -> None:
    st.session_state[PRESENT_KEY] = "1" if st.session_state.get(PRESENT_SWITCH) else "0"
