"""The Prefect flow: the plain steps of `pipeline` as tasks, one task per batch and step.

discover -> plan -> for each batch: read -> extract -> validate -> commit -> summary artifact

Tasks take whole batches (an article costs ~100 ms to parse, a task a few ms), use
no result cache (their inputs are large and live only for this run), and pass big
arguments through `quote` so Prefect does not walk them looking for futures.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run, task_run
from prefect.utilities.annotations import quote

from . import __version__
from .nlp import load_pipeline, pipeline_label
from .pipeline import (
    ExtractedBatch,
    Plan,
    ReadBatch,
    batches,
    existing_articles,
    extract_batch,
    now_utc,
    plan_inputs,
    read_batch,
    validate,
)
from .settings import Settings
from .sources import InputFile, Rejection, TransientReadError, discover
from .store import NEW_PART, CommitResult, DatasetStore, ManifestEntry, StoreLocked
from .tables import RunInfo, rejection_rows, to_arrow
from .validate import ValidatedBatch

READ_RETRIES = 3


@dataclass
class RunSummary:
    run_id: str
    source: str
    out: str
    status: str = "completed"  # completed | stood_down
    message: str = ""
    inputs: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: int = 0
    duplicates: int = 0
    validation_failures: int = 0
    batches: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    snapshot: int | None = None
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


def _is_transient(task, task_run_, state) -> bool:
    try:
        state.result()
    except TransientReadError:
        return True
    except Exception:
        return False
    return False


@task(name="discover-inputs", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1)
def discover_task(source: str) -> tuple[list[InputFile], list[Rejection]]:
    return discover(Path(source))


@task(name="plan", cache_policy=NO_CACHE)
def plan_task(store: DatasetStore, inputs: list[InputFile]) -> Plan:
    return plan_inputs(inputs, store.manifest())


@task(
    name="read-batch",
    cache_policy=NO_CACHE,
    retries=READ_RETRIES,
    retry_delay_seconds=[1, 2, 4],
    retry_condition_fn=_is_transient,
)
def read_task(files: list[InputFile], known: dict[str, ManifestEntry], max_bytes: int) -> ReadBatch:
    final = (task_run.run_count or 1) > READ_RETRIES
    return read_batch(files, known, max_bytes, final_attempt=final)


@task(name="extract-batch", cache_policy=NO_CACHE)
def extract_task(
    batch: ReadBatch, known: dict[str, ManifestEntry], existing: dict[str, str], settings: Settings, run: RunInfo
) -> ExtractedBatch:
    return extract_batch(batch, known, existing, load_pipeline(settings.spacy_model), settings, run)


@task(name="validate-batch", cache_policy=NO_CACHE)
def validate_task(extracted: ExtractedBatch, run: RunInfo) -> ValidatedBatch:
    return validate(extracted, run)


@task(name="commit-batch", cache_policy=NO_CACHE)
def commit_task(store: DatasetStore, validated: ValidatedBatch, extracted: ExtractedBatch) -> CommitResult:
    return store.commit(validated.tables, extracted.entries, extracted.replaced_sources)


@flow(name="quoteflow", log_prints=False)
def quoteflow_flow(
    source: str,
    out: str = "data",
    batch_size: int | None = None,
    spacy_model: str | None = None,
    lock_wait_seconds: float | None = None,
) -> RunSummary:
    """Extract people, organizations and quotes from the articles under `source` into `out`."""
    logger = get_run_logger()
    started = time.monotonic()
    overrides = {
        k: v
        for k, v in {"batch_size": batch_size, "spacy_model": spacy_model, "lock_wait_seconds": lock_wait_seconds}.items()
        if v is not None
    }
    settings = Settings(**overrides)
    run_id = str(flow_run.id or uuid.uuid4())
    summary = RunSummary(run_id=run_id, source=source, out=out)
    store = DatasetStore(out, retention_seconds=settings.snapshot_retention_seconds)
    try:
        with store.lock(settings.lock_wait_seconds):
            _run(store, settings, summary, logger)
    except StoreLocked as exc:
        summary.status = "stood_down"
        summary.message = f"{exc}; this run stood down and wrote nothing (QUOTEFLOW_LOCK_WAIT_SECONDS waits instead)"
        logger.warning(summary.message)
    summary.seconds = round(time.monotonic() - started, 2)
    _publish_artifact(summary)
    return summary


def _run(store: DatasetStore, settings: Settings, summary: RunSummary, logger) -> None:
    nlp = load_pipeline(settings.spacy_model)
    run = RunInfo(summary.run_id, now_utc(), __version__, pipeline_label(nlp))
    inputs, discover_rejects = discover_task(summary.source)
    plan = plan_task(store, quote(inputs))
    summary.inputs = len(inputs) + len(discover_rejects)
    summary.unchanged = len(plan.unchanged)
    # inputs rejected while listing are committed like any batch, unless nothing changed
    pending_rejects = [r for r in discover_rejects if r.source not in plan.known or plan.known[r.source].status != "rejected"]
    todo = plan.to_read
    n_batches = max(1, -(-len(todo) // settings.batch_size)) if todo else 0
    logger.info(
        "%d inputs under %s: %d to read, %d unchanged since the last run, %d rejected while listing",
        summary.inputs, summary.source, len(todo), len(plan.unchanged), len(discover_rejects),
    )
    if pending_rejects:
        _commit_listing_rejects(store, pending_rejects, run, plan, summary)
    known = plan.known
    for k, files in enumerate(batches(todo, settings.batch_size), start=1):
        t0 = time.monotonic()
        read = read_task(quote(list(files)), quote(known), settings.max_input_bytes)
        extracted = extract_task(quote(read), quote(known), quote(existing_articles(known)), settings, run)
        validated = validate_task(quote(extracted), run)
        result = commit_task(store, quote(validated), quote(extracted))
        known = store.manifest()
        summary.batches += 1
        summary.new += extracted.new_sources
        summary.changed += extracted.changed_sources
        summary.unchanged += len(read.unchanged)
        summary.duplicates += extracted.duplicates
        summary.rejected += len(read.rejections) + len(read.transient) + extracted.duplicates + len(validated.rejected_articles)
        summary.validation_failures += len(validated.rejections)
        for name, n in result.rows.items():
            summary.rows[name] = summary.rows.get(name, 0) + n
        summary.snapshot = result.snapshot
        logger.info(
            "batch %d/%d: %d inputs, %d articles, %d quotes, %d people, %d organizations, %d rejected (%.1f s)",
            k, n_batches, len(files), result.rows["articles"], result.rows["quotes"], result.rows["people"],
            result.rows["organizations"], result.rows["rejects"], time.monotonic() - t0,
        )
    if not todo and not pending_rejects:
        logger.info("nothing new under %s: no rows written", summary.source)


def _commit_listing_rejects(store: DatasetStore, rejects: list[Rejection], run: RunInfo, plan: Plan, summary: RunSummary) -> None:
    entries = [
        ManifestEntry(r.source, "rejected", None, None, 0, 0, NEW_PART, run.run_id, run.ingested_at) for r in rejects
    ]
    replaced = {r.source for r in rejects if r.source in plan.known}
    result = store.commit({"rejects": to_arrow("rejects", rejection_rows(rejects, run))}, entries, replaced)
    summary.rejected += len(rejects)
    summary.rows["rejects"] = summary.rows.get("rejects", 0) + result.rows["rejects"]
    summary.snapshot = result.snapshot


def summary_markdown(s: RunSummary) -> str:
    rows = "\n".join(f"| {name} | {s.rows.get(name, 0)} |" for name in ("articles", "people", "organizations", "quotes", "mentions", "rejects"))
    head = f"**{s.message}**\n\n" if s.message else ""
    return (
        f"# quoteflow run `{s.run_id}`\n\n{head}"
        f"Source `{s.source}` → output `{s.out}` (snapshot {s.snapshot}), {s.seconds:.1f} s, {s.batches} batch(es).\n\n"
        f"| inputs | new | changed | unchanged | rejected | duplicates | validation failures |\n"
        f"|---|---|---|---|---|---|---|\n"
        f"| {s.inputs} | {s.new} | {s.changed} | {s.unchanged} | {s.rejected} | {s.duplicates} | {s.validation_failures} |\n\n"
        f"| table | rows written |\n|---|---|\n{rows}\n"
    )


def _publish_artifact(summary: RunSummary) -> None:
    create_markdown_artifact(
        key="quoteflow-run-summary",
        markdown=summary_markdown(summary),
        description=f"quoteflow: {summary.new} new, {summary.changed} changed, {summary.rejected} rejected inputs",
    )
