"""Cached, parameterised reads: the only way pages and components get rows out of DuckDB.

A result is cached under (query name, parameters, database file, data version). The data version
changes whenever the file is written, so a commit from the ingest CLI shows up on the next
rerun without a restart, and an unchanged database is never opened twice for the same question.
"""

import functools

import pandas as pd
import streamlit as st

from queries.build import ensure_database
from queries.database import connect, data_version
from queries.settings import database_path
from queries.sql_files import load_sql


@st.cache_resource(show_spinner=False)
def _ensure_built(db_file: str) -> bool:
    ensure_database()
    return True


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached_frame(name: str, params: dict, db_file: str, version: tuple) -> pd.DataFrame:
    with connect() as connection:
        return connection.execute(load_sql(name), params).df()


def read_frame(query: str, /, **params) -> pd.DataFrame:
    """Rows of queries/sql/<query>.sql with bound parameters (a copy the caller may modify)."""
    db_file = str(database_path())
    _ensure_built(db_file)
    return _cached_frame(query, params, db_file, data_version())


@st.cache_data(show_spinner=False, max_entries=512)
def _derived(name: str, args: tuple, kwargs: dict, db_file: str, version: tuple, _function):
    return _function(*args, **kwargs)


def cached_on_data(function):
    """Cache a function of query results the way the results are cached: per arguments and per data
    version, so pivots and lookups built from them are not rebuilt on every rerun."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return _derived(name, args, kwargs, str(database_path()), data_version(), function)

    return wrapper
