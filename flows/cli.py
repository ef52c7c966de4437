"""`quoteflow` command line: run the flow once, serve it on a schedule, look after an output.

    quoteflow run SOURCE --out DIR [--prune]     one run over SOURCE
    quoteflow serve SOURCE --out DIR --cron …    a scheduled deployment on a Prefect server
    quoteflow check DIR                          read every committed file, report damage
    quoteflow repair DIR                         restore the newest intact version
    quoteflow snapshot DIR [--table T]           the committed version's folder (or files), for readers
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
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

# Before Prefect is imported: a local, quiet, telemetry-free ephemeral API by default.
for _key, _value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
    "DO_NOT_TRACK": "1",  # the client's side of the same: a temporary local API reports nothing
}.items():
    os.environ.setdefault(_key, _value)

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.markup import escape  # noqa: E402

from . import __version__  # noqa: E402
from .clichecks import (  # noqa: E402
    check_fields,
    check_model,
    check_out,
    check_source,
    err,
    existing_store,
    fail,
    settings_from,
)
from .clihelp import HelpCommand, HelpGroup, environment_epilog, setting_option  # noqa: E402
from .schemas.vocab import TABLE_NAMES  # noqa: E402

if TYPE_CHECKING:
    from .summary import RunSummary

F = TypeVar("F", bound=Callable[..., Any])
app = typer.Typer(
    cls=HelpGroup,
    add_completion=False,
    no_args_is_help=True,
    help="Extract people, organizations and quotations from news articles into validated Parquet tables.",
    epilog=environment_epilog(),
)
out = Console(soft_wrap=True)

SourceArgument = Annotated[
    str,
    typer.Argument(
        metavar="SOURCE",
        help="An input file, a folder (every .txt, .html/.htm, .jsonl/.json and .warc/.warc.gz below it) "
        "or an s3://bucket/prefix.",
    ),
]
FieldOption = Annotated[
    list[str] | None,
    typer.Option(
        "--field",
        help="JSON feeds: take an article field from another record field, NAME=FIELD (repeatable), "
        "e.g. --field text=body --field authors=meta.writers.",
        show_default=False,
    ),
]
OutOption = Annotated[str, typer.Option("--out", "-o", help="Output folder (or filesystem URI) for the tables.")]
OutArgument = Annotated[str, typer.Argument(metavar="DIR", help="An output folder (or URI) quoteflow wrote.")]
BatchSizeOption = Annotated[int | None, setting_option("batch_size", min=1)]
ModelOption = Annotated[str | None, setting_option("spacy_model", "--model")]
SpeakerModelOption = Annotated[
    str | None,
    setting_option("speaker_model", "--speaker-model", help="Who chooses speakers: rules, ranker or combined."),
]
WorkersOption = Annotated[int | None, setting_option("workers", min=1)]
TaskRunnerOption = Annotated[
    str | None,
    setting_option("task_runner", "--task-runner", help="Where extraction runs: processes (here) or dask (a cluster)."),
]
AddressOption = Annotated[str | None, setting_option("dask_address", "--address")]


def command(**kwargs: Any) -> Callable[[F], F]:
    """`app.command`, with help that shows SOURCE, not {source}, and no <bool> after flags."""
    return app.command(cls=HelpCommand, **kwargs)


def _version(value: bool) -> None:
    if value:
        out.print(f"quoteflow {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """quoteflow: news articles in, people / organizations / quotes out."""


@command(epilog=environment_epilog())
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
        _interrupted(exc)
    from .console import print_summary, seconds_since_start, summary_json

    if as_json:
        sys.stdout.write(summary_json(summary, seconds=seconds_since_start()) + "\n")
    else:
        print_summary(out, summary, seconds=seconds_since_start())
    if verbose and (summary.log_file or summary.unlogged):  # the tracebacks its log lines only point to
        from .runlog import read_log

        details = read_log(summary.log_file) if summary.log_file else "".join(summary.unlogged)
        err.print(details, highlight=False, markup=False, soft_wrap=True)


def _run(
    name: str, out_dir: str, overrides: dict[str, Any], prune: bool, reextract: bool, retry_rejects: bool, progress: Any
) -> RunSummary:
    source = check_source(name)
    if prune and "://" not in source and not Path(source).is_dir():
        fail("--prune needs SOURCE to be a folder: it removes the rows of inputs that are no longer in it")
    check_out(out_dir)
    settings = settings_from(overrides)
    check_model(settings.spacy_model)
    from .console import run_progress
    from .errors import PrefectApiUnavailable
    from .local_api import prefect_api, start_api

    api = start_api()  # the server boots while Prefect and the flow are imported here
    try:
        from .flow import quoteflow_flow

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
    from .summary import RunSummary

    summary = state.result()
    if not isinstance(summary, RunSummary):  # a completed run returns its summary
        fail(f"the run returned {type(summary).__name__}, not a summary (a quoteflow bug)", code=1)
    return summary


def _absolute(out_dir: str) -> str:
    """Served runs start in another working directory: pin local paths down."""
    return out_dir if "://" in out_dir else str(Path(out_dir).resolve())


def _check_server() -> str:
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    if not url:
        fail(
            "quoteflow serve needs a Prefect server (the temporary one cannot schedule): start one with "
            "`prefect server start --host 127.0.0.1` and set PREFECT_API_URL=http://127.0.0.1:4200/api"
        )
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        error = client.api_healthcheck()
    if error is not None:
        fail(f"the Prefect server at {url} does not answer ({error}); is `prefect server start` running?")
    return str(url)


def _check_cron(cron: str) -> None:
    """Prefect's own validation of the schedule, said in one line."""
    from prefect.client.schemas.schedules import CronSchedule
    from pydantic import ValidationError

    try:
        CronSchedule(cron=cron)
    except ValidationError as exc:
        reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
        fail(f"--cron {cron!r} is not a cron expression ({reason}); e.g. --cron '*/15 * * * *' (every 15 minutes)")


