"""Tables derived at commit time from the batch and the committed state: what a store is GIVEN
(`open_store(out, derive=...)`), never what it imports. The store persists the result; how the
rows are derived (the corpus tables, `quoteflow.corpus.commit_step`) is the caller's business.

    def derive(io, live, tables, removed, number) -> Derived:
        return Derived(
            tables={**tables},                                    # the batch's tables, as written
            keyed=(KeyedRows("entities", rows, frozenset({"per_0a1b…"})),),
            rewrite_all=("people",),                              # every stored file rewritten, once
            rewrite=lambda name, table: table,                    # applied to each rewritten file
        )

Without one (`derive=None`) a commit writes just the tables it is given: a pure table store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

import pyarrow as pa

from .files import TableFiles


def _as_stored(name: str, table: pa.Table) -> pa.Table:
    return table


@dataclass(frozen=True)
class KeyedRows:
    """Rows of a keyed table (`keyed.KEYS`) to write, replacing the stored rows of `keys`."""

    table: str
    rows: pa.Table
    keys: frozenset[str]


@dataclass(frozen=True)
class Derived:
    """What a commit writes: the batch's tables (possibly with columns filled in), keyed rows
    replacing stored ones, and the tables whose every stored file is rewritten through `rewrite`
    (an upgrade of the stored rows; a file rewritten for another reason goes through it too)."""

    tables: Mapping[str, pa.Table]
    keyed: tuple[KeyedRows, ...] = ()
    rewrite_all: tuple[str, ...] = ()
    rewrite: Callable[[str, pa.Table], pa.Table] = _as_stored


class Derive(Protocol):
    """Derives a commit's tables from the batch (`tables`, minus the rows of the `removed` article
    ids) and the committed state (the `live` files of each table, read through `io`)."""

    def __call__(
        self,
        io: TableFiles,
        live: Mapping[str, list[str]],
        tables: Mapping[str, pa.Table],
        removed: set[str],
        number: int,
    ) -> Derived: ...


def as_given(
    io: TableFiles, live: Mapping[str, list[str]], tables: Mapping[str, pa.Table], removed: set[str], number: int
) -> Derived:
    """No derived table: the commit writes the tables it is given (`derive=None`)."""
    return Derived(tables)
