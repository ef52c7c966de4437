"""The Prefect flow: `pipeline.run` with its steps (`pipeline.Steps`) as Prefect tasks, plus a run artifact.

discover -> plan -> for each batch: read -> triage -> extract (submitted) -> commit -> summary artifact

Each task wraps the plain step of the same name (`pipeline.PLAIN_STEPS`); triage and commit
are plain calls in the flow's process (below).

Tasks take whole batches (an article costs ~100 ms to parse, a task a few ms), use no
result cache (their inputs are large and live only for this run), and receive big
arguments through `quote` so Prefect does not walk them looking for futures.
Extraction is submitted to the flow's task runner, so a process pool (or a cluster)
runs it; reading and committing stay in the flow's process, the output's one writer.
Reading is retried on transient I/O errors only; the last attempt turns a persistent
error into a rejection instead of failing the run.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run, task_run
from prefect.states import Failed
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from . import pipeline
from .batch import ExtractedBatch, commit_batch, extract_batch, triage
from .counts import DEFINITIONS, plural
from .dataset.manifest import Manifest
from .errors import QuoteflowError, SourceError, TransientReadError
from .pipeline import Plan, Steps, discover_inputs, plan_inputs, read_inputs
from .records import Article, InputFile, RunInfo
from .retry import RetryPolicy
from .schemas.vocab import TABLE_NAMES
from .settings import Settings
from .sources.discover import Listing
from .sources.formats.base import FieldMap
from .sources.read import ReadBatch
from .summary import RunSummary

READ_RETRIES = 3
T = TypeVar("T")


def _is_transient(task_: Any, task_run_: Any, state: Any) -> bool:
    try:
        state.result()
    except TransientReadError:
        return True
    except Exception:
        return False
    return False


@task(name="discover-inputs", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1)
def discover_task(source: str) -> Listing | SourceError:
    # a SOURCE that cannot be listed (no such bucket) is the user's to fix: returned, to end the
    # run with its one line, rather than raised as a task failure with a traceback
    try:
        return discover_inputs(source)
    except SourceError as exc:
        return exc


def _discover(source: str) -> Listing:
    listed = discover_task(source)
    if isinstance(listed, SourceError):
        raise listed
    return listed


@task(name="plan", cache_policy=NO_CACHE)
def plan_task(inputs: Sequence[InputFile], manifest: Manifest, retry: RetryPolicy) -> Plan:
    return plan_inputs(inputs, manifest, retry)


@task(
    name="read-batch",
    cache_policy=NO_CACHE,
    retries=READ_RETRIES,
    retry_delay_seconds=[1, 2, 4],
    retry_condition_fn=_is_transient,
)
def read_task(files: list[InputFile], stored_sha256: dict[str, str], max_bytes: int, fields: FieldMap) -> ReadBatch:
    final = (task_run.run_count or 1) > READ_RETRIES
    return read_inputs(files, stored_sha256, max_bytes, fields, final_attempt=final)


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_task(articles: list[Article], settings: Settings, run: RunInfo) -> ExtractedBatch:
    return extract_batch(articles, settings, run)


def _as_is(value: T) -> T:
    """`value` for a task argument that Prefect passes on as is, without walking it for
    futures (it can be large). Typed as the value, which is what the task receives."""
    return cast(T, quote(value))


def _plan(inputs: Sequence[InputFile], manifest: Manifest, retry: RetryPolicy) -> Plan:
    return plan_task(_as_is(inputs), _as_is(manifest), retry)


def _read(files: list[InputFile], stored: dict[str, str], max_bytes: int, fields: FieldMap) -> ReadBatch:
    return read_task(_as_is(files), _as_is(stored), max_bytes, fields)


@dataclass(frozen=True)
class _Submit:
    """The extract step: each batch submitted to the flow's task runner (worker processes, a
    cluster), its future returned at once so that up to `workers` batches run together."""

    runner: TaskRunner[Any]

    def __call__(self, articles: list[Article], settings: Settings, run: RunInfo) -> PrefectFuture[ExtractedBatch]:
        # not `_as_is`: Dask turns a `quote` (a NamedTuple) into a plain tuple on its way to a
        # worker, and walking one batch's articles for futures costs microseconds
        future: PrefectFuture[ExtractedBatch] = self.runner.submit(
            extract_task, {"articles": articles, "settings": settings, "run": run}
        )
        return future


def prefect_steps(runner: TaskRunner[Any]) -> Steps:
    """The pipeline's steps as Prefect tasks, extraction submitted to `runner`."""
    return Steps(
        discover=_discover,
        plan=_plan,
        read=_read,
        # a plain call too: it decides from the manifest (the one writer's state) in milliseconds,
        # and a task would have Prefect walk the batch it was given
        triage=triage,
        extract=_Submit(runner),
        # committing is the output's one writer's job: it stays in the flow, a plain call, and a
        # failure (a full disk) ends the run with one line instead of a task's traceback
        commit=commit_batch,
    )


