"""Read the source: the report text behind any citation, in a dialog over the page.

A citation (`000:L419–L443`) names a report and its lines; the reader shows those lines
highlighted with a few lines of context either side, under the report's title, publisher and
year, read from data/reports/ (nothing is fetched). An uploaded row (`U7:L12`) shows the file,
version, analyst and row of the upload, and the row as stored.

The citation being read is a choice like any other: it is kept in the URL (`?cite=000:419-443`),
so a link opens the page with the source open, in either language. Ways in:
- `source_button(citations, key)` under a chart, map or table: offers every citation of its rows
  (a picker when there are several, each with the words it supports);
- `cited_table(frame, name, citations)`: a table whose rows open their own citation when selected
  (click, or the keyboard: arrows then space);
- anything else may call `open_citation(...)` from a callback.
"""

import re
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import downloads
from components.i18n import t
from components.page_context import current
from components.provenance import citation, report_title, source_text
from components.safe_text import html_text, markdown_text
from queries.reports import Block, excerpt, parse_citation, report_file, spans, upload_batch, upload_row

CITE_KEY = "cite"  # URL parameter and session key: the citation in the reader ('000:419-443')
_OFFERED = "_reader_offered"  # session key: the citations the last "read the source" offered
_PICK = "reader-pick"  # the picker's widget key
_RESET = "_reader_reset"  # session key: bumped on closing, so tables forget the row that opened it
LABEL_LIMIT = 60
_MARKUP = re.compile(r"&lt;/?[a-zA-Z][^&]*?&gt;")  # the extraction's HTML fragments, shown muted


@dataclass(frozen=True)
class Citation:
    """One cited place: a report (or upload) and its lines, and what the row there says."""

    source_id: str
    lines: str
    label: str = ""

    @property
    def code(self) -> str:
        """The URL form: '000:419-443' (lines as stored, ranges and lists kept)."""
        return f"{self.source_id}:{self.lines}"

    @property
    def shown(self) -> str:
        """The compact form used on the pages: '000:L419–L443'."""
        return citation(self.source_id, self.lines)


def from_code(code: str | None) -> Citation | None:
    parsed = parse_citation(code or "")
    if parsed is None or not parsed[1]:
        return None
    return Citation(*parsed)


def citations_of(
    frame: pd.DataFrame,
    *,
    source_column: str = "source_id",
    lines_column: str = "source_lines",
    label: pd.Series | list | None = None,
) -> list[Citation]:
    """The distinct citations of a frame's rows, by report and first line; each labelled with the
    row's words (`label`, else its verbatim `quote`)."""
    if frame.empty or source_column not in frame:
        return []
    labels = list(label) if label is not None else list(frame["quote"]) if "quote" in frame else [""] * len(frame)
    found: dict[tuple[str, str], list[str]] = {}
    for source_id, lines, words in zip(frame[source_column], frame[lines_column], labels):
        if not isinstance(source_id, str) or not source_id or not spans(lines):
            continue
        texts = found.setdefault((source_id, str(lines)), [])
        words = " ".join(str(words).split()) if isinstance(words, str) else ""
        if words and words not in texts:
            texts.append(words)
    ordered = sorted(found.items(), key=lambda item: (item[0][0], spans(item[0][1])[0]))
    return [Citation(source_id, lines, _clip(" · ".join(texts))) for (source_id, lines), texts in ordered]


def _clip(text: str) -> str:
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1] + "…"


def bind() -> None:
    """Seed ?cite= into the page's URL state (app.py, every run): a link opens the source."""
    held = from_code(st.session_state.get(CITE_KEY))
    current().url.seed(CITE_KEY, [held.code] if held else [], None, parse=_parse_code)


def _parse_code(text: str) -> str | None:
    found = from_code(text)
    return found.code if found else None


def open_citation(found: Citation, offered: list[Citation] | None = None) -> None:
    """Open the reader at `found` (from a callback); `offered` are the citations it can switch to."""
    st.session_state[CITE_KEY] = found.code
    st.session_state[_OFFERED] = [*(offered or [found])]
    st.session_state.pop(_PICK, None)


def _close() -> None:
    st.session_state[CITE_KEY] = None
    st.session_state.pop(_OFFERED, None)
    st.session_state.pop(_PICK, None)
    st.session_state[_RESET] = st.session_state.get(_RESET, 0) + 1


def source_button(citations: list[Citation], key: str, *, label: str | None = None) -> None:
    """A small "Read the source" button offering `citations` (nothing when there are none, nor in
    embedded views and presentations, which draw no controls)."""
    if not citations or not current().shows_control(CITE_KEY):
        return
    st.button(
        label or t("reader.open", count=len({c.code for c in citations})),
        key=f"read-{current().unique(key)}",
        icon=":material/menu_book:",
        type="tertiary",
        help=t("reader.open_help"),
        on_click=open_citation,
        args=(citations[0], citations),
    )


