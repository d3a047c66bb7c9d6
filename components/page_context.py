"""The page context: everything one run of the app shares, as one explicit object.

app.py builds it first thing in every run (`start()`); the furniture (layout), sharing links,
downloads and view mode read and write it through `current()`; `layout.finish_page` ends the run
with it. It holds:

- the URL side of the view (`url`: the choices bound this run, values not understood, what the
  previous run wrote), read for the language, the tier filter and presentation mode;
- how the page is looked at: `embedded` (?embed=true), `presenting` (?present=1);
- the run's furniture: the notice and embed-line slots, the Share popover, the reports cited,
  element names and export menus drawn, the maps drawn (a legend drawn under the last joins its PNG).

Widget values stay where Streamlit keeps them (session state, under their keys); the context
is stored under one session key so that callbacks, fragments and tests see the run's object.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components.palette import TIERS
from components.url_state import UrlState
from components.view_capture import ViewCapture
from queries.tiers import tier_editions
from texts.catalogue import DEFAULT_LANGUAGE, LANGUAGES

SESSION_KEY = "_atlas_page_context"
LANGUAGE_KEY = "lang"
TIER_KEY = "tier"
TIER_EDITION_KEY = "tier_edition"
_TIER_EDITION_DEFAULT = "_tier_edition_default"  # the newest edition when the last run started
PRESENT_KEY = "present"
CONTROLS_KEY = "controls"  # ?embed=true&controls=measure,year: the controls an embedded view keeps


@dataclass
class PageContext:
    embedded: bool
    url: UrlState
    sources: list[str] = field(default_factory=list)  # report ids the page draws on (embed line)
    notice_slot: Any = None  # where notices about the URL go, reserved under the title
    embed_slot: Any = None  # where the embed line goes once every choice is known
    share_popover: Any = None
    element_names: dict[str, int] = field(default_factory=dict)
    export_menus: list[str] = field(default_factory=list)  # keys of the "Download …" menus drawn
    maps: list = field(default_factory=list)  # downloads.MapExport of every map drawn, in order
    drawn: ViewCapture = field(default_factory=ViewCapture)  # what the page drew, for "Add to briefing"
    table_tab: Any = None  # an interactive embed's "Table" tab, where table alternatives go
    fragments: dict[str, tuple] = field(default_factory=dict)  # what existed before each fragment, see fragment()

    @property
    def language(self) -> str:
        language = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
        return language if language in LANGUAGES else DEFAULT_LANGUAGE

    @property
    def tiers(self) -> list[str]:
        """The tiers kept in view (all four until the user chooses), in display order."""
        chosen = st.session_state.get(TIER_KEY)
        return list(TIERS) if chosen is None else [tier for tier in TIERS if tier in chosen]

    @property
    def tier_edition(self) -> str | None:
        """The tier edition the tiers are taken from: the newest in force unless the reader chose
        an older one (?tier_edition=); None when no tier edition is in force."""
        return st.session_state.get(TIER_EDITION_KEY)

    @property
    def presenting(self) -> bool:
        return st.session_state.get(PRESENT_KEY) == "1"

    @property
    def controls_hidden(self) -> bool:
        """Embedded views and presentations show the view the link describes, without controls."""
        return self.embedded or self.presenting

    @property
    def embed_controls(self) -> list[str]:
        """The controls an embedded view keeps (?controls=measure,year), OWID-style; none by default."""
        if not self.embedded:
            return []
        return [name for name in str(st.session_state.get(CONTROLS_KEY) or "").split(",") if name]

    def shows_control(self, key: str) -> bool:
        """Whether the widget for the choice `key` is drawn: in the app, and in an embed that keeps it."""
        if self.presenting:
            return False
        return not self.embedded or key in self.embed_controls

    @property
    def navigation_position(self) -> Literal["sidebar", "hidden", "top"]:
        if self.embedded:
            return "hidden"
        return "top" if self.presenting else "sidebar"

    @property
    def slug(self) -> str:
        """The running page's URL path ('rankings'), 'overview' for the default page."""
        ctx = get_script_run_ctx()
        if ctx is None:
            return "atlas"
        pages: dict = dict(ctx.pages_manager.get_pages())
        info = pages.get(ctx.pages_manager.current_page_script_hash) or {}
        return info.get("url_pathname") or "overview"

    def unique(self, name: str) -> str:
        """`name` the first time in this run, then name-2, name-3 (element keys must differ)."""
        self.element_names[name] = self.element_names.get(name, 0) + 1
        count = self.element_names[name]
        return name if count == 1 else f"{name}-{count}"

    def cite(self, *source_ids: str) -> None:
        for source_id in source_ids:
            if source_id not in self.sources:
                self.sources.append(source_id)


