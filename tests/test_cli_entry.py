"""The `quoteflow` entry point: importing the command line changes nothing; `main` sets
Prefect's quiet defaults, and exits through the interpreter's exit handlers, with the
command's exit code and output, skipping only the last garbage collections."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

QUIET = ("PREFECT_SERVER_ANALYTICS_ENABLED", "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT", "DO_NOT_TRACK")


def python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in QUIET}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, env=env)


def test_importing_the_command_line_leaves_the_environment_as_it_was():
    done = python(
        "import os; before = dict(os.environ)\n"
        "import quoteflow.cli, quoteflow.commands.run, quoteflow.commands.serve\n"
        "print(sorted(set(os.environ.items()) ^ set(before.items())))"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "how",
    [
        "from quoteflow.cli import main\nmain()",  # the `quoteflow` script
        "from typer.testing import CliRunner\nfrom quoteflow.cli import app\nCliRunner().invoke(app, sys.argv[1:])",
    ],
)
def test_a_command_runs_with_prefects_quiet_defaults(how, tmp_path):
    # the check fails (no dataset there) after the defaults are set, and its exit is then reported
    said = f"atexit.register(lambda: print('env:', [os.environ.get(k) for k in {QUIET!r}], flush=True))\n"
    code = "import atexit, os, sys\n" + said + how
    done = python(code, "check", str(tmp_path))
    assert "env: ['false', 'false', '1']" in done.stdout, (done.stdout, done.stderr)


EXIT = """
import atexit, gc, sys


def at_exit():  # after `main` has said its last word, before the interpreter's last collections
    print("exit handler ran:", gc.get_freeze_count(), "objects frozen,", len(gc.get_objects()), "left", flush=True)


atexit.register(at_exit)
from quoteflow.cli import main

sys.argv = ["quoteflow", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--version"], 0, "quoteflow "),
        (["check", "{tmp}"], 2, "holds no quoteflow dataset"),
        (["show", "{tmp}", "--top", "0"], 2, "--top goes with --people"),
    ],
)
def test_the_exit_runs_the_exit_handlers_keeps_the_code_and_skips_the_last_collections(args, code, says, tmp_path):
    """What `main` protects: the exit handlers run (Prefect's, the process pool's), the exit
    code and the output are the command's, and the interpreter does not walk every object a
    run loaded at its exit (seconds, after a run): they are frozen, out of their reach."""
    done = python(EXIT, *(a.format(tmp=tmp_path) for a in args))
    assert done.returncode == code, done.stderr
    assert says in done.stdout + done.stderr
    (line,) = [ln for ln in done.stdout.splitlines() if ln.startswith("exit handler ran:")]
    frozen, left = (int(word) for word in line.split() if word.isdigit())
    assert frozen > 10 * left, line
    assert "Traceback" not in done.stderr