def source_caption(
    frame: pd.DataFrame,
    *,
    text: str | None = None,
    label: pd.Series | list | None = None,
    **options,
) -> None:
    """The source line under a chart, map or table (`text`, else provenance.source_text of the
    rows) and a "Read the source" button offering the citation of every row."""
    found = citations_of(
        frame,
        source_column=options.get("source_column", "source_id"),
        lines_column=options.get("lines_column", "source_lines"),
        label=label,
    )
    with st.container(horizontal=True, vertical_alignment="top", gap="small"):
        st.caption(source_text(frame, **options) if text is None else text)
        source_button(found, "source")


def row_citations(frame: pd.DataFrame, label: pd.Series | list | None = None) -> list[list[Citation]]:
    """Each row's own citation (none for a row without a source), labelled with its `quote`."""
    labels = list(label) if label is not None else list(frame["quote"]) if "quote" in frame else [""] * len(frame)
    return [
        citations_of(pd.DataFrame({"source_id": [s], "source_lines": [lines]}), label=[words])
        for s, lines, words in zip(frame["source_id"], frame["source_lines"], labels)
    ]


@dataclass(frozen=True)
class Figure:
    """A headline figure and the rows it is counted or read from."""

    label: str
    rows: pd.DataFrame
    source_column: str = "source_id"
    lines_column: str = "source_lines"
    labels: list | None = None  # what each row says, when the rows have no `quote`


def figure_citations(figure: Figure) -> list[Citation]:
    found = citations_of(
        figure.rows, source_column=figure.source_column, lines_column=figure.lines_column, label=figure.labels
    )
    return [
        Citation(c.source_id, c.lines, _clip(f"{figure.label} · {c.label}" if c.label else figure.label)) for c in found
    ]


def span_text(found: list[Citation]) -> str:
    """'000:L419–L443、001:L567' : the lines a set of citations covers, per report."""
    by_report: dict[str, list[int]] = {}
    for c in found:
        by_report.setdefault(c.source_id, []).extend(n for span in spans(c.lines) for n in span)
    return t("reader.and").join(citation(s, f"{min(n)}-{max(n)}") for s, n in sorted(by_report.items()))


def headline_sources(figures: list[Figure], key: str = "headline") -> None:
    """Under the headline figures: where each comes from ('领军 001:L567–L789 · …') and a button
    offering every cited line, each labelled with its figure."""
    parts, offered = [], []
    for figure in figures:
        found = figure_citations(figure)
        if found:
            parts.append(f"{markdown_text(figure.label)} {markdown_text(span_text(found))}")
            offered.extend(found)
    if not parts:
        return
    with st.container(horizontal=True, vertical_alignment="top", gap="small", key=f"headline-sources-{key}"):
        st.caption(t("source.prefix") + " · ".join(parts))
        source_button(list(dict.fromkeys(offered)), key)


def cited_table(frame: pd.DataFrame, name: str, citations: list[list[Citation]], **options) -> None:
    """A table (and its CSV) whose rows open their citations in the reader when selected (a click,
    or the keyboard: arrow keys to the row, then space)."""
    # Its own name space: the table's CSV button takes `name` itself (export-<name>-csv), as on
    # every other page; counting `name` here too made it export-<name>-2-csv.
    key = f"{current().unique(f'cited-{name}')}-{st.session_state.get(_RESET, 0)}"
    offered = list(dict.fromkeys(c for row in citations for c in row))

    def opened() -> None:
        rows = st.session_state[key].selection.rows
        if rows and citations[rows[0]]:
            open_citation(citations[rows[0]][0], [*citations[rows[0]], *offered])

    if not current().shows_control(CITE_KEY):
        downloads.table(frame, name, **options)
        return
    downloads.table(frame, name, key=key, on_select=opened, selection_mode="single-row", **options)


def show_reader() -> None:
    """Open the reader when a citation is chosen (layout.finish_page calls this every run)."""
    found = from_code(st.session_state.get(CITE_KEY))
    if found is None:
        return
    st.dialog(t("reader.title"), width="large", on_dismiss=_close)(_reader_body)()


