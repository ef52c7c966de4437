"""The manifest's stored entries as one Arrow table sorted by source, queried by key.

    table = fold([base, changes_41, changes_42], CHANGES_SCHEMA)  # the latest row per source
    entries = EntryTable(table)
    entries.row_of("city/bridge.txt")             # -> 7: a binary search of the source column
    entries.rows_where("article_id", "9f2c…")     # -> [7]: a sorted index of that column, made on first ask
    entries.values(7)                             # -> ["city/bridge.txt", "article", "9f2c…", …]

A million entries held as Python objects take a gigabyte; as Arrow columns they take a
few hundred megabytes, and a lookup reads about twenty values (log2 of the rows), never
all of them. Tables are compared and sorted as UTF-8 bytes, which is the order of Python's
`str` comparison, so a binary search with Python strings finds what Arrow sorted.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: rows converted to Python at once when every entry is walked (compaction, `repair`)
CHUNK_ROWS = 65_536


def normalized(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """`table` with `schema`'s columns in its order: a column added since the file was written
    (etag, container, …) null, `removed` false where absent."""
    n = table.num_rows
    columns = []
    for f in schema:
        if f.name in table.column_names:
            column = table.column(f.name).cast(f.type)
        else:
            column = pa.chunked_array([pa.nulls(n, f.type)])
        if f.name == "removed":
            column = pc.fill_null(column, False)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=schema)


def fold(tables: Sequence[pa.Table], schema: pa.Schema) -> pa.Table:
    """The latest row of each source over `tables` (a base, then change files in commit order),
    the sources removed left out, sorted by source: one table a lookup can search. A base
    alone, sorted as written, is taken as it is (no copy)."""
    parts = [normalized(t, schema) for t in tables]
    if not parts:
        return schema.empty_table()
    table = parts[0] if len(parts) == 1 else pa.concat_tables(parts)
    removed = table.column("removed")
    if len(parts) == 1 and _strictly_sorted(table.column("source")):
        return table.filter(pc.invert(removed)) if pc.any(removed).as_py() else table
    # sorted by source, the last written first; then the first row of each source kept. Only
    # the keys are sorted, and the rows taken once: a million rows are not copied thrice
    seq = pa.array(np.arange(table.num_rows, dtype=np.int64))
    keys = pa.table({"source": table.column("source"), "seq": seq})
    order = pc.sort_indices(keys, sort_keys=[("source", "ascending"), ("seq", "descending")])
    source = table.column("source").take(order).combine_chunks()
    first = pc.not_equal(source[1:], source[:-1]) if len(source) > 1 else pa.array([], pa.bool_())
    keep = pa.concat_arrays([pa.array([True] * min(1, len(source)), pa.bool_()), first])
    keep = pc.and_(keep, pc.invert(removed.take(order)))
    return table.take(order.filter(keep)).combine_chunks()


def _strictly_sorted(column: pa.ChunkedArray) -> bool:
    values = column.combine_chunks()
    return len(values) < 2 or bool(pc.all(pc.less(values[:-1], values[1:])).as_py())


class _Sorted:
    """A sorted Arrow string array as a sequence `bisect` can search (nulls, sorted last, left out)."""

    def __init__(self, values: pa.Array | pa.ChunkedArray):
        self.values = values
        self.n = int(len(values) - values.null_count)

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> Any:
        return self.values[i].as_py()


class EntryTable:
    """A folded manifest table (sorted by unique source), with lookups by source and by the
    value of another column."""

    def __init__(self, table: pa.Table):
        # the columns as read, in their chunks: combining them would hold a million rows twice
        self.table = table
        self._columns = {name: table.column(name) for name in table.column_names}
        self._micros = self._columns["processed_at"].cast(pa.int64())
        self._sources = _Sorted(self._columns["source"])
        self._source_set: pa.Array | None = None  # the source column in one chunk, for `take`
        self._indexes: dict[str, tuple[pa.Array, _Sorted]] = {}  # column -> (row order, sorted values)

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def row_of(self, source: str) -> int | None:
        i = bisect_left(self._sources, source)
        return i if i < len(self._sources) and self._sources[i] == source else None

    def rows_where(self, column: str, value: str) -> list[int]:
        """The rows whose `column` holds `value` (the column's index is sorted once, on first ask)."""
        if column not in self._indexes:
            values = self._columns[column]
            order = pc.array_sort_indices(values, null_placement="at_end")
            self._indexes[column] = (order, _Sorted(values.take(order)))
        order, ordered = self._indexes[column]
        lo = bisect_left(ordered, value)
        hi = bisect_right(ordered, value, lo)
        return [int(r) for r in order[lo:hi].to_pylist()]

    def value(self, column: str, row: int) -> Any:
        return self._columns[column][row].as_py()

    def values(self, row: int, names: Sequence[str]) -> list[Any]:
        """The row's `names` columns; `processed_at` as a datetime in UTC."""
        return [
            _EPOCH + timedelta(microseconds=self._micros[row].as_py())
            if name == "processed_at"
            else self._columns[name][row].as_py()
            for name in names
        ]

    def counts(self, column: str) -> dict[str, int]:
        """How many rows hold each (non-null) value of `column`."""
        counted = pc.value_counts(self._columns[column].drop_null().combine_chunks())
        return dict(zip(counted.field("values").to_pylist(), counted.field("counts").to_pylist(), strict=True))

    def chunks(self, names: Sequence[str]) -> Iterator[dict[str, list[Any]]]:
        """Every row's `names` columns as Python lists, CHUNK_ROWS rows at a time, in source order."""
        for start in range(0, len(self), CHUNK_ROWS):
            piece = self.table.slice(start, CHUNK_ROWS)
            columns = piece.drop_columns(["processed_at"]).to_pydict()
            micros = piece.column("processed_at").cast(pa.int64()).to_pylist()
            as_time = {v: _EPOCH + timedelta(microseconds=v) for v in set(micros)}
            columns["processed_at"] = [as_time[v] for v in micros]
            yield {name: columns[name] for name in names}

    def take(self, sources: pa.Array, names: Sequence[str]) -> pa.Table:
        """The `names` columns of the rows of `sources`, in their order (nulls for a source absent)."""
        if self._source_set is None:
            self._source_set = self._columns["source"].combine_chunks()
        rows = pc.index_in(sources, value_set=self._source_set)
        return pa.table({name: self._columns[name].take(rows) for name in names})
