"""Command-line ingest: the same read → map → match → validate → commit path as the app.

    python -m queries.ingest --kind city_metrics figures.csv [--dry-run] [--json] [--user NAME] [--note TEXT]

Exit codes: 0 committed (or a dry run found no problem, or every row was already in force with the
same values), 2 the input was rejected (problems are listed, nothing was written), 1 any other
failure (file missing, database busy, a bug).
The app may be running: the commit waits for DuckDB's lock and the app shows the new version on
its next rerun.
"""

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from queries.database import DatabaseBusy
from queries.ingest.kinds import KINDS
from queries.ingest.places import AMBIGUOUS, UNMATCHED
from queries.ingest.problems import ProblemList
from queries.ingest.reader import DELIMITERS, ENCODINGS, ReadOptions

DELIMITER_NAMES = {"comma": ",", "semicolon": ";", "tab": "\t", "pipe": "|"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m queries.ingest",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Exit codes: 0 committed / clean dry run, 2 rejected, 1 other failure.",
    )
    parser.add_argument("--kind", required=True, choices=sorted(KINDS), help="dataset kind")
    parser.add_argument("file", type=Path, help="CSV (.csv, .tsv, .txt) or Excel (.xlsx) file")
    parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
    parser.add_argument("--json", action="store_true", help="print a machine-readable report")
    parser.add_argument("--user", default=None, help="recorded as the version's author (default: login name)")
    parser.add_argument("--note", default=None, help="note for the version history")
    parser.add_argument(
        "--mode",
        choices=("append", "replace"),
        default="append",
        help="append to the current version (default) or replace every earlier upload",
    )
    parser.add_argument("--encoding", choices=ENCODINGS, default=None, help="override the detected encoding")
    parser.add_argument(
        "--delimiter",
        default=None,
        help="override the detected delimiter: comma, semicolon, tab, pipe or the character",
    )
    parser.add_argument("--sheet", default=None, help="Excel sheet name (default: the first)")
    parser.add_argument(
        "--resolve",
        action="append",
        default=[],
        metavar="NAME=CODE",
        help="resolve an unmatched or ambiguous place name to a city code (repeatable)",
    )
    parser.add_argument(
        "--force-resolve",
        action="append",
        default=[],
        metavar="NAME=CODE",
        help="like --resolve, for a name that already matches another city (repeatable)",
    )
    parser.add_argument(
        "--alias",
        action="append",
        default=[],
        metavar="NAME",
        help="also keep a resolved NAME as an alias of its city (repeatable)",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=HEADER",
        help="read dataset COLUMN from the file's HEADER, or #N for its Nth column (repeatable; empty = none)",
    )
    return parser


