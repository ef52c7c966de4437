"""The commit algorithm both backends share: the next state of every table, file by file.

A commit adds a batch (finished Arrow tables, a manifest entry per input) and replaces
the rows of inputs that changed, found through the manifest. It builds no row and decides
nothing about them: what a batch keeps is settled before (`rows.dedupe`). Data files are
immutable and never renamed:

    new rows             one new file per table, named after the commit: part-00000042-1a2b3c4d.parquet
    untouched files      kept as they are (hard-linked or simply left in place)
    files holding rows   rewritten without those rows, under a new name (….r00000042.parquet)
    of replaced inputs
    a table left empty   gets an empty placeholder file, so readers still get its schema

Where the files go is the backend's business (`TableFiles`): a local snapshot being
built, or objects written in place and deleted once no manifest lists them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from ..schemas.evolution import conform
from ..schemas.tables import TABLES
from ..schemas.vocab import INPUT_TABLES, ManifestStatus, Table
from .compaction import merge_parts, plan_merges
from .crashpoints import crash_point
from .derive import Derive, KeyedRows, as_given
from .files import EMPTY_PART, TableFiles
from .keyed import KEYS, rebuild_keyed
from .manifest import NEW_PART, Manifest, ManifestChanges, ManifestEntry, manifest_changes


@dataclass
class CommitResult:
    snapshot: int
    rows: dict[str, int]  # rows written per table
    files: dict[str, int] = field(default_factory=dict)  # data files per table after the commit


@dataclass(frozen=True)
class BuiltCommit:
    """Commit `number`, its files written: what the backend publishes."""

    number: int
    rows: dict[str, int]
    changes: ManifestChanges  # what the commit does to the manifest
    files: dict[str, list[str]]  # the live data files of every table

    def result(self) -> CommitResult:
        return CommitResult(self.number, self.rows, {name: len(bases) for name, bases in self.files.items()})


def build_commit(
    io: TableFiles,
    number: int,
    manifest: Manifest,
    live: Mapping[str, list[str]],
    new_tables: Mapping[str, pa.Table],
    entries: Iterable[ManifestEntry],
    replaced: set[str],
    retry: Iterable[str] = (),
    derive: Derive = as_given,
) -> BuiltCommit:
    """Write commit `number` over the `live` files of the current state and return what to publish.

    `new_tables` are finished: every row in them is written, and `entries` are recorded as
    they are (which rows a batch keeps is decided before, `rows.dedupe`); the `retry` sources
    are marked to be read again. `derive` adds the tables derived from the batch and the
    committed state (the corpus tables, given by the caller). Parts are merged by size tier
    (`compaction`), so the number of files stays logarithmic in the dataset."""
    stem = f"part-{number:08d}-{uuid.uuid4().hex[:8]}"
    entries = list(entries)
    old_ids, parts_to_rewrite = replacement_plan(manifest, replaced)
    derived = derive(io, live, new_tables, old_ids, number)
    # every file of a table the derivation upgrades is rewritten, once
    parts_to_rewrite |= {
        b.removesuffix(".parquet") for t in derived.rewrite_all for b in live.get(t, []) if b != EMPTY_PART
    }
    rows, rewritten, files = rebuild_tables(
        io, derived.tables, live, number, stem, old_ids, replaced, parts_to_rewrite, derived.rewrite
    )
    keyed = {k.table: k for k in derived.keyed}
    for name in KEYS:  # a keyed table the derivation leaves alone keeps its files (or gets a placeholder)
        update = keyed.get(name) or KeyedRows(name, TABLES[name].arrow_schema.empty_table(), frozenset())
        files[name] = rebuild_keyed(io, name, live.get(name, []), update.rows, update.keys, number)
        rows[name] = update.rows.num_rows
        crash_point(f"after_write_{name}")
    sizes = _part_sizes(manifest, entries, replaced, rewritten, stem)
    live_stems = {b.removesuffix(".parquet") for bases in files.values() for b in bases if b != EMPTY_PART}
    merged = merge_parts(io, files, plan_merges({p: n for p, n in sizes.items() if p in live_stems}), number)
    renamed = {old: merged.get(new, new) for old, new in rewritten.items()}
    renamed |= {old: new for old, new in merged.items() if old not in renamed}
    changes = manifest_changes(manifest, entries, replaced, renamed, merged.get(stem, stem), retry=retry)
    return BuiltCommit(number, rows, changes, files)


def _part_sizes(
    manifest: Manifest,
    entries: list[ManifestEntry],
    replaced: set[str],
    rewritten: Mapping[str, str],
    stem: str,
) -> dict[str, int]:
    """How many inputs each part holds after the commit (from the manifest's index, touching
    only what the commit changes)."""
    sizes = dict(manifest.parts())
    for source in replaced | {e.source for e in entries if e.part == NEW_PART}:
        before = manifest.get(source)
        if before is not None and before.part in sizes:
            sizes[before.part] -= 1
    for old, new in rewritten.items():
        sizes[new] = sizes.pop(old, 0)
    sizes[stem] = sum(1 for e in entries if e.part == NEW_PART)
    return {p: n for p, n in sizes.items() if n > 0}


def replacement_plan(manifest: Mapping[str, ManifestEntry], replaced: set[str]) -> tuple[set[str], set[str]]:
    """(article ids to drop, data-file stems holding their rows) for the replaced sources.

    Only the input that holds a text has its rows dropped: a copy has no rows but its
    `rejects` row, and the text's rows stay with their holder."""
    known = [manifest[s] for s in replaced if s in manifest]
    owned = {e.article_id for e in known if e.status == ManifestStatus.ARTICLE and e.article_id}
    return owned, {e.part for e in known if e.part}


