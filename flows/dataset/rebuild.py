"""A manifest rebuilt from a version's tables, when the manifest itself cannot be read.

Every `articles` row knows its input (`source`) and its text (`content_sha256`), every
input rejected has its `rejects` row, and a file's name says which part holds them: so the
tables say what each input became, and where its rows are. What they do not say is what
the input looked like when it was listed (size, modification time, ETag): a rebuilt entry
borrows those from the readable part of the damaged manifest only when it describes the
same text; otherwise it gets `UNKNOWN`, and the next run reads the input again if it is
still in SOURCE (an unchanged text writes nothing; a changed one replaces its rows).

    rebuilt = rebuild(scan_version(store, 42, files), store.readable_manifest(42))
    rebuilt.entries     # ManifestEntry("city/bridge.txt", "article", "9f2c…", "9f2c…", size=-1, …)
    rebuilt.lost        # ["city/ferry.txt"]: inputs whose rows were in a file that cannot be read

Copies (`duplicate`) come back from their `dedupe` rows; a copy whose text is no longer
stored is read again, to take it over. Feeds and archives (`container`) come back from
their records' names (`feed.jsonl#a1`), and are always read again: the records whose text
is unchanged write nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from ..schemas.vocab import ManifestStatus, RejectStage
from ..sources.suffixes import is_container
from .manifest import ManifestEntry
from .scan import Scan, input_rejects

#: `size` and `mtime_ns` of an entry rebuilt without them: no listed input matches it
UNKNOWN = -1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: the stages of `rejects` where extraction failed (a bug): such an input is `failed`, and as its
#: rebuilt entry names no extraction version, the next run tries it once more; the other
#: stages leave it rejected until it changes
_FAILED = {RejectStage.PARSE.value, RejectStage.EXTRACT.value}


@dataclass(frozen=True)
class Rebuilt:
    entries: list[ManifestEntry]
    unknown: int  # entries rebuilt without their size and modification time
    lost: list[str]  # inputs whose rows were in unreadable files, marked to be read again


def rebuild(scan: Scan, hint: Mapping[str, ManifestEntry]) -> Rebuilt:
    """The manifest of the version `scan` read, from its readable rows; `hint` is what
    could be read of its own manifest (the files before and after a damaged one)."""
    lost_parts = scan.lost_parts()
    entries: dict[str, ManifestEntry] = {}
    found_in_lost: set[str] = set()
    for row in scan.articles().to_pylist():
        if row["part"] in lost_parts:
            found_in_lost.add(row["source"])
        else:  # an input with an `articles` row is an article, whatever else holds its name
            when = row["ingested_at"]
            entries.setdefault(row["source"], _entry(row, ManifestStatus.ARTICLE, when, hint))
    for row in input_rejects(scan.rejects()).to_pylist():
        if row["part"] in lost_parts:
            found_in_lost.add(row["source"])
        elif row["source"] not in entries:
            stage = row["stage"]
            status = (
                ManifestStatus.DUPLICATE
                if stage == RejectStage.DEDUPE
                else ManifestStatus.FAILED
                if stage in _FAILED
                else ManifestStatus.REJECTED
            )
            entries[row["source"]] = _entry(row, status, row["rejected_at"], hint)
    held = {e.article_id for e in entries.values() if e.status == ManifestStatus.ARTICLE}
    for source, e in list(entries.items()):
        if e.status == ManifestStatus.DUPLICATE and e.article_id not in held:  # its holder's rows are lost
            entries[source] = replace(e, status=ManifestStatus.RETRY)
    lost = sorted((found_in_lost | {s for s, e in hint.items() if e.part in lost_parts}) - entries.keys())
    for source in lost:  # kept, to be read again: a lost record makes its feed be read again
        entries[source] = _lost(source, hint.get(source))
    for e in list(entries.values()):
        if e.container and e.container not in entries:
            entries[e.container] = ManifestEntry(
                e.container, ManifestStatus.CONTAINER, None, None, UNKNOWN, UNKNOWN, None, e.run_id, e.processed_at
            )
    unknown = sum(1 for s, e in entries.items() if e.size == UNKNOWN and s not in lost)
    return Rebuilt(sorted(entries.values(), key=lambda e: e.source), unknown, lost)


def _entry(
    row: Mapping[str, Any], status: ManifestStatus, when: datetime | None, hint: Mapping[str, ManifestEntry]
) -> ManifestEntry:
    source = row["source"]
    rebuilt = ManifestEntry(
        source,
        status,
        row["content_sha256"],
        row["article_id"],
        UNKNOWN,
        UNKNOWN,
        row["part"],
        row["run_id"] or "",
        when or _EPOCH,
        None,
        container_of(source),
    )
    before = hint.get(source)
    if before is None or not _same(before, rebuilt):
        return rebuilt
    # the readable manifest describes this very text: what the input looked like is known
    # (and whether a rejected one is to be tried again)
    return replace(before, part=rebuilt.part)


def _same(before: ManifestEntry, rebuilt: ManifestEntry) -> bool:
    """Does an entry of the readable manifest describe the text of the rebuilt one?"""
    return (
        rebuilt.content_sha256 is not None
        and (before.content_sha256, before.article_id) == (rebuilt.content_sha256, rebuilt.article_id)
        and _kind(before.status) == _kind(rebuilt.status)
    )


def _kind(status: ManifestStatus) -> str:
    rejected = ManifestStatus.REJECTED, ManifestStatus.RETRY, ManifestStatus.FAILED
    return "rejected" if status in rejected else str(status)


def _lost(source: str, before: ManifestEntry | None) -> ManifestEntry:
    if before is not None:
        return replace(before, status=ManifestStatus.RETRY, part=None)
    return ManifestEntry(
        source, ManifestStatus.RETRY, None, None, UNKNOWN, UNKNOWN, None, "", _EPOCH, None, container_of(source)
    )


def container_of(source: str) -> str | None:
    """The feed or archive a record's source names (`feed.jsonl#a1` -> `feed.jsonl`), or None."""
    for k, ch in enumerate(source):
        if ch == "#" and is_container(source[:k]):
            return source[:k]
    return None


def given_up(sources: Iterable[tuple[str, str | None]], entries: Iterable[ManifestEntry]) -> list[str]:
    """The inputs of rows (source, content hash) from versions given up that the restored
    manifest does not hold as they were: their rows are not in the restored version."""
    kept = {e.source: e.content_sha256 for e in entries if e.part is not None}
    return sorted({s for s, sha in sources if s not in kept or kept[s] != sha})
