"""`quoteflow` command line: run the flow once, or serve it on a schedule.

User mistakes (a missing SOURCE, an unusable --out, a pipeline that is not
installed) end in one line on stderr and exit code 2, before Prefect starts.
A run that fails says so in one line and exits 1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

# Before Prefect is imported: a local, quiet, telemetry-free ephemeral API by default.
for _key, _value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
}.items():
    os.environ.setdefault(_key, _value)

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.markup import escape  # noqa: E402
from rich.table import Table  # noqa: E402

from . import __version__  # noqa: E402
from .schemas.vocab import TABLE_NAMES  # noqa: E402
from .settings import Settings  # noqa: E402

if TYPE_CHECKING:
    from .pipeline import RunSummary

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Extract people, organizations and quotations from news articles into validated Parquet tables.",
)
err = Console(stderr=True)
out = Console(soft_wrap=True)


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _settings() -> Settings:
    """The QUOTEFLOW_* settings, or one line saying which one is wrong."""
    from pydantic import ValidationError

    try:
        return Settings()
    except ValidationError as exc:
        problem = exc.errors()[0]
        name = "QUOTEFLOW_" + str(problem["loc"][0]).upper()
        fail(f"{name}: {problem['msg']} (got {problem.get('input')!r})")


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


def _check_source(source: Path) -> None:
    if not source.exists():
        fail(f"SOURCE {source} does not exist (give a .txt file or a folder of them)")
    if not os.access(source, os.R_OK):
        fail(f"SOURCE {source} is not readable")


def _check_out(path: str) -> None:
    from .dataset.store import open_store
    from .errors import StoreError

    try:
        open_store(path).open()
    except StoreError as exc:
        fail(str(exc))


def _check_model(name: str | None) -> None:
    from .errors import SpacyModelError
    from .extraction.parse import load_pipeline

    settings = _settings()  # checked even when --model overrides one of them
    try:
        load_pipeline(name or settings.spacy_model)
    except SpacyModelError as exc:
        fail(str(exc))


def print_summary(summary: RunSummary) -> None:
    if summary.status == "stood_down":
        out.print(f"[yellow]{summary.message}[/]", highlight=False)
        return
    out.print(f"quoteflow run {summary.run_id} finished in {summary.seconds:.1f} s", highlight=False)
    table = Table(show_header=True)
    table.add_column("table")
    table.add_column("rows written", justify="right")
    for name in TABLE_NAMES:
        table.add_row(name, str(summary.rows.get(name, 0)))
    out.print(table)
    out.print(
        f"inputs {summary.inputs}: {summary.new} new, {summary.changed} changed, {summary.unchanged} unchanged, "
        f"{summary.rejected} rejected ({summary.duplicates} duplicates), "
        f"{summary.validation_failures} rows failed validation",
        highlight=False,
    )
    base = summary.out.rstrip("/")
    tables = ", ".join(f"{base}/{name}" for name in TABLE_NAMES)
    out.print(f"tables: {tables} (Parquet, snapshot {summary.snapshot})", highlight=False)
    if summary.new == 0 and summary.changed == 0 and summary.rejected == 0:
        out.print("nothing new since the last run: no rows written", highlight=False)


@app.command()
def run(
    source: Annotated[Path, typer.Argument(help="An article (.txt) or a folder; every *.txt below it is read.")],
    out_dir: Annotated[
        str, typer.Option("--out", "-o", help="Output folder (or filesystem URI) for the tables.")
    ] = "data",
    batch_size: Annotated[int | None, typer.Option(min=1, help="Articles per task and per atomic commit.")] = None,
    model: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use instead of the default.")] = None,
    wait: Annotated[
        float | None, typer.Option(min=0, help="Seconds to wait if another run is writing to --out.")
    ] = None,
) -> None:
    """Run the flow once over SOURCE; only new or changed articles are processed."""
    _check_source(source)
    _check_out(out_dir)
    _check_model(model)
    from .errors import PrefectApiUnavailable
    from .flow import quoteflow_flow
    from .local_api import prefect_api

    try:
        with prefect_api():
            state = quoteflow_flow(
                source=str(source),
                out=out_dir,
                batch_size=batch_size,
                spacy_model=model,
                lock_wait_seconds=wait,
                return_state=True,
            )
    except PrefectApiUnavailable as exc:
        fail(str(exc), code=1)
    if not state.is_completed():
        message = state.message or state.name
        fail(f"the run failed: {message} (the log above has the details; nothing partial was written)", code=1)
    print_summary(state.result())


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


@app.command()
def serve(
    source: Annotated[Path, typer.Argument(help="An article (.txt) or a folder; every *.txt below it is read.")],
    out_dir: Annotated[
        str, typer.Option("--out", "-o", help="Output folder (or filesystem URI) for the tables.")
    ] = "data",
    cron: Annotated[
        str, typer.Option(help="When to run, as a cron expression (server time zone: UTC).")
    ] = "*/15 * * * *",
    name: Annotated[
        str, typer.Option(help="Deployment name: run it by hand with `prefect deployment run quoteflow/NAME`.")
    ] = "quoteflow",
    batch_size: Annotated[int | None, typer.Option(min=1, help="Articles per task and per atomic commit.")] = None,
    model: Annotated[str | None, typer.Option(help="Installed spaCy pipeline to use instead of the default.")] = None,
) -> None:
    """Register a deployment on the Prefect server (PREFECT_API_URL) and serve it: runs on the
    schedule and when triggered, one at a time, until interrupted (Ctrl-C)."""
    _check_source(source)
    _check_out(out_dir)
    _check_model(model)
    url = _check_server()
    from prefect.types.entrypoint import EntrypointType

    from .flow import quoteflow_flow

    parameters: dict[str, Any] = {"source": str(source.resolve()), "out": _absolute(out_dir)}
    parameters |= {k: v for k, v in {"batch_size": batch_size, "spacy_model": model}.items() if v is not None}
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


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted: the last committed batch is intact; run again to resume")
        sys.exit(130)


if __name__ == "__main__":
    main()
