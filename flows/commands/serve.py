"""`quoteflow serve SOURCE --out DIR --cron …`: a deployment of the flow on a Prefect server.

    quoteflow serve news/ --out data --cron '*/15 * * * *'    # runs every 15 minutes until Ctrl-C

The one command module that imports Prefect itself (tests/test_architecture.py allows it):
registering and serving a deployment, checking the server and the cron expression are
Prefect's API, and each of its errors is said here in one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..clichecks import check_fields, check_model, check_out, check_source, fail, settings_from
from ..uri import is_uri
from .common import (
    AddressOption,
    BatchSizeOption,
    FieldOption,
    ModelOption,
    OutOption,
    SourceArgument,
    TaskRunnerOption,
    WorkersOption,
    out,
)


def _absolute(out_dir: str) -> str:
    """Served runs start in another working directory: pin local paths down."""
    return out_dir if is_uri(out_dir) else str(Path(out_dir).resolve())


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

    from ..flow import quoteflow_flow

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
