"""Rows of the five article tables (and rejects) from extractions, as pyarrow tables."""

from __future__ import annotations

import bisect
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime

import pyarrow as pa
from quoteflow.schemas import TABLES

from .entities import PERSON
from .extract import Extraction
from .sources import Article, Rejection
from .text import ParagraphIndex


@dataclass(frozen=True)
class RunInfo:
    """Provenance stamped on every article row."""

    run_id: str
    ingested_at: datetime
    pipeline_version: str
    spacy_model: str


@dataclass
class TableRows:
    """Rows per table for one batch, as plain dicts in the tables' column order."""

    rows: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in TABLES})

    def extend(self, other: TableRows) -> None:
        for name, rows in other.rows.items():
            self.rows[name].extend(rows)

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.rows.items()}

    def to_arrow(self) -> dict[str, pa.Table]:
        return {name: to_arrow(name, rows) for name, rows in self.rows.items()}


def to_arrow(table: str, rows: Sequence[dict]) -> pa.Table:
    schema = TABLES[table].arrow_schema
    return pa.Table.from_pylist(list(rows), schema=schema)


def quote_id(article_id: str, start: int, end: int, quote_type: str) -> str:
    digest = hashlib.sha256(f"{article_id}:{start}:{end}:{quote_type}".encode()).hexdigest()[:16]
    return f"q_{digest}"


def article_rows(article: Article, extraction: Extraction, run: RunInfo) -> TableRows:
    """The rows one article contributes to every table."""
    aid = article.article_id
    text = article.text
    out = TableRows()
    out.rows["articles"].append(
        {
            "article_id": aid,
            "source": article.source,
            "title": article.title,
            "published_at": article.published_at,
            "text": text,
            "char_count": len(text),
            "paragraph_count": max(1, len(extraction.paragraphs)),
            "sentence_count": len(extraction.sentence_starts),
            "content_sha256": article.content_sha256,
            "encoding": article.encoding,
            "run_id": run.run_id,
            "ingested_at": run.ingested_at,
            "pipeline_version": run.pipeline_version,
            "spacy_model": run.spacy_model,
        }
    )
    quote_counts: Counter[int] = Counter(id(q.speaker) for q in extraction.quotes if q.speaker is not None)
    for ent in extraction.entities:
        common = {
            "article_id": aid,
            "name": ent.name,
            "aliases": list(ent.aliases),
            "mention_count": len(ent.mentions),
            "quote_count": quote_counts.get(id(ent), 0),
            "first_char": ent.first_char,
        }
        if ent.kind == PERSON:
            out.rows["people"].append(
                {
                    "article_id": aid,
                    "person_id": ent.entity_id,
                    **{k: common[k] for k in ("name", "aliases", "mention_count", "quote_count", "first_char")},
                    "role": ent.role,
                    "organization": ent.affiliation_name,
                    "organization_id": ent.affiliation.entity_id if ent.affiliation is not None else None,
                }
            )
        else:
            out.rows["organizations"].append(
                {"article_id": aid, "organization_id": ent.entity_id, **{k: v for k, v in common.items() if k != "article_id"}}
            )
    paragraphs = ParagraphIndex(extraction.paragraphs)
    marks = sorted((m.open_start, m.close_end) for m in extraction.quote_marks)
    mark_starts = [s for s, _ in marks]
    for ent in extraction.entities:
        for m in ent.mentions:
            k = bisect.bisect_right(mark_starts, m.start) - 1
            out.rows["mentions"].append(
                {
                    "article_id": aid,
                    "entity_id": ent.entity_id,
                    "entity_type": ent.kind,
                    "start_char": m.start,
                    "end_char": m.end,
                    "text": m.text,
                    "paragraph_index": paragraphs.index(m.start),
                    "sentence_index": _sentence_index(extraction.sentence_starts, m.start),
                    "in_quote": k >= 0 and m.end <= marks[k][1],
                }
            )
    out.rows["mentions"].sort(key=lambda r: r["start_char"])
    seen_ids: set[str] = set()
    for q in extraction.quotes:
        qid = quote_id(aid, q.start, q.end, q.quote_type)
        if qid in seen_ids:
            continue
        seen_ids.add(qid)
        speaker = q.speaker
        s_start, s_end = q.speaker_span if q.speaker_span else (None, None)
        out.rows["quotes"].append(
            {
                "article_id": aid,
                "quote_id": qid,
                "text": q.text,
                "start_char": q.start,
                "end_char": q.end,
                "quote_type": q.quote_type,
                "speaker": speaker.name if speaker is not None else None,
                "speaker_id": speaker.entity_id if speaker is not None else None,
                "speaker_type": speaker.kind if speaker is not None else None,
                "speaker_mention": text[s_start:s_end] if s_start is not None else None,
                "speaker_start": s_start,
                "speaker_end": s_end,
                "cue": q.cue.text if q.cue is not None else None,
                "cue_start": q.cue.start if q.cue is not None else None,
                "cue_end": q.cue.end if q.cue is not None else None,
                "attribution": q.attribution,
                "paragraph_index": q.paragraph,
                "sentence_index": q.sentence,
                "marks_closed": q.marks_closed,
            }
        )
    return out


def _sentence_index(starts: Sequence[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)


def rejection_rows(rejections: Iterable[Rejection], run: RunInfo) -> list[dict]:
    return [
        {**asdict(r), "run_id": run.run_id, "rejected_at": run.ingested_at}
        for r in rejections
    ]


def record_json(row: dict) -> str:
    """A row as JSON for `rejects.record` (long texts shortened: the article stays in its file)."""

    def short(v):
        if isinstance(v, str) and len(v) > 500:
            return v[:500] + f"… ({len(v)} chars)"
        if isinstance(v, datetime):
            return v.isoformat()
        return v

    return json.dumps({k: short(v) for k, v in row.items()}, ensure_ascii=False, default=str)

