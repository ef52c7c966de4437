"""The files of a table keyed by id (`entities`, `entity_redirects`, `quote_clusters`): rows
replaced by key, files split by key range, so a commit rewrites only the files holding the
keys it changes, whatever the size of the table.

Each file holds the rows of one range of keys, sorted, and is named after its first key;
a file owns the keys from its first key up to the next file's (the first file also owns
everything before it). A file that grows past `2 * TARGET_ROWS` is split in files of
`TARGET_ROWS`; a file left empty goes, its range falling to the file before it.

    rebuild_keyed(io, "entities", live=["part-00000040-aa11bb22-kper_00….parquet",
                                        "part-00000041-cc33dd44-kper_80….parquet"],
                  rows=new_rows, keys=frozenset({"per_9a…"}), number=42)
    # rewrites only the second file (it owns per_9a…): ["part-00000040-…-kper_00….parquet",
    #                                                   "part-00000042-…-kper_80….parquet"]
"""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Collection

import pyarrow as pa
import pyarrow.compute as pc

from ..schemas.tables import TABLES
from .files import EMPTY_PART, TableFiles

#: each keyed table's key column
KEYS = {"entities": "entity_id", "entity_redirects": "entity_id", "quote_clusters": "quote_cluster_id"}
#: rows per file after a split: a commit rewrites at most this many rows per key it changes
TARGET_ROWS = 1024
_FIRST_KEY = "-k"


def file_name(number: int, first_key: str) -> str:
    return f"part-{number:08d}-{uuid.uuid4().hex[:8]}{_FIRST_KEY}{first_key}.parquet"


def first_key(base: str) -> str | None:
    """The first key of a range file (None: a file of another layout, rewritten at the next commit)."""
    _, found, key = base.removesuffix(".parquet").partition(_FIRST_KEY)
    return key if found else None


def _ranges(live: list[str]) -> list[tuple[str, str]]:
    """(first key, file) of the range files among `live`, in key order."""
    return sorted((k, b) for b in live if b != EMPTY_PART and (k := first_key(b)) is not None)


def _owned(ranged: list[tuple[str, str]], keys: Collection[str]) -> set[str]:
    """The range files owning `keys`."""
    starts = [k for k, _ in ranged]
    return {ranged[max(0, bisect.bisect_right(starts, k) - 1)][1] for k in keys} if ranged else set()


def owners(live: list[str], keys: Collection[str]) -> list[str]:
    """The files among `live` that may hold `keys` (every file of another layout may)."""
    other = {b for b in live if b != EMPTY_PART and first_key(b) is None}
    return sorted(_owned(_ranges(live), keys) | other)


def rebuild_keyed(
    io: TableFiles, name: str, live: list[str], rows: pa.Table, keys: frozenset[str], number: int
) -> list[str]:
    """The table's files after commit `number`: `live` minus the rows of `keys`, plus `rows`
    (which replace any stored row of the same key). Returns the file names, sorted."""
    key = KEYS[name]
    changed = keys | set(rows.column(key).to_pylist())
    ranged = _ranges(live)
    other = [b for b in live if b != EMPTY_PART and first_key(b) is None]
    if not changed and not other:
        for b in live:
            io.keep(name, b)
        return sorted(live)
    owning = _owned(ranged, changed)
    files = []
    for _, base in ranged:
        if base not in owning:
            io.keep(name, base)
            files.append(base)
    rewrite = [base for _, base in ranged if base in owning] + other
    gone = pa.array(sorted(changed), type=pa.string())
    pieces = [rows.cast(TABLES[name].arrow_schema)]
    for base in rewrite:
        table = io.read(name, base).cast(TABLES[name].arrow_schema)
        pieces.append(table.filter(pc.invert(pc.is_in(table.column(key), value_set=gone))))
        io.drop(name, base)
    if EMPTY_PART in live:
        io.drop(name, EMPTY_PART)
    files += _write_ranges(io, name, pa.concat_tables(pieces), key, number, ranged, owning)
    if not files:
        io.write(name, EMPTY_PART, TABLES[name].arrow_schema.empty_table())
        return [EMPTY_PART]
    return sorted(files)


def _write_ranges(
    io: TableFiles,
    name: str,
    table: pa.Table,
    key: str,
    number: int,
    ranged: list[tuple[str, str]],
    rewritten: set[str],
) -> list[str]:
    """Write `table` (the rows of the rewritten ranges) back, one file per range it falls in,
    each split when it outgrows 2 * TARGET_ROWS."""
    if not table.num_rows:
        return []
    table = table.sort_by(key)
    keys = table.column(key).to_pylist()
    kept = [k for k, b in ranged if b not in rewritten]  # ranges of files left as they are
    ranges = [bisect.bisect_right(kept, k) for k in keys]  # which kept file's range each key follows
    bounds = [i for i in range(len(keys)) if i == 0 or ranges[i] != ranges[i - 1]]
    out = []
    for start, end in zip(bounds, [*bounds[1:], len(keys)], strict=True):
        size = end - start
        step = TARGET_ROWS if size > 2 * TARGET_ROWS else size
        for at in range(start, end, step):
            chunk = table.slice(at, min(step, end - at))
            base = file_name(number, keys[at])
            io.write(name, base, chunk)
            out.append(base)
    return out
