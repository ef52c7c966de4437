"""A run as plain, typed functions; `flow.py` wraps the steps as Prefect tasks.

discover      list the inputs under SOURCE (sources.discover)
plan_inputs   what is new, changed or unchanged since the last run (from the manifest)
read_batch    read and decode a batch of inputs (transient I/O errors raise, for a retry)
extract_batch parse a batch with spaCy and extract its tables
validate      pandera and cross-table checks; failing rows go to rejects
commit        one atomic commit per batch (store)
run           the loop over batches, under the output's lock, with progress logs

`run` takes its steps as arguments, so the flow passes Prefect tasks and tests (or any
other scheduler) pass the plain functions.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from quoteflow.schemas import TABLES
from spacy.language import Language

from . import __version__
from .extract import extract
from .nlp import load_pipeline, parse, pipeline_label
from .settings import Settings
from .sources import (
    Article,
    InputFile,
    Rejection,
    TransientReadError,
    discover,
    read_input,
)
from .store import NEW_PART, CommitResult, ManifestEntry, Store, StoreLocked, open_store
from .tables import RunInfo, TableRows, article_rows, rejection_rows, to_arrow
from .validate import ValidatedBatch, failures, frame_of, validate_batch

LOG = logging.getLogger("quoteflow")


@dataclass
class Plan:
    to_read: list[InputFile]  # new, changed (size or mtime differ), or to retry
    unchanged: list[InputFile]
    known: dict[str, ManifestEntry]


def plan_inputs(inputs: Sequence[InputFile], manifest: Mapping[str, ManifestEntry]) -> Plan:
    """Split inputs by the manifest's size and mtime: unchanged ones are not even read."""
    to_read, unchanged = [], []
    for f in inputs:
        e = manifest.get(f.source)
        if e is not None and e.status != "retry" and e.size == f.size and e.mtime_ns == f.mtime_ns:
            unchanged.append(f)
        else:
            to_read.append(f)
    # a changed article drags its duplicates along: they were rejected as copies of its old text
    changed_ids = {manifest[f.source].article_id for f in to_read if f.source in manifest}
    changed_ids.discard(None)
    if changed_ids:
        again = {s for s, e in manifest.items() if e.status == "duplicate" and e.article_id in changed_ids}
        moved = [f for f in unchanged if f.source in again]
        unchanged = [f for f in unchanged if f.source not in again]
        to_read.extend(moved)
    return Plan(to_read=to_read, unchanged=unchanged, known=dict(manifest))


@dataclass
class ReadBatch:
    articles: list[tuple[InputFile, Article]] = field(default_factory=list)
    rejections: list[tuple[InputFile, Rejection]] = field(default_factory=list)
    unchanged: list[tuple[InputFile, ManifestEntry]] = field(default_factory=list)  # touched, same text
    transient: list[tuple[InputFile, Rejection]] = field(default_factory=list)


def read_batch(files: Sequence[InputFile], known: Mapping[str, ManifestEntry], max_bytes: int, *, final_attempt: bool) -> ReadBatch:
    """Read every file; transient errors raise `TransientReadError` unless this is the final attempt."""
    out = ReadBatch()
    for f in files:
        try:
            result = read_input(f, max_bytes)
        except TransientReadError as exc:
            if not final_attempt:
                raise
            out.transient.append((f, Rejection(f.source, "read", f"I/O error persisted after retries: {exc.strerror}")))
            continue
        if isinstance(result, Rejection):
            out.rejections.append((f, result))
            continue
        prev = known.get(f.source)
        if prev is not None and prev.status == "article" and prev.content_sha256 == result.content_sha256:
            out.unchanged.append((f, prev))  # touched but not changed: no new rows
        else:
            out.articles.append((f, result))
    return out


@dataclass
class ExtractedBatch:
    rows: TableRows
    entries: list[ManifestEntry]
    replaced_sources: set[str]
    new_sources: int
    changed_sources: int
    duplicates: int
    failed: int = 0  # articles whose parse or extraction raised (rejected, retried next run)


