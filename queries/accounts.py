"""Analyst accounts: user names and bcrypt password hashes in a TOML file outside the repository.

The file is `ATLAS_ACCOUNTS_FILE`, by default ~/.config/smart-city-atlas/accounts.toml. No account
and no default password ship with the atlas; an administrator creates accounts with

    python -m queries.accounts add NAME            # asks for the password twice
    echo "$PASSWORD" | python -m queries.accounts add NAME --password-stdin
    python -m queries.accounts list | remove NAME

Failed sign-ins are slowed down: each failure for a user name (or from one client) within
THROTTLE_WINDOW seconds doubles the wait before the next answer, up to MAX_DELAY seconds.
"""

import argparse
import datetime as dt
import functools
import getpass
import os
import re
import sys
import threading
import time
import tomllib
from pathlib import Path

import bcrypt

ROUNDS = 12
MAX_PASSWORD_BYTES = 72  # bcrypt reads no further; longer passwords are refused, not cut
MIN_PASSWORD_LENGTH = 10
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]{2,40}$")
THROTTLE_WINDOW = 15 * 60
BASE_DELAY = 1.0
MAX_DELAY = 30.0


@functools.cache
def _dummy_hash() -> bytes:
    """Checked against when the user name is unknown, so both answers take as long."""
    return bcrypt.hashpw(b"not-a-real-password", bcrypt.gensalt(rounds=ROUNDS))


def accounts_path() -> Path:
    default = Path.home() / ".config" / "smart-city-atlas" / "accounts.toml"
    return Path(os.environ.get("ATLAS_ACCOUNTS_FILE", default))


def load_accounts(path: Path | None = None) -> dict[str, dict]:
    target = path or accounts_path()
    try:
        with open(target, "rb") as handle:
            return dict(tomllib.load(handle).get("accounts", {}))
    except FileNotFoundError:
        return {}


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def save_accounts(accounts: dict[str, dict], path: Path | None = None) -> Path:
    """Write atomically with mode 0600 (the hashes are not secret, but nobody else needs them)."""
    target = path or accounts_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Smart City Atlas analyst accounts. Manage with: python -m queries.accounts", ""]
    for name in sorted(accounts):
        lines.append(f"[accounts.{_toml_string(name)}]")
        for key in ("password_hash", "role", "created"):
            if accounts[name].get(key):
                lines.append(f"{key} = {_toml_string(str(accounts[name][key]))}")
        lines.append("")
    temporary = target.with_name(target.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines))
    os.replace(temporary, target)
    return target


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must have at least {MIN_PASSWORD_LENGTH} characters"
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        return f"the password must be at most {MAX_PASSWORD_BYTES} bytes"
    return None


def hash_password(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise ValueError(problem)
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=ROUNDS)).decode("ascii")


def add_account(name: str, password: str, path: Path | None = None) -> Path:
    if not NAME_PATTERN.match(name):
        raise ValueError("a user name has 2–40 letters, digits, '_', '.' or '-'")
    accounts = load_accounts(path)
    accounts[name] = {
        "password_hash": hash_password(password),
        "role": "analyst",
        "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return save_accounts(accounts, path)


def check_password(name: str, password: str, path: Path | None = None) -> bool:
    """True when `name` is an analyst account and `password` is its password (constant work either way)."""
    account = load_accounts(path).get(name)
    encoded = password.encode("utf-8")
    if len(encoded) > MAX_PASSWORD_BYTES:
        encoded = encoded[:MAX_PASSWORD_BYTES]
        account = None
    stored = (account or {}).get("password_hash", "").encode("ascii") or _dummy_hash()
    try:
        matches = bcrypt.checkpw(encoded, stored)
    except ValueError:  # a damaged hash in the file
        matches = False
    return account is not None and account.get("role", "analyst") == "analyst" and matches


class Throttle:
    """Failed attempts per user name and per client; the wait doubles with each recent failure."""

    def __init__(
        self,
        clock=time.monotonic,
        sleep=time.sleep,
        base: float = BASE_DELAY,
        maximum: float = MAX_DELAY,
        window: float = THROTTLE_WINDOW,
    ):
        self.clock, self.sleep, self.base, self.maximum, self.window = clock, sleep, base, maximum, window
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> list[float]:
        now = self.clock()
        kept = [t for t in self._failures.get(key, []) if now - t < self.window]
        self._failures[key] = kept
        return kept

    def delay(self, *keys: str) -> float:
        with self._lock:
            failures = max((len(self._recent(k)) for k in keys if k), default=0)
        return 0.0 if failures == 0 else min(self.base * 2 ** (failures - 1), self.maximum)

    def failed(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                if key:
                    self._recent(key).append(self.clock())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(f"user:{name}", None)

    def attempt(
        self, name: str, password: str, client: str | None = None, path: Path | None = None
    ) -> tuple[bool, float]:
        """(signed in?, seconds waited before answering)."""
        keys = (f"user:{name}", f"client:{client}" if client else "")
        wait = self.delay(*keys)
        if wait:
            self.sleep(wait)
        if check_password(name, password, path):
            self.succeeded(name)
            return True, wait
        self.failed(*keys)
        return False, wait


THROTTLE = Throttle()


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        raise SystemExit("the passwords differ; nothing changed")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m queries.accounts", description="Manage analyst accounts (file: ATLAS_ACCOUNTS_FILE)."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="create an account or set its password")
    add.add_argument("name")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    remove = commands.add_parser("remove", help="delete an account")
    remove.add_argument("name")
    commands.add_parser("list", help="list account names")
    commands.add_parser("path", help="print the accounts file location")
    args = parser.parse_args(argv)
    if args.command == "path":
        print(accounts_path())
    elif args.command == "list":
        for name in sorted(load_accounts()):
            print(name)
    elif args.command == "remove":
        accounts = load_accounts()
        if accounts.pop(args.name, None) is None:
            print(f"no account named {args.name}", file=sys.stderr)
            return 1
        save_accounts(accounts)
        print(f"removed {args.name} from {accounts_path()}")
    else:
        try:
            path = add_account(args.name, _read_password(args.password_stdin))
        except ValueError as error:
            print(f"not saved: {error}", file=sys.stderr)
            return 1
        print(f"saved {args.name} in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
