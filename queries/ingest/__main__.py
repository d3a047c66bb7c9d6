"""Command-line ingest: the same read → map → match → validate → commit path as the app, and the
rest of a dataset's lifecycle (its versions, a rollback).

    python -m queries.ingest --kind city_metrics figures.csv [--dry-run] [--json] [--user NAME] [--note TEXT]
    python -m queries.ingest --kind city_metrics --list-versions [--json]
    python -m queries.ingest --kind city_metrics --rollback-to N [--json] [--user NAME] [--note TEXT]

Exit codes: 0 committed, rolled back or listed (or a dry run found no problem, or every row was
already in force with the same values), 2 the input or the rollback was rejected (problems are
listed, nothing was written), 1 any other failure (file missing, database busy, a bug).
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


class _Parser(argparse.ArgumentParser):
    """Usage errors exit 1 ('any other failure'); 2 means the data was rejected."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m queries.ingest",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Exit codes: 0 committed / rolled back / listed / clean dry run, 2 rejected, 1 other failure.",
    )
    parser.add_argument("--kind", required=True, choices=sorted(KINDS), help="dataset kind")
    parser.add_argument("file", type=Path, nargs="?", help="CSV (.csv, .tsv, .txt) or Excel (.xlsx) file to upload")
    parser.add_argument("--list-versions", action="store_true", help="list the dataset's versions, newest first")
    parser.add_argument(
        "--rollback-to", type=int, default=None, metavar="N", help="make version N's uploads the ones in force"
    )
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
        "--resolve-file",
        type=Path,
        default=None,
        metavar="FILE",
        help="CSV or .xlsx of place names and city codes (name, city_code), e.g. the unmatched names filled in",
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


def _versions_report(kind: str) -> dict:
    from queries.ingest.versions import list_versions

    frame = list_versions(kind)
    versions = []
    for row in frame.to_dict("records"):
        versions.append(
            {
                "version": int(row["version"]),
                "action": row["action"],
                "batch": _integer(row["batch"]),
                "mode": _text(row["mode"]),
                "target_version": _integer(row["target_version"]),
                "user": _text(row["user_name"]),
                "committed_at": None
                if row["committed_at"] is None or row["committed_at"] != row["committed_at"]
                else str(row["committed_at"]),
                "file_name": _text(row["file_name"]),
                "sha256": _text(row["sha256"]),
                "row_count": _integer(row["row_count"]),
                "note": _text(row["note"]),
                "batches_in_force": [int(b) for b in row["batches"]],
            }
        )
    return {
        "status": "listed",
        "kind": kind,
        "current_version": versions[0]["version"] if versions else 0,
        "versions": versions,
    }


def _integer(value) -> int | None:
    return None if value is None or value != value else int(value)


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _print_versions(data: dict) -> None:
    print(f"{data['kind']}: version {data['current_version']} is current")
    for version in data["versions"]:
        what = version["action"]
        if what == "upload":
            what += (
                f" {version['file_name']} ({version['mode']}, {version['row_count']} rows, batch U{version['batch']})"
            )
        elif what == "rollback":
            what += f" to version {version['target_version']}"
        batches = ", ".join(f"U{b}" for b in version["batches_in_force"]) or "seed only"
        when = version["committed_at"] or ""
        print(f"  {version['version']:>4}  {when:19}  {version['user'] or '':12}  {what}; in force: {batches}")
        if version["note"]:
            print(f"        note: {version['note']}")


def _rollback_report(kind: str, target: int, user: str, note: str | None) -> tuple[dict, int]:
    from queries.ingest.versions import VersionError, batches_of, rollback, version_problem

    try:
        version = rollback(kind, target, user=user, note=note)
    except VersionError as error:
        problems = version_problem(error)
        message = _english()
        listed = [{**p.as_dict(), "message": message(p)} for p in problems.sorted()]
        return {"status": "rejected", "kind": kind, "problems": listed, "version_created": None}, 2
    from queries.database import connect

    with connect() as connection:
        batches = batches_of(connection, kind, version)
    created = {"version": version, "target_version": target, "batches_in_force": batches}
    return {"status": "rolled_back", "kind": kind, "problems": [], "version_created": created}, 0


def _print_rollback(data: dict) -> None:
    for problem in data["problems"]:
        print(f"  [{problem['severity']}] {problem['message']}")
    if data["version_created"]:
        created = data["version_created"]
        batches = ", ".join(f"U{b}" for b in created["batches_in_force"]) or "seed only"
        print(
            f"rolled back: {data['kind']} version {created['version']} has the uploads of version "
            f"{created['target_version']} in force ({batches})"
        )
    else:
        print("rejected: nothing written")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    actions = [args.file is not None, args.list_versions, args.rollback_to is not None]
    if sum(actions) != 1:
        parser.error("give exactly one of: a FILE to upload, --list-versions, --rollback-to N")
    from queries.build import ensure_database

    user = args.user or os.environ.get("ATLAS_USER") or getpass.getuser()
    try:
        ensure_database()
        if args.list_versions:
            data_out, code, show = _versions_report(args.kind), 0, _print_versions
        elif args.rollback_to is not None:
            data_out, code = _rollback_report(args.kind, args.rollback_to, user, args.note)
            show = _print_rollback
        else:
            outcome = _upload(args, user)
            if isinstance(outcome, int):
                return outcome
            data_out, code = outcome
            show = _print_text
    except DatabaseBusy as error:
        print(f"the database is busy: {error}", file=sys.stderr)
        return 1
    if args.json:
        json.dump(data_out, sys.stdout, ensure_ascii=False, indent=2, default=str)
        print()
    else:
        show(data_out)
    return code


def _upload(args, user: str) -> tuple[dict, int] | int:
    """Read, check and (unless --dry-run) commit one file: (report, exit code), or an exit code."""
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
    options = ReadOptions(encoding=args.encoding, delimiter=delimiter, sheet=args.sheet)
    raw = read_upload(data, args.file.name, options, limits())
    forced = _pairs(args.force_resolve, "--force-resolve")
    from_file: dict[str, str] = {}
    file_problems = None
    if args.resolve_file is not None:
        from queries.ingest.resolutions import read_resolutions

        try:
            from_file, file_problems = read_resolutions(
                args.resolve_file.read_bytes(), args.resolve_file.name, limits()
            )
        except OSError as error:
            print(f"cannot read {args.resolve_file}: {error.strerror}", file=sys.stderr)
            return 1
    request = Request(
        kind=args.kind,
        data=data,
        file_name=args.file.name,
        read_options=options,
        mapping=_mapping(args.map, raw.headers),
        resolutions={**from_file, **_pairs(args.resolve, "--resolve"), **forced},
        forced=set(forced),
        new_aliases=set(args.alias),
        mode=args.mode,
    )
    plan = prepare(request, raw=raw)
    if file_problems is not None:
        plan.problems.extend(file_problems)  # the names file is input too: its errors reject the upload
    result, problems = None, None
    if not plan.ok:
        status, code = "rejected", 2
    elif not plan.has_changes:
        status, code = "unchanged", 0
    elif args.dry_run:
        status, code = "dry_run_ok", 0
    else:
        try:
            result = commit(plan, user=user, note=args.note)
            status, code = "committed", 0
        except NothingNew:
            status, code = "unchanged", 0
        except Rejected as rejected:
            status, problems, code = "rejected", rejected.problems, 2
    return report(plan, dry_run=args.dry_run, status=status, result=result, problems=problems), code


if __name__ == "__main__":
    sys.exit(main())
