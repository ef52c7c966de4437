"""Rows of every table from an article's extraction (`rejects` rows: rejects.py).

rows = article_rows(article, extract(doc), run_info, spacy_model="en_core_web_sm==3.8.0")
rows.rows["quotes"][0]
# {"article_id": "9f2c…", "quote_id": "q_…", "text": "We are ready,", "quote_type": "direct",
#  "speaker": "Jane Roe", "speaker_id": "per_…", …}
to_arrow("quotes", rows.rows["quotes"])   # a pyarrow table with the written schema
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ..corpus.copies import PARAMETERS as COPY_METHOD
from ..corpus.copies import fingerprint
from ..extraction.entities.model import gender_evidence, stated_gender
from ..extraction.version import extraction_version
from ..records import Article, RunInfo
from ..schemas.ids import hex_id
from ..schemas.tables import TABLES
from ..schemas.vocab import TABLE_NAMES, EntityKind

if TYPE_CHECKING:
    from ..extraction.extract import Extraction

Row = dict[str, Any]


@dataclass
class TableRows:
    """Rows per table for one batch, as plain dicts in the tables' column order."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in TABLE_NAMES})

    def extend(self, other: TableRows) -> None:
        for name, rows in other.rows.items():
            self.rows[name].extend(rows)


def to_arrow(table: str, rows: Sequence[Row]) -> pa.Table:
    schema = TABLES[table].arrow_schema
    return pa.Table.from_pylist(list(rows), schema=schema)


def quote_id(article_id: str, start: int, end: int, quote_type: str) -> str:
    return hex_id(f"{article_id}:{start}:{end}:{quote_type}", "q_")


def article_rows(article: Article, extraction: Extraction, run: RunInfo, spacy_model: str) -> TableRows:
    """The rows one article contributes to every table (`spacy_model`: the pipeline's label)."""
    aid = article.article_id
    text = article.text
    layout = extraction.layout
    out = TableRows()
    out.rows["articles"].append(
        {
            "article_id": aid,
            "source": article.source,
            "title": article.title,
            "published_at": article.published_at,
            "url": article.url,
            "outlet": article.outlet,
            "authors": list(article.authors) or None,
            "language": article.language,
            "format": article.format,
            "text": text,
            "char_count": len(text),
            "paragraph_count": max(1, len(layout.paragraphs.spans)),
            "sentence_count": len(layout.sentence_starts),
            "content_sha256": article.content_sha256,
            "encoding": article.encoding,
            "run_id": run.run_id,
            "ingested_at": run.ingested_at,
            "pipeline_version": run.pipeline_version,
            "spacy_model": spacy_model,
            "extraction_version": extraction_version(spacy_model, extraction.speaker_model),
            "copy_of": None,  # the commit compares fingerprints with the stored ones
        }
    )
    fp = fingerprint(aid, text)
    out.rows["fingerprints"].append(
        {"article_id": aid, "method": COPY_METHOD, "bands": list(fp.bands), "signature": list(fp.signature)}
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
        if ent.kind == EntityKind.PERSON:
            out.rows["people"].append(
                {
                    "article_id": aid,
                    "person_id": ent.entity_id,
                    "entity_id": ent.entity_id,  # provisional: the commit resolves it across the dataset
                    **{k: common[k] for k in ("name", "aliases", "mention_count", "quote_count", "first_char")},
                    "role": ent.role,
                    "organization": ent.affiliation_name,
                    "organization_id": ent.affiliation.entity_id if ent.affiliation is not None else None,
                    "gender": stated_gender(ent.gender_clues).value,
                    "gender_evidence": gender_evidence(ent.gender_clues),
                }
            )
        else:
            out.rows["organizations"].append(
                {
                    "article_id": aid,
                    "organization_id": ent.entity_id,
                    "entity_id": ent.entity_id,  # provisional: the commit resolves it across the dataset
                    **{k: v for k, v in common.items() if k != "article_id"},
                }
            )
    for ent in extraction.entities:
        for m in ent.mentions:
            out.rows["mentions"].append(
                {
                    "article_id": aid,
                    "local_id": ent.entity_id,
                    "entity_type": ent.kind,
                    "start_char": m.start,
                    "end_char": m.end,
                    "text": m.text,
                    "paragraph_index": layout.paragraph_of(m.start),
                    "sentence_index": layout.sentence_of(m.start),
                    "in_quote": layout.inside_quote_marks(m.start, m.end),
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
                "speaker_entity_id": speaker.entity_id if speaker is not None else None,  # provisional, as above
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


def record_json(row: Row) -> str:
    """A row as JSON for `rejects.record` (long texts shortened: the article stays in its file)."""

    def short(v: Any) -> Any:
        if isinstance(v, str) and len(v) > 500:
            return v[:500] + f"… ({len(v)} chars)"
        if isinstance(v, datetime):
            return v.isoformat()
        return v

    return json.dumps({k: short(v) for k, v in row.items()}, ensure_ascii=False, default=str)
