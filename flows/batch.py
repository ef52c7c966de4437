"""One batch of inputs, from read files to what a commit needs, as plain typed functions.

    read = read_batch(files, stored_sha256(manifest), max_bytes, final_attempt=True)   # sources.read
    plan = triage(read, manifest, run)            # flow process: new / changed / duplicate, from the manifest
    done = extract_batch(plan.to_extract, settings, run)   # anywhere: parse, extract, validate (texts in, tables out)
    result = commit_batch(store, plan, done, run)  # flow process: duplicates settled, one atomic commit

`extract_batch` needs only texts and settings, so it runs on a worker process or
another machine; the other steps read or write the output and stay with its one writer.
No step changes what it is given.
"""

from __future__ import annotations

import os
import socket
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import pyarrow as pa

from .dataset.commit import CommitResult
from .dataset.manifest import NEW_PART, Manifest, ManifestEntry
from .dataset.store import Store
from .records import Article, InputFile, Rejection, RunInfo
from .retry import RETRY_ALL_FAILURES, RetryPolicy
from .rows.dedupe import owned_tables, settle
from .rows.rejects import rejects_table
from .schemas.vocab import ManifestStatus, RejectStage, Table
from .settings import Settings
from .sources.read import ReadBatch, stale_line_rejects


def stored_sha256(
    manifest: Manifest, files: Sequence[InputFile], retry: RetryPolicy = RETRY_ALL_FAILURES
) -> dict[str, str]:
    """source -> hash of the text on record, for the inputs of a batch (and the records of its
    feeds and archives) whose outcome is settled: a stored article, a rejection or failure
    `retry` does not try again. Such an input read with the same text writes nothing (an
    unchanged bad record, a touched file that failed under this extraction)."""
    out = {}
    for f in files:
        for source in (f.source, *manifest.records_of(f.source)):
            e = manifest.get(source)
            if e is None or not e.content_sha256 or not retry.settled(e):
                continue
            # a rejected file is read whole again (its reject row may name what changed); a
            # rejected record of a feed that is read for another record's sake is not
            if e.status in (ManifestStatus.ARTICLE, ManifestStatus.FAILED) or (
                e.status == ManifestStatus.REJECTED and e.container
            ):
                out[source] = e.content_sha256
    return out


#: what became of an input (or record) a batch read, before extraction: counts.Outcomes' names
Outcome = Literal["new", "changed", "retried", "unchanged"]


@dataclass(frozen=True)
class Triage:
    """A read batch sorted by what the manifest says of each input."""

    to_extract: list[Article]  # new or changed texts, in source order, each text once
    entries: list[ManifestEntry]  # one per input; NEW_PART stands for the files this commit writes
    rejections: list[Rejection]  # unreadable, undecodable, or I/O errors left after retries
    replaced: frozenset[str]  # inputs whose earlier rows this commit replaces
    outcomes: dict[str, Outcome] = field(default_factory=dict)  # every input and record this batch read
    records: frozenset[str] = frozenset()  # which of them are records of a feed or archive
    skipped: dict[str, int] = field(default_factory=dict)  # parts of containers that are not articles
    warnings: dict[str, int] = field(default_factory=dict)  # what articles written could not keep, by kind


