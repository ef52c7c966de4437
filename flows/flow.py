"""The Prefect flow: `pipeline.run` with each step as a Prefect task, plus a run artifact.

discover -> plan -> for each batch: read -> extract -> validate -> commit -> summary artifact

Tasks take whole batches (an article costs ~100 ms to parse, a task a few ms), use no
result cache (their inputs are large and live only for this run), and receive big
arguments through `quote` so Prefect does not walk them looking for futures. Reading
is retried on transient I/O errors only; the last attempt turns a persistent error into
a rejection instead of failing the run.
"""

from __future__ import annotations

import uuid

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run, task_run
from prefect.utilities.annotations import quote

from . import pipeline
from .pipeline import ExtractedBatch, Plan, ReadBatch, RunSummary, Steps
from .settings import Settings
from .sources import InputFile, Rejection, TransientReadError
from .store import CommitResult, ManifestEntry, Store
from .tables import RunInfo
from .validate import ValidatedBatch

READ_RETRIES = 3
TABLE_ORDER = ("articles", "people", "organizations", "quotes", "mentions", "rejects")


def _is_transient(task_, task_run_, state) -> bool:
    try:
        state.result()
    except TransientReadError:
        return True
    except Exception:
        return False
    return False


@task(name="discover-inputs", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1)
def discover_task(source: str) -> tuple[list[InputFile], list[Rejection]]:
    return pipeline.PLAIN_STEPS.discover(source)


@task(name="plan", cache_policy=NO_CACHE)
def plan_task(store: Store, inputs: list[InputFile]) -> Plan:
    return pipeline.PLAIN_STEPS.plan(store, inputs)


@task(
    name="read-batch",
    cache_policy=NO_CACHE,
    retries=READ_RETRIES,
    retry_delay_seconds=[1, 2, 4],
    retry_condition_fn=_is_transient,
)
def read_task(files: list[InputFile], known: dict[str, ManifestEntry], max_bytes: int) -> ReadBatch:
    final = (task_run.run_count or 1) > READ_RETRIES
    return pipeline.read_batch(files, known, max_bytes, final_attempt=final)


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_task(
    batch: ReadBatch, known: dict[str, ManifestEntry], existing: dict[str, str], settings: Settings, run: RunInfo
) -> ExtractedBatch:
    return pipeline.PLAIN_STEPS.extract(batch, known, existing, settings, run)


@task(name="validate-batch", cache_policy=NO_CACHE)
def validate_task(extracted: ExtractedBatch, run: RunInfo) -> ValidatedBatch:
    return pipeline.validate(extracted, run)


@task(name="commit-batch", cache_policy=NO_CACHE)
def commit_task(store: Store, validated: ValidatedBatch, extracted: ExtractedBatch) -> CommitResult:
    return pipeline.PLAIN_STEPS.commit(store, validated, extracted)


PREFECT_STEPS = Steps(
    discover=lambda source: discover_task(source),
    plan=lambda store, inputs: plan_task(store, quote(inputs)),
    read=lambda files, known, max_bytes: read_task(quote(files), quote(known), max_bytes),
    extract=lambda batch, known, existing, settings, run: extract_task(quote(batch), quote(known), quote(existing), settings, run),
    validate=lambda extracted, run: validate_task(quote(extracted), run),
    commit=lambda store, validated, extracted: commit_task(store, quote(validated), quote(extracted)),
)


@flow(name="quoteflow", log_prints=False)
def quoteflow_flow(
    source: str,
    out: str = "data",
    batch_size: int | None = None,
    spacy_model: str | None = None,
    lock_wait_seconds: float | None = None,
) -> RunSummary:
    """Extract people, organizations and quotes from the articles under `source` into `out`."""
    overrides = {"batch_size": batch_size, "spacy_model": spacy_model, "lock_wait_seconds": lock_wait_seconds}
    settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    summary = pipeline.run(
        source,
        out,
        settings,
        run_id=str(flow_run.id or uuid.uuid4()),
        steps=PREFECT_STEPS,
        log=get_run_logger(),
    )
    create_markdown_artifact(
        key="quoteflow-run-summary",
        markdown=summary_markdown(summary),
        description=f"quoteflow: {summary.new} new, {summary.changed} changed, {summary.rejected} rejected inputs",
    )
    return summary


def summary_markdown(s: RunSummary) -> str:
    """The run artifact: inputs by outcome, rows per table, validation failures, duration."""
    rows = "\n".join(f"| {name} | {s.rows.get(name, 0)} |" for name in TABLE_ORDER)
    head = f"**{s.message}**\n\n" if s.message else ""
    return (
        f"# quoteflow run `{s.run_id}`\n\n{head}"
        f"Source `{s.source}` → output `{s.out}` (snapshot {s.snapshot}), {s.seconds:.1f} s, {s.batches} batch(es).\n\n"
        "| inputs | new | changed | unchanged | rejected | duplicates | validation failures |\n"
        "|---|---|---|---|---|---|---|\n"
        f"| {s.inputs} | {s.new} | {s.changed} | {s.unchanged} | {s.rejected} | {s.duplicates} | {s.validation_failures} |\n\n"
        f"| table | rows written |\n|---|---|\n{rows}\n"
    )
