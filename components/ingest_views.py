"""The Upload data page: choose a dataset, read a file, map its columns, resolve places, check,
preview and commit. Every step reruns the same queries.ingest pipeline as the command line.
"""

import contextlib
import hashlib

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.errors import StreamlitAPIException

from components.csv_files import csv_bytes
from components.dataset_picker import kind_label, kind_selector
from components.i18n import current_language, t
from components.safe_text import markdown_text
from components.table_cells import blank_gaps
from queries.cache import cached_call, cached_on_data
from queries.database import DatabaseBusy
from queries.ingest.commit import NothingNew, Rejected, commit, frame_of
from queries.ingest.kinds import CHOICE, KINDS
from queries.ingest.pipeline import (
    APPEND,
    MODES,
    Request,
    auto_mapping,
    limits,
    load_reference,
    prepare,
)
from queries.ingest.places import AMBIGUOUS, RESOLVED, UNMATCHED
from queries.ingest.reader import DELIMITERS, ReadOptions, read_upload
from queries.ingest.resolutions import read_resolutions, unmatched_table
from queries.ingest.templates import template_csv, template_xlsx
from queries.ingest.versions import plan_diff
from queries.ingest.xlsx import column_letters
from queries.versions import version_history
from texts.problems import candidate_text, location, problem_message, problem_text, severity_text

NOT_IN_FILE = -1
PREVIEW_ROWS = 200
PLACES_SHOWN = 20  # pickers drawn at once; any number more are resolved with a file
ENCODING_CHOICES = ("", "utf-8", "gb18030", "utf-16", "big5")
DELIMITER_LABELS = {",": ",", ";": ";", "\t": "tab", "|": "|"}
_LAST_READ = "_ingest_last_read"  # (file hash, what was read): the read options show what was detected
_UPLOADER = "_ingest_uploader_round"
_LAST = "_ingest_last_commit"


def _type_text(column) -> str:
    if column.type == CHOICE:
        language = current_language()
        choices = " / ".join(spellings[0] if language == "zh" else code for code, spellings in column.choices.items())
        return t("ingest.type.choice", choices=choices)
    return t(f"ingest.type.{column.type}")


def schema_table(kind: str) -> pd.DataFrame:
    zh = current_language() == "zh"
    rows = []
    for column in KINDS[kind].columns:
        names = dict.fromkeys((column.header_zh, column.header_en, *column.synonyms))
        rows.append(
            {
                t("ingest.schema_col.column"): column.header_zh if zh else column.header_en,
                t("ingest.schema_col.headers"): " / ".join(names),
                t("ingest.schema_col.type"): _type_text(column),
                t("ingest.schema_col.required"): t("ingest.schema_col.yes")
                if column.required
                else t("ingest.schema_col.no"),
            }
        )
    return pd.DataFrame(rows)


