"""A temporary Prefect API for one `quoteflow run`, tied to the life of the process.

With no PREFECT_API_URL, Prefect starts a temporary API server in a child process and
stops it at exit. This starts the same server (the command of Prefect's own
`SubprocessASGIServer`) with three differences:

- it does not import Prefect's server package in the run's own process (seconds of
  imports the run never uses), and it returns as soon as the child is started, so the
  run imports its own modules while the server boots (`prefect_api` waits for it only
  when it is needed);
- on Linux the child asks the kernel to end it when its parent dies (PR_SET_PDEATHSIG):
  a run killed with SIGKILL never reaches its exit, and the server would live on, orphaned;
- the child runs in a session of its own: Ctrl-C in a terminal signals the whole
  foreground process group, and a server killed that way under a run still talking to
  it leaves the run retrying for minutes. The run stops it itself, right after.

Why a copy: Prefect 3.9 has no public API that does this. `prefect server start` runs a
full, persistent server (its services, the UI, a banner), not the temporary one;
`SubprocessASGIServer` (and `prefect_test_harness`, built on it) imports the server
package, blocks until the server answers and takes no hook for the child; the command
itself is its private `_run_uvicorn_command`. tests/test_local_api.py compares this copy
with Prefect's command and fails when Prefect changes it (a new flag, the app factory
moved, other settings for a temporary server).

    api = start_api()             # None when PREFECT_API_URL names a server
    from .flow import quoteflow_flow   # meanwhile, the server boots
    with prefect_api(api):        # waits until it answers; stops it at the end
        quoteflow_flow(...)
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from .errors import PrefectApiUnavailable

_PR_SET_PDEATHSIG = 1
# Prefect waits 20 s by default; the first start in a new PREFECT_HOME creates and migrates
# its database, which takes longer than that on a busy two-core machine.
_MIN_STARTUP_SECONDS = 120
_PORT_TAKEN = 3  # uvicorn's exit code when its port was taken meanwhile: try another


def _detach_and_die_with_parent() -> None:  # runs in the child, between fork and exec
    os.setsid()  # out of the terminal's process group: Ctrl-C is the run's to handle
    libc_name = ctypes.util.find_library("c")
    if libc_name and sys.platform.startswith("linux"):
        ctypes.CDLL(libc_name, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class TemporaryApi:
    """Prefect's temporary API server in a child process (started, perhaps not yet answering)."""

    port: int
    process: subprocess.Popen[Any]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @classmethod
    def launch(cls) -> TemporaryApi:
        port = _free_port()
        return cls(port, _server_process(port))

    def wait_ready(self, timeout: float) -> None:
        """Return when the server answers its health check; `PrefectApiUnavailable` if it
        does not within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=5) as client:
            while time.monotonic() < deadline:
                code = self.process.poll()
                if code == _PORT_TAKEN:
                    self.port = _free_port()
                    self.process = _server_process(self.port)
                elif code is not None:
                    raise PrefectApiUnavailable(
                        f"the temporary Prefect API exited with code {code} while starting; "
                        "set PREFECT_API_URL to a running Prefect server, or run again"
                    )
                with contextlib.suppress(httpx.HTTPError):
                    if client.get(f"{self.url}/health").status_code == 200:
                        return
                time.sleep(0.05)
        self.stop()
        raise PrefectApiUnavailable(
            f"the temporary Prefect API did not start within {timeout:.0f} s; "
            "set PREFECT_API_URL to a running Prefect server, or run again"
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _server_process(port: int) -> subprocess.Popen[Any]:
    # Prefect 3.9's command for its temporary server (SubprocessASGIServer._run_uvicorn_command),
    # unchanged but for preexec_fn; tests/test_local_api.py keeps the two the same. Prefect is
    # not imported for it: the child reads the same settings (environment, profile).
    spec = importlib.util.find_spec("prefect")
    assert spec is not None and spec.origin is not None, "prefect is a dependency"
    server_env = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
    return subprocess.Popen(
        args=[
            sys.executable,
            "-m",
            "uvicorn",
            "--app-dir",
            str(Path(spec.origin).parent.parent),
            "--factory",
            "prefect.server.api.server:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "error",
            "--lifespan",
            "on",
        ],
        env={**os.environ, **server_env},
        preexec_fn=_detach_and_die_with_parent,
    )


def start_api() -> TemporaryApi | None:
    """Start a temporary API, unless the environment's PREFECT_API_URL names a server (then
    None). Prefect's settings are not read here (importing Prefect takes seconds): if a
    Prefect profile names a server, `prefect_api` uses it and stops this one."""
    return None if os.environ.get("PREFECT_API_URL") else TemporaryApi.launch()


@contextmanager
def _global_settings(**values: str) -> Iterator[None]:
    """Set Prefect settings for the whole process, threads included, then put back what was there.

    Prefect's `temporary_settings` lives in a context variable, which threads Prefect starts
    itself do not see: the process pool's message forwarder then finds no API URL and boots
    a second temporary server for the workers' events (seconds of work, and a warning that
    it "timed out" at the end of the run). The environment, read again into Prefect's
    process-wide settings, is seen by every thread."""
    from prefect.context import refresh_global_settings_context

    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    refresh_global_settings_context()
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        refresh_global_settings_context()


@contextmanager
def prefect_api(api: TemporaryApi | None = None) -> Iterator[str | None]:
    """Use PREFECT_API_URL when set; otherwise a temporary local API (`api`, already
    started, or a new one) for the duration, stopped at the end."""
    from prefect.events.worker import EventsWorker
    from prefect.logging import get_logger
    from prefect.logging.handlers import APILogWorker
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
        PREFECT_UI_URL,
        temporary_settings,
    )

    if PREFECT_API_URL.value():
        if api is not None:
            api.stop()
        yield PREFECT_API_URL.value()
        return
    api = api or TemporaryApi.launch()
    try:
        api.wait_ready(max(_MIN_STARTUP_SECONDS, int(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())))
        # Prefect's console level decides whether this shows (`quoteflow run --verbose`)
        get_logger("local_api").info("started a temporary server on http://127.0.0.1:%d for this run", api.port)
        # no UI URL: Prefect would print a "View at http://127.0.0.1:…" link to a server gone at the run's end
        with (
            _global_settings(PREFECT_API_URL=api.url, PREFECT_UI_URL=""),
            temporary_settings(updates={PREFECT_API_URL: api.url, PREFECT_UI_URL: ""}),
        ):
            interrupted = False
            try:
                yield api.url
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
        api.stop()
