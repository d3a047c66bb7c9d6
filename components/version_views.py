"""The Dataset versions page: history of one dataset, compare two versions, roll back."""

import pandas as pd
import streamlit as st

from components.csv_files import csv_bytes
from components.dataset_picker import kind_label, kind_selector
from components.i18n import current_language, t
from components.table_cells import blank_gaps
from queries.database import DatabaseBusy
from queries.ingest.versions import VersionError, compare, rollback
from queries.versions import version_history
from texts.problems import problem_text

_DONE = "_versions_rollback_done"


def _action(row) -> str:
    if row["action"] == "rollback":
        return t("versions.action_rollback", target=int(row["target_version"]))
    return t(f"versions.action_{row['action']}")


def history_table(versions: pd.DataFrame) -> pd.DataFrame:
    current = int(versions["version"].max())
    return pd.DataFrame(
        {
            t("versions.col_version"): [
                f"v{v}" + (f" · {t('versions.current')}" if v == current else "") for v in versions["version"]
            ],
            t("versions.col_action"): [_action(row) for row in versions.to_dict("records")],
            t("versions.col_user"): versions["user_name"],
            t("versions.col_when"): versions["committed_at"],
            t("versions.col_file"): versions["file_name"],
            t("versions.col_sha"): versions["sha256"].map(lambda s: s[:12] + "…" if isinstance(s, str) else None),
            t("versions.col_rows"): versions["row_count"].astype("Int64"),
            t("versions.col_batches"): versions["batches"].map(lambda b: ", ".join(f"U{x}" for x in b) or "—"),
            t("versions.col_note"): versions["note"],
        }
    )


def _version_label(versions: pd.DataFrame):
    actions = {int(row["version"]): _action(row) for row in versions.to_dict("records")}
    return lambda v: f"v{v} · {actions.get(v, '')}"


def compare_section(kind: str, versions: pd.DataFrame) -> None:
    st.subheader(t("versions.compare"))
    numbers = [int(v) for v in versions["version"]]
    label = _version_label(versions)
    left, right = st.columns(2)
    with left:
        older = st.selectbox(
            t("versions.compare_from"),
            numbers,
            index=min(1, len(numbers) - 1),
            format_func=label,
            key=f"compare_from_{kind}",
        )
    with right:
        newer = st.selectbox(t("versions.compare_to"), numbers, index=0, format_func=label, key=f"compare_to_{kind}")
    diff = compare(kind, older, newer)
    if diff.empty:
        st.info(t("versions.compare_none"))
        return
    counts = diff["change"].value_counts()
    st.markdown(
        t(
            "versions.compare_summary",
            a=older,
            b=newer,
            added=int(counts.get("added", 0)),
            removed=int(counts.get("removed", 0)),
            changed=int(counts.get("changed", 0)),
        )
    )
    shown = diff.assign(change=diff["change"].map(lambda c: t(f"versions.change.{c}")))
    st.dataframe(blank_gaps(shown.head(1000)), hide_index=True, height=300)
    st.download_button(
        t("versions.download"),
        data=csv_bytes(shown),
        file_name=f"{kind}_v{older}_v{newer}.csv",
        mime="text/csv",
        key=f"compare_download_{kind}",
        icon=":material/download:",
    )


def rollback_section(kind: str, versions: pd.DataFrame, user: str) -> None:
    st.subheader(t("versions.rollback"))
    current = int(versions["version"].max())
    targets = [int(v) for v in versions["version"] if int(v) != current]
    if not targets:
        st.caption(t("versions.rollback_nothing"))
        return
    target = st.selectbox(
        t("versions.rollback_target"), targets, format_func=_version_label(versions), key=f"rollback_target_{kind}"
    )
    note = st.text_input(t("versions.rollback_note"), key=f"rollback_note_{kind}", max_chars=500)
    if st.button(t("versions.rollback_button", version=target), key=f"rollback_{kind}", type="primary"):
        try:
            created = rollback(kind, target, user=user, note=note)
        except VersionError as error:
            st.error(problem_text(error.code, error.params, current_language()))
            return
        except DatabaseBusy:
            st.error(problem_text("busy", {}, current_language()))
            return
        st.session_state[_DONE] = (kind, created, target)
        st.rerun()


def versions_flow(user: str) -> None:
    done = st.session_state.pop(_DONE, None)
    kind = kind_selector()
    if done and done[0] == kind:
        st.success(t("versions.rollback_done", version=done[1], target=done[2]), icon=":material/task_alt:")
    versions = version_history(kind)
    st.subheader(t("versions.list") + " · " + kind_label(kind))
    st.dataframe(blank_gaps(history_table(versions)), hide_index=True)
    compare_section(kind, versions)
    rollback_section(kind, versions, user)
