"""Organizations of one component: one canonical key per record.

    Harbour Transit Authority (HTA) in one article, "H.T.A." in another, "HTA" in a third
        -> all three "harbour transit authority"
    "XYZ" when the corpus spells out no expansion of it   -> "xyz"

Rules: the same name after folding (case, "the", possessive, dots of acronyms, punctuation) is the
same organization. An acronym joins the expansion an article declares for it (both forms on one
row), or else the one multi-word name in the component whose initials spell it; when several
expansions compete, the one in the most articles joins only if it has 5 times the articles of
the next (precision first: otherwise the acronym stays its own entity).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .names import acronym_of, initials, org_key
from .resolve import NameRecord, RecordKey, declared_expansions

DOMINANCE = 5  # a candidate needs this many times the articles of the next one


def dominant(articles: dict[str, set[str]]) -> str | None:
    """The key whose article count is at least DOMINANCE times every other's, or None."""
    if not articles:
        return None
    ranked = sorted(articles, key=lambda k: (-len(articles[k]), k))
    best = ranked[0]
    if len(ranked) > 1 and len(articles[best]) < DOMINANCE * len(articles[ranked[1]]):
        return None
    return best


def resolve_organizations(records: Sequence[NameRecord]) -> dict[RecordKey, str]:
    name_key = {r: org_key(r.name) for r in records}
    # articles per multi-word name, and per acronym the expansions declared for it
    name_articles: dict[str, set[str]] = defaultdict(set)
    declared: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in records:
        if not acronym_of(r.name):
            name_articles[name_key[r]].add(r.article_id)
        for acronym, expansion in declared_expansions(r).items():
            declared[acronym][expansion].add(r.article_id)
            name_articles[expansion].add(r.article_id)

    expansion_of: dict[str, str | None] = {}

    def expand(acronym: str) -> str | None:
        if acronym not in expansion_of:
            candidates = declared.get(acronym) or {
                k: arts for k, arts in name_articles.items() if acronym in initials(k) and k != acronym
            }
            expansion_of[acronym] = dominant(dict(candidates))
        return expansion_of[acronym]

    keys: dict[RecordKey, str] = {}
    for r in records:
        acronym = acronym_of(r.name)
        key = name_key[r]
        if acronym:
            key = declared_expansions(r).get(acronym) or expand(acronym) or acronym
        keys[(r.article_id, r.local_id)] = key
    return keys
