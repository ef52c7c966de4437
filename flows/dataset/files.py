"""How a backend handles the data files of a commit, and the names every backend shares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import pyarrow as pa

#: the placeholder file of a table that has no rows
EMPTY_PART = "part-00000000-empty.parquet"


class TableFiles(Protocol):
    """How a backend reads, writes, keeps and drops the data files of a commit."""

    def read(self, table: str, base: str, columns: Sequence[str] | None = None) -> pa.Table: ...

    def write(self, table: str, base: str, data: pa.Table) -> None: ...

    def keep(self, table: str, base: str) -> None: ...

    def drop(self, table: str, base: str) -> None: ...
