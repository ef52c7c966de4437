"""Organizations of one component: one canonical key per record.

    Harbour Transit Authority (HTA) in one article, "H.T.A." in another, "HTA" in a third
        -> all three "harbour transit authority"
    "XYZ" when the corpus spells out no expansion of it   -> "xyz"

Rules: the same name after folding (`names.org_key`: case, "the", possessive, dots of acronyms,
punctuation, a leading "U.S.", "Department of X" = "X Department") is the same organization. An
acronym joins an expansion some article uses it with (on the same row, or on two rows of that
article: "Harbour Transit Authority" ... "the HTA"): never an expansion no article pairs it with,
as an acronym seen alone is often another body with the same initials. Party members named in
the plural ("Zorbists") are the party ("Zorbist Party"); "Doe campaign" is "Jo Doe campaign".
When several candidates compete, the one in the most articles wins only with 5 times the
articles of the next (precision first: otherwise the record stays its own entity).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .names import acronym_of, initials, org_key, org_words, party_stem, surname_form
from .records import NameRecord, RecordKey, declared_expansions

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

    # an acronym and an expansion named on two rows of one article pair them too
    by_article: dict[str, list[NameRecord]] = defaultdict(list)
    for r in records:
        by_article[r.article_id].append(r)
    for article, rows in by_article.items():
        acronyms = {a for a in (acronym_of(r.name) for r in rows) if a}
        for r in rows:
            for acronym in acronyms & initials(r.name):
                if not acronym_of(r.name):
                    declared[acronym][name_key[r]].add(article)

    # "Doe campaign" -> the bodies named after a Doe in full ("Jo Doe campaign")
    in_full: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for r in records:
        short = surname_form(r.name)
        if short:
            in_full[short][name_key[r]] = name_articles[name_key[r]]

    keys: dict[RecordKey, str] = {}
    for r in records:
        key = name_key[r]
        if own := acronym_of(r.name):
            key = declared_expansions(r).get(own) or dominant(dict(declared.get(own, {}))) or own
        elif party_stem(r.name) and len(org_words(r.name)) == 1:
            members = key[:-1]
            parties = {k: a for k, a in name_articles.items() if k.endswith(" party") and k.startswith(members)}
            key = dominant(parties) or key
        elif key in in_full:
            key = dominant(in_full[key]) or key
        keys[(r.article_id, r.local_id)] = key
    return keys
