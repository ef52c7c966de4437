"""On a real Prefect server: `quoteflow serve` registers a scheduled deployment, a run
triggered through the API writes the tables and publishes its summary artifact."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from .conftest import ARTICLES, read_tables, write_articles

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture()
def server(tmp_path):
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    with open(tmp_path / "server.log", "w") as log:  # the server keeps its own copy of the handle
        proc = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: httpx.get(f"{api}/health").status_code == 200, 120, "the Prefect server")
        yield api, env
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.slow
def test_served_deployment_runs_on_trigger_and_publishes_its_summary(tmp_path, server):
    api, env = server
    src = write_articles(tmp_path / "in", dict(list(ARTICLES.items())[:3]))
    out = tmp_path / "out"
    with open(tmp_path / "serve.log", "w") as serve_log:
        serving = subprocess.Popen(
            [str(BIN / "quoteflow"), "serve", str(src), "--out", str(out), "--cron", "0 0 1 1 *"],
            env=env,
            stdout=serve_log,
            stderr=subprocess.STDOUT,
        )
    try:
        deployment = wait_for(
            lambda: (r := httpx.get(f"{api}/deployments/name/quoteflow/quoteflow")).status_code == 200 and r.json(),
            120,
            "the deployment",
        )
        assert deployment["schedules"][0]["schedule"]["cron"] == "0 0 1 1 *"
        assert deployment["parameters"] == {"source": str(src.resolve()), "out": str(out.resolve())}
        triggered = subprocess.run(
            [str(BIN / "prefect"), "deployment", "run", "quoteflow/quoteflow", "--watch", "--watch-timeout", "300"],
            env=env,
            capture_output=True,
            text=True,
            timeout=360,
        )
        assert triggered.returncode == 0, triggered.stdout + triggered.stderr
        assert "Completed" in triggered.stdout
        tables = read_tables(out)
        assert len(tables["articles"]) == 3 and tables["quotes"]
        artifacts = httpx.post(
            f"{api}/artifacts/filter", json={"artifacts": {"key": {"any_": ["quoteflow-run-summary"]}}}
        ).json()
        assert len(artifacts) == 1
        summary = artifacts[0]["data"]
        assert "- 3 inputs: 3 new, 0 changed, 0 unchanged, 0 rejected\n" in summary  # as the command line says it
        assert "| articles | 3 |" in summary and f"| quotes | {len(tables['quotes'])} |" in summary
    finally:
        serving.send_signal(signal.SIGINT)
        try:
            serving.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serving.kill()


def test_serve_without_a_server_says_how_to_start_one(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    done = subprocess.run(
        [str(BIN / "quoteflow"), "serve", "seeds", "--out", str(tmp_path / "out")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.returncode == 2 and "prefect server start" in done.stderr and "Traceback" not in done.stderr
