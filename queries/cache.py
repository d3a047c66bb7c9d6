"""Cached, parameterised reads: the only way pages and components get rows out of DuckDB.

A result is cached under (query name, parameters, storage target, data version). The data version
is the local file's modification stamp or the lake's snapshot id (queries.database), so a commit
from the ingest CLI or from another replica shows up on the next rerun without a restart, and
unchanged data is never queried twice for the same question.
"""

import functools

import pandas as pd
import streamlit as st

from queries.build import ensure_database
from queries.database import connect, database
from queries.sql_files import load_sql


@st.cache_resource(show_spinner=False)
def _ensure_built(target: str) -> bool:
    ensure_database()
    return True


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached_frame(name: str, params: dict, target: str, version: tuple) -> pd.DataFrame:
    with connect() as connection:
        return connection.execute(load_sql(name), params).df()


def _data_key() -> tuple[str, tuple]:
    """(storage target, data version) of the process's database, built first if need be."""
    store = database()
    _ensure_built(store.name)
    return store.name, store.data_version()


def read_frame(query: str, /, **params) -> pd.DataFrame:
    """Rows of queries/sql/<query>.sql with bound parameters (a copy the caller may modify)."""
    target, version = _data_key()
    return _cached_frame(query, params, target, version)


@st.cache_data(show_spinner=False, max_entries=512)
def _derived(name: str, args: tuple, kwargs: dict, target: str, version: tuple, _function):
    return _function(*args, **kwargs)


def cached_on_data(function):
    """Cache a function of query results the way the results are cached: per arguments and per data
    version, so pivots and lookups built from them are not rebuilt on every rerun."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        target, version = _data_key()
        return _derived(name, args, kwargs, target, version, function)

    return wrapper
