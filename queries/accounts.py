"""Analyst accounts: user names and bcrypt password hashes in a TOML file outside the repository.

The file is `ATLAS_ACCOUNTS_FILE`, by default ~/.config/smart-city-atlas/accounts.toml. No account
and no default password ship with the atlas; an administrator creates accounts with

    python -m queries.accounts add NAME            # asks for the password twice
    echo "$PASSWORD" | python -m queries.accounts add NAME --password-stdin
    python -m queries.accounts list | remove NAME | check | path

The file is written to a fresh temporary file created with O_EXCL and mode 0600 (never one that
already exists, whatever is lying there) and renamed over the old one, under a lock so two
administrators never lose each other's change. A file that cannot be read gives a plain message
(AccountsFileError), never a traceback.

Sign-in is throttled server-wide (queries.signin_throttle): per account and per client address,
across sessions and processes, and bcrypt checks are bounded so they cannot be used to load the CPU.
"""

import argparse
import contextlib
import datetime as dt
import fcntl
import functools
import getpass
import os
import re
import sys
import tempfile
import tomllib
from pathlib import Path

import bcrypt

ROUNDS = 12
MAX_PASSWORD_BYTES = 72  # bcrypt reads no further; longer passwords are refused, not cut
MIN_PASSWORD_LENGTH = 10
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]{2,40}$")


class AccountsFileError(Exception):
    """The accounts file exists but cannot be used; `reason` says why in plain words (no path: the
    sign-in page shows it to anyone; administrators get the path from the command line)."""

    def __init__(self, path: Path, reason: str):
        super().__init__(reason)
        self.path, self.reason = path, reason


@functools.cache
def _dummy_hash() -> bytes:
    """Checked against when the user name is unknown, so both answers take as long."""
    return bcrypt.hashpw(b"not-a-real-password", bcrypt.gensalt(rounds=ROUNDS))


def accounts_path() -> Path:
    default = Path.home() / ".config" / "smart-city-atlas" / "accounts.toml"
    return Path(os.environ.get("ATLAS_ACCOUNTS_FILE", default))


def load_accounts(path: Path | None = None) -> dict[str, dict]:
    """{name: {password_hash, role, created}}; {} when there is no file; AccountsFileError when it
    cannot be read or is not an accounts file."""
    target = path or accounts_path()
    try:
        with open(target, "rb") as handle:
            document = tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise AccountsFileError(target, f"it is not valid TOML ({error})") from None
    except UnicodeDecodeError:
        raise AccountsFileError(target, "it is not UTF-8 text") from None
    except IsADirectoryError:
        raise AccountsFileError(target, "it is a directory") from None
    except PermissionError:
        raise AccountsFileError(target, "this process may not read it") from None
    except OSError as error:
        raise AccountsFileError(target, error.strerror or type(error).__name__) from None
    accounts = document.get("accounts", {})
    if not isinstance(accounts, dict) or not all(
        isinstance(entry, dict) and isinstance(entry.get("password_hash", ""), str) for entry in accounts.values()
    ):
        raise AccountsFileError(target, "its [accounts] section is not a table of accounts")
    return dict(accounts)


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@contextlib.contextmanager
def _locked(target: Path):
    """Hold the accounts file's lock (a sibling `.lock` file) for one read-modify-write."""
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(target.with_name(target.name + ".lock"), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def save_accounts(accounts: dict[str, dict], path: Path | None = None) -> Path:
    """Write atomically with mode 0600 (the hashes are not secret, but nobody else needs them): a new
    temporary file, created exclusively (O_EXCL, mkstemp) so a stale or planted `.tmp` file or link
    is never written through, flushed to disk and renamed over the old file."""
    target = path or accounts_path()
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    lines = ["# Smart City Atlas analyst accounts. Manage with: python -m queries.accounts", ""]
    for name in sorted(accounts):
        lines.append(f"[accounts.{_toml_string(name)}]")
        for key in ("password_hash", "role", "created"):
            if accounts[name].get(key):
                lines.append(f"{key} = {_toml_string(str(accounts[name][key]))}")
        lines.append("")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
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
    password_hash = hash_password(password)
    target = path or accounts_path()
    with _locked(target):
        accounts = load_accounts(target)
        accounts[name] = {
            "password_hash": password_hash,
            "role": "analyst",
            "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        return save_accounts(accounts, target)


def remove_account(name: str, path: Path | None = None) -> bool:
    target = path or accounts_path()
    with _locked(target):
        accounts = load_accounts(target)
        if accounts.pop(name, None) is None:
            return False
        save_accounts(accounts, target)
    return True


def check_password(name: str, password: str, path: Path | None = None) -> bool:
    """True when `name` is an analyst account and `password` is its password (constant work either
    way). AccountsFileError when the file cannot be read."""
    account = load_accounts(path).get(name)
    encoded = password.encode("utf-8")
    if len(encoded) > MAX_PASSWORD_BYTES:
        encoded = encoded[:MAX_PASSWORD_BYTES]
        account = None
    stored = str((account or {}).get("password_hash", "")).encode("ascii", "replace") or _dummy_hash()
    try:
        matches = bcrypt.checkpw(encoded, stored)
    except ValueError:  # a damaged hash in the file
        matches = False
    return account is not None and account.get("role", "analyst") == "analyst" and matches


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
    commands.add_parser("check", help="check that the accounts file can be read")
    commands.add_parser("path", help="print the accounts file location")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except AccountsFileError as error:
        print(f"the accounts file {error.path} cannot be used: {error.reason}; nothing changed", file=sys.stderr)
        return 1


def _run(args) -> int:
    if args.command == "path":
        print(accounts_path())
    elif args.command in ("list", "check"):
        accounts = load_accounts()
        if args.command == "check":
            print(f"{accounts_path()}: {len(accounts)} account(s), readable")
        for name in sorted(accounts) if args.command == "list" else ():
            print(name)
    elif args.command == "remove":
        if not remove_account(args.name):
            print(f"no account named {args.name}", file=sys.stderr)
            return 1
        print(f"removed {args.name} from {accounts_path()}")
    else:
        load_accounts()  # a damaged file is reported before the password is asked for
        try:
            path = add_account(args.name, _read_password(args.password_stdin))
        except ValueError as error:
            print(f"not saved: {error}", file=sys.stderr)
            return 1
        print(f"saved {args.name} in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
