"""One commit's change to the corpus entities: ids for the batch's rows, the `entities` rows
the batch touches, and redirects for ids that moved.

Resolution is blockwise (`resolve.blocks_of`): a name can only join an entity it shares a
block with ("person:surname:doe"), so a commit re-resolves only the *component* of
entities connected to its rows through shared blocks, read from the stored `entities`
rows' `match_keys`, and the stored rows of those entities. Rows keep the id they were
committed with; an id whose rows now resolve elsewhere gets a redirect.

    update = update_entities(state, batch, removed={"9f2c…"}, version=42, now=now)
    update.ids[("4be1…", "per_77…")]       # the batch row's corpus id, e.g. "per_1a2b…"
    update.entities                        # `entities` rows to write (replacing update.entity_keys)
    update.redirects                       # `entity_redirects` rows to write (replacing update.redirect_keys)
"""

from __future__ import annotations

import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, Protocol

import pyarrow as pa
import pyarrow.compute as pc

from ..extraction.entities.model import entity_id
from ..schemas.tables import TABLES
from ..schemas.vocab import EntityKind, Table
from .resolve import NameRecord, blocks_of, resolve

#: the columns of `people` / `organizations` resolution reads
_ORG_COLUMNS = ["article_id", "organization_id", "entity_id", "name", "aliases", "mention_count", "quote_count"]
_PEOPLE_COLUMNS = ["article_id", "person_id", *_ORG_COLUMNS[2:], "role", "organization"]


#: the `articles` columns an entity's dates and stories come from
ARTICLE_INFO_COLUMNS = ("article_id", "published_at", "ingested_at", "copy_of")


class ArticleInfo(NamedTuple):
    date: datetime  # published_at, else ingested_at
    story: str  # the article it copies (copy_of), else its own id


class LiveTables(Protocol):
    """The committed state, read a few columns at a time."""

    def read(self, table: str, columns: Sequence[str]) -> pa.Table: ...

    def read_keys(self, table: str, keys: Collection[str]) -> pa.Table:
        """The stored rows of `keys` in a keyed table (`entities`, …), every column."""


@dataclass(frozen=True)
class _Row:
    """A `people` / `organizations` row as resolution and aggregation see it."""

    record: NameRecord
    committed_id: str | None  # None: a row of this batch
    quote_count: int


@dataclass(frozen=True)
class EntityUpdate:
    ids: dict[tuple[str, str], str]  # (article_id, local id) -> corpus id, for the batch's rows
    entities: pa.Table  # rows to write
    entity_keys: frozenset[str]  # ids whose stored `entities` rows go (rewritten or gone)
    redirects: pa.Table
    redirect_keys: frozenset[str]
    current_of: dict[str, str]  # every redirect after the commit: stored id -> current entity id

    def current(self, entity: str) -> str:
        return self.current_of.get(entity, entity)


def _records(table: pa.Table, kind: EntityKind, committed: bool) -> list[_Row]:
    local = "person_id" if kind == EntityKind.PERSON else "organization_id"
    out = []
    for r in table.to_pylist():
        record = NameRecord(
            r["article_id"],
            r[local],
            kind.value,
            r["name"],
            tuple(r["aliases"] or ()),
            r["mention_count"],
            r.get("role"),
            r.get("organization"),
        )
        out.append(_Row(record, r["entity_id"] if committed else None, r["quote_count"]))
    return out


def _batch_rows(batch: Mapping[str, pa.Table]) -> list[_Row]:
    rows = []
    for name, kind in ((Table.PEOPLE, EntityKind.PERSON), (Table.ORGANIZATIONS, EntityKind.ORGANIZATION)):
        table = batch.get(name)
        if table is not None and table.num_rows:
            rows += _records(table, kind, committed=False)
    return rows


def resolve_alone(batch: Mapping[str, pa.Table]) -> dict[tuple[str, str], str]:
    """The corpus ids the batch's people and organizations get in an empty dataset."""
    return resolve([r.record for r in _batch_rows(batch)])


def _flat_keys(entities: pa.Table) -> tuple[pa.Array, pa.Array]:
    """(entity_id per key, key): `match_keys` flattened, for vectorised lookups."""
    keys = entities.column("match_keys").combine_chunks()
    parents = pc.list_parent_indices(keys)
    ids = pc.take(entities.column("entity_id").combine_chunks(), parents)
    return ids, pc.list_flatten(keys)


