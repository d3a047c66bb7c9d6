"""Every choice on every page lives in the URL, with stable language-independent values.

Why not `bind="query-params"`: Streamlit 1.67 writes a widget's *formatted label* to the URL
(`?tier=领军`), so a link made in Chinese resets when opened in English, and invalid values are
dropped silently. Here the URL carries option codes (`?tier=leading&lang=en`), an invalid value
falls back to the default with a visible notice, and the URL is rewritten at the end of every run
to hold exactly the current page's choices that differ from their defaults.

Use: `seed(key, options, default)` before creating the widget (no default argument on the
widget itself: its value comes from session state), then `publish()` once at the end of the run.
"""

from dataclasses import dataclass

import streamlit as st

_WRITTEN = "_url_state_written"  # session key: what publish() last put in the URL, per parameter
_NOTICES = "_url_state_notices"  # session key: invalid parameters seen in this run
_BINDINGS = "_url_state_bindings"  # session key: parameters bound during this run


@dataclass
class _Binding:
    default: object
    multi: bool


def _registry() -> dict[str, _Binding]:
    return st.session_state.setdefault(_BINDINGS, {})


def begin_run() -> None:
    """Forget the previous run's bindings and notices; called first thing in app.py."""
    st.session_state[_BINDINGS] = {}
    st.session_state[_NOTICES] = []


def _parse(raw: list[str], options, default, multi: bool, parse=None):
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


def seed(key: str, options, default, *, multi: bool = False, parse=None) -> None:
    """Put the URL's value (or the default) into session state before the widget is created.

    `parse`, for single values, turns free text from the URL into one of `options` (or None when
    it means nothing), e.g. a city typed as 北京市 or Beijing into its code.
    """
    raw = st.query_params.get_all(key)
    written = st.session_state.setdefault(_WRITTEN, {})
    _registry()[key] = _Binding(default=default, multi=multi)
    if raw and (written.get(key) != raw or key not in st.session_state):
        value, rejected = _parse(raw, list(options), default, multi, parse)
        if rejected:
            st.session_state[_NOTICES].append((key, rejected))
        st.session_state[key] = value
    elif key not in st.session_state or not _is_valid(st.session_state[key], list(options), multi):
        st.session_state[key] = list(default) if multi else default


def _is_valid(value, options, multi: bool) -> bool:
    if multi:
        return isinstance(value, (list, tuple)) and all(v in options for v in value)
    return value in options


def _url_value(value, multi: bool) -> list[str]:
    if multi:
        return [str(v) for v in value] or [""]
    return [str(value)]


def current_params() -> dict[str, list[str]]:
    """The parameters that describe the current view (what a copied link must carry)."""
    params = {}
    for key, binding in _registry().items():
        value = st.session_state.get(key, binding.default)
        if binding.multi:
            if list(value) != list(binding.default):  # type: ignore[call-overload]  # multi: a list
                params[key] = _url_value(value, True)
        elif value != binding.default and value is not None:
            params[key] = _url_value(value, False)
    return params


def publish() -> None:
    """Rewrite the URL to the current choices; called once, after the page has run."""
    desired = current_params()
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    # st.switch_page(query_params=...) sets the server's copy but not the browser's address bar,
    # so "already in the URL" must also mean "we wrote it there last time".
    previously_written = st.session_state.get(_WRITTEN)
    st.session_state[_WRITTEN] = desired
    if desired != current or desired != previously_written:
        st.query_params.from_dict(desired)


def notices() -> list[tuple[str, list[str]]]:
    """(parameter, rejected values) for every URL value that was not understood in this run."""
    return list(st.session_state.get(_NOTICES, []))
