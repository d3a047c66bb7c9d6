"""Places resolved in bulk: the unmatched names of a plan as a table to fill in, and a name → city
code file read back (the same file, with its city_code column filled, or any two-column file).

A file with 2,000 unknown names is not settled one picker at a time: the app lists the first few,
offers this table for download, and takes the filled file back; the command line takes it with
--resolve-file. The file is read like any upload (CSV in any supported encoding, or .xlsx).
"""

import pandas as pd

from queries.ingest.kinds import header_key
from queries.ingest.places import AMBIGUOUS, UNMATCHED
from queries.ingest.problems import ERROR, ProblemList
from queries.ingest.reader import Limits, read_upload

NAME_HEADERS = ("name", "地名", "名称", "place", "城市", "city", "printed name")
CODE_HEADERS = ("city_code", "城市代码", "code", "代码", "行政区划代码", "adcode")
UNMATCHED_COLUMNS = ("name", "status", "rows", "count", "candidates", "city_code")


def unmatched_table(plan) -> pd.DataFrame:
    """One row per unmatched or ambiguous name, in file order: where it is, the closest cities
    (where looked up), and an empty city_code column for the analyst to fill."""
    rows = []
    for match in plan.places.values():
        if match.status not in (UNMATCHED, AMBIGUOUS):
            continue
        found = plan.place_rows.get(match.name, [])
        rows.append(
            {
                "name": match.name,
                "status": match.status,
                "rows": ", ".join(map(str, found[:20])) + (" …" if len(found) > 20 else ""),
                "count": len(found),
                "candidates": " ".join(match.candidates),
                "city_code": "",
                "_first": found[0] if found else 0,
            }
        )
    frame = pd.DataFrame(rows, columns=[*UNMATCHED_COLUMNS, "_first"])
    return frame.sort_values("_first", kind="stable").drop(columns="_first").reset_index(drop=True)


def _column(headers: list[str], names: tuple[str, ...]) -> int | None:
    keys = [header_key(header) for header in headers]
    wanted = {header_key(name) for name in names}
    return next((index for index, key in enumerate(keys) if key in wanted), None)


def read_resolutions(data: bytes, file_name: str, limits: Limits | None = None) -> tuple[dict[str, str], ProblemList]:
    """{name as written: city code} from a filled table; rows without a code are skipped. Problems
    (unreadable file, no code column, a name given two codes) say why nothing was taken."""
    raw = read_upload(data, file_name, limits=limits)
    problems = ProblemList()
    problems.extend(raw.problems)
    if raw.problems.has_errors() or raw.table is None:
        return {}, problems
    name_index = _column(raw.headers, NAME_HEADERS)
    code_index = _column(raw.headers, CODE_HEADERS)
    if name_index is None or code_index is None:
        if len(raw.headers) == 2:
            name_index, code_index = 0, 1
        else:
            problems.add("resolve_file_columns", ERROR)
            return {}, problems
    found: dict[str, str] = {}
    names = raw.table.column(name_index).to_pylist()
    codes = raw.table.column(code_index).to_pylist()
    rows = raw.rows.to_pylist() if raw.rows is not None else list(range(2, len(names) + 2))
    for row, name, code in zip(rows, names, codes):
        name, code = name.strip(), code.strip()
        if not name or not code:
            continue
        if found.get(name, code) != code:
            problems.add("resolve_file_twice", ERROR, row, None, value=name, first=found[name], second=code)
            continue
        found[name] = code
    return found, problems
