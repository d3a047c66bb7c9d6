"""Every choice on every page lives in the URL, with stable language-independent values.

Why not `bind="query-params"`: Streamlit 1.67 writes a widget's *formatted label* to the URL
(`?tier=领军`), so a link made in Chinese resets when opened in English, and invalid values are
dropped silently. Here the URL carries option codes (`?tier=leading&lang=en`), an invalid value
falls back to the default with a visible notice, and the URL is rewritten at the end of every run
to hold exactly the current page's choices that differ from their defaults.

`UrlState` is the URL side of one run (it lives in the page context, components.page_context):
`seed(key, options, default)` before a widget is created (no default argument on the widget
itself: its value comes from session state), `publish()` once the page has run.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st


@dataclass
class Choice:
    """One choice a link carries: its options and default, and how the embed line names it."""

    options: list
    default: object
    multi: bool = False
    label: str | None = None  # named in the embed line when set ("指标：排名差")
    format_func: Callable = str


def parse_values(raw: list[str], options: list, default, multi: bool, parse=None):
    """(value, rejected values) for the URL values of one parameter."""
    if parse is not None:  # free text such as a city name: the parser decides what it means
        value = parse(raw[-1])
        return (default, [raw[-1]]) if value is None else (value, [])
    allowed = {str(option): option for option in options}
    if multi:
        picked = [allowed[v] for v in raw if v in allowed]
        rejected = [v for v in raw if v and v not in allowed]
        if raw == [""]:
            return [], []  # an explicit empty selection
        if rejected and not picked:
            return list(default), rejected
        return [option for option in options if option in picked], rejected
    value = raw[-1]
    if value in allowed:
        return allowed[value], []
    return default, [value]


def _is_valid(value, options: list, multi: bool) -> bool:
    if multi:
        return isinstance(value, (list, tuple)) and all(v in options for v in value)
    return value in options


def _url_value(value, multi: bool) -> list[str]:
    if multi:
        return [str(v) for v in value] or [""]
    return [str(value)]


@dataclass
class UrlState:
    """The choices bound in this run, the URL values not understood, and what the last run wrote."""

    written: dict[str, list[str]] = field(default_factory=dict)  # carried over from the previous run
    choices: dict[str, Choice] = field(default_factory=dict)
    notices: list[tuple[str, list[str]]] = field(default_factory=list)

    def seed(self, key: str, options, default, *, multi: bool = False, parse=None) -> Choice:
        """Put the URL's value (or the default) into session state before the widget is created.

        `parse`, for single values, turns free text from the URL into one of `options` (or None
        when it means nothing), e.g. a city typed as 北京市 or Beijing into its code.
        """
        options = list(options)
        raw = st.query_params.get_all(key)
        choice = self.choices[key] = Choice(options, default, multi)
        if raw and (self.written.get(key) != raw or key not in st.session_state):
            value, rejected = parse_values(raw, options, default, multi, parse)
            if rejected:
                self.notices.append((key, rejected))
            st.session_state[key] = value
        elif key not in st.session_state or (parse is None and not _is_valid(st.session_state[key], options, multi)):
            st.session_state[key] = list(default) if multi else default
        return choice

    def params(self) -> dict[str, list[str]]:
        """The parameters that describe the current view (what a copied link must carry)."""
        params = {}
        for key, choice in self.choices.items():
            value = st.session_state.get(key, choice.default)
            if choice.multi:
                if list(value) != list(choice.default):  # type: ignore[call-overload]  # multi: a list
                    params[key] = _url_value(value, True)
            elif value != choice.default and value is not None:
                params[key] = _url_value(value, False)
        return params

    def publish(self) -> None:
        """Rewrite the URL to the current choices; once, after the page has run."""
        desired = self.params()
        current = {key: st.query_params.get_all(key) for key in st.query_params}
        # st.switch_page(query_params=...) sets the server's copy but not the browser's address bar,
        # so "already in the URL" must also mean "we wrote it there last time".
        previously_written, self.written = self.written, desired
        if desired != current or desired != previously_written:
            st.query_params.from_dict(desired)
