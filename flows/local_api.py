"""A temporary Prefect API for one `quoteflow run`, tied to the life of the process.

With no PREFECT_API_URL, Prefect starts a temporary API server in a child process and
stops it at exit. This starts the same server (Prefect's own `SubprocessASGIServer`,
same command) with two differences:

- on Linux the child asks the kernel to end it when its parent dies (PR_SET_PDEATHSIG):
  a run killed with SIGKILL never reaches its exit, and the server would live on, orphaned;
- the child runs in a session of its own: Ctrl-C in a terminal signals the whole
  foreground process group, and a server killed that way under a run still talking to
  it leaves the run retrying for minutes. The run stops it itself, right after.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import prefect
from prefect.events.worker import EventsWorker
from prefect.logging.handlers import APILogWorker
from prefect.server.api.server import SubprocessASGIServer
from prefect.settings import (
    PREFECT_API_URL,
    PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
    PREFECT_UI_URL,
    get_current_settings,
    temporary_settings,
)

from .errors import PrefectApiUnavailable

_PR_SET_PDEATHSIG = 1
# Prefect waits 20 s by default; the first start in a new PREFECT_HOME creates and migrates
# its database, which takes longer than that on a busy two-core machine.
_MIN_STARTUP_SECONDS = 120


def _detach_and_die_with_parent() -> None:  # runs in the child, between fork and exec
    os.setsid()  # out of the terminal's process group: Ctrl-C is the run's to handle
    libc_name = ctypes.util.find_library("c")
    if libc_name and sys.platform.startswith("linux"):
        ctypes.CDLL(libc_name, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class TetheredServer(SubprocessASGIServer):
    """Prefect's temporary API server, ended by the kernel if this process is killed."""

    def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
        # Prefect 3.9's command for its temporary server, unchanged but for preexec_fn
        server_env = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        return subprocess.Popen(
            args=[
                sys.executable,
                "-m",
                "uvicorn",
                "--app-dir",
                str(prefect.__module_path__.parent),
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env={**os.environ, **server_env, **get_current_settings().to_environment_variables(exclude_unset=True)},
            preexec_fn=_detach_and_die_with_parent,
        )


@contextmanager
def prefect_api() -> Iterator[str | None]:
    """Use PREFECT_API_URL when set; otherwise a temporary local API for the duration."""
    if PREFECT_API_URL.value():
        yield PREFECT_API_URL.value()
        return
    server = TetheredServer()
    timeout = max(_MIN_STARTUP_SECONDS, int(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()))
    try:
        server.start(timeout=timeout)
    except RuntimeError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PrefectApiUnavailable(
            f"the temporary Prefect API did not start within {timeout} s ({first_line}); "
            "set PREFECT_API_URL to a running Prefect server, or run again"
        ) from exc
    try:
        # no UI URL: Prefect would print a "View at http://127.0.0.1:…" link to a server gone at the run's end
        with temporary_settings(updates={PREFECT_API_URL: server.api_url, PREFECT_UI_URL: ""}):
            interrupted = False
            try:
                yield server.api_url
            except KeyboardInterrupt:
                interrupted = True
                raise
            finally:
                # deliver the run's last logs and events while the server still listens,
                # unless the user asked to stop now
                drain = 1 if interrupted else 10
                APILogWorker.drain_all(timeout=drain, at_exit=False)
                EventsWorker.drain_all(timeout=drain, at_exit=False)
    finally:
        server.stop()
