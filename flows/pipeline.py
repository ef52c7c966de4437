"""A run as plain, typed functions: its steps, in one list, and the loop that calls them.

    discover   list the inputs under SOURCE                                (discover_inputs)
    plan       what is new, changed or unchanged, from the manifest alone  (plan_inputs)
    read       read and decode a batch (transient I/O errors raise, for a retry)   (read_inputs)
    triage     what of the batch to extract, reject or record as a copy     (batch.triage)
    extract    parse, extract and validate a batch: texts in, tables out   (extract_here)
    commit     one atomic commit per batch                                  (batch.commit_batch)
    vacuum     once, at the end: versions replaced longer ago than the retention deleted  (vacuum_output)
    run        the loop over batches, under the output's lock, with progress logs

`Steps` lists them in that order and `PLAIN_STEPS` holds these functions; `run` takes a
`Steps`: the flow passes the same functions wrapped as Prefect tasks (`flow.prefect_steps`:
extraction submitted to the flow's task runner, so it may run in worker processes) and
tests, or any other scheduler, pass the plain ones.

    summary = run("incoming/", "data", Settings(batch_size=50))
    summary.new, summary.rows["quotes"]     # -> (12, 57)

What is counted, and how, is defined once: `counts.py` (the words), `tally.py` (each input
and record once), `summary.py` (the lines printed).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, Protocol, TypeVar

import numpy as np

from . import __version__
from .batch import (
    BatchCommit,
    ExtractedBatch,
    Triage,
    commit_batch,
    commit_deduped,
    extract_batch,
    split_triage,
    stored_sha256,
    triage,
)
from .batching import batch_size_for, batches
from .conflicts import commit_replanning
from .corpus.commit_step import corpus_step
from .counts import QUOTATION_COLUMNS, plural, quotation_count
from .dataset.manifest import NEW_PART, Manifest, ManifestEntry
from .dataset.reader import open_dataset
from .dataset.store import Store, open_store
from .dataset.versions import VacuumReport
from .errors import StoreLocked
from .extraction.version import extraction_version
from .progress import BatchDone, Planned, emit
from .records import Article, InputFile, Rejection, RunInfo
from .reextract import keep_failures, reextraction_plan, stale_articles
from .retry import RETRY_ALL_FAILURES, RetryPolicy
from .rows.rejects import rejects_table
from .runlog import RunLog
from .schemas.vocab import ManifestStatus, RejectStage, Table
from .settings import Settings
from .sources.discover import Listing, discover
from .sources.formats.base import FieldMap
from .sources.inputs import Inputs, by_source
from .sources.read import ReadBatch, read_batch
from .summary import RunSummary
from .tally import Tally
from .unchanged import unchanged_inputs

LOG = logging.getLogger("quoteflow")
Logger = logging.Logger | logging.LoggerAdapter[logging.Logger]

T = TypeVar("T", covariant=True)


@dataclass(frozen=True)
class Plan:
    to_read: list[InputFile]  # new, changed (size or mtime differ), or to retry
    unchanged: Sequence[InputFile]  # a folder's: `Inputs` columns


class Pending(Protocol, Generic[T]):
    """A result that may still be computing (a Prefect future, or `Done`)."""

    def result(self) -> T: ...


@dataclass(frozen=True)
class Done(Generic[T]):
    """A result computed already: what the plain steps return where the flow submits."""

    value: T

    def result(self) -> T:
        return self.value


# The steps, in the order a run calls them: `Steps` below lists them, `PLAIN_STEPS` holds these
# functions, `flow.prefect_steps` wraps the same functions as Prefect tasks.


def discover_inputs(source: str) -> Listing:
    """Step 1: the inputs under `source`, those rejected while listing, the files skipped."""
    return discover(source)  # looked up per call, so a test can patch it


def plan_inputs(
    inputs: Sequence[InputFile], manifest: Mapping[str, ManifestEntry], retry: RetryPolicy = RETRY_ALL_FAILURES
) -> Plan:
    """Step 2: split inputs by the manifest's size, mtime (and, for objects, ETag): unchanged
    ones are not even read.

    An input whose outcome `retry` does not take as settled (a transient error, a failure
    under another extraction) is read again though unchanged; so is a feed or archive with
    such a record. The listed inputs are compared with the manifest as Arrow columns, one
    join for the whole listing (a million inputs in a second), not an entry at a time."""
    if isinstance(manifest, Manifest):
        same = unchanged_inputs(inputs, manifest, retry, _record_to_retry)
    else:
        same = [_unchanged_one(f, manifest.get(f.source), manifest, retry) for f in inputs]
    if isinstance(inputs, Inputs):  # a folder's listing: the unchanged stay columns, never objects
        keep = np.array(same, dtype=bool)
        unchanged = inputs if keep.all() else inputs.where(keep)  # a run with nothing to do copies nothing
        return Plan(to_read=list(inputs.where(~keep)), unchanged=unchanged)
    return Plan(
        to_read=[f for f, u in zip(inputs, same, strict=True) if not u],
        unchanged=[f for f, u in zip(inputs, same, strict=True) if u],
    )


def _unchanged_one(
    f: InputFile, e: ManifestEntry | None, manifest: Mapping[str, ManifestEntry], retry: RetryPolicy
) -> bool:
    return (
        e is not None
        and retry.settled(e)
        and (e.size, e.mtime_ns, e.etag) == (f.size, f.mtime_ns, f.etag)
        and not _record_to_retry(manifest, f.source, retry)
    )


def _record_to_retry(manifest: Mapping[str, ManifestEntry], source: str, retry: RetryPolicy) -> bool:
    if not isinstance(manifest, Manifest):
        return False
    return not all(retry.settled(manifest[r]) for r in manifest.records_of(source))


def read_inputs(
    files: list[InputFile], stored: dict[str, str], max_bytes: int, fields: FieldMap, final_attempt: bool = True
) -> ReadBatch:
    """Step 3: read and decode a batch; with `final_attempt`, a transient I/O error becomes a
    rejection (the flow's task retries first, and says which attempt is the last)."""
    return read_batch(files, stored, max_bytes, final_attempt=final_attempt, fields=fields)


# Step 4 is `batch.triage`: from the manifest, what to extract, reject or record as a copy.


def extract_here(articles: list[Article], settings: Settings, run_info: RunInfo) -> Done[ExtractedBatch]:
    """Step 5, in this process: parse, extract and validate (`batch.extract_batch`)."""
    return Done(extract_batch(articles, settings, run_info))


# Step 6 is `batch.commit_batch`: one atomic commit.


def vacuum_output(store: Store) -> VacuumReport:
    """Step 7, once the batches are committed: delete the versions replaced longer ago than the
    retention (`Store.vacuum`), so the output stays bounded; commits themselves delete nothing."""
    return store.vacuum()


@dataclass(frozen=True)
class Steps:
    """The steps `run` calls, in the order it calls them; the flow passes Prefect tasks with
    the same signatures (`flow.prefect_steps`)."""

    discover: Callable[[str], Listing]
    plan: Callable[[Sequence[InputFile], Manifest, RetryPolicy], Plan]
    read: Callable[[list[InputFile], dict[str, str], int, FieldMap], ReadBatch]
    triage: Callable[[ReadBatch, Manifest, RunInfo], Triage]
    extract: Callable[[list[Article], Settings, RunInfo], Pending[ExtractedBatch]]
    commit: Callable[[Store, Triage, ExtractedBatch, RunInfo], BatchCommit]
    vacuum: Callable[[Store], VacuumReport] = vacuum_output


PLAIN_STEPS = Steps(
    discover=discover_inputs,
    plan=plan_inputs,
    read=read_inputs,
    triage=triage,
    extract=extract_here,
    commit=commit_batch,
    vacuum=vacuum_output,
)


@dataclass
class _Run:
    """What one run carries from batch to batch."""

    store: Store
    settings: Settings
    summary: RunSummary
    steps: Steps
    log: Logger
    tally: Tally
    runlog: RunLog


def run(
    source: str,
    out: str,
    settings: Settings,
    *,
    run_id: str | None = None,
    steps: Steps = PLAIN_STEPS,
    log: Logger | None = None,
    prune: bool = False,
    reextract: bool = False,
    retry_rejects: bool = False,
) -> RunSummary:
    """Process what is new or changed under `source` into `out`, one atomic commit per batch.

    `prune` first removes, in one commit, the rows of inputs that are no longer under `source`
    (deleted inputs keep their rows otherwise). `reextract` then extracts again, from their
    stored text, the articles extracted by another version of the rules or model.
    `retry_rejects` reads again every input that ended in `rejects` (retry.RetryPolicy)."""
    log = log or LOG
    started = time.monotonic()
    summary = RunSummary(run_id=run_id or str(uuid.uuid4()), source=source, out=out)
    store = open_store(out, settings.snapshot_retention_seconds, run_id=summary.run_id, derive=corpus_step)
    ctx = _Run(store, settings, summary, steps, log, Tally(), RunLog(out, summary.run_id))
    try:
        with store.lock(settings.lock_wait_seconds):
            _run_locked(ctx, prune, _retry_policy(settings, retry_rejects))
            if reextract:
                _reextract(ctx)
            log.info("%s", steps.vacuum(store).line())
    except StoreLocked as exc:
        summary.status = "stood_down"
        if summary.batches:  # a conflict at a later commit: the batches before it stand
            done = f"after committing {plural(summary.batches, 'batch', 'batches')}; the next run does the rest"
        else:
            done = "and wrote nothing (QUOTEFLOW_LOCK_WAIT_SECONDS waits instead)"
        summary.message = f"{exc}; this run stood down {done}"
        log.warning(summary.message)
    finally:
        summary.set_inputs(*ctx.tally.totals())
    summary.seconds = round(time.monotonic() - started, 2)
    return summary


def _retry_policy(settings: Settings, retry_rejects: bool) -> RetryPolicy:
    from .extraction.package import model_label

    return RetryPolicy(extraction_version(model_label(settings.spacy_model), settings.speaker_model), retry_rejects)


def _run_locked(ctx: _Run, prune: bool, retry: RetryPolicy) -> None:
    summary, settings, steps, log, store = ctx.summary, ctx.settings, ctx.steps, ctx.log, ctx.store
    run_info = RunInfo(summary.run_id, datetime.now(UTC), __version__)
    inputs, discover_rejects, skipped = steps.discover(summary.source)
    manifest = store.manifest()
    plan = steps.plan(inputs, manifest, retry)
    summary.skipped_files = dict(skipped)
    for line in summary.skipped_lines():
        log.info("%s", line)
    ctx.tally.not_read(len(plan.unchanged))
    # inputs rejected while listing are committed like a batch, unless already on record
    pending = [
        r for r in discover_rejects if r.source not in manifest or manifest[r.source].status != ManifestStatus.REJECTED
    ]
    ctx.tally.not_read(len(discover_rejects) - len(pending))
    todo = plan.to_read
    log.info(
        "%s under %s: %d to read, %d unchanged since the last run, %d rejected while listing",
        plural(len(inputs) + len(discover_rejects), "input"), summary.source, len(todo), len(plan.unchanged),
        len(discover_rejects),
    )  # fmt: skip
    listed = by_source(inputs)
    unread: set[str] | None = None  # the sources of plan.unchanged, made when copies must be read again

    def read_again(sources: frozenset[str]) -> list[InputFile]:
        nonlocal unread
        files = [f for f in _inputs_of(sources, listed, store.manifest()) if f not in todo]
        if files:
            unread = unread if unread is not None else {f.source for f in plan.unchanged}
            ctx.tally.read_again(sum(1 for f in files if f.source in unread))
            unread -= {f.source for f in files}
        return files

    if prune:
        todo = todo + read_again(_prune(store, manifest, inputs, discover_rejects, summary, log))
    if pending:
        todo = todo + read_again(_commit_listing_rejects(ctx, pending, run_info, manifest))
    manifest = store.manifest()
    size = batch_size_for(len(todo), settings.batch_size, settings.workers)
    queue = deque(batches(todo, size, settings.batch_bytes))
    emit(Planned(inputs=len(inputs) + len(discover_rejects), to_read=len(todo), batches=len(queue)))
    # up to `workers` batches are extracted at once; they are committed one at a time, in order
    inflight: deque[tuple[Triage, Pending[ExtractedBatch], float]] = deque()
    # pieces of a batch read but not yet extracted: a feed of many records is extracted and
    # committed `batch_size` articles at a time, each piece submitted as a batch would be
    ready: deque[tuple[Triage, float]] = deque()
    planned_on: dict[int, Manifest] = {}  # piece (`id`) -> the manifest it was planned against
    k = 0
    while queue or ready or inflight:
        while (queue or ready) and len(inflight) < settings.workers:
            if not ready:
                files = queue.popleft()
                t0 = time.monotonic()
                stored = stored_sha256(manifest, files, retry)
                read = steps.read(files, stored, settings.max_input_bytes, settings.field_map())
                pieces = split_triage(steps.triage(read, manifest, run_info), settings.batch_size)
                planned_on.update((id(piece), manifest) for piece in pieces)
                ready.extend((piece, t0) for piece in pieces)
            piece, t0 = ready.popleft()
            inflight.append((piece, steps.extract(piece.to_extract, settings, run_info), t0))
        plan_k, pending_batch, t0 = inflight.popleft()
        k += 1
        # on object storage another run may commit first: a batch planned against a state it
        # replaced, or that loses its version to it, is planned again (conflicts.py)
        stale = store.manifest() is not planned_on.pop(id(plan_k))  # a store's commits update its own
        done = commit_replanning(lambda p, e: steps.commit(store, p, e, run_info), store.manifest,
                                 plan_k, pending_batch.result(), retry, stale=stale)  # fmt: skip
        ctx.tally.not_read(done.done)
        if done.message:  # each said as it happens; the summary repeats the first
            summary.message = summary.message or done.message
            log.warning("%s", done.message)
        manifest = store.manifest()
        if done.result is None:  # another run committed all of it
            continue
        plan_k, extracted, result = done.plan, done.extracted, done.result
        _done(ctx, k, k + len(inflight) + len(ready) + len(queue), plan_k, extracted, result, t0)
        # copies of a text its holder gave up take it over, in this run
        again = read_again(result.orphans)
        if again:
            log.info("%s of texts their holders gave up read again", plural(len(again), "copy", "copies"))
            todo = todo + again
            queue.extend(batches(again, settings.batch_size, settings.batch_bytes))
    if not todo and not pending:
        log.info("nothing new under %s: no rows written", summary.source)


def _reextract(ctx: _Run) -> None:
    """Extract again, batch by batch, the stored articles of another extraction version."""
    from .extraction.package import model_label

    summary, settings, store = ctx.summary, ctx.settings, ctx.store
    data = open_dataset(summary.out)
    manifest = store.manifest()
    current = extraction_version(model_label(settings.spacy_model), settings.speaker_model)
    stale = stale_articles(data, manifest, current)
    ctx.log.info("%s extracted by another version: extracting them again", plural(len(stale), "stored article"))
    run_info = RunInfo(summary.run_id, datetime.now(UTC), __version__)
    total = -(-len(stale) // settings.batch_size)
    for k in range(0, len(stale), settings.batch_size):
        t0 = time.monotonic()
        # read from the version this batch replaces: the one pinned above may be gone, deleted by
        # a vacuum (on object storage one need not wait for this run) once past the retention
        data = open_dataset(summary.out) if k else data
        plan = reextraction_plan(data, stale[k : k + settings.batch_size], manifest, run_info)
        extracted = ctx.steps.extract(plan.to_extract, settings, run_info).result()
        _log_failures(ctx, extracted, ROWS_KEPT)
        plan, extracted = keep_failures(plan, extracted)
        result = ctx.steps.commit(store, plan, extracted, run_info)
        manifest = store.manifest()
        summary.reextracted += len(plan.to_extract)
        _done(ctx, k // settings.batch_size + 1, total, plan, extracted, result, t0, "re-extraction")


def _done(
    ctx: _Run,
    number: int,
    total: int,
    plan: Triage,
    extracted: ExtractedBatch,
    result: BatchCommit,
    started: float,
    stage: str = "batch",
) -> None:
    """A batch committed: counted once, its failures logged in one line each, its progress said."""
    summary = ctx.summary
    counts = ctx.tally.batch(plan, extracted, result)
    summary.batches += 1
    for what, n in plan.skipped.items():
        summary.skipped_records[what] = summary.skipped_records.get(what, 0) + n
    for what, n in plan.warnings.items():
        summary.warned_records[what] = summary.warned_records.get(what, 0) + n
    quotes = extracted.tables.get(Table.QUOTES)
    quotations = quotation_count(quotes.select(QUOTATION_COLUMNS).to_pylist()) if quotes is not None else 0
    summary.quotations += quotations
    summary.validation_failures += sum(r.stage == RejectStage.VALIDATE for r in extracted.rejections)
    for name, n in result.rows.items():
        summary.rows[name] = summary.rows.get(name, 0) + n
    summary.snapshot = result.snapshot
    if extracted.worker and extracted.worker not in summary.workers:
        summary.workers.append(extracted.worker)
    _log_failures(ctx, extracted)
    done = BatchDone(
        number, total, counts.inputs, counts.records, result.rows[Table.ARTICLES], quotations,
        result.rows[Table.PEOPLE], result.rows[Table.ORGANIZATIONS], counts.rejected, time.monotonic() - started,
        stage,
    )  # fmt: skip
    ctx.log.info("%s", done.line())
    emit(done)


#: what becomes of an input whose extraction failed, said with the failure
IN_REJECTS = "kept in rejects, tried again once the extraction changes or with --retry-rejects"
ROWS_KEPT = "its stored rows kept; --reextract tries it again under the next extraction"


def _log_failures(ctx: _Run, extracted: ExtractedBatch, after: str = IN_REJECTS) -> None:
    """One line per failed article, naming the file that holds its traceback: the log of a
    scheduled run (the terminal of `quoteflow serve`, a server's flow-run page) gets no
    traceback; `quoteflow run --verbose` prints the file at the end."""
    for r in extracted.rejections:
        if r.details is None:
            continue
        ctx.summary.failed.append(r.source)
        where = ctx.runlog.add(r.source, r.details)
        if where is None:  # kept with the summary instead: `quoteflow run --verbose` prints them
            ctx.summary.unlogged.append(f"--- {r.source}\n{r.details}")
            where = f"no file ({ctx.runlog.problem}): --verbose prints it"
        else:
            ctx.summary.log_file = where
        ctx.log.warning(
            "%s: %s failed (a quoteflow bug; %s); traceback in %s", r.source, r.stage, after, where,
        )  # fmt: skip


def _inputs_of(sources: frozenset[str], listed: Mapping[str, InputFile], manifest: Manifest) -> list[InputFile]:
    """The listed inputs to read again for these sources: a file itself, a record's container."""
    out: dict[str, InputFile] = {}
    for s in sorted(sources):
        e = manifest.get(s)
        name = e.container if e is not None and e.container else s
        if name in listed:
            out.setdefault(name, listed[name])
    return list(out.values())


def _prune(
    store: Store,
    manifest: Manifest,
    inputs: Sequence[InputFile],
    discover_rejects: list[Rejection],
    summary: RunSummary,
    log: Logger,
) -> frozenset[str]:
    """Remove, in one commit, the rows of inputs no longer under SOURCE; returns the copies
    of texts they held, to be read again. Inputs under a folder that could not be listed
    are not gone: they are kept."""
    present = {f.source for f in inputs} | {r.source for r in discover_rejects}
    unlisted = tuple(r.source for r in discover_rejects if r.source.endswith("/"))
    if "/" in unlisted:  # SOURCE itself could not be listed: nothing is known to be gone
        log.warning("SOURCE could not be listed: nothing pruned")
        return frozenset()
    # a record of a feed or archive still under SOURCE is kept, even if it left the feed:
    # only the records of a container that is gone are pruned with it
    gone = sorted(
        s for s, e in manifest.items() if s not in present and e.container not in present and not s.startswith(unlisted)
    )
    if not gone:
        return frozenset()
    result = commit_deduped(store, {}, [], gone)
    summary.pruned = len(gone)
    summary.snapshot = result.snapshot
    log.info("pruned %s no longer under %s: their rows are removed", plural(len(gone), "input"), summary.source)
    return result.orphans


def _commit_listing_rejects(
    ctx: _Run, rejects: list[Rejection], run_info: RunInfo, manifest: Manifest
) -> frozenset[str]:
    """Commit the inputs rejected while listing; returns the copies of texts they gave up."""
    entries = [
        ManifestEntry(
            r.source, ManifestStatus.REJECTED, None, None, 0, 0, NEW_PART, run_info.run_id, run_info.ingested_at
        )
        for r in rejects
    ]
    replaced = {r.source for r in rejects if r.source in manifest}
    result = commit_deduped(ctx.store, {Table.REJECTS: rejects_table(rejects, run_info)}, entries, replaced)
    ctx.tally.listed([r.source for r in rejects], ["changed" if r.source in manifest else "new" for r in rejects])
    ctx.summary.rows[Table.REJECTS] = ctx.summary.rows.get(Table.REJECTS, 0) + result.rows[Table.REJECTS]
    ctx.summary.snapshot = result.snapshot
    return result.orphans
