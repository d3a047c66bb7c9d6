"""The briefing basket: views a presenter collects from any page, with what each view showed.

Every run records what the page draws in the page context's `drawn` (components/view_capture.py):
the page title, the key figure and takeaway, each chart's Vega-Lite spec (with its rows), each
map's deck with its title, legend and source line, and every source line printed (report
file:line and basis). "Add to briefing" (beside Share) keeps the
current view (page, every URL choice, language) with that capture in the session's basket;
the briefing page (components/briefing_views.py) lists, edits and exports it.

A basket also travels in a link (`/briefing?b=…`: page, choices, title and note per slide,
compressed). Opened in a new session, the views have no capture yet: the briefing page then
visits each view once in this session (`collect`), the page records itself at the end of its
run (`finish_page`, called by app.py) and hands over to the next view, then back.
"""

from __future__ import annotations

import base64
import json
import uuid
import zlib
from dataclasses import dataclass, field

import streamlit as st

from components.i18n import current_language, t
from components.page_context import PageContext, current
from components.view_capture import ViewCapture

BASKET_KEY = "_briefing_basket"  # session key: list[BasketItem]
COLLECT_KEY = "_briefing_collect"  # session key: ids of basket items still to be visited
ADD_KEY = "briefing-add"
BRIEFING_PAGE = "app_pages/briefing.py"
MAX_ITEMS = 40
NOT_VIEWS = {"briefing", "sign-in", "upload", "versions"}  # pages with nothing to put on a slide


def can_add(page: str) -> bool:
    return page not in NOT_VIEWS


@dataclass
class BasketItem:
    page: str  # URL path, e.g. "rankings"
    params: dict[str, list[str]]  # the view's URL choices (the URL state's params())
    language: str
    title: str = ""  # the presenter's slide title ("" = the view's)
    note: str = ""  # the presenter's note (speaker notes)
    element: str = ""  # the visual shown ("" = the first chart, else the map)
    capture: ViewCapture | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])


def capture() -> ViewCapture:
    """What the running page drew so far (kept with the view when it is added)."""
    return current().drawn


# ---------------------------------------------------------------------------------------------
# The basket
# ---------------------------------------------------------------------------------------------


def basket() -> list[BasketItem]:
    items = st.session_state.get(BASKET_KEY)
    if not isinstance(items, list):
        items = st.session_state[BASKET_KEY] = []
    return items


def add_button() -> None:
    """ "Add to briefing" beside Share; the view is kept at the end of this run (finish_page)."""
    count = len(basket())
    st.button(
        t("briefing.add") + (f" ({count})" if count else ""),
        key=ADD_KEY,
        icon=":material/playlist_add:",
        help=t("briefing.add_help"),
        type="tertiary",
    )


def encode(items: list[BasketItem]) -> str:
    """The basket as a URL-safe code: page, choices, language, title, note and visual per view."""
    plain = [
        {"p": item.page, "q": item.params, "l": item.language, "t": item.title, "n": item.note, "e": item.element}
        for item in items
    ]
    packed = zlib.compress(json.dumps(plain, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=") if items else ""


def decode(code: str) -> list[BasketItem] | None:
    """The views a code names, or None when it is not a briefing code (a mistyped link)."""
    try:
        packed = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
        plain = json.loads(zlib.decompress(packed, bufsize=1 << 16).decode("utf-8"))
        items = [
            BasketItem(
                page=str(entry["p"]),
                params={str(k): [str(v) for v in values] for k, values in dict(entry.get("q", {})).items()},
                language=str(entry.get("l", "zh")),
                title=str(entry.get("t", ""))[:200],
                note=str(entry.get("n", ""))[:4000],
                element=str(entry.get("e", "")),
            )
            for entry in plain[:MAX_ITEMS]
        ]
    except (ValueError, TypeError, KeyError, AttributeError, zlib.error, json.JSONDecodeError):
        return None
    if not all(item.page.replace("-", "").isalnum() for item in items):
        return None
    return items


def _same_view(a: BasketItem, b: BasketItem) -> bool:
    return a.page == b.page and a.params == b.params


def restore(items: list[BasketItem]) -> None:
    """Make `items` the basket, keeping the captures of views already collected in this session."""
    known = basket()
    for item in items:
        match = next((old for old in known if _same_view(old, item) and old.capture is not None), None)
        if match is not None:
            item.capture = match.capture
    st.session_state[BASKET_KEY] = items


def missing() -> list[BasketItem]:
    return [item for item in basket() if item.capture is None]


def page_path(page: str) -> str:
    return f"app_pages/{page}.py"


def collect() -> None:
    """Visit every view without a capture once (each records itself), then come back."""
    queue = [item.id for item in missing()]
    st.session_state[COLLECT_KEY] = queue
    if queue:
        _visit(queue[0])


def _visit(item_id: str) -> None:
    item = next(item for item in basket() if item.id == item_id)
    st.switch_page(page_path(item.page), query_params=item.params)


def finish_page(context: PageContext) -> None:
    """After the page ran (layout.finish_page): keep the view when "Add to briefing" was clicked,
    and carry on collecting a shared briefing's views."""
    page, params = context.slug, context.url.params()
    if st.session_state.get(ADD_KEY):
        items = basket()
        if len(items) >= MAX_ITEMS:
            st.toast(t("briefing.full", count=MAX_ITEMS), icon=":material/block:")
        else:
            items.append(BasketItem(page=page, params=params, language=current_language(), capture=capture()))
            st.toast(t("briefing.added", title=capture().page_title, count=len(items)), icon=":material/check:")
    queue = st.session_state.get(COLLECT_KEY) or []
    if not queue:
        return
    head = next((item for item in basket() if item.id == queue[0]), None)
    if head is None or head.page != page:  # the presenter went elsewhere: stop collecting
        st.session_state[COLLECT_KEY] = []
        return
    if head.capture is None:
        head.capture = capture()
    st.session_state[COLLECT_KEY] = queue = queue[1:]
    if queue:
        _visit(queue[0])
    else:
        st.switch_page(BRIEFING_PAGE)