def _pairs(values: list[str], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        if "=" not in value:
            raise SystemExit(f"{option} expects NAME=VALUE, got {value!r}")
        name, _, target = value.partition("=")
        pairs[name.strip()] = target.strip()
    return pairs


def _mapping(values: list[str], headers: list[str]) -> dict[str, int | None] | None:
    if not values:
        return None
    mapping: dict[str, int | None] = {}
    for column, header in _pairs(values, "--map").items():
        if header.startswith("#") and header[1:].isdigit():
            mapping[column] = int(header[1:]) - 1
            continue
        found = [index for index, name in enumerate(headers) if name == header]
        if len(found) > 1:
            numbers = " and ".join(f"#{index + 1}" for index in found)
            raise SystemExit(f"--map {column}={header}: columns {numbers} are both called {header!r}; use {column}=#N")
        mapping[column] = found[0] if found else None
    return mapping


def _english():
    from texts.problems import problem_message

    return lambda problem: problem_message(problem, "en")


def report(plan, *, dry_run: bool, status: str, result=None, problems: ProblemList | None = None) -> dict:
    message = _english()
    listed = problems if problems is not None else plan.problems
    raw = plan.raw
    return {
        "status": status,
        "dry_run": dry_run,
        "kind": plan.request.kind,
        "file": plan.request.file_name,
        "sha256": plan.sha256,
        "format": raw.format,
        "encoding": raw.encoding,
        "delimiter": raw.delimiter,
        "sheet": raw.sheet,
        "mapping": {name: (raw.headers[index] if index is not None else None) for name, index in plan.mapping.items()},
        "rows_read": plan.rows_read,
        "rows_accepted": plan.rows_accepted,
        "rows_unchanged": plan.unchanged,
        "errors": listed.error_count,
        "warnings": listed.warning_count,
        "problems": [{**p.as_dict(), "message": message(p)} for p in listed.sorted()],
        "problems_not_listed": listed.omitted,
        "unmatched_places": [
            {
                "name": m.name,
                "status": m.status,
                "rows": plan.place_rows.get(m.name, []),
                "candidates": [c for c in m.candidates],
            }
            for m in plan.places.values()
            if m.status in (UNMATCHED, AMBIGUOUS)
        ],
        "version_created": None
        if result is None
        else {
            "version": result.version,
            "batch": result.batch,
            "rows": result.rows,
            "batches_in_force": result.batches,
        },
    }


def _print_text(data: dict) -> None:
    print(
        f"{data['file']}: {data['kind']}, {data['format']} {data['encoding'] or ''} "
        f"{repr(data['delimiter']) if data['delimiter'] else ''}".rstrip()
    )
    print(
        f"rows read {data['rows_read']}, accepted {data['rows_accepted']}; "
        f"{data['errors']} error(s), {data['warnings']} warning(s)"
    )
    for problem in data["problems"]:
        print(f"  [{problem['severity']}] {problem['message']}")
    if data["problems_not_listed"]:
        print(f"  … {data['problems_not_listed']} more not listed")
    if data["version_created"]:
        created = data["version_created"]
        print(
            f"committed: {data['kind']} version {created['version']} (batch U{created['batch']}, {created['rows']} rows)"
        )
    elif data["status"] == "dry_run_ok":
        print("dry run: no problem found; nothing written")
    elif data["status"] == "rejected":
        print("rejected: nothing written")
    elif data["status"] == "unchanged":
        print("unchanged: every row is already in force with the same values; nothing written")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from queries.build import ensure_database
    from queries.ingest.commit import NothingNew, Rejected, commit
    from queries.ingest.pipeline import Request, limits, prepare
    from queries.ingest.reader import read_upload

    try:
        data = args.file.read_bytes()
    except OSError as error:
        print(f"cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 1
    delimiter = DELIMITER_NAMES.get(args.delimiter, args.delimiter)
    if delimiter is not None and delimiter not in DELIMITERS:
        print("--delimiter must be one of comma, semicolon, tab, pipe", file=sys.stderr)
        return 1
    user = args.user or os.environ.get("ATLAS_USER") or getpass.getuser()
    try:
        ensure_database()
        options = ReadOptions(encoding=args.encoding, delimiter=delimiter, sheet=args.sheet)
        raw = read_upload(data, args.file.name, options, limits())
        forced = _pairs(args.force_resolve, "--force-resolve")
        request = Request(
            kind=args.kind,
            data=data,
            file_name=args.file.name,
            read_options=options,
            mapping=_mapping(args.map, raw.headers),
            resolutions={**_pairs(args.resolve, "--resolve"), **forced},
            forced=set(forced),
            new_aliases=set(args.alias),
            mode=args.mode,
        )
        plan = prepare(request, raw=raw)
        if not plan.ok:
            status, result, problems, code = "rejected", None, None, 2
        elif not plan.has_changes:
            status, result, problems, code = "unchanged", None, None, 0
        elif args.dry_run:
            status, result, problems, code = "dry_run_ok", None, None, 0
        else:
            try:
                result = commit(plan, user=user, note=args.note)
                status, problems, code = "committed", None, 0
            except NothingNew:
                status, result, problems, code = "unchanged", None, None, 0
            except Rejected as rejected:
                status, result, problems, code = "rejected", None, rejected.problems, 2
        data_out = report(plan, dry_run=args.dry_run, status=status, result=result, problems=problems)
    except DatabaseBusy as error:
        print(f"the database is busy: {error}", file=sys.stderr)
        return 1
    if args.json:
        json.dump(data_out, sys.stdout, ensure_ascii=False, indent=2, default=str)
        print()
    else:
        _print_text(data_out)
    return code


if __name__ == "__main__":
    sys.exit(main())
