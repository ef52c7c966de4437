"""The files listed under a SOURCE folder, held as Arrow columns rather than an object per file.

    inputs = Inputs.build("/abs/incoming", [chunk_table(columns), …])  # source, relpath, size, mtime_ns, …
    len(inputs)                                    # 1_000_000
    inputs[0]        # -> InputFile("city/bridge.txt", "/abs/incoming", ("city", "bridge.txt"), 812, …)
    inputs.get("city/bridge.txt")                  # the same, by a binary search of the sorted sources

A million `InputFile` objects take about 400 MB; their columns here take about 80 MB. An
`InputFile` is made when one is asked for (a batch to read), and let go with it. Rows are
sorted by source, as a listing is. A relative path is kept as the bytes the file system
gave (`os.fsencode`), so a name that is not UTF-8 comes back as it was listed.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, overload

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..records import InputFile

#: a listing is built, and walked, this many rows at a time
CHUNK_ROWS = 65_536

SCHEMA = pa.schema(
    [
        pa.field("source", pa.string()),
        pa.field("relpath", pa.binary()),  # the '/'-joined names under the root, as bytes
        pa.field("size", pa.int64()),
        pa.field("mtime_ns", pa.int64()),
        pa.field("device", pa.uint64()),
        pa.field("inode", pa.uint64()),
    ]
)

#: one chunk of a listing, column by column in SCHEMA's order
Columns = tuple[list[str], list[bytes], list[int], list[int], list[int], list[int]]


def empty_columns() -> Columns:
    return [], [], [], [], [], []


def chunk_table(columns: Columns) -> pa.Table:
    """A chunk of a walk as Arrow, made as soon as it is full: its Python lists go."""
    return pa.Table.from_arrays([pa.array(c, f.type) for c, f in zip(columns, SCHEMA, strict=True)], schema=SCHEMA)


class Inputs(Sequence[InputFile]):
    """Listed files under one root, sorted by source; a sequence of `InputFile`s made on demand."""

    def __init__(self, root: str, table: pa.Table):
        self.root = root
        self.table = table.combine_chunks()
        self._sources = self.table.column("source").combine_chunks()

    @classmethod
    def build(cls, root: str, chunks: Iterable[pa.Table]) -> Inputs:
        """From chunks (`chunk_table`, made as a walk gathers them), sorted by source."""
        tables = list(chunks)
        table = pa.concat_tables(tables) if tables else SCHEMA.empty_table()
        return cls(root, table.take(pc.sort_indices(table, sort_keys=[("source", "ascending")])))

    def __len__(self) -> int:
        return int(self.table.num_rows)

    @overload
    def __getitem__(self, i: int) -> InputFile: ...

    @overload
    def __getitem__(self, i: slice) -> Inputs: ...

    def __getitem__(self, i: int | slice) -> InputFile | Inputs:
        if isinstance(i, slice):
            return Inputs(self.root, self.table.take(pa.array(range(len(self))[i], pa.int64())))
        if i < 0:
            i += len(self)
        row = [self.table.column(k)[i].as_py() for k in range(len(SCHEMA))]
        return self._input(*row)

    def __iter__(self) -> Iterator[InputFile]:
        for start in range(0, len(self), CHUNK_ROWS):
            columns = self.table.slice(start, CHUNK_ROWS).to_pydict()
            for row in zip(*columns.values(), strict=True):
                yield self._input(*row)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Inputs | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: Sequence[InputFile]) -> list[InputFile]:
        return [*self, *other]

    def __repr__(self) -> str:
        return f"Inputs({self.root!r}, {len(self)} files)"

    def _input(self, source: str, relpath: bytes, size: int, mtime_ns: int, device: int, inode: int) -> InputFile:
        return InputFile(source, self.root, tuple(os.fsdecode(relpath).split("/")), size, mtime_ns, device, inode)

    def get(self, source: str) -> InputFile | None:
        """The input named `source`, if listed (a binary search)."""
        i = bisect_left(_Sorted(self._sources), source)
        if i < len(self) and self._sources[i].as_py() == source:
            return self[i]
        return None

    def where(self, keep: pa.Array | pa.ChunkedArray | np.ndarray[Any, Any]) -> Inputs:
        """The rows where `keep` is true, still as columns."""
        return Inputs(self.root, self.table.filter(pa.array(keep) if isinstance(keep, np.ndarray) else keep))

    def column(self, name: str) -> pa.Array:
        """`source`, `size` or `mtime_ns` for a vectorised comparison (`unchanged`)."""
        return self.table.column(name).combine_chunks()


class _BySource(Mapping[str, InputFile]):
    """A listing's inputs by source, looked up in its sorted columns (no dict of a million)."""

    def __init__(self, inputs: Inputs):
        self.inputs = inputs

    def __getitem__(self, source: str) -> InputFile:
        found = self.inputs.get(source)
        if found is None:
            raise KeyError(source)
        return found

    def __iter__(self) -> Iterator[str]:
        return (f.source for f in self.inputs)

    def __len__(self) -> int:
        return len(self.inputs)


def by_source(inputs: Sequence[InputFile]) -> Mapping[str, InputFile]:
    """source -> input, for a listing of any kind."""
    return _BySource(inputs) if isinstance(inputs, Inputs) else {f.source: f for f in inputs}


class _Sorted:
    def __init__(self, values: pa.Array):
        self.values = values

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, i: int) -> Any:
        return self.values[i].as_py()
