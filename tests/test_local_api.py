"""`local_api` starts Prefect's temporary API server with Prefect's own command (the private
`SubprocessASGIServer._run_uvicorn_command` of Prefect 3.9), copied because no public API
starts it without blocking, without importing Prefect's server package into the run, and
with a hook for the child (`local_api`'s docstring says why each matters). This test pins the
copy: it fails when Prefect's command changes (its app factory moves, its flags or the
settings that make the server a temporary one change), so the copy is updated with it."""

from __future__ import annotations

import importlib
import subprocess
from typing import Any

import pytest

from quoteflow import local_api


class Started:
    """What a `subprocess.Popen` was given, instead of a process."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None, **kwargs: Any) -> None:
        self.args, self.env, self.kwargs = args, env or {}, kwargs


@pytest.fixture
def started(monkeypatch) -> list[Started]:
    import prefect.server.api.server  # noqa: F401  (imported before Popen is replaced: its import runs commands)

    calls: list[Started] = []

    def popen(*args: Any, **kwargs: Any) -> Started:
        calls.append(Started(*args, **kwargs))
        return calls[-1]

    monkeypatch.setattr(subprocess, "Popen", popen)
    return calls


def test_the_temporary_api_is_started_with_prefects_own_command(started):
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer(port=54321)
    try:
        server._run_uvicorn_command()  # Prefect's command, the private method this module copies
    finally:
        server.stop()
    local_api._server_process(54321)
    prefects, ours = started
    assert ours.args == prefects.args
    module, factory = ours.args[ours.args.index("--factory") + 1].split(":")
    assert callable(getattr(importlib.import_module(module), factory))
    server_flags = {k: v for k, v in ours.env.items() if k.startswith(("PREFECT_UI", "PREFECT__"))}
    assert server_flags == {k: v for k, v in prefects.env.items() if k in server_flags}
    assert set(server_flags) == {"PREFECT_UI_ENABLED", "PREFECT__SERVER_EPHEMERAL", "PREFECT__SERVER_FINAL"}
    # and what Prefect's does not: the child leaves the terminal's process group and dies with the run
    assert ours.kwargs["preexec_fn"] is local_api._detach_and_die_with_parent
