"""The app's one cache: everything derived from the data is computed once per data version and shared
by every session and rerun (docs/performance.md, "Caching").

- `read_frame(query, **params)`: rows of queries/sql/<query>.sql with bound parameters;
- `@cached_on_data`: any function of query results: lookups, pivots, display rows, a map's deck
  JSON, a chart's Vega-Lite spec, an export file (`max_entries` per function);
- `cached_call(name, function, *args)`: the same for a function chosen at run time (a chart builder).

A result is kept under (function, arguments, storage target, data version). The data version is the
local file's modification stamp or the lake's snapshot id (queries.database), so a commit from the
ingest CLI or from another replica shows up on the next rerun without a restart.

What keeps a warm rerun cheap:
- Arguments are small values (codes, tuples, a language, a year, a record dict, a dataclass of
  such values) or DataFrames; a frame is keyed by a digest of its pickled content (~0.1 ms for the
  frames pages pass; Streamlit's own frame hashing took milliseconds). A function whose result is
  worded is cached with `also=` the page's wording (components/page_context.wording).
- A hit is a dictionary lookup: no hashing of the function, no pickling (st.cache_data pickled every
  value on every hit; st.cache_resource spent ~0.2 ms per call on its own bookkeeping).
- Values are shared, never copied: treat them as read-only. A frame is handed out as a shallow
  copy (pandas copy-on-write), so a caller may add or replace columns.
- The data version is read once per script run, not once per query.

This module is the one place under queries/ that imports Streamlit: only to know which script run
is asking (the run's context object), never for its caches.
"""

import dataclasses
import functools
import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np
import pandas as pd
from streamlit.runtime.scriptrunner import get_script_run_ctx

from queries.build import ensure_database
from queries.database import connect, database
from queries.sql_files import load_sql

DEFAULT_ENTRIES = 256


class _Store:
    """One function's results, least recently used evicted first; safe across session threads."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self.entries: OrderedDict[tuple, object] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple, compute: Callable[[], object]):
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        value = compute()  # outside the lock: a slow miss never blocks other sessions' hits
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)
        return value


_STORES: dict[str, _Store] = {}
_STORES_LOCK = threading.Lock()


def _store(name: str, max_entries: int) -> _Store:
    with _STORES_LOCK:
        store = _STORES.get(name)
        if store is None:
            store = _STORES[name] = _Store(max_entries)
        return store


def clear() -> None:
    """Forget every cached result (the data version makes this unnecessary in normal use)."""
    with _STORES_LOCK:
        stores = list(_STORES.values())
    for store in stores:
        with store.lock:
            store.entries.clear()


def _frame_digest(frame: pd.DataFrame | pd.Series) -> bytes:
    """A key for a frame: its pickled content, digested. Equal frames built alike pickle alike; frames
    that pickle differently are only a miss, never a wrong hit."""
    return hashlib.blake2b(pickle.dumps(frame, protocol=5), digest_size=16).digest()


def _key(value) -> object:
    """A hashable key for an argument (see the module docstring for what an argument may be)."""
    if value is None or isinstance(value, (str, bytes, bool, int, float)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, *(_key(part) for part in value))
    if isinstance(value, dict):
        return ("dict", *sorted(((str(key), _key(part)) for key, part in value.items()), key=repr))
    if isinstance(value, (set, frozenset)):
        return ("set", *sorted((_key(part) for part in value), key=repr))
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return ("frame", _frame_digest(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__qualname__, *(_key(getattr(value, field.name)) for field in fields))
    raise TypeError(
        f"cached functions take codes, numbers, text, tuples, dicts, dataclasses or frames, not {type(value).__name__}"
    )


_BUILT: set[str] = set()
_BUILT_LOCK = threading.Lock()
_RUN_KEYS = threading.local()


def _data_key() -> tuple[str, tuple]:
    """(storage target, data version) of the process's database, built first if need be; read once
    per script run, so twenty queries cost one stat (or one snapshot query in lake mode)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    # ScriptRunContext.reset() gives every run a fresh `cursors` dict; holding it keeps its identity
    # unique, so "the same dict" means "the same run".
    marker = ctx.cursors if ctx is not None else None
    remembered = getattr(_RUN_KEYS, "value", None)
    if marker is not None and remembered is not None and remembered[0] is marker:
        return remembered[1]
    store = database()
    if store.name not in _BUILT:
        with _BUILT_LOCK:
            if store.name not in _BUILT:
                ensure_database()
                _BUILT.add(store.name)
    key = (store.name, store.data_version())
    if marker is not None:
        _RUN_KEYS.value = (marker, key)
    return key


def cached_call(
    name: str,
    function: Callable,
    /,
    *args,
    max_entries: int = DEFAULT_ENTRIES,
    also: Callable[[], object] | None = None,
    **kwargs,
):
    """`function(*args, **kwargs)`, cached as `name` per arguments and data version (and the value of
    `also()`, e.g. the page's language for a function that words its result through t())."""
    target, version = _data_key()
    key = (target, version, _key(args), _key(kwargs), None if also is None else _key(also()))
    value = _store(name, max_entries).get(key, lambda: function(*args, **kwargs))
    # A frame is handed out as a shallow copy (copy-on-write): adding a column never reaches the cache.
    return value.copy(deep=False) if isinstance(value, (pd.DataFrame, pd.Series)) else value


def cached_on_data(
    function: Callable | None = None,
    /,
    *,
    max_entries: int = DEFAULT_ENTRIES,
    also: Callable[[], object] | None = None,
):
    """Cache `function` per arguments and data version, shared by every session (see the module).
    Views whose result is worded pass `also=current_language`."""
    if function is None:
        return functools.partial(cached_on_data, max_entries=max_entries, also=also)
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return cached_call(name, function, *args, max_entries=max_entries, also=also, **kwargs)

    return wrapper


@cached_on_data(max_entries=1024)
def _frame(name: str, params: dict) -> pd.DataFrame:
    with connect() as connection:
        return connection.execute(load_sql(name), params).df()


def read_frame(query: str, /, **params) -> pd.DataFrame:
    """Rows of queries/sql/<query>.sql with bound parameters (a shallow copy the caller may modify)."""
    return _frame(query, params)
