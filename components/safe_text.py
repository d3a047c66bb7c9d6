"""Escaping for text that did not come from our own code (report cells, uploads, URLs)."""

import html
import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def markdown_text(value: object) -> str:
    """Text shown through st.markdown/st.caption literally: no links, emphasis or HTML."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(value))


def html_text(value: object) -> str:
    """Text placed inside HTML we build ourselves (tooltips, legends)."""
    return html.escape(str(value), quote=True)
