"""The Sources page's pieces: the reports, per-dataset citations and the anomalies list."""

import pandas as pd

from components import source_reader
from components.i18n import current_language, has_text, localized_column, t
from components.page_context import wording
from components.values import is_missing
from queries.cache import cached_on_data


def _columns(prefix: str, names: list[str]) -> dict[str, str]:
    return {name: t(f"{prefix}.{name}") for name in names}


def reports_table(documents: pd.DataFrame) -> pd.DataFrame:
    language = current_language()
    shown = pd.DataFrame(
        {
            "code": documents["source_id"],
            "title": documents[f"title_{language}"],
            "publisher": documents[f"publisher_{language}"],
            "year": documents["year"],
            "report": documents["file"],
        }
    )
    return shown.rename(columns=_columns("sources.col", list(shown.columns)))


def title_citations(documents: pd.DataFrame) -> list[list[source_reader.Citation]]:
    """Each report's title lines, to open from its row."""
    return source_reader.row_citations(documents, label=localized_column(documents, "title"))


def dataset_row_citations(citations: pd.DataFrame, rows: pd.DataFrame) -> list[list[source_reader.Citation]]:
    """For each (dataset, report) row of the datasets table: every place that dataset cites there."""
    return [
        source_reader.citations_of(rows[(rows["dataset"] == dataset) & (rows["source_id"] == source_id)])
        for dataset, source_id in zip(citations["dataset"], citations["source_id"])
    ]


def anomaly_labels(anomalies: pd.DataFrame) -> list[str]:
    return [f"{code} · {text}" for code, text in zip(anomalies["code"], localized_column(anomalies, "description"))]


def datasets_table(citations: pd.DataFrame) -> pd.DataFrame:
    spans = [
        "" if is_missing(first) else (f"L{first:.0f}" if first == last else f"L{first:.0f}–L{last:.0f}")
        for first, last in zip(citations["first_line"], citations["last_line"])
    ]
    shown = pd.DataFrame(
        {
            "dataset": [dataset_name(name) for name in citations["dataset"]],
            "report": citations["source_id"].fillna("—"),
            "rows": citations["rows"],
            "lines": spans,
            "explicit": citations["explicit"],
            "derived": citations["derived"],
            "inferred": citations["inferred"],
            "uploaded": citations["uploaded"],
        }
    )
    return shown.rename(columns=_columns("sources.col", list(shown.columns)))


# Anomalies name the dataset by its upload kind (rankings, tiers, …); the catalogue names datasets
# by table (dataset.ranking, dataset.tier, …).
ANOMALY_DATASETS = {
    "rankings": "ranking",
    "tiers": "tier",
    "pilots": "pilot",
    "maturity": "maturity",
    "national_facts": "national_fact",
    "carbon_targets": "carbon_target",
    "carbon_facts": "carbon_fact",
    "scenarios": "scenario",
    "scenario_coverage": "scenario_coverage",
    "city_metrics": "city_metric",
}


def dataset_name(code: str) -> str:
    """'城市排名' / 'City rankings' for a dataset code, never the code itself when it is known."""
    key = f"dataset.{ANOMALY_DATASETS.get(code, code)}"
    return t(key) if has_text(key) else code


@cached_on_data(also=wording)
def anomalies_table(anomalies: pd.DataFrame) -> pd.DataFrame:
    """One row per anomaly; one that spans reports (N2) cites each: 000:L130, L160；002:L274；003:L449."""
    cited = anomalies.assign(
        report=anomalies["source_id"] + ":L" + anomalies["source_lines"].fillna("").str.replace(";", ", L"),
        description=localized_column(anomalies, "description"),
    )
    grouped = cited.groupby("code", sort=True).agg(
        dataset=("dataset", lambda codes: dataset_name(codes.iloc[0])),
        report=("report", t("list.clause").join),
        description=("description", "first"),
    )
    shown = grouped.reset_index()[["code", "dataset", "report", "description"]]
    return shown.rename(columns=_columns("sources.col", list(shown.columns)))
