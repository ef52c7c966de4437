"""Every table's contract, by name: its pandera model and the pyarrow schema derived from it.

    TABLES["quotes"].model          # the pandera DataFrameModel (schemas/quotes.py)
    TABLES["quotes"].arrow_schema   # the Parquet schema written for it

The models (and pandera with them) are imported when a contract is first asked for: a
run with nothing to write, or a command that only reads, never pays for them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from .vocab import TABLE_NAMES, Table

if TYPE_CHECKING:
    from .contract import TableContract

#: table -> (module, model class) under this package
_MODELS = {
    Table.ARTICLES: ("articles", "Articles"),
    Table.PEOPLE: ("people", "People"),
    Table.ORGANIZATIONS: ("organizations", "Organizations"),
    Table.QUOTES: ("quotes", "Quotes"),
    Table.MENTIONS: ("mentions", "Mentions"),
    Table.FINGERPRINTS: ("fingerprints", "Fingerprints"),
    Table.ENTITIES: ("entities", "Entities"),
    Table.ENTITY_REDIRECTS: ("entities", "EntityRedirects"),
    Table.QUOTE_CLUSTERS: ("quote_clusters", "QuoteClusters"),
    Table.REJECTS: ("rejects", "Rejects"),
}


class _Contracts(Mapping[str, "TableContract"]):
    """Every table's contract, in `Table` order, built on first use."""

    def __init__(self) -> None:
        self._contracts: dict[str, TableContract] | None = None

    def _load(self) -> dict[str, TableContract]:
        if self._contracts is None:
            from .contract import TableContract

            self._contracts = {
                t.value: TableContract(t.value, getattr(importlib.import_module(f".{module}", __package__), cls))
                for t, (module, cls) in _MODELS.items()
            }
        return self._contracts

    def __getitem__(self, name: str) -> TableContract:
        return self._load()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(TABLE_NAMES)

    def __len__(self) -> int:
        return len(TABLE_NAMES)


#: every table's contract, in `Table` order
TABLES: Mapping[str, TableContract] = _Contracts()
