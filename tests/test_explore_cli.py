"""`quoteflow explore OUT`: one line and exit 2 without a dataset; served on the port asked, with a
warning off the loopback address; Ctrl-C stops it at once with exit 130 and no traceback."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from quoteflow.pipeline import run
from quoteflow.settings import Settings

from .conftest import QUOTEFLOW
from .explore_data import FIRST, write


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "QUOTEFLOW_EXPLORE_CACHE": str(tmp_path / "cache"), "NO_COLOR": "1"}


@pytest.mark.parametrize("args", [["explore", "{tmp}/nothing"], ["explore", "{tmp}"]])
def test_an_out_without_a_dataset_is_one_line_and_exit_2(tmp_path, args):
    done = subprocess.run(
        [QUOTEFLOW, *(a.format(tmp=tmp_path) for a in args)], capture_output=True, text=True,
        env=environment(tmp_path), timeout=120,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "holds no quoteflow dataset" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout and done.stdout == ""


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    run(str(write(src, {"a1": FIRST["a1"]})), str(out), Settings())
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [QUOTEFLOW, "explore", str(out), "--port", str(port)], capture_output=True, text=True,
            env=environment(tmp_path), timeout=120,
        )  # fmt: skip
    assert done.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_serves_until_ctrl_c_then_exits_130_without_a_traceback(tmp_path, host):
    src, out = tmp_path / "in", tmp_path / "out"
    run(str(write(src, FIRST)), str(out), Settings())
    port = free_port()
    proc = subprocess.Popen(
        [QUOTEFLOW, "explore", str(out), "--port", str(port), "--host", host],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment(tmp_path),
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/api/people?q=quillfeather"
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    body = json.loads(r.read())
                break
            except OSError:
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < deadline, "the app did not answer within 90 s"
                time.sleep(0.2)
        assert body["people"][0]["name"] == "Mara Quillfeather"
        asked = time.monotonic()
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=10)
        took = time.monotonic() - asked
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert took < 3, f"Ctrl-C took {took:.1f} s"
    assert "Traceback" not in stdout + stderr and stderr.strip() == "stopped"
    assert f"http://{host}:{port}/" in stdout and "articles and" in stdout
    warned = [line for line in stdout.splitlines() if line.startswith("warning:")]
    assert len(warned) == (host != "127.0.0.1")
    if warned:
        assert "readable from the network" in warned[0]