def start() -> PageContext:
    """This run's context, built by app.py before anything is drawn.

    Reads the choices every page shares from the URL (language, tier filter and the tier edition it
    applies to, presentation mode);
    the sidebar widgets drawn afterwards show them.
    """
    previous = st.session_state.get(SESSION_KEY)
    written = previous.url.written if isinstance(previous, PageContext) else {}
    page = PageContext(embedded=bool(st.context.is_embedded), url=UrlState(written=written))
    st.session_state[SESSION_KEY] = page
    page.url.seed(PRESENT_KEY, ("0", "1"), "0")
    page.url.seed(LANGUAGE_KEY, LANGUAGES, DEFAULT_LANGUAGE)
    page.url.seed(TIER_KEY, TIERS, list(TIERS), multi=True)
    editions = tier_editions()["edition"].tolist()
    newest = editions[0] if editions else None
    # A reader who never chose an edition follows the newest in force (an upload adds one, a
    # rollback removes it); one who chose an older edition keeps it while it is in force.
    if st.session_state.get(TIER_EDITION_KEY) == st.session_state.get(_TIER_EDITION_DEFAULT) != newest:
        st.session_state.pop(TIER_EDITION_KEY, None)
    st.session_state[_TIER_EDITION_DEFAULT] = newest
    page.url.seed(TIER_EDITION_KEY, editions, newest)
    page.url.seed(CONTROLS_KEY, [], "", parse=parse_controls)
    _remember(page)
    return page


def parse_controls(raw: str) -> str | None:
    """'measure, year' → 'measure,year'; None (a notice) when it names nothing a control could be."""
    names = [name.strip() for name in raw.split(",") if name.strip()]
    if not names or not all(name.replace("_", "").isalnum() and len(name) <= 30 for name in names):
        return None
    return ",".join(dict.fromkeys(names))


# The run's context and language, remembered for the script thread: t() asks for the language
# hundreds of times a run, and each session-state read costs tens of microseconds. Keyed on the
# run (ScriptRunContext.reset() gives every run a fresh `cursors` dict, held here so its identity
# stays unique); anything else (a callback, a fragment rerun, a test harness) reads session state.
_RUN = threading.local()


def _run_marker():
    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.cursors if ctx is not None else None


def _remember(page: PageContext) -> None:
    marker = _run_marker()
    if marker is not None:
        _RUN.memo = (marker, page, page.language, (page.language, page.tier_edition))


def _remembered() -> tuple | None:
    memo = getattr(_RUN, "memo", None)
    return memo if memo is not None and memo[0] is _run_marker() else None


def current() -> PageContext:
    """The context app.py built for the run in progress (also in callbacks and fragment reruns)."""
    memo = _remembered()
    if memo is not None:
        return memo[1]
    page = st.session_state.get(SESSION_KEY)
    if not isinstance(page, PageContext):
        raise RuntimeError("no page context: components run inside app.py, which builds it")
    return page


def language() -> str:
    """The page's language. Outside a run (a test harness formatting a widget's options after the
    run ended) there is no page: the default language, as the first run of a session has."""
    memo = _remembered()
    if memo is not None:
        return memo[2]
    page = st.session_state.get(SESSION_KEY)
    return page.language if isinstance(page, PageContext) else DEFAULT_LANGUAGE


def wording() -> tuple[str, str | None]:
    """What a view's words depend on besides the data: the page's language and the tier edition its
    headings name ('2022 梯队', components/filters.tier_heading). Cached views key on it
    (`@cached_on_data(also=wording)`)."""
    memo = _remembered()
    if memo is not None:
        return memo[3]
    page = st.session_state.get(SESSION_KEY)
    return (page.language, page.tier_edition) if isinstance(page, PageContext) else (DEFAULT_LANGUAGE, None)


def drawn() -> ViewCapture | None:
    """What the running page drew so far (components/view_capture.py); None outside a run."""
    memo = _remembered()
    page = memo[1] if memo is not None else st.session_state.get(SESSION_KEY)
    return page.drawn if isinstance(page, PageContext) else None


def _fragment_rerun() -> bool:
    """True while a fragment reruns alone (app.py, and so start(), did not run this time)."""
    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def fragment(body: Callable[[], None], *, run_every: float | None = None) -> None:
    """Run `body` as an st.fragment that behaves like part of the page when it reruns alone.

    - Its elements keep their keys: element names are numbered per run (`unique`), and a
      fragment's own rerun is no new run, so its map would come back as `carbon_map-2`, `-3`, …
      (a new export menu each time, which closes the moment it is clicked). The fragment starts
      again from the names (and the maps) that existed before it in the last full run.
    - Choices its widgets change reach the address bar at once: app.py publishes the URL at the
      end of a full run, which a fragment's own rerun never reaches.
    """
    key = f"{body.__module__}.{body.__qualname__}"

    def scoped() -> None:
        page = current()
        alone = _fragment_rerun()
        drawn = page.drawn
        if alone:  # forget what the fragment drew last time: it draws it again now
            names, maps, captured_maps, captured_charts = page.fragments[key]
            page.element_names, page.maps = dict(names), page.maps[:maps]
            drawn.maps, drawn.charts = drawn.maps[:captured_maps], drawn.charts[:captured_charts]
        else:
            page.fragments[key] = (dict(page.element_names), len(page.maps), len(drawn.maps), len(drawn.charts))
        body()
        if alone:
            page.url.publish()

    st.fragment(scoped, run_every=run_every)()
