"""Crash tests: kill the process at a named step of a commit.

    QUOTEFLOW_TEST_CRASH_AT=after_write_people@2 quoteflow run …
    # SIGKILLs the run the second time a commit reaches "after_write_people"

Unset (always, outside tests) every call is a cheap no-op.
"""

from __future__ import annotations

import os
import signal

CRASH_AT_ENV = "QUOTEFLOW_TEST_CRASH_AT"

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
