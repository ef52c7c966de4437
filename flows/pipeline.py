"""A run as plain, typed functions; `flow.py` passes the same steps as Prefect tasks.

    discover   list the inputs under SOURCE                                (sources.discover)
    plan       what is new, changed or unchanged, from the manifest alone  (plan_inputs)
    read       read and decode a batch (transient I/O errors raise, for a retry)   (sources.read)
    extract    parse, extract and validate a batch: texts in, tables out   (batch.extract_batch)
    commit     one atomic commit per batch                                  (batch.commit_batch)
    run        the loop over batches, under the output's lock, with progress logs

`run` takes its steps as arguments: the flow passes Prefect tasks (extraction submitted
to the flow's task runner, so it may run in worker processes) and tests, or any other
scheduler, pass the plain functions.

    summary = run("incoming/", "data", Settings(batch_size=50))
    summary.new, summary.rows["quotes"]     # -> (12, 57)
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, TypeVar

from . import __version__
from .batch import ExtractedBatch, Triage, commit_batch, extract_batch, stored_sha256, triage
from .dataset.commit import CommitResult
from .dataset.manifest import NEW_PART, Manifest, ManifestEntry
from .dataset.reader import open_dataset
from .dataset.rows import rejection_rows, to_arrow
from .dataset.store import Store, open_store
from .errors import StoreLocked
from .extraction.version import extraction_version
from .progress import BatchDone, Planned, emit
from .records import Article, InputFile, Rejection, RunInfo
from .reextract import reextraction_plan, stale_articles
from .schemas.vocab import ManifestStatus, RejectStage, Table
from .settings import Settings
from .sources.discover import Listing, discover
from .sources.formats.base import FieldMap
from .sources.read import ReadBatch, read_batch, warning_lines

LOG = logging.getLogger("quoteflow")
Logger = logging.Logger | logging.LoggerAdapter[logging.Logger]

T = TypeVar("T", covariant=True)


@dataclass(frozen=True)
class Plan:
    to_read: list[InputFile]  # new, changed (size or mtime differ), or to retry
    unchanged: list[InputFile]


def plan_inputs(inputs: Sequence[InputFile], manifest: Mapping[str, ManifestEntry]) -> Plan:
    """Split inputs by the manifest's size, mtime (and, for objects, ETag): unchanged ones are not even read.

    A feed or archive with a record to retry (its extraction failed, or a repair lost its
    rows) is read again, though unchanged."""
    to_read, unchanged = [], []
    for f in inputs:
        e = manifest.get(f.source)
        if (
            e is not None
            and e.status != ManifestStatus.RETRY
            and (e.size, e.mtime_ns, e.etag) == (f.size, f.mtime_ns, f.etag)
            and not _record_to_retry(manifest, f.source)
        ):
            unchanged.append(f)
        else:
            to_read.append(f)
    return Plan(to_read=to_read, unchanged=unchanged)


def _record_to_retry(manifest: Mapping[str, ManifestEntry], source: str) -> bool:
    if not isinstance(manifest, Manifest):
        return False
    return any(manifest[r].status == ManifestStatus.RETRY for r in manifest.records_of(source))


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
    pruned: int = 0  # inputs gone from SOURCE whose rows `--prune` removed
    reextracted: int = 0  # stored articles extracted again by `--reextract`
    workers: list[str] = field(default_factory=list)  # host:pid of every process that extracted
    skipped_files: dict[str, int] = field(default_factory=dict)  # files of unsupported types under SOURCE
    skipped_records: dict[str, int] = field(default_factory=dict)  # parts of feeds/archives that are no articles
    warned_records: dict[str, int] = field(default_factory=dict)  # records kept without what could not be read

    def skipped_lines(self) -> list[str]:
        """What the run passed over, or kept without what it could not read, one line each:
        "skipped 14 files of unsupported types: .pdf 9, .docx 5"."""
        lines = []
        if self.skipped_files:
            n = sum(self.skipped_files.values())
            kinds = ", ".join(f"{kind} {count}" for kind, count in self.skipped_files.items())
            lines.append(f"skipped {n} file{'s' if n != 1 else ''} of unsupported types: {kinds}")
        for what, count in self.skipped_records.items():
            lines.append(f"skipped {count} × {what}")
        return lines + warning_lines(self.warned_records)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Pending(Protocol, Generic[T]):
    """A result that may still be computing (a Prefect future, or `Done`)."""

    def result(self) -> T: ...


@dataclass(frozen=True)
class Done(Generic[T]):
    """A result computed already: what the plain steps return where the flow submits."""

    value: T

    def result(self) -> T:
        return self.value


@dataclass(frozen=True)
class Steps:
    """The steps `run` calls; the flow passes Prefect tasks with the same signatures."""

    discover: Callable[[str], Listing]
    plan: Callable[[list[InputFile], Manifest], Plan]
    read: Callable[[list[InputFile], dict[str, str], int, FieldMap], ReadBatch]
    extract: Callable[[list[Article], Settings, RunInfo], Pending[ExtractedBatch]]
    commit: Callable[[Store, Triage, ExtractedBatch, RunInfo], CommitResult]


PLAIN_STEPS = Steps(
    discover=lambda source: discover(source),  # looked up per call, so a test can patch it
    plan=plan_inputs,
    read=lambda files, stored, max_bytes, fields: read_batch(
        files, stored, max_bytes, final_attempt=True, fields=fields
    ),
    extract=lambda articles, settings, run_info: Done(extract_batch(articles, settings, run_info)),
    commit=commit_batch,
)


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
) -> RunSummary:
    """Process what is new or changed under `source` into `out`, one atomic commit per batch.

    `prune` first removes, in one commit, the rows of inputs that are no longer under `source`
    (deleted inputs keep their rows otherwise). `reextract` then extracts again, from their
    stored text, the articles extracted by another version of the rules or model."""
    log = log or LOG
    started = time.monotonic()
    summary = RunSummary(run_id=run_id or str(uuid.uuid4()), source=source, out=out)
    store = open_store(out, retention_seconds=settings.snapshot_retention_seconds)
    try:
        with store.lock(settings.lock_wait_seconds):
            _run_locked(store, settings, summary, steps, log, prune)
            if reextract:
                _reextract(store, settings, summary, steps, log)
    except StoreLocked as exc:
        summary.status = "stood_down"
        if summary.batches:  # a conflict at a later commit: the batches before it stand
            done = f"after committing {summary.batches} batches; the next run does the rest"
        else:
            done = "and wrote nothing (QUOTEFLOW_LOCK_WAIT_SECONDS waits instead)"
        summary.message = f"{exc}; this run stood down {done}"
        log.warning(summary.message)
    summary.seconds = round(time.monotonic() - started, 2)
    return summary


def _run_locked(store: Store, settings: Settings, summary: RunSummary, steps: Steps, log: Logger, prune: bool) -> None:
    run_info = RunInfo(summary.run_id, datetime.now(UTC), __version__)
    inputs, discover_rejects, skipped = steps.discover(summary.source)
    manifest = store.manifest()
    plan = steps.plan(inputs, manifest)
    summary.inputs = len(inputs) + len(discover_rejects)
    summary.skipped_files = dict(skipped)
    for line in summary.skipped_lines():
        log.info("%s", line)
    summary.unchanged = len(plan.unchanged)
    # inputs rejected while listing are committed like a batch, unless already on record
    pending = [
        r for r in discover_rejects if r.source not in manifest or manifest[r.source].status != ManifestStatus.REJECTED
    ]
    todo = plan.to_read
    log.info(
        "%d inputs under %s: %d to read, %d unchanged since the last run, %d rejected while listing",
        summary.inputs, summary.source, len(todo), len(plan.unchanged), len(discover_rejects),
    )  # fmt: skip
    listed = {f.source: f for f in inputs}
    if prune:
        orphans = _prune(store, manifest, inputs, discover_rejects, summary, log)
        manifest = store.manifest()
        todo = todo + [f for f in _inputs_of(orphans, listed, manifest) if f not in todo]
    if pending:
        orphans = _commit_listing_rejects(store, pending, run_info, manifest, summary)
        manifest = store.manifest()
        todo = todo + [f for f in _inputs_of(orphans, listed, manifest) if f not in todo]
    size = batch_size_for(len(todo), settings.batch_size, settings.workers)
    queue = deque(batches(todo, size, settings.batch_bytes))
    emit(Planned(inputs=summary.inputs, to_read=len(todo), batches=len(queue)))
    # up to `workers` batches are extracted at once; they are committed one at a time, in order
    inflight: deque[tuple[list[InputFile], Triage, Pending[ExtractedBatch], float]] = deque()
    k = 0
    while queue or inflight:
        while queue and len(inflight) < settings.workers:
            files = queue.popleft()
            t0 = time.monotonic()
            read = steps.read(files, stored_sha256(manifest, files), settings.max_input_bytes, settings.field_map())
            plan_k = triage(read, manifest, run_info)
            inflight.append((files, plan_k, steps.extract(plan_k.to_extract, settings, run_info), t0))
        files, plan_k, pending_batch, t0 = inflight.popleft()
        k += 1
        extracted = pending_batch.result()
        result = steps.commit(store, plan_k, extracted, run_info)
        manifest = store.manifest()
        _count(summary, plan_k, extracted, result)
        done = BatchDone(
            k, k + len(inflight) + len(queue), len(files), result.rows[Table.ARTICLES], result.rows[Table.QUOTES],
            result.rows[Table.PEOPLE], result.rows[Table.ORGANIZATIONS], result.rows[Table.REJECTS],
            time.monotonic() - t0,
        )  # fmt: skip
        log.info("%s", done.line())
        emit(done)
        # copies of a text its holder gave up take it over, in this run
        again = _inputs_of(result.orphans, listed, manifest)
        if again:
            log.info("%d copies of texts their holders gave up are read again", len(again))
            queue.extend(batches(again, settings.batch_size, settings.batch_bytes))
    if not todo and not pending:
        log.info("nothing new under %s: no rows written", summary.source)


def _reextract(store: Store, settings: Settings, summary: RunSummary, steps: Steps, log: Logger) -> None:
    """Extract again, batch by batch, the stored articles of another extraction version."""
    from .extraction.package import model_label

    data = open_dataset(summary.out)
    manifest = store.manifest()
    current = extraction_version(model_label(settings.spacy_model))
    stale = stale_articles(data, manifest, current)
    log.info("%d stored articles were extracted by another version; extracting them again", len(stale))
    run_info = RunInfo(summary.run_id, datetime.now(UTC), __version__)
    for k in range(0, len(stale), settings.batch_size):
        t0 = time.monotonic()
        plan = reextraction_plan(data, stale[k : k + settings.batch_size], manifest, run_info)
        extracted = steps.extract(plan.to_extract, settings, run_info).result()
        result = steps.commit(store, plan, extracted, run_info)
        manifest = store.manifest()
        _count(summary, plan, extracted, result)
        summary.reextracted += len(plan.to_extract)
        done = BatchDone(
            k // settings.batch_size + 1, -(-len(stale) // settings.batch_size), len(plan.to_extract),
            result.rows[Table.ARTICLES], result.rows[Table.QUOTES], result.rows[Table.PEOPLE],
            result.rows[Table.ORGANIZATIONS], result.rows[Table.REJECTS], time.monotonic() - t0, "re-extraction",
        )  # fmt: skip
        log.info("%s", done.line())
        emit(done)


def _inputs_of(sources: frozenset[str], listed: Mapping[str, InputFile], manifest: Manifest) -> list[InputFile]:
    """The listed inputs to read again for these sources: a file itself, a record's container."""
    out: dict[str, InputFile] = {}
    for s in sorted(sources):
        e = manifest.get(s)
        name = e.container if e is not None and e.container else s
        if name in listed:
            out.setdefault(name, listed[name])
    return list(out.values())


