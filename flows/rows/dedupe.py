"""Duplicate texts, decided just before a commit, by the writer holding the output's lock.

A text is stored once, under one input: its owner. Copies of it (other inputs with the
same text) are `duplicate` in the manifest and have a `rejects` row naming the owner.
Before each commit the writer settles ownership for its batch against the committed manifest
(`batch.commit_deduped`), and hands the store only the rows the batch keeps (`owned_tables`):

- a text held by an input outside the batch stays with it: the batch's copy is a duplicate
  and its rows are not written;
- among inputs of the batch with the same text, the first in source order owns it;
- a source keeps one entry: a second entry for it in the batch is left out, so a source
  is never a duplicate of itself;
- an input of the batch gives up the text it held when it changes, empties or is removed;
  every duplicate of a text nobody holds any more is marked `retry`, so it is read again
  (in the same run) and takes the text over.

    settle(manifest, batch_entries)
    # Settled(entries=[… "b.txt" now duplicate …], duplicates={"b.txt": "a.txt"},
    #         owned={"9f2c…", …}, orphans={"copy/c.txt"})
    owned_tables(batch_tables, settled)   # only the rows of texts the batch holds, a `rejects` row per copy
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import pyarrow as pa
import pyarrow.compute as pc

from ..dataset.manifest import NEW_PART, Manifest, ManifestEntry
from ..records import Rejection
from ..schemas.vocab import ManifestStatus, RejectStage, Table
from .rejects import rejects_of


@dataclass(frozen=True)
class Settled:
    entries: list[ManifestEntry]  # the batch's entries, each copy marked duplicate
    duplicates: dict[str, str]  # source of a copy -> source that holds its text
    owned: frozenset[str]  # article ids the batch's entries hold: only their rows are written
    orphans: frozenset[str]  # sources outside the batch whose text nobody holds any more: retry them


def settle(manifest: Manifest, entries: Iterable[ManifestEntry], removed: Iterable[str] = ()) -> Settled:
    """Ownership of every text after a commit of `entries` (and of `removed` sources).

    Asks the manifest's indexes only about the texts the batch touches: the cost does not
    grow with the dataset."""
    batch = sorted(entries, key=lambda e: e.source)
    # inputs whose rows this commit rewrites give up what they held; an input read again but
    # unchanged keeps its rows, and with them its text
    leaving = {e.source for e in batch if e.part == NEW_PART} | set(removed)

    def holder(article_id: str) -> str | None:
        source = manifest.holder(article_id)
        return source if source not in leaving else None

    taken: dict[str, str] = {}  # texts the batch's inputs hold
    settled: list[ManifestEntry] = []
    duplicates: dict[str, str] = {}
    settled_sources: set[str] = set()
    for e in batch:
        # one entry per source: a second one (a record met twice in its container) would
        # make the source a duplicate of itself, and leave its rows without an owner
        if e.source in settled_sources:
            continue
        settled_sources.add(e.source)
        if e.status not in (ManifestStatus.ARTICLE, ManifestStatus.DUPLICATE) or not e.article_id:
            settled.append(e)
            continue
        owner = taken.get(e.article_id) or holder(e.article_id)
        # it holds the text: nobody else does, or it was read again unchanged and keeps its rows
        if owner == e.source or (owner is None and e.status == ManifestStatus.ARTICLE):
            taken[e.article_id] = e.source
            settled.append(e)
        elif owner is None:  # a copy of a text nobody holds any more: read it again
            settled.append(replace(e, status=ManifestStatus.RETRY))
        else:
            duplicates[e.source] = owner
            settled.append(replace(e, status=ManifestStatus.DUPLICATE))
    owned = frozenset(taken)
    given_up = {
        before.article_id
        for source in leaving
        if (before := manifest.get(source)) is not None
        and before.status == ManifestStatus.ARTICLE
        and before.article_id
    } - owned
    orphans = frozenset(c for aid in given_up for c in manifest.copies(aid) if c not in leaving)
    return Settled(settled, duplicates, owned, orphans)


def owned_tables(new_tables: Mapping[str, pa.Table], settled: Settled) -> dict[str, pa.Table]:
    """The batch's tables with only the rows of texts its inputs hold, and a `rejects` row per copy."""
    owned = pa.array(sorted(settled.owned), type=pa.string())
    out = {}
    for name, table in new_tables.items():
        if name != Table.REJECTS and table.num_rows:
            table = table.filter(pc.is_in(table.column("article_id"), value_set=owned))
        out[name] = table
    copies = [e for e in settled.entries if e.source in settled.duplicates]
    if copies:
        dedupe = rejects_of(
            (
                Rejection(
                    e.source,
                    RejectStage.DEDUPE,
                    f"same text as {settled.duplicates[e.source]} (article_id {e.article_id}); stored once",
                    e.article_id,
                    e.content_sha256,
                ),
                e.run_id,
                e.processed_at,
            )
            for e in copies
        )
        earlier = out.get(Table.REJECTS)
        out[Table.REJECTS] = pa.concat_tables([earlier.cast(dedupe.schema), dedupe]) if earlier is not None else dedupe
    return out
