"""Crash tests: kill the process, or fail a write, at a named step of a commit.

    QUOTEFLOW_TEST_CRASH_AT=after_write_people@2 quoteflow run …
    # SIGKILLs the run the second time a commit reaches "after_write_people"
    QUOTEFLOW_TEST_FAIL_WRITES=ENOSPC@3 quoteflow run …
    # the third data file written, and every one after it, fails: "No space left on device"
    QUOTEFLOW_TEST_PAUSE_AT=before_publish@1:/tmp/gate quoteflow run …
    # the first time a commit reaches "before_publish", creates /tmp/gate.paused and waits
    # until /tmp/gate exists: two runs interleaved step by step, deterministically

Unset (always, outside tests) every call is a cheap no-op.
"""

from __future__ import annotations

import errno
import os
import signal
import time
from pathlib import Path

CRASH_AT_ENV = "QUOTEFLOW_TEST_CRASH_AT"
FAIL_WRITES_ENV = "QUOTEFLOW_TEST_FAIL_WRITES"
PAUSE_AT_ENV = "QUOTEFLOW_TEST_PAUSE_AT"
_PAUSE_LIMIT_SECONDS = 300  # a test that never opens the gate must not hang the suite
_writes = 0

_hits: dict[str, int] = {}


def crash_point(name: str) -> bool:
    """Kill the process the n-th time (`name@n`, default the first) it reaches `name`.

    Points named `mid_file_…` are not killed here: the caller is told (True) and writes
    half a file before killing itself."""
    _pause_point(name)
    wanted = os.environ.get(CRASH_AT_ENV)
    if not wanted:
        return False
    point, _, nth = wanted.partition("@")
    if point != name:
        return False
    _hits[name] = _hits.get(name, 0) + 1
    if _hits[name] == int(nth or 1):
        if not name.startswith("mid_file"):
            kill_self()
        return True
    return False


def _pause_point(name: str) -> None:
    wanted = os.environ.get(PAUSE_AT_ENV)
    if not wanted:
        return
    spec, _, gate = wanted.partition(":")
    point, _, nth = spec.partition("@")
    if point != name:
        return
    key = f"pause:{name}"
    _hits[key] = _hits.get(key, 0) + 1
    if _hits[key] != int(nth or 1):
        return
    Path(f"{gate}.paused").touch()
    deadline = time.monotonic() + _PAUSE_LIMIT_SECONDS
    while not Path(gate).exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def write_fault() -> None:
    """Raise the configured OSError from the n-th data file written on (a disk that fills up)."""
    wanted = os.environ.get(FAIL_WRITES_ENV)
    if not wanted:
        return
    global _writes
    _writes += 1
    code, _, nth = wanted.partition("@")
    if _writes >= int(nth or 1):
        number = getattr(errno, code)
        raise OSError(number, os.strerror(number))
