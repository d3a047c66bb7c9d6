"""Source lines: every map, chart and table says which report and lines its figures come from."""

import re

import pandas as pd
import streamlit as st

from components.i18n import current_language, t
from components.safe_text import markdown_text
from queries.sources import source_documents, upload_batches

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


UPLOAD_SOURCE = re.compile(r"^U(\d+)$")


def upload_title(batch: int) -> str | None:
    """'上传 v2 · figures.csv（alice）' for rows an analyst uploaded as batch `batch`."""
    uploads = upload_batches().set_index("batch")
    if batch not in uploads.index:
        return None
    row = uploads.loc[batch]
    return t("source.upload", version=row["version"], file=row["file_name"], user=row["user_name"])


def report_title(source_id: str) -> str:
    upload = UPLOAD_SOURCE.match(source_id or "")
    if upload:
        return upload_title(int(upload.group(1))) or source_id
    documents = source_documents().set_index("source_id")
    if source_id not in documents.index:
        return source_id
    row = documents.loc[source_id]
    title = row["title_zh"] if current_language() == "zh" else row["title_en"]
    publisher = row["publisher_zh"] if current_language() == "zh" else row["publisher_en"]
    return t("source.report", publisher=publisher, year=row["year"], title=title)


def basis_label(basis: str) -> str:
    return t(f"basis.{basis}")


def source_text(frame: pd.DataFrame, source_column: str = "source_id", lines_column: str = "source_lines",
                basis_column: str | None = "basis", note: str | None = None) -> str:
    """'来源：… 000:L419–L443 · 依据：明示 50 · 推断 2' for the rows of `frame`."""
    cited = frame.dropna(subset=[source_column])
    parts = []
    for source_id, rows in cited.groupby(source_column, sort=True):
        numbers = [n for lines in rows[lines_column] for n in line_numbers(lines)]
        span = citation(source_id, f"{min(numbers)}-{max(numbers)}" if numbers else None)
        parts.append(markdown_text(f"{report_title(source_id)} {span}"))
    text = t("source.prefix") + "；".join(parts) if parts else t("source.none")
    if basis_column and basis_column in cited:
        counts = cited[basis_column].value_counts()
        bases = [f"{basis_label(b)} {counts[b]}" for b in BASIS_ORDER if b in counts]
        if bases:
            text += " · " + t("source.basis") + " " + "，".join(bases)
    if note:
        text += " · " + markdown_text(note)
    return text


def source_caption(frame: pd.DataFrame, **options) -> None:
    st.caption(source_text(frame, **options))
