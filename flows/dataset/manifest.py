"""The manifest: one entry per input an output has seen, and what it became.

It decides what a run has to do without opening any article: an input whose size and
modification time match its entry is unchanged. It also says which data file holds
each input's rows (`part`), so a changed input's old rows are found and replaced.

    ManifestEntry(source="city/bridge.txt", status="article", content_sha256="9f2c…",
                  article_id="9f2c…", size=812, mtime_ns=1732…, part="part-00000007-1a2b3c4d",
                  run_id="…", processed_at=datetime(…))

A commit's cost must not grow with the dataset, so the manifest is never rewritten whole
on every commit: it is stored as a *base* (every entry) and the *changes* each commit
made since (the entries it wrote or altered, and the sources it removed), and it is
compacted into a new base only when the changes have grown as large as the base (or
too many). In memory the base stays Arrow columns, sorted by source and searched by key
(`entry_table.EntryTable`): which input holds a text, which inputs are copies of it,
which inputs have rows in a data file are binary searches, not a walk of every entry. The
entries commits write since are kept beside it as objects with their own indexes, and
folded into the columns once they are many. A million entries take a few hundred MB as
columns, about a gigabyte as objects.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import ItemsView, Iterable, Iterator, Mapping, Sequence, ValuesView
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ..schemas.vocab import ManifestStatus
from .entry_table import EntryTable, fold

MANIFEST_SCHEMA = pa.schema(
    [
        pa.field("source", pa.string(), nullable=False),
        pa.field("status", pa.string(), nullable=False),  # a ManifestStatus
        pa.field("content_sha256", pa.string()),
        pa.field("article_id", pa.string()),
        pa.field("size", pa.int64(), nullable=False),
        pa.field("mtime_ns", pa.int64(), nullable=False),
        pa.field("part", pa.string()),  # data-file stem holding the source's rows, in every table
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("processed_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("etag", pa.string()),  # an object's ETag, for an s3:// SOURCE (null for a file)
        pa.field("container", pa.string()),  # a record of a feed or archive: the container's source
        # the extraction (rules and model) that judged the input, when one did: an article, a
        # rejection by language or validation, a failure; such a rejection is tried again
        # once the extraction changes
        pa.field("extraction_version", pa.string()),
    ]
)
#: a change file's rows: an entry written, or (`removed`) a source the commit removed
CHANGES_SCHEMA = MANIFEST_SCHEMA.append(pa.field("removed", pa.bool_()))
_ENTRY_FIELDS = [f.name for f in MANIFEST_SCHEMA]

#: `ManifestEntry.part` placeholder for "the data files this commit writes"
NEW_PART = "@new"

#: compact the changes into a new base once there are this many change files, or as many
#: changed entries as the base holds (so each entry is rewritten a bounded number of times)
MAX_CHANGE_FILES = 32
MIN_COMPACTION_ROWS = 1024
#: entries written since the manifest's table that are folded into a new table (or a quarter of it)
FOLD_ROWS = 20_000
#: change-file rows read as objects over the base; more are folded into one table as they are read
OVERLAY_ROWS = 50_000


@dataclass(frozen=True)
class ManifestEntry:
    source: str
    status: ManifestStatus
    content_sha256: str | None
    article_id: str | None
    size: int
    mtime_ns: int
    part: str | None
    run_id: str
    processed_at: datetime
    etag: str | None = None
    container: str | None = None  # a record (`feed.jsonl#a1`): its feed or archive (`feed.jsonl`)
    extraction_version: str | None = None  # the extraction that judged it (extraction.version), if any


@dataclass(frozen=True)
class ManifestChanges:
    """What one commit does to the manifest: entries written (whole) and sources removed."""

    entries: list[ManifestEntry]
    removed: list[str]

    def __len__(self) -> int:
        return len(self.entries) + len(self.removed)


class Manifest(Mapping[str, ManifestEntry]):
    """source -> entry, with the lookups commits ask for, kept up to date by `apply`.

    The entries read from storage stay Arrow columns (`entry_table.EntryTable`, searched by
    key); the entries a commit changes since are kept as objects beside them (`_over`), with
    the indexes of old, until they grow large enough to be folded into a new table."""

    def __init__(self, entries: Iterable[ManifestEntry] = (), *, table: pa.Table | None = None):
        self._reset(table if table is not None else CHANGES_SCHEMA.empty_table())
        for e in entries:
            self._drop(e.source)
            self._put(e)
        self._fold_if_large()

    def _reset(self, table: pa.Table) -> None:
        """Hold `table` (folded: one row per source, sorted) and nothing written since."""
        self._base = EntryTable(table)
        self._base_parts: Counter[str] | None = None  # part -> sources of the base still current, made on first ask
        self._gone: set[str] = set()  # sources of the base removed or written again since
        self._over: dict[str, ManifestEntry] = {}  # entries written since the base
        self._holder: dict[str, str] = {}  # article_id -> the source whose rows hold that text
        self._copies: defaultdict[str, set[str]] = defaultdict(set)  # article_id -> duplicate sources
        self._in_part: defaultdict[str, set[str]] = defaultdict(set)  # data-file stem -> sources
        self._records: defaultdict[str, set[str]] = defaultdict(set)  # container -> its records' sources

    # Mapping
    def __getitem__(self, source: str) -> ManifestEntry:
        e = self._lookup(source)
        if e is None:
            raise KeyError(source)
        return e

    def get(self, source: str, default: Any = None) -> Any:
        e = self._lookup(source)
        return default if e is None else e

    def _lookup(self, source: str) -> ManifestEntry | None:
        if source in self._over:
            return self._over[source]
        if source in self._gone:
            return None
        row = self._base.row_of(source)
        return None if row is None else self._entry(row)

    def __contains__(self, source: object) -> bool:
        if not isinstance(source, str) or source in self._gone:
            return source in self._over
        return source in self._over or self._base.row_of(source) is not None

    def __iter__(self) -> Iterator[str]:
        return (e.source for e in self._entries())

    def __len__(self) -> int:
        return len(self._base) - len(self._gone) + len(self._over)

    def items(self) -> ItemsView[str, ManifestEntry]:
        return _Items(self)

    def values(self) -> ValuesView[ManifestEntry]:
        return _Values(self)

    def _entries(self) -> Iterator[ManifestEntry]:
        """Every entry, in source order: the table's, chunk by chunk, merged with those written since."""

        def stored() -> Iterator[ManifestEntry]:
            for columns in self._base.chunks(_ENTRY_FIELDS):
                statuses = {s: ManifestStatus(s) for s in set(columns["status"])}
                columns["status"] = [statuses[s] for s in columns["status"]]
                for values in zip(*columns.values(), strict=True):
                    if values[0] not in self._gone:
                        yield ManifestEntry(*values)

        written = sorted(self._over.values(), key=lambda e: e.source)
        return heapq.merge(stored(), written, key=lambda e: e.source)

    def _entry(self, row: int) -> ManifestEntry:
        values = self._base.values(row, _ENTRY_FIELDS)
        values[1] = ManifestStatus(values[1])
        return ManifestEntry(*values)

    def _base_rows(self, column: str, value: str) -> Iterator[tuple[str, str]]:
        """(source, status) of the table's current rows whose `column` is `value`."""
        for row in self._base.rows_where(column, value):
            source = self._base.value("source", row)
            if source not in self._gone:
                yield source, self._base.value("status", row)

    # lookups
    def holder(self, article_id: str | None) -> str | None:
        """The source that holds the text `article_id` (its rows are in the tables)."""
        if not article_id:
            return None
        if article_id in self._holder:
            return self._holder[article_id]
        held = (s for s, status in self._base_rows("article_id", article_id) if status == ManifestStatus.ARTICLE)
        return next(held, None)

    def copies(self, article_id: str) -> frozenset[str]:
        """The sources recorded as duplicates of the text `article_id`."""
        stored = {s for s, status in self._base_rows("article_id", article_id) if status == ManifestStatus.DUPLICATE}
        return frozenset(self._copies.get(article_id, set()) | stored)

    def sources_in(self, part: str) -> frozenset[str]:
        """The sources whose rows are in the data files named `part`."""
        return frozenset(self._in_part.get(part, set()) | {s for s, _ in self._base_rows("part", part)})

    def records_of(self, container: str) -> frozenset[str]:
        """The sources of the records of a feed or archive (`feed.jsonl#a1`, …)."""
        return frozenset(self._records.get(container, set()) | {s for s, _ in self._base_rows("container", container)})

    def parts(self) -> dict[str, int]:
        """Every data-file stem holding rows, with how many sources it holds."""
        counts = Counter(self._parts_of_base())
        for part, sources in self._in_part.items():
            counts[part] += len(sources)
        return {part: n for part, n in counts.items() if n > 0}

    def _parts_of_base(self) -> Counter[str]:
        if self._base_parts is None:
            self._base_parts = Counter(self._base.counts("part"))
            for source in self._gone:  # shadowed since: no longer in their part
                row = self._base.row_of(source)
                if row is not None and (part := self._base.value("part", row)):
                    self._base_parts[part] -= 1
        return self._base_parts

    def containers(self) -> set[str]:
        """The feeds and archives with records on record (perhaps a few whose records left since)."""
        return set(self._base.counts("container")) | {c for c, sources in self._records.items() if sources}

    def stored(self, sources: pa.Array, names: Sequence[str]) -> tuple[pa.Table, pa.Array]:
        """For a vectorised comparison (the plan of a run): the `names` columns of the table's
        rows of `sources` (null for a source it lacks), and which of `sources` were written or
        removed since, whose entry must be asked one by one (`get`)."""
        since = pa.array(sorted(self._gone | self._over.keys()), pa.string())
        return self._base.take(sources, names), pc.is_in(sources, value_set=since)

    def table(self) -> pa.Table:
        """Every entry, as a base's rows sorted by source (what compaction writes)."""
        base = self._base.table
        if self._gone:
            gone = pa.array(sorted(self._gone), pa.string())
            base = base.filter(pc.invert(pc.is_in(base.column("source"), value_set=gone)))
        return fold([base, _table(list(self._over.values()), [])], CHANGES_SCHEMA)

    # changes
    def apply(self, changes: ManifestChanges) -> None:
        for source in changes.removed:
            self._drop(source)
        for e in changes.entries:
            self._drop(e.source)
            self._put(e)
        self._fold_if_large()

    def _fold_if_large(self) -> None:
        """Fold the entries written since the table into a new table once they are many, so a
        long run's manifest does not grow back into objects."""
        if len(self._over) + len(self._gone) > max(FOLD_ROWS, len(self._base) // 4):
            self._reset(self.table())

    def _put(self, e: ManifestEntry) -> None:
        self._over[e.source] = e
        if e.article_id and e.status == ManifestStatus.ARTICLE:
            self._holder[e.article_id] = e.source
        elif e.article_id and e.status == ManifestStatus.DUPLICATE:
            self._copies[e.article_id].add(e.source)
        if e.part:
            self._in_part[e.part].add(e.source)
        if e.container:
            self._records[e.container].add(e.source)

    def _drop(self, source: str) -> None:
        e = self._over.pop(source, None)
        if e is None:
            if source not in self._gone and (row := self._base.row_of(source)) is not None:
                self._gone.add(source)  # the table's entry is no longer current
                if self._base_parts is not None and (part := self._base.value("part", row)):
                    self._base_parts[part] -= 1
            return
        if e.article_id and self._holder.get(e.article_id) == source:
            del self._holder[e.article_id]
        if e.article_id and e.article_id in self._copies:
            self._copies[e.article_id].discard(source)
        if e.part and e.part in self._in_part:
            self._in_part[e.part].discard(source)
        if e.container and e.container in self._records:
            self._records[e.container].discard(source)


class _Items(ItemsView[str, ManifestEntry]):
    _mapping: Manifest

    def __iter__(self) -> Iterator[tuple[str, ManifestEntry]]:
        return ((e.source, e) for e in self._mapping._entries())


class _Values(ValuesView[ManifestEntry]):
    _mapping: Manifest

    def __iter__(self) -> Iterator[ManifestEntry]:
        return self._mapping._entries()


def manifest_changes(
    manifest: Manifest,
    entries: Iterable[ManifestEntry],
    replaced: Iterable[str],
    renamed_parts: Mapping[str, str],
    stem: str,
    retry: Iterable[str] = (),
) -> ManifestChanges:
    """What a commit does to the manifest: replaced sources removed (unless the batch writes
    them again), the entries of data files it renamed moved to the new names, the `retry`
    sources marked to be read again, the batch's entries written (their `NEW_PART`
    placeholder becoming the batch's file stem). Touches only what changes."""
    changed: dict[str, ManifestEntry] = {}
    replaced = set(replaced)
    for old, new in renamed_parts.items():
        for source in manifest.sources_in(old):
            if source not in replaced:
                changed[source] = replace(manifest[source], part=new)
    for source in retry:
        if source in manifest and source not in replaced:
            changed[source] = replace(changed.get(source, manifest[source]), status=ManifestStatus.RETRY)
    for e in entries:
        changed[e.source] = replace(e, part=stem) if e.part == NEW_PART else e
    removed = sorted(s for s in replaced if s not in changed and s in manifest)
    return ManifestChanges(sorted(changed.values(), key=lambda e: e.source), removed)


# ------------------------------------------------------------------ storage --


def _table(entries: list[ManifestEntry], removed: list[str]) -> pa.Table:
    # built column by column: a base holds every entry, and `asdict` per row costs 40x more
    columns: dict[str, list[Any]] = {name: [getattr(e, name) for e in entries] for name in _ENTRY_FIELDS}
    columns["status"] = [str(s) for s in columns["status"]]
    tombstone = _tombstone()
    for name in _ENTRY_FIELDS:
        columns[name] += removed if name == "source" else [tombstone[name]] * len(removed)
    columns["removed"] = [False] * len(entries) + [True] * len(removed)
    return pa.Table.from_pydict(columns, schema=CHANGES_SCHEMA)


def manifest_table(entries: Iterable[ManifestEntry]) -> pa.Table:
    """A base: every entry."""
    return _table(list(entries), [])


def changes_table(changes: ManifestChanges) -> pa.Table:
    """One commit's changes."""
    return _table(changes.entries, changes.removed)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _tombstone() -> dict[str, Any]:
    """The columns of a removed source's row, but its name."""
    return {
        "status": ManifestStatus.RETRY.value,
        "content_sha256": None,
        "article_id": None,
        "size": 0,
        "mtime_ns": 0,
        "part": None,
        "run_id": "",
        "processed_at": datetime(1970, 1, 1, tzinfo=UTC),
        "etag": None,
        "container": None,
        "extraction_version": None,
    }


def changes_of(table: pa.Table) -> ManifestChanges:
    """The rows of a base or a change file (one written before change files existed included)."""
    n = table.num_rows
    columns = table.drop_columns(["processed_at"]).to_pydict()
    columns["processed_at"] = _times(table.column("processed_at"))
    removed_flags = columns.get("removed") or [False] * n
    for name in _ENTRY_FIELDS:  # a column added since the file was written (etag, container, …): null
        columns.setdefault(name, [None] * n)
    statuses = {s: ManifestStatus(s) for s in set(columns["status"])}
    columns["status"] = [statuses[s] for s in columns["status"]]
    entries = [
        ManifestEntry(*values)  # the entry's fields are the schema's columns, in order
        for values, gone in zip(
            zip(*(columns[name] for name in _ENTRY_FIELDS), strict=True), removed_flags, strict=True
        )
        if not gone
    ]
    removed = [src for src, gone in zip(columns["source"], removed_flags, strict=True) if gone]
    return ManifestChanges(entries, removed)


def _times(column: pa.ChunkedArray) -> list[datetime]:
    """The column's datetimes, each distinct value converted once: the entries of one commit
    share their time, and pyarrow's conversion of zone-aware values one by one is most of
    the time a manifest takes to load."""
    micros = column.cast(pa.timestamp("us", tz="UTC")).cast(pa.int64()).to_pylist()
    as_time = {v: _EPOCH + timedelta(microseconds=v) for v in set(micros)}
    return [as_time[v] for v in micros]


def manifest_from(tables: Iterable[pa.Table]) -> Manifest:
    """The manifest a base and its change files (in commit order) describe: the base as an
    Arrow table searched by key, a few change files as entries over it (many: folded in)."""
    tables = list(tables)
    if not tables:
        return Manifest()
    if sum(t.num_rows for t in tables[1:]) > OVERLAY_ROWS:
        return Manifest(table=fold(tables, CHANGES_SCHEMA))
    manifest = Manifest(table=fold(tables[:1], CHANGES_SCHEMA))
    for table in tables[1:]:
        manifest.apply(changes_of(table))
    return manifest


def compacted(manifest: Manifest, changes: ManifestChanges) -> pa.Table:
    """A new base: every entry of `manifest` once `changes` are made, sorted by source (as Arrow)."""
    return fold([manifest.table(), changes_table(changes)], CHANGES_SCHEMA)


def compaction_due(base_rows: int, change_files: int, change_rows: int) -> bool:
    """Is it time to write a new base instead of one more change file? Once the changes are as
    many rows as the base, or as a reader holds as objects (OVERLAY_ROWS): a run's manifest
    is then the base, searched as Arrow columns, and at most OVERLAY_ROWS entries besides."""
    due_rows = max(MIN_COMPACTION_ROWS, min(base_rows, OVERLAY_ROWS))
    return change_files >= MAX_CHANGE_FILES or change_rows >= due_rows