@flow(name="quoteflow", log_prints=False)
def quoteflow_flow(
    source: str,
    out: str = "data",
    batch_size: int | None = None,
    spacy_model: str | None = None,
    lock_wait_seconds: float | None = None,
    prune: bool = False,
    reextract: bool = False,
    workers: int | None = None,
    task_runner: str | None = None,
    dask_address: str | None = None,
    fields: list[str] | None = None,
    retry_rejects: bool = False,
    speaker_model: str | None = None,
) -> RunSummary | State[Any]:
    """Extract people, organizations and quotes from the articles under `source` into `out`.

    A problem the user must fix (a damaged output, say) ends the run Failed with that one
    line as its message, and no traceback. `workers` batches are extracted at once, on the
    task runner `task_runner_for` chooses (worker processes, or a Dask cluster)."""
    settings = Settings.with_overrides(
        batch_size=batch_size,
        spacy_model=spacy_model,
        lock_wait_seconds=lock_wait_seconds,
        workers=workers,
        task_runner=task_runner,
        dask_address=dask_address,
        fields=fields,
        speaker_model=speaker_model,
    )
    try:
        with task_runner_for(settings) as runner:
            summary = pipeline.run(
                source,
                out,
                settings,
                run_id=str(flow_run.id or uuid.uuid4()),
                steps=prefect_steps(runner),
                log=get_run_logger(),
                prune=prune,
                reextract=reextract,
                retry_rejects=retry_rejects,
            )
    except QuoteflowError as exc:
        get_run_logger().error("%s", exc)
        return Failed(message=str(exc))
    create_markdown_artifact(
        key="quoteflow-run-summary",
        markdown=summary_markdown(summary),
        description=f"quoteflow: {summary.input_outcomes().line('input')}",
    )
    return summary


def task_runner_for(settings: Settings) -> TaskRunner[Any]:
    """Where extraction batches run: in the flow's process (one worker), on worker processes
    that each load the model once, or on a Dask cluster (an existing one, or a local one)."""
    if settings.task_runner == "dask":
        from prefect_dask.task_runners import DaskTaskRunner

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": settings.workers, "threads_per_worker": 1})
    if settings.workers > 1:
        return ProcessPoolTaskRunner(
            max_workers=settings.workers, initializer=preload_pipeline, initargs=(settings.spacy_model,)
        )
    return ThreadPoolTaskRunner(max_workers=1)


def preload_pipeline(name: str) -> None:
    """Run once in each worker process, before its first batch: load the spaCy pipeline."""
    from .extraction.parse import load_pipeline

    load_pipeline(name)


def summary_markdown(s: RunSummary) -> str:
    """The run artifact: inputs and records by outcome, rows per table, what was skipped or
    rejected, duration; the same lines, in the same words, as the command line's summary."""
    rows = "\n".join(f"| {name} | {s.rows.get(name, 0):,} |" for name in TABLE_NAMES)
    head = f"**{s.message}**\n\n" if s.message else ""
    lines = s.outcome_lines() + s.skipped_lines() + s.rejected_lines()
    return (
        f"# quoteflow run `{s.run_id}`\n\n{head}"
        f"Source `{s.source}` → output `{s.out}` (snapshot {s.snapshot}), {s.seconds:.1f} s, "
        f"{plural(s.batches, 'batch', 'batches')}.\n\n"
        + "".join(f"- {line}\n" for line in lines)
        + f"\n| table | rows written |\n|---|---|\n{rows}\n\n"
        + "".join(f"_{d}._ " for d in DEFINITIONS)
        + "\n"
    )