def _reader_body() -> None:
    found = from_code(st.session_state.get(CITE_KEY))
    if found is None:
        return
    offered: list[Citation] = st.session_state.get(_OFFERED) or [found]
    if found.code not in {c.code for c in offered}:
        offered = [found, *offered]
    if len(offered) > 1:
        labels = _picker_labels(offered)
        st.selectbox(
            t("reader.pick", count=len(labels)),
            list(labels),
            index=list(labels).index(found.code),
            format_func=labels.__getitem__,
            key=_PICK,
            on_change=_picked,
        )
        found = from_code(st.session_state.get(CITE_KEY)) or found
    if found.source_id.startswith("U"):
        _upload(found)
    else:
        _report(found)
    st.caption(t("reader.link_note"))


def _picked() -> None:
    st.session_state[CITE_KEY] = st.session_state[_PICK]
    st.query_params[CITE_KEY] = st.session_state[_PICK]  # a fragment rerun publishes nothing


def _picker_labels(offered: list[Citation]) -> dict[str, str]:
    """'000:L419 · 排名城市 · 深圳 1；智能城市排名第一 · 深圳 1' per citation code, in order."""
    words: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    for found in offered:
        shown.setdefault(found.code, found.shown)
        texts = words.setdefault(found.code, [])
        if found.label and found.label not in texts:
            texts.append(found.label)
    return {
        code: " · ".join([shown[code], t("reader.and").join(texts)]) if texts else shown[code]
        for code, texts in words.items()
    }


def _report(found: Citation) -> None:
    st.markdown(f"**{markdown_text(report_title(found.source_id))}**")
    path = report_file(found.source_id)
    blocks = excerpt(found.source_id, found.lines)
    cited = [line.number for block in blocks for line in block.lines if line.cited]
    if path is None or not cited:
        st.warning(t("reader.missing", citation=found.shown))
        return
    first, last = min(cited), max(cited)
    where = (
        t("reader.where_line", citation=found.shown, file=path.name, line=first)
        if first == last
        else t("reader.where", citation=found.shown, file=path.name, count=len(cited), first=first, last=last)
    )
    st.caption(where)
    if found.label:
        st.caption(t("reader.supports", words=found.label))
    st.html(excerpt_html(blocks))


def excerpt_html(blocks: list[Block]) -> str:
    """The lines as HTML: line numbers, cited lines marked, context lines muted; report text escaped
    (tabs, the extraction's table cells, shown as a column rule)."""
    parts = [
        '<div class="atlas-reader" style="font-size:0.92rem;line-height:1.55;max-height:60vh;overflow:auto;'
        'border:1px solid rgba(128,128,128,0.35);border-radius:0.4rem;padding:0.4rem 0">'
    ]
    for index, block in enumerate(blocks):
        if index:
            parts.append('<div style="text-align:center;opacity:0.5">⋯</div>')
        for line in block.lines:
            text = _MARKUP.sub(r'<span style="opacity:0.4">\g<0></span>', html_text(line.text))
            text = text.replace("\t", ' <span style="opacity:0.45">│</span> ') or "&nbsp;"
            style = (
                "background:rgba(255,214,0,0.35);border-left:4px solid #E69F00"
                if line.cited
                else "opacity:0.62;border-left:4px solid transparent"
            )
            mark = ' data-cited="1"' if line.cited else ""
            parts.append(
                f'<div{mark} style="display:flex;gap:0.7rem;padding:0 0.6rem;{style}">'
                f'<span style="min-width:3.2em;text-align:right;opacity:0.6;font-variant-numeric:tabular-nums">'
                f"L{line.number}</span>"
                f'<span style="white-space:pre-wrap;word-break:break-word">{text}</span></div>'
            )
        if block.gap_after:
            parts.append(
                f'<div style="text-align:center;opacity:0.6">{html_text(t("reader.gap", count=block.gap_after))}</div>'
            )
    parts.append("</div>")
    return "".join(parts)


def _upload(found: Citation) -> None:
    batch = upload_batch(found.source_id)
    row_number = spans(found.lines)[0][0]
    if batch is None:
        st.warning(t("reader.missing", citation=found.shown))
        return
    st.markdown(f"**{markdown_text(report_title(found.source_id))}**")
    committed = batch.get("committed_at")
    st.caption(
        t(
            "reader.upload",
            file=batch["file_name"],
            version=batch["version"],
            user=batch["user_name"],
            row=row_number,
            time=str(committed)[:16] if committed is not None else "—",
        )
    )
    stored = upload_row(found.source_id, str(row_number))
    if not stored:
        st.info(t("reader.upload_row_gone"))
        return
    shown = {key: value for key, value in stored.items() if value is not None and key not in ("batch",)}
    frame = pd.DataFrame({t("reader.field"): list(shown), t("reader.value"): [str(v) for v in shown.values()]})
    st.dataframe(frame, hide_index=True, width="stretch")
    if stored.get("quote"):
        st.caption(t("reader.upload_source", source=stored["quote"]))