def extract_batch(
    batch: ReadBatch,
    known: Mapping[str, ManifestEntry],
    existing_ids: Mapping[str, str],
    nlp: Language,
    settings: Settings,
    run: RunInfo,
) -> ExtractedBatch:
    """Parse and extract the batch's articles; duplicates of a known text become rejections.

    `existing_ids` maps article_id -> source for the articles already in the dataset.
    """
    rows = TableRows()
    entries: list[ManifestEntry] = []
    replaced: set[str] = set()
    rejections: list[Rejection] = []
    fresh: list[tuple[InputFile, Article]] = []
    seen = dict(existing_ids)
    new_count = changed_count = dup_count = 0

    def entry(f: InputFile, status: str, *, sha=None, aid=None) -> ManifestEntry:
        return ManifestEntry(f.source, status, sha, aid, f.size, f.mtime_ns, NEW_PART, run.run_id, run.ingested_at)

    for f, art in batch.articles:
        if f.source in known:
            replaced.add(f.source)
            changed_count += 1
        else:
            new_count += 1
        owner = seen.get(art.article_id)
        if owner is not None and owner != f.source:
            dup_count += 1
            rejections.append(
                Rejection(f.source, "dedupe", f"same text as {owner} (article_id {art.article_id}); stored once",
                          article_id=art.article_id, content_sha256=art.content_sha256)
            )
            entries.append(entry(f, "duplicate", sha=art.content_sha256, aid=art.article_id))
            continue
        seen[art.article_id] = f.source
        fresh.append((f, art))
        entries.append(entry(f, "article", sha=art.content_sha256, aid=art.article_id))

    for status, failed in (("rejected", batch.rejections), ("retry", batch.transient)):
        for f, rej in failed:
            if f.source in known:
                replaced.add(f.source)
            rejections.append(rej)
            entries.append(entry(f, status, sha=rej.content_sha256))
    for f, prev in batch.unchanged:
        entries.append(replace(prev, size=f.size, mtime_ns=f.mtime_ns))

    if fresh:
        docs = _parse_isolated(nlp, [a for _, a in fresh], settings, rejections)
        for (f, art), doc in zip(fresh, docs, strict=True):
            if doc is None:
                continue
            try:
                rows.extend(article_rows(art, extract(doc), run))
            except Exception as exc:  # a bug on one article must not cost the batch its other articles
                LOG.exception("extraction failed on %s", art.source)
                rejections.append(_failed(art, "extract", exc))
    failed = {r.source for r in rejections if r.stage in {"parse", "extract"}}
    entries[:] = [replace(e, status="retry") if e.source in failed else e for e in entries]
    rows.rows["rejects"].extend(rejection_rows(rejections, run))
    return ExtractedBatch(rows, entries, replaced, new_count, changed_count, dup_count, len(failed))


def _parse_isolated(nlp: Language, articles: list[Article], settings: Settings, rejections: list[Rejection]) -> list:
    """Parse in one batch; if that fails, article by article, so one bad text is rejected alone."""
    def run_parse(texts: list[str]):
        return parse(nlp, texts, batch_size=settings.nlp_batch_size, n_process=settings.n_process,
                     max_chunk_chars=settings.parse_chunk_chars)

    try:
        return run_parse([a.text for a in articles])
    except Exception:
        docs = []
        for art in articles:
            try:
                docs.append(run_parse([art.text])[0])
            except Exception as exc:
                LOG.exception("parsing failed on %s", art.source)
                rejections.append(_failed(art, "parse", exc))
                docs.append(None)
        return docs


def _failed(article: Article, stage: str, exc: Exception) -> Rejection:
    return Rejection(
        article.source,
        stage,
        f"{stage} failed ({type(exc).__name__}: {exc}); this is a quoteflow bug, please report it. "
        "The input will be tried again on the next run.",
        article_id=article.article_id,
        content_sha256=article.content_sha256,
    )


def validate(extracted: ExtractedBatch, run: RunInfo) -> ValidatedBatch:
    """pandera validation; an article whose `articles` row fails becomes a rejected input."""
    sources = {r["article_id"]: r["source"] for r in extracted.rows.rows["articles"]}
    validated = validate_batch(extracted.rows, sources)
    rejects = to_arrow("rejects", extracted.rows.rows["rejects"] + rejection_rows(validated.rejections, run))
    problems = failures(TABLES["rejects"].model, frame_of(rejects))
    if problems:  # the quarantine itself must be sound: this is a bug, not bad input
        raise ValueError(f"rejects table failed validation: {problems[0]}")
    validated.tables["rejects"] = rejects
    if validated.rejected_articles:
        extracted.entries[:] = [
            replace(e, status="rejected")
            if e.status == "article" and e.article_id in validated.rejected_articles
            else e
            for e in extracted.entries
        ]
    return validated


def batches(items: Sequence, size: int) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def existing_articles(manifest: Mapping[str, ManifestEntry]) -> dict[str, str]:
    return {e.article_id: s for s, e in manifest.items() if e.status == "article" and e.article_id}


def now_utc() -> datetime:
    return datetime.now(UTC)


# ------------------------------------------------------------------ run --

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


@dataclass(frozen=True)
class Steps:
    """The steps `run` calls; the flow passes Prefect tasks with the same signatures."""

    discover: Callable[[str], tuple[list[InputFile], list[Rejection]]]
    plan: Callable[[Store, list[InputFile]], Plan]
    read: Callable[[list[InputFile], dict[str, ManifestEntry], int], ReadBatch]
    extract: Callable[[ReadBatch, dict[str, ManifestEntry], dict[str, str], Settings, RunInfo], ExtractedBatch]
    validate: Callable[[ExtractedBatch, RunInfo], ValidatedBatch]
    commit: Callable[[Store, ValidatedBatch, ExtractedBatch], CommitResult]


def _read_plain(files: list[InputFile], known: dict[str, ManifestEntry], max_bytes: int) -> ReadBatch:
    return read_batch(files, known, max_bytes, final_attempt=True)


