"""A second process that commits to the atlas's store, for the concurrency and crash tests.

    python tests/commit_worker.py commit FILE --user NAME [--mode append|replace] [--ready PATH --go PATH]
    python tests/commit_worker.py hold FILE --user NAME --ready PATH [--go PATH]

`commit` prepares a city-metrics upload, touches --ready, waits until --go exists (so two workers
start their commits together), commits through queries.ingest.commit.commit and prints the outcome
as JSON. `hold` runs the real commit path (guarded → write_upload) but stops inside the open
transaction after writing every row: it touches --ready and waits for --go (to let another process
commit first, then finishes: the conflict path) or forever (to be SIGKILLed mid-commit). The store
is the one the environment names (ATLAS_DB or ATLAS_LAKE + ATLAS_LAKE_DATA).
"""

import argparse
import json
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from queries.ingest.commit import Rejected, commit, guarded, write_upload  # noqa: E402
from queries.ingest.pipeline import Request, prepare  # noqa: E402


def wait_for(path: Path | None, seconds: float = 120.0) -> None:
    if path is None:
        return
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{path} never appeared")
        time.sleep(0.01)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=("commit", "hold"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--user", required=True)
    parser.add_argument("--mode", default="append")
    parser.add_argument("--ready", type=Path)
    parser.add_argument("--go", type=Path)
    args = parser.parse_args()
    plan = prepare(Request("city_metrics", args.file.read_bytes(), args.file.name, mode=args.mode))
    assert plan.ok, [p for p in plan.problems.sorted() if p.severity == "error"][:3]
    if args.action == "commit":
        if args.ready:
            args.ready.touch()
        wait_for(args.go)
        try:
            result = commit(plan, user=args.user)
        except Rejected as rejected:
            print(json.dumps({"rejected": sorted({p.code for p in rejected.problems.sorted()})}))
            return
        print(json.dumps({"version": result.version, "batch": result.batch, "rows": result.rows}))
        return
    attempts = []

    def held(connection):
        result = write_upload(connection, plan, user=args.user, note=None)
        attempts.append(result.version)
        if len(attempts) == 1:
            args.ready.touch()
            if args.go is None:
                while True:  # inside the open transaction, every row written: wait for SIGKILL
                    signal.pause()
            wait_for(args.go)
        return result

    result = guarded(held)
    print(json.dumps({"version": result.version, "batch": result.batch, "attempts": attempts}))


if __name__ == "__main__":
    main()
