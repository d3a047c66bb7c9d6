"""Sharing a view: the link that reproduces it and the <iframe> snippet that embeds it.

The Share popover sits in the page's toolbar (components.layout); its contents are drawn once
the page has run, when every choice is known (`share_contents`, called by layout.finish_page).
"""

from urllib.parse import urlencode

import streamlit as st

from components.i18n import t
from components.page_context import CONTROLS_KEY, LANGUAGE_KEY, PRESENT_KEY, current
from components.safe_text import html_text

EMBED_HEIGHTS = (480, 600, 720, 900, 1200)
EMBED_THEMES = ("auto", "light", "dark")


def page_address() -> str:
    """The page's address without parameters, e.g. http://intranet:8501/rankings."""
    url = st.context.url
    if url:
        url = url.rstrip("/")
        return url if url.count("/") > 2 else url + "/"
    slug = current().slug
    return "/" if slug in ("overview", "atlas") else f"/{slug}"


def view_url(
    *, embed: bool = False, theme: str = "auto", params: dict | None = None, controls: list[str] | tuple = ()
) -> str:
    """The link that reproduces the current view (every choice in the URL state), optionally
    embedded, keeping `controls` (choice keys, e.g. ["measure", "tier"]) inside the embed."""
    params = dict(current().url.params() if params is None else params)
    params.pop(CONTROLS_KEY, None)  # an embed's own controls are not part of the view
    if embed:  # an embedded view is sized by its host page, not projected
        params.pop(PRESENT_KEY, None)
    pairs = [(key, value) for key, values in params.items() for value in values]
    if embed:
        pairs.append(("embed", "true"))
        if theme in ("light", "dark"):
            pairs.append(("embed_options", f"{theme}_theme"))
        if controls:
            pairs.append((CONTROLS_KEY, ",".join(controls)))
    query = urlencode(pairs)
    return page_address() + (f"?{query}" if query else "")


def iframe_snippet(url: str, height: int, title: str) -> str:
    return (
        f'<iframe src="{html_text(url)}" title="{html_text(title)}" width="100%" height="{int(height)}" '
        f'style="border:0;min-width:480px" loading="lazy"></iframe>'
    )


def embed_controls() -> dict[str, str]:
    """{choice key: its label} for every control this page offers that an embed can keep."""
    return {
        key: str(choice.label)
        for key, choice in current().url.choices.items()
        if choice.label and key not in (LANGUAGE_KEY, PRESENT_KEY, CONTROLS_KEY)
    }


def share_popover() -> None:
    """The Share button; its contents are drawn by share_contents(), once every choice is known."""
    current().share_popover = st.popover(
        t("share.button"), icon=":material/share:", key="share-popover", on_change="rerun"
    )  # contents drawn only while it is open


def share_contents() -> None:
    """The link and the embed snippet, inside the Share popover while it is open."""
    popover = current().share_popover
    if popover is None or not popover.open:
        return
    with popover:
        st.markdown(f"**{t('share.link')}**")
        st.code(view_url(), language=None, wrap_lines=True)
        st.caption(t("share.link_help"))
        st.markdown(f"**{t('share.embed')}**")
        left, right = st.columns(2)
        height = left.selectbox(
            t("share.embed_height"), EMBED_HEIGHTS, index=1, key="share-embed-height", format_func=lambda h: f"{h} px"
        )
        themes = {theme: t(f"share.theme.{theme}") for theme in EMBED_THEMES}  # labels fixed now, not per call
        theme = right.selectbox(
            t("share.embed_theme"), list(EMBED_THEMES), key="share-embed-theme", format_func=themes.__getitem__
        )
        offered = embed_controls()
        controls = st.multiselect(
            t("share.embed_controls"),
            list(offered),
            key="share-embed-controls",
            format_func=offered.__getitem__,
            placeholder=t("share.embed_controls_none"),
            help=t("share.embed_controls_help"),
        )
        embedded = view_url(embed=True, theme=theme or "auto", controls=controls)
        st.code(iframe_snippet(embedded, height, t("share.iframe_title")), language="html", wrap_lines=True)
        st.caption(t("share.embed_help"))
        st.link_button(t("share.embed_preview"), embedded, icon=":material/open_in_new:", type="tertiary")