def component(entities: pa.Table, blocks: set[str]) -> set[str]:
    """The stored entity ids connected to `blocks` through shared match keys (to a fixpoint)."""
    if not blocks or not entities.num_rows:
        return set()
    ids, keys = _flat_keys(entities)
    found: set[str] = set()
    frontier = set(blocks)
    seen_blocks: set[str] = set()
    while frontier:
        seen_blocks |= frontier
        hit = pc.is_in(keys, value_set=pa.array(sorted(frontier), type=pa.string()))
        new_ids = set(pc.filter(ids, hit).to_pylist()) - found
        if not new_ids:
            break
        found |= new_ids
        mine = pc.is_in(ids, value_set=pa.array(sorted(new_ids), type=pa.string()))
        frontier = set(pc.filter(keys, mine).to_pylist()) - seen_blocks
    return found


def _stored_rows(state: LiveTables, committed: set[str], removed: set[str]) -> list[_Row]:
    rows: list[_Row] = []
    value_set = pa.array(sorted(committed), type=pa.string())
    for name, kind, columns in (
        (Table.PEOPLE, EntityKind.PERSON, _PEOPLE_COLUMNS),
        (Table.ORGANIZATIONS, EntityKind.ORGANIZATION, _ORG_COLUMNS),
    ):
        table = state.read(name, columns)
        keep = pc.and_(
            pc.is_in(table.column("entity_id"), value_set=value_set),
            pc.invert(pc.is_in(table.column("article_id"), value_set=pa.array(sorted(removed), type=pa.string()))),
        )
        rows += _records(table.filter(keep), kind, committed=True)
    return rows


def _removed_ids(state: LiveTables, removed: set[str]) -> set[str]:
    """The committed entity ids of rows about to be removed (their entities change too)."""
    if not removed:
        return set()
    out: set[str] = set()
    value_set = pa.array(sorted(removed), type=pa.string())
    for name in (Table.PEOPLE, Table.ORGANIZATIONS):
        t = state.read(name, ["article_id", "entity_id"])
        out |= set(pc.filter(t.column("entity_id"), pc.is_in(t.column("article_id"), value_set=value_set)).to_pylist())
    return out


def update_entities(
    state: LiveTables,
    batch: Mapping[str, pa.Table],
    removed: set[str],
    version: int,
    now: datetime,
    articles: Mapping[str, ArticleInfo] | None = None,
) -> EntityUpdate:
    """Resolve the batch's people and organizations against the stored corpus (minus the rows of
    `removed` articles) and give what the commit writes. `articles`: article id -> its date and
    story, for the batch's articles (the stored ones' are read from `articles`)."""
    entities = state.read(Table.ENTITIES, ["entity_id", "match_keys"])
    redirects = state.read(Table.ENTITY_REDIRECTS, ["entity_id", "current_entity_id"])
    current_of = dict(
        zip(redirects.column("entity_id").to_pylist(), redirects.column("current_entity_id").to_pylist(), strict=True)
    )
    new_rows = _batch_rows(batch)
    blocks = {b for row in new_rows for b in blocks_of(row.record)}
    touched = {current_of.get(i, i) for i in _removed_ids(state, removed)}
    known = set(entities.column("entity_id").to_pylist()) if touched else set()
    if touched & known:
        mine = pc.is_in(entities.column("entity_id"), value_set=pa.array(sorted(touched & known), type=pa.string()))
        blocks |= set(pc.list_flatten(pc.filter(entities.column("match_keys"), mine)).to_pylist())
    current = component(entities, blocks) | touched
    committed = current | {old for old, new in current_of.items() if new in current}
    stored = _stored_rows(state, committed, removed) if committed else []
    rows = stored + new_rows
    assigned = resolve([r.record for r in rows])
    for r in rows:  # never a row without an id, whatever the resolver misses: its own name's
        assigned.setdefault((r.record.article_id, r.record.local_id), entity_id(r.record.kind, r.record.name))
    ids = {
        (r.record.article_id, r.record.local_id): assigned[(r.record.article_id, r.record.local_id)] for r in new_rows
    }
    members: dict[str, list[_Row]] = defaultdict(list)
    for r in rows:
        members[assigned[(r.record.article_id, r.record.local_id)]].append(r)
    # the entities whose rows change: those of the batch's rows and of removed rows, and both ends
    # of every stored row that now resolves elsewhere; the others' `entities` rows stay as stored
    changed = {ids[k] for k in ids} | touched
    for r in stored:
        assert r.committed_id is not None
        before = current_of.get(r.committed_id, r.committed_id)
        after = assigned[(r.record.article_id, r.record.local_id)]
        if before != after:
            changed |= {before, after}
    info = dict(articles or {})
    wanted = {r.record.article_id for eid in changed for r in members.get(eid, ())}
    info |= _article_info(state, wanted - set(info))
    entity_rows = [_entity_row(eid, members[eid], info) for eid in sorted(changed) if eid in members]
    redirect_rows = _redirects(stored, assigned, committed, set(members), version, now)
    entities_out, entity_keys = changes(state, Table.ENTITIES, entity_rows, changed)
    # a redirect that points where it did is kept as it was (with its first date and version)
    redirects_out, redirect_keys = changes(state, Table.ENTITY_REDIRECTS, redirect_rows, committed, same=_same_target)
    redirected = {old: new for old, new in current_of.items() if old not in redirect_keys}
    redirected |= dict(
        zip(redirects_out["entity_id"].to_pylist(), redirects_out["current_entity_id"].to_pylist(), strict=True)
    )
    return EntityUpdate(ids, entities_out, entity_keys, redirects_out, redirect_keys, redirected)


