"""Ctrl-C in a real terminal, and SIGTERM: the run stops within seconds with one line and exit
code 130 (143), no traceback, no process left behind, and the batches committed so far kept."""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pexpect
import pytest

from .conftest import QUOTEFLOW, read_tables, write_articles

LINE = "interrupted: batches committed so far are kept; run again to resume"


def many_articles(folder: Path, n: int = 60) -> Path:
    return write_articles(
        folder,
        {
            f"story{k:03d}.txt": f"Mayor Jane Roe{k} said bridge {k} would reopen.\n“We are ready,” Roe{k} said.\n"
            for k in range(n)
        },
    )


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory):
    """One PREFECT_HOME for the module: its database is created once, not per run."""
    return tmp_path_factory.mktemp("prefect-home")


def start(tmp_path: Path, prefect_home: Path) -> pexpect.spawn:
    """The CLI in a pseudo-terminal, with its own temporary Prefect API, once it has committed a batch."""
    src = many_articles(tmp_path / "in")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(prefect_home), COLUMNS="200", PREFECT_LOGGING_COLORS="false")
    child = pexpect.spawn(
        QUOTEFLOW,
        ["run", str(src), "--out", str(tmp_path / "out"), "--batch-size", "2"],
        env=env,
        encoding="utf-8",
        timeout=240,
    )
    child.expect(r"batch 1/")
    child.helpers = descendants(child.pid)  # the temporary Prefect API server among them
    assert child.helpers, "the run started no temporary API server"
    return child


def descendants(pid: int) -> set[int]:
    """Every live process below `pid`."""
    table = subprocess.run(["ps", "-eo", "pid=,ppid="], capture_output=True, text=True).stdout.split()
    children: dict[int, list[int]] = {}
    for p, parent in zip(table[::2], table[1::2], strict=True):
        children.setdefault(int(parent), []).append(int(p))
    found, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            found.add(c)
            todo.append(c)
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().split()[2] != "Z"  # a zombie is gone, only unreaped


def assert_stopped_cleanly(child: pexpect.spawn, started: float, code: int, tmp_path: Path) -> None:
    child.expect(pexpect.EOF, timeout=30)
    elapsed = time.monotonic() - started
    child.close()
    output = child.before or ""
    assert child.exitstatus == code, (child.exitstatus, child.signalstatus, output[-2000:])
    assert elapsed < 5, f"took {elapsed:.1f} s to stop"
    assert LINE in output and "Traceback" not in output
    left = [p for p in child.helpers if alive(p)]
    assert not left, f"processes outlived the run: {left}"
    committed = read_tables(tmp_path / "out")["articles"]  # what was committed is intact and readable
    assert 0 < len(committed) < 60


@pytest.mark.slow
def test_ctrl_c_in_a_terminal_stops_within_seconds_with_one_line(tmp_path, prefect_home):
    child = start(tmp_path, prefect_home)
    started = time.monotonic()
    child.sendintr()  # the terminal's interrupt character: SIGINT to the whole foreground process group
    assert_stopped_cleanly(child, started, 130, tmp_path)


@pytest.mark.slow
def test_sigterm_stops_within_seconds_with_one_line(tmp_path, prefect_home):
    child = start(tmp_path, prefect_home)
    started = time.monotonic()
    os.kill(child.pid, signal.SIGTERM)
    assert_stopped_cleanly(child, started, 143, tmp_path)
    assert re.search(r"interrupted", child.before or "")