def schema_and_templates(kind: str) -> None:
    with st.expander(t("ingest.schema"), expanded=False):
        st.dataframe(schema_table(kind), hide_index=True)
        st.caption(t("ingest.templates"))
        columns = st.columns(4)
        for column, (label, maker, language, suffix, mime) in zip(
            columns,
            [
                ("ingest.template_csv_zh", template_csv, "zh", "csv", "text/csv"),
                ("ingest.template_csv_en", template_csv, "en", "csv", "text/csv"),
                (
                    "ingest.template_xlsx_zh",
                    template_xlsx,
                    "zh",
                    "xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                (
                    "ingest.template_xlsx_en",
                    template_xlsx,
                    "en",
                    "xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            ],
        ):
            with column:
                st.download_button(
                    t(label),
                    data=maker(kind, language),
                    file_name=f"{kind}_template_{language}.{suffix}",
                    mime=mime,
                    key=f"template_{kind}_{language}_{suffix}",
                    icon=":material/download:",
                )


class _Progress:
    """A progress bar that appears only while work is done: reading and checking report progress,
    a cached result does not (queries.cache keeps the last reads and plans, per file hash)."""

    def __init__(self) -> None:
        self.slot = st.empty()
        self.bar: DeltaGenerator | None = None

    def update(self, fraction: float, stage: str) -> None:
        if self.bar is None:
            self.bar = self.slot.progress(0.0, text=t("ingest.reading"))
        self.bar.progress(min(max(fraction, 0.0), 1.0), text=t(f"ingest.stage.{stage}"))

    def done(self) -> None:
        self.slot.empty()


def _read(data: bytes, file_name: str, options: ReadOptions, sha: str):
    progress = _Progress()
    raw = cached_call(
        "ingest.read",
        lambda *_key: read_upload(data, file_name, options, limits(), progress.update),
        sha,
        file_name,
        options.encoding,
        options.delimiter,
        options.sheet,
        max_entries=2,
    )
    progress.done()
    return raw


def read_controls(raw, sha: str) -> ReadOptions:
    """Encoding, delimiter and sheet: detected values shown, each can be overridden."""
    with st.expander(t("ingest.read_options"), expanded=False):
        columns = st.columns(3)
        encoding = columns[0].selectbox(
            t("ingest.encoding"),
            ENCODING_CHOICES,
            key=f"encoding_{sha}",
            format_func=lambda e: t("ingest.auto") if not e else e.upper(),
        )
        delimiter = columns[1].selectbox(
            t("ingest.delimiter"),
            ("", *DELIMITERS),
            key=f"delimiter_{sha}",
            format_func=lambda d: t("ingest.auto") if not d else (t("ingest.tab") if d == "\t" else d),
        )
        sheet = None
        if raw is not None and raw.sheets:
            sheet = columns[2].selectbox(t("ingest.sheet"), raw.sheets, key=f"sheet_{sha}")
    return ReadOptions(encoding=encoding or None, delimiter=delimiter or None, sheet=sheet)


def _detected_line(raw) -> str:
    delimiter = {",": ",", ";": ";", "\t": t("ingest.tab"), "|": "|"}.get(raw.delimiter or "", "—")
    return t(
        "ingest.detected",
        format=raw.format.upper(),
        encoding=(raw.encoding or "—").upper(),
        detected=t("ingest.detected_auto") if raw.format == "csv" and raw.encoding_detected else "",
        delimiter=markdown_text(delimiter) if raw.format == "csv" else "—",
        sheet=t("ingest.detected_sheet", sheet=markdown_text(raw.sheet)) if raw.sheet else "",
        rows=f"{raw.row_count:,}",
    )


def mapping_editor(kind: str, raw, auto: dict, sha: str) -> dict:
    """One select per dataset column: which header of the file it is read from. Returns only the
    columns the analyst set differently from the automatic mapping (a column several headers could
    be starts unset, and stays an error until one is chosen)."""
    st.subheader(t("ingest.mapping"))
    st.caption(t("ingest.mapping_help"))
    options = [NOT_IN_FILE, *range(len(raw.headers))]
    labels = {NOT_IN_FILE: t("ingest.not_in_file")}
    repeated = {h for h in raw.headers if h and raw.headers.count(h) > 1}
    labels.update(
        {i: (f"{h} ({column_letters(i)})" if h in repeated else h or f"#{i + 1}") for i, h in enumerate(raw.headers)}
    )
    mapping: dict[str, int | None] = {}
    columns = st.columns(4)
    zh = current_language() == "zh"
    for position, column in enumerate(KINDS[kind].columns):
        label = column.header_zh if zh else column.header_en
        if column.required:
            label = t("ingest.required_mark", label=label)
        key = f"map_{sha}_{kind}_{column.name}"
        if key not in st.session_state:
            found = auto.get(column.name)
            st.session_state[key] = NOT_IN_FILE if found is None else found
        with columns[position % 4]:
            chosen = st.selectbox(label, options, format_func=labels.__getitem__, key=key)
        value = None if chosen == NOT_IN_FILE else chosen
        if value != auto.get(column.name):
            mapping[column.name] = value
    return mapping


def _city_label(gazetteer, code: str) -> str:
    if not code:
        return t("ingest.place_choose")
    city = gazetteer.city(code)
    zh = current_language() == "zh"
    name = city["name_zh"] if zh else (city["name_en"] or city["name_zh"])
    province = city.get("province_zh") if zh else city.get("province_en")
    extra = ", ".join(str(x) for x in (code, province) if isinstance(x, str) and x)
    return f"{name} ({extra})"


def _place_key(sha: str, name: str) -> str:
    return f"place_{sha}_{hashlib.sha1(name.encode()).hexdigest()[:10]}"


def bulk_resolutions(sha: str) -> dict[str, str]:
    """Name → city code from the file uploaded in step 2 (read on the run after it was chosen)."""
    uploaded = st.session_state.get(f"places_file_{sha}")
    if uploaded is None:
        return {}
    data = uploaded.getvalue()
    return _resolutions(data, uploaded.name)[0]


def _resolutions(data: bytes, file_name: str):
    """(name → city code, problems) read from a bulk resolution file."""
    sha = hashlib.sha256(data).hexdigest()
    return cached_call(
        "ingest.resolutions", lambda *_key: read_resolutions(data, file_name, limits()), sha, file_name, max_entries=4
    )


def _bulk_section(plan, sha: str, todo: int) -> None:
    """Download the names still to resolve; upload them back with a city code each."""
    left, right = st.columns(2)
    with left:
        st.download_button(
            t("ingest.places_download"),
            data=csv_bytes(unmatched_table(plan)),
            file_name="unmatched_places.csv",
            mime="text/csv",
            key=f"places_download_{sha}",
            icon=":material/download:",
            disabled=not todo,
        )
    with right:
        uploaded = st.file_uploader(
            t("ingest.places_bulk"),
            type=["csv", "tsv", "txt", "xlsx"],
            key=f"places_file_{sha}",
            help=t("ingest.places_bulk_help"),
        )
    if uploaded is not None:
        found, problems = _resolutions(uploaded.getvalue(), uploaded.name)
        for problem in (problems.sorted() if problems else [])[:5]:
            st.error(markdown_text(problem_message(problem, current_language())), icon=":material/error:")
        st.caption(t("ingest.places_bulk_read", count=f"{len(found):,}", file=markdown_text(uploaded.name)))


def places_editor(plan, sha: str, gazetteer) -> tuple[dict, set]:
    """Unmatched and ambiguous names: a city choice (closest first) and an alias box for the first
    PLACES_SHOWN of them in file order (and any already chosen), and for any number a table to
    download, fill in and upload back. `plan` was prepared with the bulk file's resolutions."""
    st.subheader(t("ingest.places"))
    open_names = [m for m in plan.places.values() if m.status in (UNMATCHED, AMBIGUOUS)]
    from_file = [m for m in plan.places.values() if m.status == RESOLVED]
    if not open_names and not from_file:
        st.success(t("ingest.places_ok", count=len(plan.places)), icon=":material/check_circle:")
        return {}, set()
    open_names.sort(key=lambda m: (plan.place_rows.get(m.name) or [0])[0])
    chosen_already = [m for m in open_names if st.session_state.get(_place_key(sha, m.name))]
    shown = chosen_already + [m for m in open_names if m not in chosen_already][:PLACES_SHOWN]
    shown.sort(key=lambda m: (plan.place_rows.get(m.name) or [0])[0])
    todo = len(open_names) - len(chosen_already)
    if todo:
        st.warning(t("ingest.places_todo", count=f"{todo:,}"), icon=":material/help:")
    if from_file:
        st.caption(t("ingest.places_from_file", count=f"{len(from_file):,}"))
    if len(open_names) > len(shown):
        st.caption(t("ingest.places_shown", shown=len(shown), total=f"{len(open_names):,}"))
    _bulk_section(plan, sha, todo)
    all_codes = list(gazetteer.cities.index)
    resolutions, aliases = {}, set()
    for match in shown:
        key = _place_key(sha, match.name)
        gazetteer.add_candidates(match)
        candidates = match.candidates
        options = ["", *candidates, *[c for c in all_codes if c not in candidates]]
        rows = plan.place_rows.get(match.name) or []
        left, right = st.columns([3, 2])
        with left:
            chosen = st.selectbox(
                t("ingest.place_choice", name=match.name, rows=", ".join(map(str, rows[:8])) or "…"),
                options,
                key=key,
                format_func=lambda code: _city_label(gazetteer, code),
            )
            if candidates:
                st.caption(
                    t(
                        "ingest.place_candidates",
                        candidates=markdown_text(
                            candidate_text([gazetteer.candidate(c) for c in candidates], current_language())
                        ),
                    )
                )
        with right:
            st.write("")
            keep = st.checkbox(t("ingest.place_alias", name=match.name), key=f"{key}_alias", disabled=not chosen)
        if chosen:
            resolutions[match.name] = chosen
            if keep:
                aliases.add(match.name)
    return resolutions, aliases


def problems_frame(problems) -> pd.DataFrame:
    rows = [
        {
            t("ingest.problem_severity"): severity_text(p.severity, current_language()),
            t("ingest.problem_row"): p.row,
            t("ingest.problem_column"): p.column,
            t("ingest.problem_message"): problem_text(p.code, p.params, current_language()),
        }
        for p in problems.sorted()
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            t("ingest.problem_severity"),
            t("ingest.problem_row"),
            t("ingest.problem_column"),
            t("ingest.problem_message"),
        ],
    )
    frame[t("ingest.problem_row")] = frame[t("ingest.problem_row")].astype("Int64")
    return frame


def problems_section(plan, heading: bool = True) -> None:
    problems = plan.problems
    if heading:
        st.subheader(t("ingest.problems"))
    errors, warnings = problems.error_count, problems.warning_count
    if not errors and not warnings:
        st.success(t("ingest.problems_none"), icon=":material/check_circle:")
        return
    if errors:
        st.error(t("ingest.problems_errors", errors=f"{errors:,}"), icon=":material/error:")
        first = next(p for p in problems.sorted() if p.severity == "error")
        st.markdown(
            markdown_text(
                location(first.row, first.column, current_language())
                + problem_text(first.code, first.params, current_language())
            )
        )
    if warnings:
        st.info(t("ingest.problems_warnings", warnings=f"{warnings:,}"), icon=":material/info:")
    frame = problems_frame(problems)
    st.dataframe(blank_gaps(frame), hide_index=True, height=min(38 + 35 * len(frame), 320))
    if problems.omitted:
        st.caption(t("ingest.problems_omitted", count=f"{problems.omitted:,}"))
    st.download_button(
        t("ingest.download_problems"),
        data=csv_bytes(frame),
        file_name="upload_problems.csv",
        mime="text/csv",
        key="download_problems",
        icon=":material/download:",
    )


def preview_section(plan) -> None:
    st.subheader(t("ingest.preview"))
    total = plan.stored.num_rows
    st.caption(t("ingest.preview_help", shown=min(PREVIEW_ROWS, total), total=f"{total:,}", version=plan.base_version))
    preview = frame_of(plan, PREVIEW_ROWS)
    st.dataframe(blank_gaps(preview), hide_index=True, height=280)
    if plan.request.mode == APPEND:
        added, removed, changed, diff = total, 0, 0, None
    else:
        diff = plan_diff(plan)
        counts = diff["change"].value_counts()
        added, removed, changed = (int(counts.get(c, 0)) for c in ("added", "removed", "changed"))
    st.markdown(
        t("ingest.diff", version=plan.base_version, added=f"{added:,}", removed=f"{removed:,}", changed=f"{changed:,}")
    )
    if diff is not None and len(diff):
        shown = diff.head(PREVIEW_ROWS).assign(
            change=diff["change"].head(PREVIEW_ROWS).map(lambda c: t(f"versions.change.{c}"))
        )
        st.dataframe(blank_gaps(shown), hide_index=True, height=240)


def commit_section(plan, user: str) -> None:
    st.subheader(t("ingest.commit"))
    version = plan.base_version + 1
    note = st.text_input(t("ingest.note"), key="commit_note", max_chars=500)
    if not plan.ok or not plan.has_changes:
        st.button(t("ingest.commit_button", version=version), disabled=True, key="commit_disabled")
        st.caption(t("ingest.commit_blocked") if not plan.ok else t("problem.nothing_new"))
        return
    if not st.button(t("ingest.commit_button", version=version), type="primary", key="commit"):
        return
    with st.status(t("ingest.committing", version=version), expanded=False) as status:
        try:
            result = commit(plan, user=user, note=note)
        except Rejected as rejected:
            status.update(
                label=t(
                    "ingest.commit_failed",
                    reason=problem_text(
                        rejected.problems.sorted()[0].code, rejected.problems.sorted()[0].params, current_language()
                    ),
                ),
                state="error",
            )
            return
        except NothingNew:  # another commit put the same rows in force meanwhile
            status.update(label=t("problem.nothing_new"), state="complete")
            return
        except DatabaseBusy:
            status.update(label=t("ingest.commit_failed", reason=t("problem.busy")), state="error")
            return
        status.update(label=t("ingest.committed_status"), state="complete")
    st.session_state[_LAST] = {
        "kind": result.kind,
        "version": result.version,
        "rows": result.rows,
        "batch": result.batch,
    }
    st.session_state[_UPLOADER] = st.session_state.get(_UPLOADER, 0) + 1  # a fresh, empty uploader
    st.session_state.pop(_LAST_READ, None)
    st.rerun()


def last_commit_notice() -> None:
    last = st.session_state.get(_LAST)
    if not last:
        return
    st.success(
        t(
            "ingest.committed",
            kind=kind_label(last["kind"]),
            version=last["version"],
            rows=f"{last['rows']:,}",
            batch=last["batch"],
        ),
        icon=":material/task_alt:",
    )
    # A page this session's navigation does not list (AppTest runs one page) has no link.
    with contextlib.suppress(StreamlitAPIException):
        st.page_link(KINDS[last["kind"]].page_file, label=t("ingest.see_page"), icon=":material/arrow_forward:")


def _plan(request: Request, raw, sha: str):
    """The checked plan of an upload (cached per file, choices and data version: the page prepares
    one without and one with the analyst's choices, so the last few are kept)."""
    progress = _Progress()
    plan = cached_call(
        "ingest.plan",
        lambda *_key: prepare(request, raw=raw, progress=progress.update),
        sha,
        request.kind,
        request.read_options.encoding,
        request.read_options.delimiter,
        request.read_options.sheet,
        request.mapping or {},
        request.resolutions,
        sorted(request.new_aliases),
        request.mode,
        max_entries=4,
    )
    progress.done()
    return plan


@cached_on_data(max_entries=8)
def _reference(kind: str):
    return load_reference(kind)


def upload_flow(user: str) -> None:
    last_commit_notice()
    kind = kind_selector()
    version_history(kind)  # builds the database on a cold deep link, like every other page's first read
    schema_and_templates(kind)
    limit = limits()
    uploaded = st.file_uploader(
        t("ingest.file"),
        type=["csv", "tsv", "txt", "xlsx", "xlsm"],
        key=f"upload_file_{st.session_state.get(_UPLOADER, 0)}",
        help=t("ingest.file_help", mb=round(limit.max_bytes / 2**20), rows=f"{limit.max_rows:,}"),
    )
    if uploaded is None:
        return
    st.session_state.pop(_LAST, None)
    data = uploaded.getvalue()
    sha = hashlib.sha256(data).hexdigest()[:16]
    last = st.session_state.get(_LAST_READ)
    options = read_controls(last[1] if last and last[0] == sha else None, sha)
    raw = _read(data, uploaded.name, options, sha)
    st.session_state[_LAST_READ] = (sha, raw)
    if raw.table is not None:
        st.caption(_detected_line(raw))
    if raw.problems.has_errors() or raw.table is None:
        plan = prepare(Request(kind, data, uploaded.name, options), raw=raw)
        problems_section(plan)
        return

    mapping = mapping_editor(kind, raw, auto_mapping(KINDS[kind], raw.headers), sha)
    reference = _reference(kind)
    mode = st.session_state.get("commit_mode", APPEND)
    from_file = bulk_resolutions(sha)
    request = Request(kind, data, uploaded.name, options, mapping=mapping, resolutions=from_file, mode=mode)
    first = _plan(request, raw, sha)
    resolutions, aliases = places_editor(first, sha, reference.gazetteer) if first.places else ({}, set())
    if resolutions or aliases:
        request = Request(
            kind,
            data,
            uploaded.name,
            options,
            mapping=mapping,
            resolutions={**from_file, **resolutions},
            new_aliases=aliases,
            mode=mode,
        )
        plan = _plan(request, raw, sha)
    else:
        plan = first
    problems_section(plan)
    if plan.stored is not None:
        counts = {"rows": f"{plan.rows_read:,}", "accepted": f"{plan.rows_accepted:,}"}
        if plan.unchanged:
            st.caption(t("ingest.rows_read_unchanged", unchanged=f"{plan.unchanged:,}", **counts))
        else:
            st.caption(t("ingest.rows_read", **counts))
        st.radio(
            t("ingest.mode"), MODES, key="commit_mode", horizontal=True, format_func=lambda m: t(f"ingest.mode_{m}")
        )
        preview_section(plan)
        commit_section(plan, user)