def _same_target(stored: dict[str, Any], new: dict[str, Any]) -> bool:
    return bool(stored["current_entity_id"] == new["current_entity_id"])


def changes(
    state: LiveTables,
    table: str,
    rows: list[dict[str, Any]],
    scope: set[str],
    same: Callable[[dict[str, Any], dict[str, Any]], bool] = operator.eq,
) -> tuple[pa.Table, frozenset[str]]:
    """What a keyed table needs written, given the rows recomputed for every key of `scope`:
    (the rows that are new or differ from the stored ones, the keys whose stored rows go).
    Writing only what changed keeps a commit's writes to the entities it really changes."""
    schema = TABLES[table].arrow_schema
    key = schema.names[0]
    before = {r[key]: r for r in state.read_keys(table, scope | {r[key] for r in rows}).to_pylist()}
    out = [r for r in rows if r[key] not in before or not same(before[r[key]], r)]
    kept = {r[key] for r in rows}
    gone = {k for k in before if k not in kept}
    return pa.Table.from_pylist(out, schema=schema), frozenset(gone | {r[key] for r in out})


def _redirects(
    stored: Iterable[_Row],
    assigned: Mapping[tuple[str, str], str],
    committed: set[str],
    current: set[str],
    version: int,
    now: datetime,
) -> list[dict[str, Any]]:
    """A redirect for every committed id that is no longer an entity, to where most of its rows went.

    An id that is still an entity keeps its rows, even those that would now resolve elsewhere
    (a redirect moves an id, it cannot split one): stored rows never change."""
    went: dict[str, Counter[str]] = defaultdict(Counter)
    for r in stored:
        assert r.committed_id is not None
        went[r.committed_id][assigned[(r.record.article_id, r.record.local_id)]] += 1
    out = []
    for old in sorted(committed - current):
        if went.get(old):
            target = min(went[old].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            out.append({"entity_id": old, "current_entity_id": target, "redirected_at": now, "version": version})
    return out


def _article_info(state: LiveTables, article_ids: set[str]) -> dict[str, ArticleInfo]:
    if not article_ids:
        return {}
    t = state.read(Table.ARTICLES, list(ARTICLE_INFO_COLUMNS))
    t = t.filter(pc.is_in(t.column("article_id"), value_set=pa.array(sorted(article_ids), type=pa.string())))
    return article_info(t)


def article_info(articles: pa.Table) -> dict[str, ArticleInfo]:
    """article id -> its date (`published_at`, else `ingested_at`) and its story (`copy_of`, else itself)."""
    return {
        r["article_id"]: ArticleInfo(r["published_at"] or r["ingested_at"], r["copy_of"] or r["article_id"])
        for r in articles.select(list(ARTICLE_INFO_COLUMNS)).to_pylist()
    }


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counts else None


def _entity_row(eid: str, rows: list[_Row], articles: Mapping[str, ArticleInfo]) -> dict[str, Any]:
    """The `entities` row of one entity; a reprint (`copy_of`) adds no article and no quote."""
    known = [r for r in rows if r.record.article_id in articles]
    own = [r for r in known if articles[r.record.article_id].story == r.record.article_id]
    forms: Counter[str] = Counter()
    for r in rows:
        forms.update(set(r.record.aliases) | {r.record.name})
    # the most used full form: "Jo Doe" over "Doe", and over a one-off "Tireless Jo Doe"
    names = Counter(r.record.name for r in rows)
    name = max(names, key=lambda n: (len(n.split()) > 1, names[n], len(n.split()), n))
    seen = [articles[r.record.article_id].date for r in known]
    return {
        "entity_id": eid,
        "kind": rows[0].record.kind,
        "name": name,
        "aliases": [{"form": f, "count": c} for f, c in sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))],
        "article_count": len({articles[r.record.article_id].story for r in known}),
        "quote_count": sum(r.quote_count for r in own),
        "mention_count": max(1, sum(r.record.mention_count for r in own)),
        "first_seen": min(seen),
        "last_seen": max(seen),
        "role": _most_common(r.record.role for r in rows),
        "organization": _most_common(r.record.affiliation for r in rows),
        "match_keys": sorted({b for r in rows for b in blocks_of(r.record)}),
    }
