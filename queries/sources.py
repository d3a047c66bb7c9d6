"""The reports every figure cites."""

import pandas as pd

from queries.cache import read_frame


def source_documents() -> pd.DataFrame:
    return read_frame("sources")


def dataset_citations() -> pd.DataFrame:
    """Rows per dataset and report, their line span and basis counts."""
    return read_frame("sources/datasets")


def anomalies() -> pd.DataFrame:
    return read_frame("sources/anomalies")


def upload_batches() -> pd.DataFrame:
    """Every upload: batch number, dataset kind, version, file, analyst and time."""
    return read_frame("sources/uploads")


def dataset_rows() -> pd.DataFrame:
    """Every distinct (dataset, report, lines, quote) the data cites."""
    return read_frame("sources/dataset_rows")
