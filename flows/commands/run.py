"""`quoteflow run SOURCE --out DIR`: one run of the flow, its progress, then its summary.

    quoteflow run news/ --out data --batch-size 50    # 12 new articles -> a summary, exit 0

User mistakes are said in one line (exit 2) before Prefect is imported; a failed run in one
line (exit 1); Ctrl-C or SIGTERM in one line (exit 130 or 143).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..clichecks import check_fields, check_model, check_out, check_source, err, fail, settings_from
from ..clihelp import setting_option
from ..uri import is_uri
from .common import (
    AddressOption,
    BatchSizeOption,
    FieldOption,
    ModelOption,
    OutOption,
    SourceArgument,
    SpeakerModelOption,
    TaskRunnerOption,
    WorkersOption,
    interrupted,
    out,
)

if TYPE_CHECKING:
    from ..summary import RunSummary


def run(
    source: SourceArgument,
    out_dir: OutOption = "data",
    batch_size: BatchSizeOption = None,
    model: ModelOption = None,
    speaker_model: SpeakerModelOption = None,
    wait: Annotated[float | None, setting_option("lock_wait_seconds", "--wait", min=0)] = None,
    prune: Annotated[
        bool, typer.Option("--prune", help="First remove the rows of inputs no longer under SOURCE.")
    ] = False,
    reextract: Annotated[
        bool,
        typer.Option(
            "--reextract", help="Then extract again the stored articles made by other extraction rules or model."
        ),
    ] = False,
    retry_rejects: Annotated[
        bool,
        typer.Option(
            "--retry-rejects",
            help="Read again every input that ended in rejects (a failed extraction is otherwise tried "
            "again only once quoteflow's extraction changes).",
        ),
    ] = False,
    workers: WorkersOption = None,
    task_runner: TaskRunnerOption = None,
    address: AddressOption = None,
    field: FieldOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object, for scripts.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also print Prefect's own log lines.")] = False,
) -> None:
    """Run the flow once over SOURCE; only new or changed articles are processed."""
    overrides: dict[str, Any] = {"batch_size": batch_size, "spacy_model": model, "lock_wait_seconds": wait}
    overrides |= {"workers": workers, "task_runner": task_runner, "dask_address": address}
    overrides |= {"fields": check_fields(field), "speaker_model": speaker_model}
    if not verbose:  # before Prefect is imported: its INFO lines are for the server's log, not this terminal
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    try:
        progress = "off" if verbose else "bar" if err.is_terminal else "lines"
        summary = _run(source, out_dir, overrides, prune, reextract, retry_rejects, progress)
    except KeyboardInterrupt as exc:
        interrupted(exc)
    from ..console import print_summary, seconds_since_start, summary_json

    if as_json:
        sys.stdout.write(summary_json(summary, seconds=seconds_since_start()) + "\n")
    else:
        print_summary(out, summary, seconds=seconds_since_start())
    if verbose and (summary.log_file or summary.unlogged):  # the tracebacks its log lines only point to
        from ..runlog import read_log

        details = read_log(summary.log_file) if summary.log_file else "".join(summary.unlogged)
        err.print(details, highlight=False, markup=False, soft_wrap=True)


def _run(
    name: str, out_dir: str, overrides: dict[str, Any], prune: bool, reextract: bool, retry_rejects: bool, progress: Any
) -> RunSummary:
    source = check_source(name)
    if prune and not is_uri(source) and not Path(source).is_dir():
        fail("--prune needs SOURCE to be a folder: it removes the rows of inputs that are no longer in it")
    check_out(out_dir)
    settings = settings_from(overrides)
    check_model(settings.spacy_model)
    from ..console import run_progress
    from ..errors import PrefectApiUnavailable
    from ..local_api import prefect_api, start_api

    api = start_api()  # the server boots while Prefect and the flow are imported here
    try:
        from ..flow import quoteflow_flow

        with prefect_api(api), run_progress(err, style=progress):
            state = quoteflow_flow(
                source=source,
                out=out_dir,
                prune=prune,
                reextract=reextract,
                retry_rejects=retry_rejects,
                return_state=True,
                **overrides,
            )
    except PrefectApiUnavailable as exc:
        fail(str(exc), code=1)
    if not state.is_completed():
        message = state.message or state.name
        fail(f"the run failed: {message}. Batches committed before it are kept; run again to resume", code=1)
    from ..summary import RunSummary

    summary = state.result()
    if not isinstance(summary, RunSummary):  # a completed run returns its summary
        fail(f"the run returned {type(summary).__name__}, not a summary (a quoteflow bug)", code=1)
    return summary
