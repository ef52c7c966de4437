"""The corpus tables in a commit: the batch's rows get their corpus entity ids, and the
`entities` / `entity_redirects` / `quote_clusters` rows they touch are rewritten (update.py,
quoteupdate.py). The store is given this step (`open_store(out, derive=corpus_step)`) and
imports none of it: it persists the `Derived` tables it returns.

A dataset written before schema version 4 has no corpus tables: its next commit upgrades
it, resolving every stored `people` / `organizations` row (from the rows, without parsing
again) and rewriting the files of the four tables whose columns changed.

    step = corpus_step(io, live, batch_tables, removed_article_ids, number=42)
    step.tables["people"]        # the batch's rows, `entity_id` resolved
    step.keyed                   # `entities`, `entity_redirects`, `quote_clusters` rows to write
    step.rewrite_all             # UPGRADED_TABLES once, for a dataset written before version 4
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc

from ..dataset.derive import Derived, KeyedRows
from ..dataset.files import EMPTY_PART, TableFiles
from ..dataset.keyed import KEYS, owners
from ..schemas.evolution import conform, reading_schema
from ..schemas.tables import TABLES
from ..schemas.vocab import CORPUS_TABLES, Table
from .quoteupdate import update_quote_clusters
from .stories import batch_copies, with_copy_of
from .update import article_info, update_entities

#: the tables whose files the upgrade to version 4 rewrites (new or renamed columns)
UPGRADED_TABLES = (Table.PEOPLE, Table.ORGANIZATIONS, Table.QUOTES, Table.MENTIONS)


class _Live:
    """The committed state's tables, read a few columns at a time (`LiveTables`)."""

    def __init__(self, io: TableFiles, live: Mapping[str, list[str]]):
        self.io = io
        self.live = live

    def read(self, table: str, columns: Sequence[str]) -> pa.Table:
        schema = TABLES[table].arrow_schema
        parts = [self.io.read(table, b, columns) for b in self.live.get(table, []) if b != EMPTY_PART]
        if not parts:
            return pa.schema([schema.field(c) for c in columns]).empty_table()
        return pa.concat_tables([p.cast(pa.schema([schema.field(c) for c in columns])) for p in parts])

    def read_keys(self, table: str, keys: Collection[str]) -> pa.Table:
        """The rows of `keys` in a keyed table, read from the files whose ranges hold them only."""
        schema = TABLES[table].arrow_schema
        bases = owners(self.live.get(table, []), keys)
        if not bases:
            return schema.empty_table()
        rows = pa.concat_tables([self.io.read(table, b).cast(schema) for b in bases])
        return rows.filter(pc.is_in(rows.column(KEYS[table]), value_set=pa.array(sorted(keys), type=pa.string())))


def needs_upgrade(live: Mapping[str, list[str]]) -> bool:
    """A dataset with article rows written before the corpus tables existed (schema version < 4)."""
    return not any(live.get(t) for t in CORPUS_TABLES) and any(live.get(t) for t in UPGRADED_TABLES)


def corpus_step(
    io: TableFiles, live: Mapping[str, list[str]], tables: Mapping[str, pa.Table], removed: set[str], number: int
) -> Derived:
    """The batch's tables with their corpus ids, and the corpus rows they change (a `Derive`)."""
    now = datetime.now(UTC)
    upgrade = needs_upgrade(live)
    state = _Live(io, {} if upgrade else live)
    batch = dict(tables)
    articles = batch.get(Table.ARTICLES)
    if articles is not None:
        batch[Table.ARTICLES] = with_copy_of(articles, batch_copies(state, batch, removed))
    stored: dict[str, pa.Table] = {}
    if upgrade:  # every stored row is resolved as if it came with this batch
        for name in (Table.PEOPLE, Table.ORGANIZATIONS, Table.ARTICLES, Table.QUOTES):
            schema = TABLES[name].arrow_schema
            old = [conform(io.read(name, b), schema) for b in live.get(name, []) if b != EMPTY_PART]
            stored[name] = _without(pa.concat_tables(old) if old else schema.empty_table(), removed)
        for name in (Table.PEOPLE, Table.ORGANIZATIONS):
            batch[name] = _concat(name, stored[name], batch.get(name))
    info = article_info(_concat(Table.ARTICLES, stored.get(Table.ARTICLES), batch.get(Table.ARTICLES)))
    update = update_entities(state, batch, removed, number, now, info)

    def rewrite(name: str, table: pa.Table) -> pa.Table:
        return with_entity_ids(name, table, update.ids) if upgrade else table

    out = {name: with_entity_ids(name, t, update.ids) for name, t in tables.items()}
    if articles is not None:
        out[Table.ARTICLES] = batch[Table.ARTICLES]
    quoted = dict(out)
    if upgrade:  # the stored quotes are clustered as if they came with this batch
        for name in (Table.QUOTES, Table.ARTICLES):
            stored_rows = with_entity_ids(name, stored[name], update.ids)
            quoted[name] = _concat(name, stored_rows, out.get(name))
    clusters = update_quote_clusters(state, quoted, removed, update)
    keyed = (
        KeyedRows(Table.ENTITIES, update.entities, update.entity_keys),
        KeyedRows(Table.ENTITY_REDIRECTS, update.redirects, update.redirect_keys),
        KeyedRows(Table.QUOTE_CLUSTERS, clusters.rows, clusters.keys),
    )
    # the upgrade: every file of the tables whose columns changed is rewritten, once, with its ids
    return Derived(out, keyed, UPGRADED_TABLES if upgrade else (), rewrite)


def _concat(name: str, a: pa.Table | None, b: pa.Table | None) -> pa.Table:
    schema = reading_schema(TABLES[name].arrow_schema)  # stored rows not yet upgraded hold nulls
    return pa.concat_tables([t.cast(schema) for t in (a, b) if t is not None] or [schema.empty_table()])


def _without(table: pa.Table, article_ids: set[str]) -> pa.Table:
    if not article_ids or not table.num_rows:
        return table
    drop = pc.is_in(table.column("article_id"), value_set=pa.array(sorted(article_ids), type=pa.string()))
    return table.filter(pc.invert(drop))


def with_entity_ids(name: str, table: pa.Table, ids: Mapping[tuple[str, str], str]) -> pa.Table:
    """`table` with its corpus ids from `ids` ((article_id, local id) -> corpus id): `entity_id`
    of people and organizations, `speaker_entity_id` of quotes; other tables as they are."""
    if name in (Table.PEOPLE, Table.ORGANIZATIONS):
        local, target = ("person_id" if name == Table.PEOPLE else "organization_id"), "entity_id"
    elif name == Table.QUOTES:
        local, target = "speaker_id", "speaker_entity_id"
    else:
        return table
    if not table.num_rows:
        return table
    pairs = zip(table.column("article_id").to_pylist(), table.column(local).to_pylist(), strict=True)
    resolved = [ids.get((a, i), i) if i is not None else None for a, i in pairs]
    column = table.schema.get_field_index(target)
    return table.set_column(column, table.schema.field(column), pa.array(resolved, type=pa.string()))
