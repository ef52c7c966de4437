"""Corpus identity: the rows of many articles in, one entity id per person or organization out.

    >>> recs = [NameRecord("a1", "p1", "person", "Jo A. Doe", ("Jo A. Doe", "Doe"), 3, None, None),
    ...         NameRecord("a2", "p7", "person", "Jo Doe", ("Jo Doe",), 1, None, None),
    ...         NameRecord("a3", "p2", "person", "Doe", ("Doe",), 1, None, None)]
    >>> len(set(resolve(recs).values()))
    1

Records are first cut into blocks (`blocks_of`: a person's surname, an organization's name and
the acronyms it may be written as); records connected through shared blocks form a component,
and each component is resolved on its own (people.py, organizations.py), by rules that read only
that component. So the result is a function of the set of records, and recomputing one component
gives the ids `resolve` of the whole corpus gives it. An entity's id is the hash of its canonical
key (`names.key_id`): the fullest name form without titles, middle names and suffixes, so ids
survive new articles unless a new article changes which form is canonical.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .names import acronym_of, fold, initials, key_id, org_key, parse_person, party_stem, surname_form
from .organizations import resolve_organizations
from .people import resolve_people
from .records import NameRecord, RecordKey, declared_expansions

__all__ = ["NameRecord", "blocks_of", "components", "resolve"]


def blocks_of(record: NameRecord) -> frozenset[str]:
    """The blocking keys of a record ("person:surname:lee", "organization:acronym:hta"): two
    records can only end in the same entity if they are connected through shared blocks."""
    if record.kind == "person":
        parsed = parse_person(record.name)
        last = parsed.last if parsed else fold(record.name)
        return frozenset({f"person:surname:{last}"})
    blocks = {f"organization:name:{org_key(record.name)}"}
    blocks |= {f"organization:acronym:{a}" for a in initials(record.name)}
    for form in (record.name, *record.aliases):
        acronym = acronym_of(form)
        if acronym:
            blocks.add(f"organization:acronym:{acronym}")
    for expansion in declared_expansions(record).values():
        blocks.add(f"organization:name:{expansion}")
    short = surname_form(record.name)
    if short:
        blocks.add(f"organization:name:{short}")
    stem = party_stem(record.name)
    if stem:
        blocks.add(f"organization:party:{stem}")
    return frozenset(blocks)


def components(records: Iterable[NameRecord]) -> list[list[NameRecord]]:
    """Records grouped by connection through shared blocks, each sorted, in a fixed order."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    unique = sorted(set(records))
    first_block: list[str] = []
    for rec in unique:
        blocks = sorted(blocks_of(rec))
        first_block.append(blocks[0])
        root = find(blocks[0])
        for b in blocks[1:]:
            other = find(b)
            if other != root:
                parent[max(root, other)] = min(root, other)
                root = min(root, other)
    groups: dict[str, list[NameRecord]] = {}
    for rec, block in zip(unique, first_block, strict=True):
        groups.setdefault(find(block), []).append(rec)
    return [groups[k] for k in sorted(groups)]


def resolve(records: Sequence[NameRecord]) -> dict[tuple[str, str], str]:
    """(article_id, local_id) -> corpus entity_id ("per_"/"org_" + 16 hex)."""
    ids: dict[RecordKey, str] = {}
    for component in components(records):
        kind = component[0].kind
        keys = resolve_people(component) if kind == "person" else resolve_organizations(component)
        for rec_key, key in keys.items():
            # a row with no name links to nothing: its own id, from its article and local id
            ids[rec_key] = key_id(kind, key if key.strip() else "@".join(rec_key))
    return ids
