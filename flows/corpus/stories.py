"""Which story each new article tells: its `copy_of`, found at commit time against the stored
fingerprints (copies.py), reading only those that share an LSH band with the batch.

    copy_of = batch_copies(state, batch, removed=set())
    copy_of["b7…"]         # "a1…": b7 reprints a1, the first stored copy of that story
    story_of(article)      # the article's story: its copy_of, else itself
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..schemas.vocab import Table
from .copies import PARAMETERS, Fingerprint, find_copies, in_publication_order
from .update import LiveTables


def _fingerprints(table: pa.Table) -> list[Fingerprint]:
    rows = table.filter(pc.equal(table.column("method"), PARAMETERS)).to_pylist()
    return [Fingerprint(r["article_id"], tuple(r["bands"]), tuple(r["signature"])) for r in rows]


def _dates(rows: list[dict[str, Any]]) -> dict[str, datetime | None]:
    return {r["article_id"]: r["published_at"] or r["ingested_at"] for r in rows}


def batch_copies(state: LiveTables, batch: Mapping[str, pa.Table], removed: set[str]) -> dict[str, str]:
    """New article id -> the stored (or earlier new) article it copies, for the batch's copies."""
    new_table = batch.get(Table.FINGERPRINTS)
    if new_table is None or not new_table.num_rows:
        return {}
    new = _fingerprints(new_table)
    articles = batch.get(Table.ARTICLES)
    new_dates = _dates(articles.select(["article_id", "published_at", "ingested_at"]).to_pylist()) if articles else {}
    bands = pa.array(sorted({b for fp in new for b in fp.bands}), type=pa.int64())
    stored = state.read(Table.FINGERPRINTS, ["article_id", "bands"])
    candidates: set[str] = set()
    if stored.num_rows and len(bands):
        flat = stored.column("bands").combine_chunks()
        ids = pc.take(stored.column("article_id").combine_chunks(), pc.list_parent_indices(flat))
        candidates = set(pc.filter(ids, pc.is_in(pc.list_flatten(flat), value_set=bands)).to_pylist())
    candidates -= removed | {fp.article_id for fp in new}
    older: list[Fingerprint] = []
    copy_of: dict[str, str] = {}
    if candidates:
        wanted = pa.array(sorted(candidates), type=pa.string())
        full = state.read(Table.FINGERPRINTS, ["article_id", "method", "bands", "signature"])
        older = _fingerprints(full.filter(pc.is_in(full.column("article_id"), value_set=wanted)))
        info = state.read(Table.ARTICLES, ["article_id", "published_at", "ingested_at", "copy_of"])
        rows = info.filter(pc.is_in(info.column("article_id"), value_set=wanted)).to_pylist()
        copy_of = {r["article_id"]: r["copy_of"] for r in rows if r["copy_of"]}
        older = in_publication_order(older, _dates(rows))
    return find_copies(in_publication_order(new, new_dates), older, copy_of)


def with_copy_of(articles: pa.Table, copy_of: Mapping[str, str]) -> pa.Table:
    """The batch's `articles` rows with their `copy_of` set."""
    if not copy_of or not articles.num_rows:
        return articles
    column = [copy_of.get(a) for a in articles.column("article_id").to_pylist()]
    return articles.set_column(articles.schema.get_field_index("copy_of"), "copy_of", pa.array(column, pa.string()))
