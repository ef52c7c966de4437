"""The commit algorithm both backends share: the next state of every table, file by file.

A commit adds a batch (new rows for every table, a manifest entry per input) and
replaces the rows of inputs that changed. Data files are immutable and never renamed:

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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import pyarrow as pa
import pyarrow.compute as pc

from ..schemas.tables import TABLES
from ..schemas.vocab import TABLE_NAMES, Table
from .crashpoints import crash_point
from .manifest import ManifestEntry, merge_manifest

#: the placeholder file of a table that has no rows
EMPTY_PART = "part-00000000-empty.parquet"


class TableFiles(Protocol):
    """How a backend reads, writes, keeps and drops the data files of a commit."""

    def read(self, table: str, base: str) -> pa.Table: ...

    def write(self, table: str, base: str, data: pa.Table) -> None: ...

    def keep(self, table: str, base: str) -> None: ...

    def drop(self, table: str, base: str) -> None: ...


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
    manifest: list[ManifestEntry]
    files: dict[str, list[str]]  # the live data files of every table


def build_commit(
    io: TableFiles,
    number: int,
    manifest: Mapping[str, ManifestEntry],
    live: Mapping[str, list[str]],
    new_tables: Mapping[str, pa.Table],
    entries: Iterable[ManifestEntry],
    replaced: set[str],
) -> BuiltCommit:
    """Write commit `number` over the `live` files of the current state and return what to publish."""
    stem = f"part-{number:08d}-{uuid.uuid4().hex[:8]}"
    old_ids, parts_to_rewrite = replacement_plan(manifest, replaced)
    rows, renamed, files = rebuild_tables(io, new_tables, live, number, stem, old_ids, replaced, parts_to_rewrite)
    merged = merge_manifest(manifest, entries, replaced, renamed, stem)
    return BuiltCommit(number, rows, merged, files)


def replacement_plan(manifest: Mapping[str, ManifestEntry], replaced: set[str]) -> tuple[set[str], set[str]]:
    """(article ids to drop, data-file stems holding their rows) for the replaced sources."""
    known = [manifest[s] for s in replaced if s in manifest]
    return {e.article_id for e in known if e.article_id}, {e.part for e in known if e.part}


def rewritten_name(part: str, number: int) -> str:
    """The stem of a data file rewritten by commit `number` (file names are never reused)."""
    return f"{part.split('.r')[0]}.r{number:08d}"


def rebuild_tables(
    io: TableFiles,
    new_tables: Mapping[str, pa.Table],
    live: Mapping[str, list[str]],
    number: int,
    stem: str,
    old_ids: set[str],
    replaced: set[str],
    parts_to_rewrite: set[str],
) -> tuple[dict[str, int], dict[str, str], dict[str, list[str]]]:
    """The data files of commit `number`, table by table: the batch's new file, every live file
    kept, the files holding replaced rows rewritten without them, an empty placeholder for a
    table left with no file. Returns (rows written, renamed parts, file names per table)."""
    rows: dict[str, int] = {}
    renamed: dict[str, str] = {}
    files: dict[str, list[str]] = {}
    for name in TABLE_NAMES:
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
                remaining = without_replaced(io.read(name, base), name, old_ids, replaced)
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
