"""Source lines: every map, chart and table says which report and lines its figures come from."""

import re
from collections import Counter

import pandas as pd
import streamlit as st

from components import page_context
from components.i18n import current_language, t
from components.map_render import plain_text
from components.safe_text import markdown_text
from queries.cache import cached_on_data
from queries.settings import uses_custom_boundaries
from queries.sources import anomalies, source_documents, upload_batches

BASIS_ORDER = ("explicit", "derived", "inferred")


def line_numbers(source_lines: str | None) -> list[int]:
    """'419', '555-579' or '585;698' -> the line numbers they name (ranges by their ends)."""
    return [int(number) for number in re.findall(r"\d+", source_lines or "")]


def citation(source_id: str, source_lines: str | None) -> str:
    """Compact citation, e.g. 000:L419 or 000:L555–L579."""
    numbers = line_numbers(source_lines)
    if not numbers:
        return source_id
    low, high = min(numbers), max(numbers)
    return f"{source_id}:L{low}" if low == high else f"{source_id}:L{low}–L{high}"


def _source_titles() -> dict[str, str]:
    return _titles_in(current_language())


@cached_on_data
def _titles_in(language: str) -> dict[str, str]:
    """Every source id (reports and uploads) with its title in `language`."""
    titles = {
        row["source_id"]: t(
            "source.report", publisher=row[f"publisher_{language}"], year=row["year"], title=row[f"title_{language}"]
        )
        for row in source_documents().to_dict("records")
    }
    for row in upload_batches().to_dict("records"):
        titles[f"U{row['batch']}"] = t(
            "source.upload", version=row["version"], file=row["file_name"], user=row["user_name"]
        )
    return titles


def report_title(source_id: str) -> str:
    """'德勤中国《…》（2018）' for a report, '上传 v2 · figures.csv（alice）' for an upload."""
    return _source_titles().get(source_id, source_id)


def basis_label(basis: str) -> str:
    return t(f"basis.{basis}")


def _absent(value) -> bool:
    """What pandas' dropna and value_counts leave out: None, NaN, NA (an empty string counts)."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def source_text(
    frame: pd.DataFrame,
    source_column: str = "source_id",
    lines_column: str = "source_lines",
    basis_column: str | None = "basis",
    note: str | None = None,
) -> str:
    """'来源：… 000:L419–L443 · 依据：明示 50 · 推断 2' for the rows of `frame`.

    Plain Python over three columns: called several times per rerun on frames of tens of rows,
    where pandas' groupby and value_counts cost a hundred times more than the loop."""
    sources = frame[source_column].tolist()
    lines = frame[lines_column].tolist()
    bases = frame[basis_column].tolist() if basis_column and basis_column in frame else None
    spans: dict[str, list[int]] = {}
    counts: Counter[str] = Counter()
    for index, source_id in enumerate(sources):
        if _absent(source_id):
            continue
        spans.setdefault(source_id, []).extend(line_numbers(lines[index]))
        if bases is not None and not _absent(bases[index]):
            counts[bases[index]] += 1
    titles = _source_titles() if spans else {}
    parts = []
    for source_id in sorted(spans):
        numbers = spans[source_id]
        span = citation(source_id, f"{min(numbers)}-{max(numbers)}" if numbers else None)
        parts.append(markdown_text(f"{titles.get(source_id, source_id)} {span}"))
    text = t("source.prefix") + t("list.clause").join(parts) if parts else t("source.none")
    bases_text = [t("source.basis_count", basis=basis_label(b), count=counts[b]) for b in BASIS_ORDER if counts[b]]
    if bases_text:
        text += " · " + t("source.basis") + t("list.separator").join(bases_text)
    if note:
        text += " · " + markdown_text(note)
    drawn = page_context.drawn()
    if drawn is not None:  # a slide made of this view carries it in its notes
        drawn.record_source(plain_text(text))
    return text


def source_caption(frame: pd.DataFrame, **options) -> None:
    st.caption(source_text(frame, **options))


def boundary_lines() -> tuple[str, str]:
    """The boundary disclaimer (Natural Earth's de facto lines, or the deployment's own file) and
    the credits: beside every map and in every exported map image."""
    notice = t("boundary.custom") if uses_custom_boundaries() else t("boundary.disclaimer")
    return notice, t("boundary.credits")


FLAG_SPLIT = re.compile(r"[;；,，、\s]+")


def flag_codes(flags: str | None) -> list[str]:
    """'A3;A6' -> ['A3', 'A6'] (anomaly codes as the data files write them)."""
    return [code for code in FLAG_SPLIT.split(flags or "") if code] if isinstance(flags, str) else []


def flag_text(flags: str | None) -> str | None:
    """'A3;A6' as the page lists things ('A3, A6' / 'A3、A6'); None without a flag."""
    codes = flag_codes(flags)
    return t("list.separator").join(codes) if codes else None


def _flag_descriptions() -> dict[str, str]:
    return _descriptions_in(current_language())


@cached_on_data
def _descriptions_in(language: str) -> dict[str, str]:
    return {row["code"]: row[f"description_{language}"] for row in anomalies().to_dict("records")}


def flag_explanations(flags) -> list[str]:
    """'A3: Tied innovation scores: …' for every anomaly code among `flags`, in code order."""
    codes = sorted({code for value in flags for code in flag_codes(value)})
    described = _flag_descriptions()
    return [t("flag.explained", code=code, text=described.get(code, t("flag.unknown"))) for code in codes]


def flag_column(frame: pd.DataFrame, column: str) -> dict:
    """column_config for a table's anomaly-flag column: hovering its title explains each code."""
    if column not in frame:
        return {}
    lines = flag_explanations(frame[column])
    return {column: st.column_config.TextColumn(help="\n\n".join(lines))} if lines else {}


def flag_legend(flags) -> None:
    """Under a table: which anomaly codes it shows, and where each is explained."""
    codes = sorted({code for value in flags for code in flag_codes(value)})
    if codes:
        st.caption(t("flag.legend", codes=t("list.separator").join(codes)))