def rewritten_name(part: str, number: int) -> str:
    """The stem of a data file rewritten by commit `number` (file names are never reused)."""
    return f"{part.split('.r')[0]}.r{number:08d}"


def written_by(part: str) -> int:
    """The commit that wrote a data file: `part-00000042-…` (or `….r00000042`, rewritten) -> 42."""
    original, _, rewritten = part.partition(".r")
    number = rewritten or original.removeprefix("part-").split("-")[0]
    return int(number) if number.isdigit() else -1


def rebuild_tables(
    io: TableFiles,
    new_tables: Mapping[str, pa.Table],
    live: Mapping[str, list[str]],
    number: int,
    stem: str,
    old_ids: set[str],
    replaced: set[str],
    parts_to_rewrite: set[str],
    rewrite: Callable[[str, pa.Table], pa.Table] = lambda name, table: table,
) -> tuple[dict[str, int], dict[str, str], dict[str, list[str]]]:
    """The data files of commit `number`, table by table: the batch's new file, every live file
    kept, the files holding replaced rows rewritten without them, an empty placeholder for a
    table left with no file; `rewrite` is applied to the rows of every rewritten file. Returns
    (rows written, renamed parts, file names per input table)."""
    rows: dict[str, int] = {}
    renamed: dict[str, str] = {}
    files: dict[str, list[str]] = {}
    for name in INPUT_TABLES:
        schema = TABLES[name].arrow_schema
        kept: list[str] = []
        table = new_tables.get(name)
        rows[name] = table.num_rows if table is not None else 0
        if table is not None and table.num_rows:
            io.write(name, f"{stem}.parquet", table.cast(TABLES[name].arrow_schema))
            kept.append(f"{stem}.parquet")
        crash_point(f"after_write_{name}")
        for base in live.get(name, []):
            part = base.removesuffix(".parquet")
            if part in parts_to_rewrite:
                new_part = renamed.setdefault(part, rewritten_name(part, number))
                # a file written under an earlier version of the contract is rewritten in the current one
                remaining = rewrite(
                    name, conform(without_replaced(io.read(name, base), name, old_ids, replaced), schema)
                )
                if remaining.num_rows:
                    io.write(name, f"{new_part}.parquet", remaining)
                    kept.append(f"{new_part}.parquet")
                io.drop(name, base)
            elif base == EMPTY_PART and rows[name]:
                io.drop(name, base)  # the placeholder is no longer needed
            else:
                io.keep(name, base)
                kept.append(base)
        if not kept:
            io.write(name, EMPTY_PART, TABLES[name].arrow_schema.empty_table())
            kept.append(EMPTY_PART)
        files[name] = sorted(kept)
    return rows, renamed, files


def without_replaced(table: pa.Table, name: str, article_ids: set[str], sources: set[str]) -> pa.Table:
    """`table` minus the rows of replaced articles (or, in rejects, of replaced sources)."""
    if name == Table.REJECTS:
        drop = pc.is_in(table.column("source"), value_set=pa.array(sorted(sources), type=pa.string()))
    else:
        drop = pc.is_in(table.column("article_id"), value_set=pa.array(sorted(article_ids), type=pa.string()))
    return table.filter(pc.invert(pc.fill_null(drop, False)))
