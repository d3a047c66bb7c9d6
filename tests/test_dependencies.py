"""The lock files pin the whole dependency closure, with hashes, at the versions requirements*.txt name.

requirements.txt / requirements-dev.txt hold the pins people edit; `make lock` compiles them into
requirements.lock / requirements-dev.lock, which `make run` and `make test` install with
`pip --require-hashes`. A pin edited without re-locking would silently not be installed.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;\\]+)")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.split("[")[0]).lower()


def top_level_pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            pins.update(top_level_pins(path.parent / line[3:].strip()))
        elif line:
            match = PIN.match(line)
            assert match, f"{path.name}: '{line}' is not an exact pin (name==version)"
            pins[_normal(match.group(1))] = match.group(2)
    return pins


def locked(path: Path) -> dict[str, tuple[str, int]]:
    """{package: (version, number of hashes)} from a lock file compiled with --generate-hashes."""
    entries: dict[str, tuple[str, int]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            current = _normal(match.group(1))
            entries[current] = (match.group(2), 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = entries[current]
            entries[current] = (version, hashes + 1)
    return entries


@pytest.mark.parametrize(
    ("pins", "lock"), [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")]
)
def test_every_pin_is_locked_at_its_version_and_every_locked_package_has_hashes(pins, lock):
    wanted = top_level_pins(ROOT / pins)
    have = locked(ROOT / lock)
    assert {name: have.get(name, ("missing", 0))[0] for name in wanted} == wanted, (
        f"run `make lock` after editing {pins}"
    )
    assert [name for name, (_version, hashes) in have.items() if hashes == 0] == []
    assert len(have) > len(wanted)  # the closure, not only the top level


def test_the_makefile_installs_the_locks_with_hashes_required():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes" in makefile
    assert "-r requirements.lock" in makefile and "-r requirements-dev.lock" in makefile