@command()
def serve(
    source: SourceArgument,
    out_dir: OutOption = "data",
    cron: Annotated[
        str, typer.Option(help="When to run, as a cron expression (server time zone: UTC).")
    ] = "*/15 * * * *",
    name: Annotated[
        str, typer.Option(help="Deployment name: run it by hand with `prefect deployment run quoteflow/NAME`.")
    ] = "quoteflow",
    batch_size: BatchSizeOption = None,
    model: ModelOption = None,
    workers: WorkersOption = None,
    task_runner: TaskRunnerOption = None,
    address: AddressOption = None,
    field: FieldOption = None,
) -> None:
    """Register a deployment on the Prefect server (PREFECT_API_URL) and serve it until Ctrl-C."""
    source = check_source(source)
    _check_cron(cron)
    check_out(out_dir)
    options: dict[str, Any] = {"batch_size": batch_size, "spacy_model": model, "workers": workers}
    options |= {"task_runner": task_runner, "dask_address": address, "fields": check_fields(field)}
    check_model(settings_from(options).spacy_model)
    url = _check_server()
    from prefect.types.entrypoint import EntrypointType

    from .flow import quoteflow_flow

    parameters: dict[str, Any] = {"source": source, "out": _absolute(out_dir)}
    parameters |= {k: v for k, v in options.items() if v is not None}
    out.print(
        f"serving deployment quoteflow/{name} on {url}: {cron} (UTC), "
        f"source {parameters['source']}, output {parameters['out']}"
    )
    out.print(f"run it now with: prefect deployment run quoteflow/{name}")
    quoteflow_flow.serve(
        name=name,
        cron=cron,
        parameters=parameters,
        limit=1,  # one run at a time from this server; the output's lock guards against others
        entrypoint_type=EntrypointType.MODULE_PATH,
        print_starting_message=False,
    )


@command()
def check(out_dir: OutArgument) -> None:
    """Read every file of the committed version in full and report damage (exit 1 if any)."""
    from .dataset.health import check as check_store

    report = check_store(existing_store(out_dir))
    if not report.ok:
        for problem in report.problems:
            err.print(f"[bold red]damaged:[/] {escape(problem)}", highlight=False, soft_wrap=True)
        fail(f"{out_dir} is damaged; run `quoteflow repair {out_dir}`", code=1)
    from .counts import plural

    rows = ", ".join(f"{n} {report.rows.get(n, 0):,}" for n in TABLE_NAMES)
    out.print(
        f"{out_dir}: version {report.version} is whole: {plural(report.files, 'file')} read; rows: {rows}",
        highlight=False,
    )


@command()
def repair(out_dir: OutArgument) -> None:
    """Make the newest intact version the committed one, and say what could not be recovered."""
    from .dataset.health import repair as repair_store
    from .errors import QuoteflowError

    store = existing_store(out_dir)
    try:
        with store.lock(wait_seconds=0, recover=False):
            report = repair_store(store)
    except QuoteflowError as exc:
        fail(str(exc), code=1)
    for line in report.lines():
        out.print(line, highlight=False)
    if report.not_repaired:  # a scheduled script must see that the output is still not whole
        fail(f"{out_dir} is not whole: {len(report.not_repaired)} damage(s) repair cannot mend, said above", code=1)