#: with several workers, batches no smaller than this (a commit per batch costs ~50 ms)
MIN_PARALLEL_BATCH = 10


def batch_size_for(n: int, batch_size: int, workers: int) -> int:
    """The batch size for `n` inputs: `batch_size`, or with several workers small enough
    that each gets at least two batches, so that none idles while another finishes a large
    last one (300 inputs on 2 workers: 4 batches of 75, not 200 then 100)."""
    if workers <= 1:
        return batch_size
    return min(batch_size, max(MIN_PARALLEL_BATCH, -(-n // (2 * workers))))


def batches(items: Sequence[InputFile], size: int, max_bytes: int) -> Iterator[list[InputFile]]:
    """Consecutive inputs, at most `size` of them and about `max_bytes` (a larger input alone)."""
    batch: list[InputFile] = []
    total = 0
    for f in items:
        if batch and (len(batch) >= size or total + f.size > max_bytes):
            yield batch
            batch, total = [], 0
        batch.append(f)
        total += f.size
    if batch:
        yield batch


def _count(summary: RunSummary, plan: Triage, extracted: ExtractedBatch, result: CommitResult) -> None:
    summary.batches += 1
    summary.inputs += plan.records - plan.containers  # a feed read counts as its records
    for what, n in plan.skipped.items():
        summary.skipped_records[what] = summary.skipped_records.get(what, 0) + n
    for what, n in plan.warnings.items():
        summary.warned_records[what] = summary.warned_records.get(what, 0) + n
    summary.new += plan.new
    summary.changed += plan.changed
    summary.unchanged += plan.unchanged
    summary.duplicates += len(result.duplicates)
    summary.rejected += (
        len(plan.rejections) + len(extracted.failed_sources) + len(extracted.rejected_articles) + len(result.duplicates)
    )
    summary.validation_failures += sum(r.stage == RejectStage.VALIDATE for r in extracted.rejections)
    for name, n in result.rows.items():
        summary.rows[name] = summary.rows.get(name, 0) + n
    summary.snapshot = result.snapshot
    if extracted.worker and extracted.worker not in summary.workers:
        summary.workers.append(extracted.worker)


def _prune(
    store: Store,
    manifest: Manifest,
    inputs: list[InputFile],
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
    result = store.commit({}, [], gone)
    summary.pruned = len(gone)
    summary.snapshot = result.snapshot
    log.info("pruned %d inputs no longer under %s: their rows are removed", len(gone), summary.source)
    return result.orphans


def _commit_listing_rejects(
    store: Store, rejects: list[Rejection], run_info: RunInfo, manifest: Manifest, summary: RunSummary
) -> frozenset[str]:
    """Commit the inputs rejected while listing; returns the copies of texts they gave up."""
    entries = [
        ManifestEntry(
            r.source, ManifestStatus.REJECTED, None, None, 0, 0, NEW_PART, run_info.run_id, run_info.ingested_at
        )
        for r in rejects
    ]
    replaced = {r.source for r in rejects if r.source in manifest}
    result = store.commit(
        {Table.REJECTS: to_arrow(Table.REJECTS, rejection_rows(rejects, run_info))}, entries, replaced
    )
    summary.rejected += len(rejects)
    summary.rows[Table.REJECTS] = summary.rows.get(Table.REJECTS, 0) + result.rows[Table.REJECTS]
    summary.snapshot = result.snapshot
    return result.orphans