def _extract_plain(batch, known, existing, settings, run_info) -> ExtractedBatch:
    return extract_batch(batch, known, existing, load_pipeline(settings.spacy_model), settings, run_info)


def _commit_plain(store: Store, validated: ValidatedBatch, extracted: ExtractedBatch) -> CommitResult:
    return store.commit(validated.tables, extracted.entries, extracted.replaced_sources)


PLAIN_STEPS = Steps(
    discover=lambda source: discover(Path(source)),
    plan=lambda store, inputs: plan_inputs(inputs, store.manifest()),
    read=_read_plain,
    extract=_extract_plain,
    validate=validate,
    commit=_commit_plain,
)


def run(
    source: str,
    out: str,
    settings: Settings,
    *,
    run_id: str | None = None,
    steps: Steps = PLAIN_STEPS,
    log: logging.Logger | logging.LoggerAdapter | None = None,
) -> RunSummary:
    """Process what is new or changed under `source` into `out`, one atomic commit per batch."""
    log = log or LOG
    started = time.monotonic()
    summary = RunSummary(run_id=run_id or str(uuid.uuid4()), source=source, out=out)
    store = open_store(out, retention_seconds=settings.snapshot_retention_seconds)
    try:
        with store.lock(settings.lock_wait_seconds):
            _run_locked(store, settings, summary, steps, log)
    except StoreLocked as exc:
        summary.status = "stood_down"
        summary.message = f"{exc}; this run stood down and wrote nothing (QUOTEFLOW_LOCK_WAIT_SECONDS waits instead)"
        log.warning(summary.message)
    summary.seconds = round(time.monotonic() - started, 2)
    return summary


def _run_locked(store: Store, settings: Settings, summary: RunSummary, steps: Steps, log) -> None:
    nlp = load_pipeline(settings.spacy_model)
    run_info = RunInfo(summary.run_id, now_utc(), __version__, pipeline_label(nlp))
    inputs, discover_rejects = steps.discover(summary.source)
    plan = steps.plan(store, inputs)
    summary.inputs = len(inputs) + len(discover_rejects)
    summary.unchanged = len(plan.unchanged)
    # inputs rejected while listing are committed like a batch, unless already on record
    pending = [r for r in discover_rejects if r.source not in plan.known or plan.known[r.source].status != "rejected"]
    todo = plan.to_read
    n_batches = -(-len(todo) // settings.batch_size)
    log.info(
        "%d inputs under %s: %d to read, %d unchanged since the last run, %d rejected while listing",
        summary.inputs, summary.source, len(todo), len(plan.unchanged), len(discover_rejects),
    )
    if pending:
        _commit_listing_rejects(store, pending, run_info, plan, summary)
    known = plan.known
    for k, files in enumerate(batches(todo, settings.batch_size), start=1):
        t0 = time.monotonic()
        read = steps.read(list(files), known, settings.max_input_bytes)
        extracted = steps.extract(read, known, existing_articles(known), settings, run_info)
        validated = steps.validate(extracted, run_info)
        result = steps.commit(store, validated, extracted)
        known = store.manifest()
        _count(summary, read, extracted, validated, result)
        log.info(
            "batch %d/%d: %d inputs, %d articles, %d quotes, %d people, %d organizations, %d rejected (%.1f s)",
            k, n_batches, len(files), result.rows["articles"], result.rows["quotes"], result.rows["people"],
            result.rows["organizations"], result.rows["rejects"], time.monotonic() - t0,
        )
    if not todo and not pending:
        log.info("nothing new under %s: no rows written", summary.source)


def _count(summary: RunSummary, read: ReadBatch, extracted: ExtractedBatch, validated: ValidatedBatch, result: CommitResult) -> None:
    summary.batches += 1
    summary.new += extracted.new_sources
    summary.changed += extracted.changed_sources
    summary.unchanged += len(read.unchanged)
    summary.duplicates += extracted.duplicates
    summary.rejected += (
        len(read.rejections) + len(read.transient) + extracted.duplicates + extracted.failed + len(validated.rejected_articles)
    )
    summary.validation_failures += len(validated.rejections)
    for name, n in result.rows.items():
        summary.rows[name] = summary.rows.get(name, 0) + n
    summary.snapshot = result.snapshot


def _commit_listing_rejects(store: Store, rejects: list[Rejection], run_info: RunInfo, plan: Plan, summary: RunSummary) -> None:
    entries = [ManifestEntry(r.source, "rejected", None, None, 0, 0, NEW_PART, run_info.run_id, run_info.ingested_at) for r in rejects]
    replaced = {r.source for r in rejects if r.source in plan.known}
    result = store.commit({"rejects": to_arrow("rejects", rejection_rows(rejects, run_info))}, entries, replaced)
    summary.rejected += len(rejects)
    summary.rows["rejects"] = summary.rows.get("rejects", 0) + result.rows["rejects"]
    summary.snapshot = result.snapshot
