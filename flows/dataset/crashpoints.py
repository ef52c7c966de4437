"""Crash tests: kill the process, or fail a write, at a named step of a commit.

    QUOTEFLOW_TEST_CRASH_AT=after_write_people@2 quoteflow run …
    # SIGKILLs the run the second time a commit reaches "after_write_people"
    QUOTEFLOW_TEST_FAIL_WRITES=ENOSPC@3 quoteflow run …
    # the third data file written, and every one after it, fails: "No space left on device"

Unset (always, outside tests) every call is a cheap no-op.
"""

from __future__ import annotations

import errno
import os
import signal

CRASH_AT_ENV = "QUOTEFLOW_TEST_CRASH_AT"
FAIL_WRITES_ENV = "QUOTEFLOW_TEST_FAIL_WRITES"
_writes = 0

_hits: dict[str, int] = {}


def crash_point(name: str) -> bool:
    """Kill the process the n-th time (`name@n`, default the first) it reaches `name`.

    Points named `mid_file_…` are not killed here: the caller is told (True) and writes
    half a file before killing itself."""
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
