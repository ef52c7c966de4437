"""Bringing a dataset up to the current extraction: stored articles extracted again.

Every `articles` row records the extraction version its rows were made with (the rules'
digest and the spaCy model, `extraction.version`). `quoteflow run --reextract` takes the
articles of another version, in batches, from the stored `articles.text` (so inputs since
deleted from SOURCE are brought up to date too), extracts them again and commits each
batch atomically, replacing only those articles' rows. Each batch reads the committed
version it replaces, opened anew: a long re-extraction outlives the snapshot retention, and
its own commits clean up the version it started from.

    stale = stale_articles(open_dataset(out), manifest, current)   # [(article_id, source), …]
    plan = reextraction_plan(open_dataset(out), stale[:200], manifest, run)   # per batch
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pyarrow.compute as pc

from .batch import ExtractedBatch, Triage
from .dataset.manifest import NEW_PART, Manifest
from .dataset.reader import Dataset
from .records import Article, RunInfo
from .schemas.vocab import InputFormat, ManifestStatus, Table


def stale_articles(data: Dataset, manifest: Manifest, current: str) -> list[tuple[str, str]]:
    """(article_id, source) of the stored articles extracted by another version, in source order.

    Only an article still held by its input in the manifest is taken (a row left from an
    input since replaced is not the input's any more)."""
    table = data[Table.ARTICLES].to_table(columns=["article_id", "source", "extraction_version"])
    stale = []
    for aid, source, version in zip(*(table.column(c).to_pylist() for c in table.column_names), strict=True):
        entry = manifest.get(source)
        held = entry is not None and entry.status == ManifestStatus.ARTICLE and entry.article_id == aid
        if held and version != current:
            stale.append((aid, source))
    return sorted(stale, key=lambda pair: pair[1])


def reextraction_plan(data: Dataset, stale: Sequence[tuple[str, str]], manifest: Manifest, run: RunInfo) -> Triage:
    """A batch of stored articles to extract again, as a `Triage` the commit understands."""
    ids = [aid for aid, _ in stale]
    rows = data[Table.ARTICLES].to_table(filter=pc.field("article_id").isin(ids)).to_pylist()
    articles = sorted(
        (
            Article(
                r["source"],
                r["text"],
                r["encoding"],
                r["content_sha256"],
                r["title"],
                r["published_at"],
                url=r["url"],
                outlet=r["outlet"],
                authors=tuple(r["authors"] or ()),
                format=r["format"] or InputFormat.TEXT,  # rows before schema version 3 were all text
            )
            for r in rows
        ),
        key=lambda a: a.source,
    )
    entries = [
        replace(manifest[a.source], part=NEW_PART, run_id=run.run_id, processed_at=run.ingested_at) for a in articles
    ]
    sources = frozenset(a.source for a in articles)
    return Triage(articles, entries, [], sources)


def keep_failures(plan: Triage, extracted: ExtractedBatch) -> tuple[Triage, ExtractedBatch]:
    """The batch without the articles whose extraction raised (a quoteflow bug): they keep their
    stored rows and entry, for their text may be nowhere else (its input deleted from SOURCE),
    and the next extraction version tries them again."""
    failed = extracted.failed_sources
    if not failed:
        return plan, extracted
    kept = replace(plan, entries=[e for e in plan.entries if e.source not in failed], replaced=plan.replaced - failed)
    rejections = [r for r in extracted.rejections if r.source not in failed]
    return kept, replace(extracted, rejections=rejections, failed_sources=frozenset())