@command()
def snapshot(
    out_dir: OutArgument,
    table: Annotated[str | None, typer.Option(help="Print this table's files instead, one per line.")] = None,
) -> None:
    """Print the committed version's folder: read it, not OUT/<table>, while runs may commit."""
    from .dataset.reader import open_dataset
    from .errors import QuoteflowError

    if table is not None and table not in TABLE_NAMES:
        fail(f"no table {table!r}; the tables are {', '.join(TABLE_NAMES)}")
    try:
        pinned = open_dataset(out_dir)
    except QuoteflowError as exc:
        fail(str(exc))
    if table is None:
        out.print(pinned.location, highlight=False, soft_wrap=True)
    else:
        for path in pinned.files(table):
            out.print(path, highlight=False, soft_wrap=True)


@command()
def report(
    out_dir: OutArgument,
    html: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path("report.html"),
) -> None:
    """Write one self-contained HTML page: quotes highlighted in every article, speakers, rejects."""
    from .errors import QuoteflowError
    from .report import build_report

    try:
        page = build_report(out_dir)
    except QuoteflowError as exc:
        fail(str(exc))
    try:
        html.write_text(page, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {html}: {exc.strerror or exc}", code=1)
    size = len(page.encode())
    shown = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{-(-size // 1000)} kB"
    out.print(f"report of {out_dir} written to {html} ({shown})", highlight=False)


@command()
def show(
    out_dir: OutArgument,
    article: Annotated[
        str | None, typer.Option("--article", help="An article_id (or its first characters): its quotes and speakers.")
    ] = None,
    rejects: Annotated[bool, typer.Option("--rejects", help="List the rejected inputs with their reasons.")] = False,
    people: Annotated[
        bool,
        typer.Option(
            "--people", help="List the most quoted people: quotations, articles, outlets, first and last seen."
        ),
    ] = False,
    top: Annotated[
        int | None, typer.Option("--top", metavar="N", help="With --people: how many to list (20 unless given).")
    ] = None,
) -> None:
    """Print the articles as a table (or the rejects, or the most quoted people), or one article's quotes."""
    from .console import show_dataset
    from .dataset.reader import open_dataset
    from .errors import QuoteflowError

    if rejects and article is not None and not people:
        fail("give --article or --rejects, not both")
    if sum((article is not None, rejects, people)) > 1:
        fail("give one of --article, --rejects, --people, not more")
    if top is not None and not people:
        fail("--top goes with --people (the number of people to list)")
    if top is not None and top < 1:
        fail(f"--top must be at least 1, not {top}")
    try:
        problem = show_dataset(
            out, open_dataset(out_dir), article, rejects=rejects, people=(top or 20) if people else None
        )
    except QuoteflowError as exc:
        fail(str(exc))
    if problem:
        fail(problem)


@command()
def explore(
    out_dir: OutArgument,
    port: Annotated[int, typer.Option(min=1, max=65535, help="The port to serve on.")] = 8765,
    host: Annotated[str, typer.Option(help="The address to bind (another than 127.0.0.1 exposes the data).")] = (
        "127.0.0.1"
    ),
) -> None:
    """Serve a read-only web app (and JSON API) over DIR's committed version: search quotes, people, outlets.

    Its DuckDB cache lives outside DIR (in the user's cache folder; QUOTEFLOW_EXPLORE_CACHE names another)."""
    from .errors import QuoteflowError
    from .explore.serve import serve as serve_app

    try:
        serve_app(out_dir, host, port, say=lambda line: out.print(line, highlight=False, markup=False))
    except QuoteflowError as exc:
        fail(str(exc))
    except KeyboardInterrupt as exc:
        err.print("stopped", highlight=False)
        raise typer.Exit(143 if isinstance(exc, Terminated) else 130) from None


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: stop now, keep what is committed."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


def _interrupted(exc: KeyboardInterrupt) -> NoReturn:
    err.print("interrupted: batches committed so far are kept; run again to resume", highlight=False)
    raise typer.Exit(143 if isinstance(exc, Terminated) else 130)


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except KeyboardInterrupt as exc:  # before a command had started
        err.print("interrupted", highlight=False)
        _exit_now(143 if isinstance(exc, Terminated) else 130)
    except SystemExit as exc:
        if isinstance(exc.code, str):
            err.print(exc.code, highlight=False, markup=False)
        _exit_now(1 if isinstance(exc.code, str) else exc.code or 0)
    _exit_now(0)


def _exit_now(code: int) -> NoReturn:
    """Exit once the output is out and the exit handlers have run, without tearing down the
    thousands of modules a run loads (seconds, after the summary has said how long it took)."""
    sys.stdout.flush()
    sys.stderr.flush()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