def triage(read: ReadBatch, manifest: Manifest, run: RunInfo) -> Triage:
    """Decide, from the manifest alone, what to extract, what to reject and what each input becomes.

    A text held by an input outside the batch is not extracted again, nor is a text met
    earlier in the batch; whether a copy is a duplicate is settled just before the commit
    (`rows.dedupe`, by `commit_deduped`), where batches cannot race.
    """
    batch_sources = {f.source for f, _ in read.articles}

    # keys whose rows go without a row of their own: a line rejected (read mid-write) now known
    # by its record's id, a key an earlier version gave the text this reading stores under its
    # new key (`#L7` for the id "L7", now `#id:L7`), a rejected line that is no longer one
    # (`sources.read.stale_line_rejects`). Another record's article keeps its rows when that
    # record leaves the feed, as any record leaving does.
    def rejected(source: str) -> bool:
        return manifest[source].status == ManifestStatus.REJECTED

    texts = {art.content_sha256 for _, art in read.articles}
    stale = {s for s in read.superseded if s in manifest and (rejected(s) or manifest[s].content_sha256 in texts)}
    stale |= stale_line_rejects(read, manifest.records_of, rejected)
    met: set[str] = set()  # texts met earlier in the batch

    def held(article_id: str) -> bool:
        """Is the text held already: met earlier in the batch, or by an input outside it (a lookup)?"""
        if article_id in met:
            return True
        holder = manifest.holder(article_id)
        return holder is not None and holder not in batch_sources and holder not in stale

    to_extract: list[Article] = []
    entries: list[ManifestEntry] = []
    rejections: list[Rejection] = []
    replaced: set[str] = set(stale)
    outcomes: dict[str, Outcome] = {}

    def entry(f: InputFile, status: ManifestStatus, sha: str | None = None, aid: str | None = None) -> ManifestEntry:
        part = None if status == ManifestStatus.CONTAINER else NEW_PART
        return ManifestEntry(
            f.source, status, sha, aid, f.size, f.mtime_ns, part, run.run_id, run.ingested_at, f.etag, f.container
        )

    def outcome(f: InputFile, sha: str | None) -> Outcome:
        before = manifest.get(f.source)
        if before is None:
            return "new"
        same = before.content_sha256 == sha if sha else (before.size, before.mtime_ns) == (f.size, f.mtime_ns)
        return "retried" if same else "changed"

    for f, art in read.articles:
        outcomes[f.source] = outcome(f, art.content_sha256)
        if f.source in manifest:
            replaced.add(f.source)
        if held(art.article_id):
            entries.append(entry(f, ManifestStatus.DUPLICATE, art.content_sha256, art.article_id))
            continue
        met.add(art.article_id)
        to_extract.append(art)
        entries.append(entry(f, ManifestStatus.ARTICLE, art.content_sha256, art.article_id))
    for status, failed in ((ManifestStatus.REJECTED, read.rejections), (ManifestStatus.RETRY, read.transient)):
        for f, rej in failed:
            outcomes[f.source] = outcome(f, rej.content_sha256)
            if f.source in manifest:
                replaced.add(f.source)
            rejections.append(rej)
            entries.append(entry(f, status, rej.content_sha256))
    for f in read.unchanged:
        outcomes[f.source] = "unchanged"
        if f.container is None:  # an unchanged record of a container keeps its entry as it is
            entries.append(replace(manifest[f.source], size=f.size, mtime_ns=f.mtime_ns, etag=f.etag))
    for f in read.containers:
        outcomes[f.source] = outcome(f, None)
        if f.source in manifest and manifest[f.source].status != ManifestStatus.CONTAINER:
            replaced.add(f.source)  # rejected before (unreadable): its rejects row goes
        entries.append(entry(f, ManifestStatus.CONTAINER))
    records = {f.source for f, _ in [*read.articles, *read.rejections, *read.transient] if f.container is not None}
    records |= {f.source for f in read.unchanged if f.container is not None}
    return Triage(
        to_extract,
        entries,
        rejections,
        frozenset(replaced),
        outcomes=outcomes,
        records=frozenset(records),
        skipped=dict(read.skipped),
        warnings=dict(read.warnings),
    )


def split_triage(plan: Triage, size: int) -> list[Triage]:
    """The batch as commits of at most `size` articles each (`--batch-size`), so that a feed or
    archive of many records is extracted and committed in pieces too.

    Each piece but the last holds `size` articles and only their entries; the last holds the
    rest: rejections, copies, unchanged inputs and the feeds' and archives' own entries. A
    container's entry is thus committed after all its records: a run stopped between pieces
    reads the container again, and finds the records committed so far unchanged."""
    if len(plan.to_extract) <= size:
        return [plan]
    pieces = []
    for k in range(0, len(plan.to_extract) - size, size):
        articles = plan.to_extract[k : k + size]
        sources = {a.source for a in articles}
        pieces.append(
            Triage(
                articles,
                [e for e in plan.entries if e.source in sources],
                [],
                frozenset(s for s in plan.replaced if s in sources),
                outcomes={s: o for s, o in plan.outcomes.items() if s in sources},
                records=frozenset(s for s in plan.records if s in sources),
            )
        )
    done = {s for p in pieces for s in p.outcomes}
    pieces.append(
        Triage(
            plan.to_extract[len(pieces) * size :],
            [e for e in plan.entries if e.source not in done],
            plan.rejections,
            frozenset(s for s in plan.replaced if s not in done),
            outcomes={s: o for s, o in plan.outcomes.items() if s not in done},
            records=frozenset(s for s in plan.records if s not in done),
            skipped=plan.skipped,
            warnings=plan.warnings,
        )
    )
    return pieces


@dataclass(frozen=True)
class ExtractedBatch:
    """The validated tables of a batch's articles, and what did not make it."""

    tables: dict[str, pa.Table]  # every table but `rejects`
    rejections: list[Rejection] = field(default_factory=list)  # parse, extract and validate failures
    failed_sources: frozenset[str] = frozenset()  # parse or extraction raised: a quoteflow bug
    rejected_articles: frozenset[str] = frozenset()  # article ids whose `articles` row failed validation
    worker: str = ""  # host:pid of the process that did the work
    extraction_version: str | None = None  # the rules and model that judged these articles


