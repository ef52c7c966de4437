"""The run's steps as plain, typed functions; `flow.py` wires them into Prefect tasks.

plan_inputs   what is new, changed or unchanged since the last run (from the manifest)
read_batch    read and decode a batch of inputs (transient I/O errors raise, for a retry)
extract_batch parse a batch with spaCy and extract its tables
validate      (validate.validate_batch) pandera and cross-table checks
commit        (store.DatasetStore.commit) one atomic snapshot per batch
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from spacy.language import Language

from .extract import extract
from .nlp import parse
from .settings import Settings
from .sources import Article, InputFile, Rejection, TransientReadError, read_input
from .store import NEW_PART, ManifestEntry
from quoteflow.schemas import TABLES

from .tables import RunInfo, TableRows, article_rows, rejection_rows, to_arrow
from .validate import ValidatedBatch, failures, frame_of, validate_batch


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
        docs = parse(
            nlp,
            [a.text for _, a in fresh],
            batch_size=settings.nlp_batch_size,
            n_process=settings.n_process,
            max_chunk_chars=settings.parse_chunk_chars,
        )
        for (_, art), doc in zip(fresh, docs):
            rows.extend(article_rows(art, extract(doc), run))
    rows.rows["rejects"].extend(rejection_rows(rejections, run))
    return ExtractedBatch(rows, entries, replaced, new_count, changed_count, dup_count)


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
