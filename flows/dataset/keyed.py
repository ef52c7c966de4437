"""The files of a table keyed by entity id (`entities`, `entity_redirects`): rows replaced by key.

A commit writes its new rows in one new file, rewrites (under a new name) each file that
holds a row of a key it replaces, and merges files by size tier as article tables do
(`compaction.tier`), so a table of n rows has O(log n) files:

    files = rebuild_keyed(io, "entities", live=["part-00000040-aa.parquet"], rows=new_rows,
                          keys=frozenset({"per_1a…"}), number=42)
    # ["part-00000042-3c….parquet", …]: the new rows, and part-00000040-aa without per_1a…
"""

from __future__ import annotations

import uuid

import pyarrow as pa
import pyarrow.compute as pc

from ..schemas.tables import TABLES
from .compaction import FAN_IN, tier
from .files import EMPTY_PART, TableFiles

#: each keyed table's key column
KEYS = {"entities": "entity_id", "entity_redirects": "entity_id", "quote_clusters": "quote_cluster_id"}


def _name(number: int) -> str:
    return f"part-{number:08d}-{uuid.uuid4().hex[:8]}.parquet"


def rebuild_keyed(
    io: TableFiles, name: str, live: list[str], rows: pa.Table, keys: frozenset[str], number: int
) -> list[str]:
    """The table's files after commit `number`: `live` minus the rows of `keys` (and of the ids
    `rows` holds), plus `rows`. Returns the file names, sorted."""
    schema = TABLES[name].arrow_schema
    key = KEYS[name]
    gone = pa.array(sorted(keys | set(rows.column(key).to_pylist())), type=pa.string())
    sizes: dict[str, int] = {}
    if live == [EMPTY_PART] and not rows.num_rows:
        io.keep(name, EMPTY_PART)  # still empty
        return [EMPTY_PART]
    for base in live:
        if base == EMPTY_PART:
            io.drop(name, base)
            continue
        ids = io.read(name, base, [key]).column(key)
        hit = pc.is_in(ids, value_set=gone)
        if not pc.any(hit).as_py():
            io.keep(name, base)
            sizes[base] = len(ids)
            continue
        remaining = io.read(name, base).filter(pc.invert(hit))
        io.drop(name, base)
        if remaining.num_rows:
            base = _name(number)
            io.write(name, base, remaining.cast(schema))
            sizes[base] = remaining.num_rows
    if rows.num_rows:
        base = _name(number)
        io.write(name, base, rows.cast(schema))
        sizes[base] = rows.num_rows
    sizes = _merged(io, name, sizes, number)
    if not sizes:
        io.write(name, EMPTY_PART, schema.empty_table())
        return [EMPTY_PART]
    return sorted(sizes)


def _merged(io: TableFiles, name: str, sizes: dict[str, int], number: int) -> dict[str, int]:
    """Files of a size tier merged, FAN_IN at a time, until no tier holds FAN_IN files."""
    while True:
        tiers: dict[int, list[str]] = {}
        for base in sorted(sizes):
            tiers.setdefault(tier(sizes[base]), []).append(base)
        full = next((bases for _, bases in sorted(tiers.items()) if len(bases) >= FAN_IN), None)
        if full is None:
            return sizes
        group = full[:FAN_IN]
        table = pa.concat_tables([io.read(name, b) for b in group])
        for b in group:
            io.drop(name, b)
            del sizes[b]
        base = _name(number)
        io.write(name, base, table)
        sizes[base] = table.num_rows