def extract_batch(articles: Sequence[Article], settings: Settings, run: RunInfo) -> ExtractedBatch:
    """Parse, extract and validate a batch of articles (loads the spaCy pipeline once per process).

    Articles are parsed and extracted one after the other, so one parsed article is held
    at a time. A parse or extraction error costs only its article (rejected, and tried again
    on the next run)."""
    # spaCy, the rules and pandera are imported here, where they are used: a run with nothing
    # to extract (and the flow process of a run whose extraction runs on workers) never loads them
    from .extraction.extract import extract
    from .extraction.language import off_language
    from .extraction.parse import load_pipeline, parse_each, pipeline_label
    from .extraction.version import extraction_version
    from .rows.build import TableRows, article_rows
    from .rows.validate import validate_batch

    rows = TableRows()
    rejections: list[Rejection] = []
    foreign: list[Rejection] = []  # not failures: rejected until the input or the extraction changes
    version = None
    if articles:
        nlp = load_pipeline(settings.spacy_model)
        label = pipeline_label(nlp)
        version = extraction_version(label, settings.speaker_model)
        kept = []
        for art in articles:  # an article in another language is rejected, not mangled by the rules
            reason = off_language(art.text, str(nlp.lang), nlp.Defaults.stop_words)
            if reason is None:
                kept.append(replace(art, language=str(nlp.lang)))
                continue
            foreign.append(
                Rejection(art.source, RejectStage.LANGUAGE, reason, art.article_id, content_sha256=art.content_sha256)
            )
        articles = kept
        docs = parse_each(
            nlp,
            [a.text for a in articles],
            batch_chars=settings.parse_batch_chars,
            chunk_chars=settings.parse_chunk_chars,
        )
        for art, doc in zip(articles, docs, strict=True):
            if isinstance(doc, Exception):
                rejections.append(_failed(art, RejectStage.PARSE, doc))
                continue
            try:
                rows.extend(article_rows(art, extract(doc, settings.speaker_model), run, label))
            except Exception as exc:  # a bug on one article must not cost the batch its other articles
                rejections.append(_failed(art, RejectStage.EXTRACT, exc))
    validated = validate_batch(rows, {a.article_id: a.source for a in articles})
    return ExtractedBatch(
        tables=validated.tables,
        rejections=rejections + foreign + validated.rejections,
        failed_sources=frozenset(r.source for r in rejections),
        rejected_articles=frozenset(validated.rejected_articles) | {r.article_id for r in foreign if r.article_id},
        worker=f"{socket.gethostname()}:{os.getpid()}",
        extraction_version=version,
    )


def _failed(article: Article, stage: RejectStage, exc: BaseException) -> Rejection:
    """A parse or extraction error as a rejection; its traceback travels with it to the flow's
    process (this may be a worker), which writes it to the run's log (`runlog`)."""
    message = str(exc)
    message = message if len(message) <= 200 else message[:199] + "…"
    return Rejection(
        article.source,
        stage,
        f"{stage} failed ({type(exc).__name__}: {message}); a quoteflow bug, please report it. "
        "It is tried again once quoteflow's extraction (rules or spaCy model) changes, "
        "or with `quoteflow run --retry-rejects`.",
        article_id=article.article_id,
        content_sha256=article.content_sha256,
        details="".join(traceback.format_exception(exc)),
    )


def final_entries(plan: Triage, extracted: ExtractedBatch) -> list[ManifestEntry]:
    """The manifest entries a commit records: an input whose extraction failed has failed
    (tried again under another extraction); one whose `articles` row failed validation, or
    that is not in the pipeline's language, is rejected. Each records the extraction that
    judged it."""
    out = []
    for e in plan.entries:
        if e.source in extracted.failed_sources:
            e = replace(e, status=ManifestStatus.FAILED, extraction_version=extracted.extraction_version)
        elif e.status == ManifestStatus.ARTICLE and e.article_id in extracted.rejected_articles:
            e = replace(e, status=ManifestStatus.REJECTED, extraction_version=extracted.extraction_version)
        elif e.status == ManifestStatus.ARTICLE and extracted.extraction_version:
            e = replace(e, extraction_version=extracted.extraction_version)
        out.append(e)
    return out


@dataclass
class BatchCommit(CommitResult):
    """A batch committed, and what settling its duplicates decided."""

    duplicates: dict[str, str] = field(default_factory=dict)  # copy -> input that holds its text
    orphans: frozenset[str] = frozenset()  # copies whose text nobody holds any more: read them again


def commit_deduped(
    store: Store, tables: Mapping[str, pa.Table], entries: Iterable[ManifestEntry], replaced: Iterable[str] = ()
) -> BatchCommit:
    """One atomic commit of `tables`, its duplicates settled first against the committed manifest.

    The caller holds the output's lock, so the manifest read here is the state the commit
    builds on (on an object store a concurrent commit is caught by the store's compare-and-swap
    and the batch is settled again). The store receives finished tables: only the rows of texts
    the batch holds, and a `rejects` row per copy (`rows.dedupe`)."""
    replaced = set(replaced)
    settled = settle(store.manifest(), entries, removed=replaced)
    result = store.commit(owned_tables(tables, settled), settled.entries, replaced, retry=settled.orphans)
    return BatchCommit(result.snapshot, result.rows, result.files, settled.duplicates, settled.orphans)


def commit_batch(store: Store, plan: Triage, extracted: ExtractedBatch, run: RunInfo) -> BatchCommit:
    """One atomic commit: the batch's tables and rejects, its manifest entries, its replacements."""
    tables: Mapping[str, pa.Table] = {
        **extracted.tables,
        Table.REJECTS: rejects_table([*plan.rejections, *extracted.rejections], run),
    }
    return commit_deduped(store, tables, final_entries(plan, extracted), plan.replaced)
