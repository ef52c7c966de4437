"""`quoteflow` command line: run the flow once, serve it on a schedule, look after an output.

    quoteflow run SOURCE --out DIR [--prune]     one run over SOURCE
    quoteflow serve SOURCE --out DIR --cron …    a scheduled deployment on a Prefect server
    quoteflow check DIR                          read every committed file, report damage
    quoteflow repair DIR                         restore the newest intact version
    quoteflow snapshot DIR [--table T] [--version N]
                                                 the committed version's folder (or files), for readers
    quoteflow history DIR [--json]               the versions kept: time, run id, rows added / replaced
    quoteflow vacuum DIR [--dry-run]             delete the versions replaced longer ago than the retention
    quoteflow report DIR --out report.html       one HTML page: quotes highlighted in every article
    quoteflow explore DIR [--port 8765]          a local web app: search quotes, people, outlets (read-only)
    quoteflow show DIR [--article ID | --rejects | --people [--top N]]
                                                 articles, one article's quotes and speakers, the rejects,
                                                 or the most quoted people (one line per corpus entity)

A run prints its progress (a bar on a terminal, else one line per batch) and a summary
(`--json`: one JSON object); Prefect's own logs only with `--verbose`.

User mistakes (a missing SOURCE, an unusable --out, a pipeline that is not installed, a
bad cron expression) end in one line on stderr and exit code 2, before Prefect starts.
A run that fails says so in one line and exits 1; an interrupted one (Ctrl-C, SIGTERM)
says so in one line and exits 130 or 143. None prints a traceback.

The commands live in `quoteflow.commands`, one module per group; this module builds the app
from them. Importing it changes nothing: `main` (the `quoteflow` script) sets Prefect's
quiet defaults (so does the app's callback) and the SIGTERM handler.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from types import FrameType
from typing import Annotated, NoReturn

import typer

from . import __version__
from .clichecks import err
from .clihelp import HelpCommand, HelpGroup, environment_epilog
from .commands.common import Terminated, out, stop_code
from .commands.explore import explore
from .commands.health import check, repair
from .commands.run import run
from .commands.serve import serve
from .commands.versions import history, vacuum
from .commands.views import report, show, snapshot

#: Prefect's defaults for a `quoteflow` command: a local, quiet, telemetry-free API
PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
    "DO_NOT_TRACK": "1",  # the client's side of the same: a temporary local API reports nothing
}

app = typer.Typer(
    cls=HelpGroup,
    add_completion=False,
    no_args_is_help=True,
    help="Extract people, organizations and quotations from news articles into validated Parquet tables.",
    epilog=environment_epilog(),
)
# in the order `--help` lists them; every command's help shows SOURCE, not {source}, and no <bool> after flags
app.command(cls=HelpCommand, epilog=environment_epilog())(run)
for _command in (serve, check, repair, snapshot, history, vacuum, report, show, explore):
    app.command(cls=HelpCommand)(_command)


def _version(value: bool) -> None:
    if value:
        out.print(f"quoteflow {__version__}")
        raise typer.Exit()


def quiet_prefect() -> None:
    """Prefect's defaults for this process (a variable the user set wins); before Prefect is
    imported, which no command does before this runs."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """quoteflow: news articles in, people / organizations / quotes out."""
    quiet_prefect()  # here too, for an app invoked without `main` (typer's test runner)


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


def main() -> None:
    quiet_prefect()
    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except KeyboardInterrupt as exc:  # before a command had started
        err.print("interrupted", highlight=False)
        _exit(stop_code(exc))
    except SystemExit as exc:
        if isinstance(exc.code, str):
            err.print(exc.code, highlight=False, markup=False)
        _exit(1 if isinstance(exc.code, str) else exc.code or 0)
    _exit(0)


def _exit(code: int) -> NoReturn:
    """Exit with `code` once the output is out, through the interpreter's own shutdown (exit
    handlers included), without its last garbage collections: after a run, they walk the
    millions of objects of the thousands of modules it loaded (spaCy, Prefect, pandera), a
    second or more after the summary has said how long the run took. Frozen objects are left
    out of every collection (`gc.freeze`). (`os._exit` after `atexit._run_exitfuncs()` saved
    a tenth of a second more, through a private function, and joined no thread.)"""
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    main()
