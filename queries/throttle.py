"""Sign-in throttling that holds across sessions and processes on one server.

Every failed sign-in for an account, or from a client address, within THROTTLE_WINDOW seconds
doubles the wait before that account's (or address's) next answer: 1 s, 2 s, 4 s … up to
MAX_DELAY. The schedule is kept in a small SQLite file beside the accounts file (or
ATLAS_SIGNIN_STATE), so every Streamlit session and every replica process on the server shares it.

Attempts are scheduled, not merely delayed: an attempt reserves its answer slot before the password
is checked, and an attempt still in flight counts as a failure for the next one. Eight sessions
trying at once are therefore answered one after another at 0, 1, 3, 7 and 15 s, and an attempt
whose slot would lie more than MAX_DELAY away is refused at once (with the time to wait), without
sleeping a server thread or checking a password.

bcrypt costs about a quarter of a second of CPU per check, so checks are also bounded server-wide:
at most BCRYPT_SLOTS run at once (a lock file per slot); an attempt that cannot get a slot within
SLOT_WAIT seconds is answered "busy" without a check.
"""

import contextlib
import fcntl
import math
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from queries.accounts import accounts_path, check_password
from queries.sql_files import load_sql

THROTTLE_WINDOW = 15 * 60
BASE_DELAY = 1.0
MAX_DELAY = 30.0
BCRYPT_SLOTS = max(1, (os.cpu_count() or 2) // 2)
SLOT_WAIT = 10.0

OK, FAILED, REFUSED, BUSY = "ok", "failed", "refused", "busy"


@dataclass
class SignIn:
    """How an attempt ended: ok / failed (password checked), refused (too many recent failures:
    `retry_after` seconds) or busy (no bcrypt slot); `waited` is the seconds it was held back."""

    outcome: str
    waited: float = 0.0
    retry_after: float = 0.0

    @property
    def ok(self) -> bool:
        return self.outcome == OK


def state_path() -> Path:
    default = accounts_path().with_name("sign-in-attempts.sqlite3")
    return Path(os.environ.get("ATLAS_SIGNIN_STATE", default))


class Throttle:
    """The shared schedule of sign-in answers per key ('user:alice', 'client:10.0.0.7')."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        clock=time.time,
        sleep=time.sleep,
        base: float = BASE_DELAY,
        maximum: float = MAX_DELAY,
        window: float = THROTTLE_WINDOW,
        slots: int = BCRYPT_SLOTS,
        slot_wait: float = SLOT_WAIT,
    ):
        self.path = path
        self.clock, self.sleep = clock, sleep
        self.base, self.maximum, self.window = base, maximum, window
        self.slots, self.slot_wait = slots, slot_wait

    def _file(self) -> Path:
        return self.path or state_path()

    @contextlib.contextmanager
    def _transaction(self):
        target = self._file()
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not target.exists():
            os.close(os.open(target, os.O_RDWR | os.O_CREAT, 0o600))
        connection = sqlite3.connect(target, timeout=30, isolation_level=None)
        try:
            connection.execute(load_sql("throttle/schema"))
            connection.execute("BEGIN IMMEDIATE")  # one writer at a time, across processes
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        finally:
            connection.close()

    def _state(self, connection, key: str, now: float) -> tuple[int, int, float]:
        row = connection.execute(load_sql("throttle/state"), {"key": key}).fetchone()
        if row is None:
            return 0, 0, 0.0
        failures, pending, last_failure, last_answer = row
        if now - last_failure >= self.window:
            failures = 0  # the window has passed since the last failure
        return failures, pending, last_answer

    def _delay(self, failures: int) -> float:
        return 0.0 if failures <= 0 else min(self.base * 2 ** (failures - 1), self.maximum)

    def delay(self, *keys: str) -> float:
        """Seconds a new attempt for these keys would wait now (0 when it would be answered at once)."""
        now = self.clock()
        with self._transaction() as connection:
            answer = max((self._answer_at(connection, key, now) for key in keys if key), default=now)
        return max(0.0, answer - now)

    def _answer_at(self, connection, key: str, now: float) -> float:
        failures, pending, last_answer = self._state(connection, key, now)
        return max(now, last_answer) + self._delay(failures + pending)

    def _reserve(self, keys: list[str]) -> tuple[float, float]:
        """(seconds to wait, seconds until a retry could be scheduled); the wait is -1 when refused."""
        now = self.clock()
        with self._transaction() as connection:
            answer = max(self._answer_at(connection, key, now) for key in keys)
            if answer - now > self.maximum:
                return -1.0, answer - now - self.maximum
            for key in keys:
                connection.execute(
                    load_sql("throttle/reserve"), {"key": key, "answer": answer, "now": now, "window": self.window}
                )
        return answer - now, 0.0

    def _settle(self, keys: list[str], outcome: str) -> None:
        """The attempt is answered: a failure counts for every key, a success clears the account's."""
        now = self.clock()
        with self._transaction() as connection:
            for key in keys:
                if outcome == FAILED:
                    connection.execute(load_sql("throttle/failed"), {"key": key, "now": now})
                elif outcome == OK and key.startswith("user:"):
                    connection.execute(load_sql("throttle/succeeded"), {"key": key})
                else:
                    connection.execute(load_sql("throttle/answered"), {"key": key})

    @contextlib.contextmanager
    def _bcrypt_slot(self):
        """One of `slots` lock files, held while bcrypt runs; None when none frees up in time."""
        folder = self._file().parent
        deadline = time.monotonic() + self.slot_wait
        while True:
            for index in range(self.slots):
                descriptor = os.open(folder / f"sign-in-slot-{index}.lock", os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(descriptor)
                    continue
                try:
                    yield True
                finally:
                    os.close(descriptor)
                return
            if time.monotonic() >= deadline:
                yield False
                return
            time.sleep(0.05)

    def attempt(self, name: str, password: str, client: str | None = None, path: Path | None = None) -> SignIn:
        """Check a sign-in within the schedule; AccountsFileError propagates (the page says so plainly)."""
        keys = [f"user:{name}"] + ([f"client:{client}"] if client else [])
        wait, retry_after = self._reserve(keys)
        if wait < 0:
            return SignIn(REFUSED, 0.0, float(math.ceil(retry_after)))
        outcome = BUSY  # until the password is checked: neither a failure nor a success
        try:
            if wait:
                self.sleep(wait)
            with self._bcrypt_slot() as slot:
                if slot:
                    outcome = OK if check_password(name, password, path) else FAILED
        finally:
            self._settle(keys, outcome)
        return SignIn(outcome, wait)


THROTTLE = Throttle()
