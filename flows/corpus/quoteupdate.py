"""One commit's change to `quote_clusters`: the clusters of every speaker entity the commit
touches, recomputed from that speaker's quotes (quotes.py clusters one speaker at a time).

A speaker is touched when the batch quotes them, when the commit changes their entity (a
merge moves another id's quotes to them), or when a removed article quoted them.

    done = update_quote_clusters(state, batch, removed=set(), entities=entity_update)
    done.rows        # `quote_clusters` rows to write (replacing done.keys)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..schemas.tables import TABLES
from ..schemas.vocab import Table
from .quotes import QuoteRecord, quote_clusters
from .update import EntityUpdate, LiveTables, changes

QUOTE_COLUMNS = ["article_id", "quote_id", "text", "quote_type", "speaker_entity_id"]
ARTICLE_COLUMNS = ["article_id", "outlet", "published_at", "ingested_at", "copy_of"]


@dataclass(frozen=True)
class QuoteClusterUpdate:
    rows: pa.Table
    keys: frozenset[str]  # cluster ids whose stored rows go (rewritten or gone)


def _strings(values: Iterable[str]) -> pa.Array:
    return pa.array(sorted(set(values)), type=pa.string())


def update_quote_clusters(
    state: LiveTables, batch: Mapping[str, pa.Table], removed: set[str], entities: EntityUpdate
) -> QuoteClusterUpdate:
    """The `quote_clusters` rows of the speakers this commit touches (`batch`: its tables, ids resolved)."""
    moved, current = entities.current_of, entities.current

    new_quotes = batch.get(Table.QUOTES)
    new_rows = new_quotes.select(QUOTE_COLUMNS).to_pylist() if new_quotes is not None else []
    touched = {current(r["speaker_entity_id"]) for r in new_rows if r["speaker_entity_id"]}
    touched |= {current(e) for e in entities.entity_keys}
    stored_ids = state.read(Table.QUOTES, ["article_id", "speaker_entity_id"])
    if removed:
        gone = pc.is_in(stored_ids.column("article_id"), value_set=_strings(removed))
        touched |= {current(s) for s in pc.filter(stored_ids.column("speaker_entity_id"), gone).to_pylist() if s}
    old_clusters = state.read(Table.QUOTE_CLUSTERS, ["quote_cluster_id", "speaker_entity_id"])
    stale = pc.is_in(old_clusters.column("speaker_entity_id"), value_set=_strings(touched | entities.entity_keys))
    keys = frozenset(pc.filter(old_clusters.column("quote_cluster_id"), stale).to_pylist())
    if not touched:
        return QuoteClusterUpdate(TABLES[Table.QUOTE_CLUSTERS].arrow_schema.empty_table(), keys)
    speakers = _strings([*touched, *(old for old, new in moved.items() if new in touched)])
    mine = pc.and_(
        pc.is_in(stored_ids.column("speaker_entity_id"), value_set=speakers),
        pc.invert(pc.is_in(stored_ids.column("article_id"), value_set=_strings(removed))),
    )
    stored_rows: list[dict[str, Any]] = []
    if pc.any(mine).as_py():
        stored_rows = state.read(Table.QUOTES, QUOTE_COLUMNS).filter(mine).to_pylist()
    quotes = [
        r for r in stored_rows + new_rows if r["speaker_entity_id"] and current(r["speaker_entity_id"]) in touched
    ]
    articles = _articles(state, batch, {r["article_id"] for r in quotes})
    rows, changed = changes(state, Table.QUOTE_CLUSTERS, _rows(quotes, articles, current).to_pylist(), set(keys))
    return QuoteClusterUpdate(rows, changed)


def _articles(state: LiveTables, batch: Mapping[str, pa.Table], ids: set[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    new = batch.get(Table.ARTICLES)
    if new is not None:
        out = {r["article_id"]: r for r in new.select(ARTICLE_COLUMNS).to_pylist() if r["article_id"] in ids}
    rest = ids - set(out)
    if rest:
        stored = state.read(Table.ARTICLES, ARTICLE_COLUMNS)
        out |= {
            r["article_id"]: r
            for r in stored.filter(pc.is_in(stored.column("article_id"), value_set=_strings(rest))).to_pylist()
        }
    return out


def _rows(quotes: list[dict[str, Any]], articles: Mapping[str, dict[str, Any]], current: Any) -> pa.Table:
    article_of = {q["quote_id"]: q["article_id"] for q in quotes}
    story = {a: (r["copy_of"] or a) for a, r in articles.items()}
    records = [
        # the story stands for the article: a quotation carried by a reprint is not carried twice
        QuoteRecord(
            story.get(q["article_id"], q["article_id"]),
            q["quote_id"],
            q["text"],
            q["quote_type"],
            current(q["speaker_entity_id"]),
        )
        for q in quotes
    ]
    rows = []
    for c in quote_clusters(records):
        if len(c.article_ids) < 2:
            continue
        carried = [articles[article_of[q]] for q in c.quote_ids if article_of[q] in articles]
        dates: list[datetime] = [a["published_at"] or a["ingested_at"] for a in carried]
        rows.append(
            {
                "quote_cluster_id": c.cluster_id,
                "speaker_entity_id": c.speaker_entity_id,
                "text": c.canonical_text,
                "quote_ids": list(c.quote_ids),
                "quote_count": len(c.quote_ids),
                "article_count": len(c.article_ids),
                "outlets": sorted({a["outlet"] for a in carried if a["outlet"]}),
                "first_seen": min(dates),
                "last_seen": max(dates),
            }
        )
    return pa.Table.from_pylist(rows, schema=TABLES[Table.QUOTE_CLUSTERS].arrow_schema)
