"""What resolution reads of a `people` or `organizations` row, and the acronyms a row spells out.

NameRecord("a1", "o3", "organization", "Harbour Transit Authority",
           ("Harbour Transit Authority", "HTA"), 4, None, None)
declared_expansions(that) -> {"hta": "harbour transit authority"}
"""

from __future__ import annotations

from typing import NamedTuple

from .names import acronym_of, initials, org_key


class NameRecord(NamedTuple):
    """One `people` or `organizations` row, as resolution sees it."""

    article_id: str
    local_id: str  # the row's per-article id (person_id / organization_id)
    kind: str  # "person" | "organization"
    name: str  # the article's canonical name for it
    aliases: tuple[str, ...]  # every form the article uses (includes acronyms for orgs)
    mention_count: int
    role: str | None  # people only
    affiliation: str | None  # people only: the organization's name


RecordKey = tuple[str, str]  # (article_id, local_id)


def declared_expansions(record: NameRecord) -> dict[str, str]:
    """acronym -> expansion key for every acronym the record's own forms spell out
    ("Harbour Transit Authority" and "HTA" in one article: {"hta": "harbour transit authority"})."""
    forms = (record.name, *record.aliases)
    acronyms = {a for a in (acronym_of(f) for f in forms) if a}
    found: dict[str, str] = {}
    for form in sorted(forms):
        if acronym_of(form):
            continue
        for acronym in sorted(acronyms & initials(form)):
            found.setdefault(acronym, org_key(form))
    return found
