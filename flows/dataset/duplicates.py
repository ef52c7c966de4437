"""Duplicate texts, decided at commit time, where batches cannot race.

A text is stored once, under one input: its owner. Copies of it (other inputs with the
same text) are `duplicate` in the manifest and have a `rejects` row naming the owner.
A commit settles ownership for its batch against the committed manifest:

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
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..schemas.vocab import ManifestStatus
from .manifest import NEW_PART, Manifest, ManifestEntry


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
