"""The people and organizations quoted across the dataset, one line per corpus entity, as the
report and `quoteflow show --people` list them (plain rows in, plain values out).

A stored id (`quotes.speaker_entity_id`, `people.entity_id`) is the id its row was committed
with; one look-up through `entity_redirects` gives the entity it belongs to now:

    ids = current_ids(redirects)            # {"per_1a2b…": "per_9f8e…"}: "Doe", merged into "Jo Doe"
    current(ids, "per_1a2b…")               # "per_9f8e…"
    quoted_entities(entities, quotes, redirects, kind="person")
    # [EntityLine("per_9f8e…", "Jo Doe", "person", quotes=7, articles=3, …)]

Quotations are counted as everywhere else (counts.py: a partial quote inside a reported clause
of its speaker is one with it). A dataset written before schema version 4 has no `entities`
rows until its next run: `by_article_ids` lists it as before, by per-article id (`NO_ENTITIES`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..counts import quotations

Row = Mapping[str, Any]

#: the one line said where a dataset has no corpus entities yet
NO_ENTITIES = (
    "This dataset has no corpus entities yet (no `entities` rows: it was written before schema version 4); "
    "people and organizations are counted by the name each article settles on until its next run adds them."
)


@dataclass
class EntityLine:
    """A person or an organization across the dataset, and what its quotes say of it."""

    entity_id: str
    name: str
    kind: str  # person | organization
    quotes: int = 0  # quotations (counts.py)
    articles: int = 0
    role: str | None = None
    organization: str | None = None
    outlets: list[str] = field(default_factory=list)  # of its quotations' articles, most used first
    first_seen: datetime | None = None
    last_seen: datetime | None = None


def current_ids(redirects: Iterable[Row]) -> dict[str, str]:
    """Stored id -> the entity it was merged into (`entity_redirects`)."""
    return {r["entity_id"]: r["current_entity_id"] for r in redirects}


def current(ids: Mapping[str, str], entity_id: str | None) -> str | None:
    """The entity a stored id belongs to now (the left join of data/README.md, for one id)."""
    return ids.get(entity_id, entity_id) if entity_id else None


def _ranked(lines: Iterable[EntityLine]) -> list[EntityLine]:
    return sorted((e for e in lines if e.quotes), key=lambda e: (-e.quotes, -e.articles, e.name, e.entity_id))


def _most_used(counted: Counter[str]) -> list[str]:
    """Most counted first, ties by name."""
    return [name for name, _ in sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))]


def quoted_entities(
    entities: Iterable[Row],
    quotes: Sequence[Row],
    redirects: Iterable[Row],
    *,
    kind: str,
    outlets: Mapping[str, str | None] | None = None,
) -> list[EntityLine]:
    """The quoted entities of `kind`, most quoted first: name, article count, role and
    organization from their `entities` row, quotations from `quotes` (stored speaker ids
    resolved through `redirects`), outlets from `outlets` (article id -> outlet)."""
    ids = current_ids(redirects)
    said: Counter[str] = Counter()
    where: dict[str, Counter[str]] = defaultdict(Counter)
    for q in quotations(quotes):
        eid = current(ids, q.get("speaker_entity_id"))
        if eid is None:
            continue
        said[eid] += 1
        outlet = (outlets or {}).get(q["article_id"])
        if outlet:
            where[eid][outlet] += 1
    return _ranked(
        EntityLine(
            e["entity_id"],
            e["name"],
            e["kind"],
            quotes=said[e["entity_id"]],
            articles=e["article_count"],
            role=e.get("role"),
            organization=e.get("organization"),
            outlets=_most_used(where[e["entity_id"]]),
            first_seen=e.get("first_seen"),
            last_seen=e.get("last_seen"),
        )
        for e in entities
        if e["kind"] == kind
    )


def by_article_ids(
    rows: Iterable[Row],
    id_column: str,
    kind: str,
    quotes: Sequence[Row],
    *,
    dates: Mapping[str, datetime | None] | None = None,
    outlets: Mapping[str, str | None] | None = None,
) -> list[EntityLine]:
    """As `quoted_entities`, for a dataset without `entities` rows: one line per per-article id
    (`person_id` / `organization_id`, the hash of the name each article settles on), its most
    frequent role and organization, first and last seen from `dates` (article id -> date)."""
    said: Counter[str] = Counter()
    where: dict[str, Counter[str]] = defaultdict(Counter)
    for q in quotations(quotes):
        if q.get("speaker_id"):
            said[q["speaker_id"]] += 1
            outlet = (outlets or {}).get(q["article_id"])
            if outlet:
                where[q["speaker_id"]][outlet] += 1
    by_id: dict[str, EntityLine] = {}
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    affiliations: dict[str, Counter[str]] = defaultdict(Counter)
    seen: dict[str, list[datetime]] = defaultdict(list)
    for r in rows:
        eid = r[id_column]
        line = by_id.setdefault(eid, EntityLine(eid, r["name"], kind, quotes=said[eid]))
        line.articles += 1
        roles[eid].update([r["role"]] if r.get("role") else [])
        affiliations[eid].update([r["organization"]] if r.get("organization") else [])
        when = (dates or {}).get(r["article_id"])
        if when is not None:
            seen[eid].append(when)
    for eid, line in by_id.items():
        line.role = next(iter(_most_used(roles[eid])), None)
        line.organization = next(iter(_most_used(affiliations[eid])), None)
        line.outlets = _most_used(where[eid])
        line.first_seen, line.last_seen = (min(seen[eid]), max(seen[eid])) if seen[eid] else (None, None)
    return _ranked(by_id.values())
