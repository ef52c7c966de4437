"""The people and organizations of one article: candidates -> kinds -> clusters -> roles.

index = build_entities(doc, layout)
[(e.kind, e.name, e.aliases) for e in index.entities]
# -> [("person", "Jane Roe", ["Jane Roe", "Roe"]), ("organization", "Federal Widget Agency", [..., "FWA"])]
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from ...schemas.vocab import EntityKind
from ..layout import DocumentLayout
from .appositions import OrgsBefore
from .candidates import Candidate, acronyms_in_parentheses, candidate_spans
from .clusters import Cluster, cluster, propagate_names
from .credits import CreditRanges, credit_ranges
from .gender import honorific_clues, honorific_gender, noun_clues
from .kinds import Kind, decide_kinds
from .model import Entity, EntityIndex, Mention, normalize_name
from .roles import attach_roles
from .runs import extend_candidates
from .tokens import TokenView
from .works import title_ranges


def build_entities(doc: Doc, layout: DocumentLayout) -> EntityIndex:
    """Find, type, cluster and describe the people and organizations of `doc`."""
    view = TokenView.of(doc)
    candidates = _distinct(extend_candidates(doc, layout, view, candidate_spans(view)))
    headline = layout.headline
    for c in candidates:
        c.in_headline = headline is not None and doc[c.start].idx < headline[1]
    acronym_of = {acr: candidates[idx].key(doc) for acr, idx in acronyms_in_parentheses(doc, candidates).items()}
    kinds = decide_kinds(doc, view, candidates, title_ranges(doc, layout), acronym_of)
    if headline is not None:
        candidates = _without_headline_glue(doc, candidates, kinds)
    clusters = cluster(doc, candidates, kinds, acronym_of)
    propagate_names(view, clusters, candidates)
    if headline is not None:
        # title case misleads the tagger ("Bridge Talks Stall" as an organization): a name
        # seen only in the headline must also be found in the body to count
        # (occurrences found by propagating the headline's own name are no evidence)
        clusters = [cl for cl in clusters if any(not c.in_headline and c.rule != "propagated" for c in cl.candidates)]
    credits = credit_ranges(doc, layout)
    clusters = [cl for cl in clusters if not _credited_only(doc, cl, credits)]
    entities: list[Entity] = []
    for cl in clusters:
        cands = sorted(cl.candidates, key=lambda c: c.start)
        mentions = [_mention(doc, c) for c in cands]
        ent = Entity(kind=cl.kind, mentions=mentions)
        ent.name = " ".join(_canonical(mentions).split())
        aliases: list[str] = []
        for m in mentions:
            alias = " ".join(m.text.split())
            if alias not in aliases:
                aliases.append(alias)
        if ent.name not in aliases:
            aliases.insert(0, ent.name)
        ent.aliases = aliases
        if cl.kind == EntityKind.PERSON:
            ent.gender = _gender_of_honorifics(cands, ent.gender)
            honorific_clues(doc, ent, cands)
        entities.append(ent)
    index = EntityIndex(doc, entities)
    orgs = OrgsBefore(index)
    for ent, cl in zip(entities, clusters, strict=True):
        if ent.kind == EntityKind.PERSON:
            titles = [c.title for c in sorted(cl.candidates, key=lambda c: c.start) if c.title]
            attach_roles(doc, ent, index, titles, orgs, headline[1] if headline is not None else 0)
            team = next((c.team for c in cl.candidates if c.team), None)
            if team is not None and ent.affiliation is None:
                ent.affiliation = _organization_named(entities, team)  # the line-up that lists a player
                ent.affiliation_name = ent.affiliation.name if ent.affiliation is not None else None
    entities.sort(key=lambda e: e.first_char)
    index = EntityIndex(doc, entities)
    noun_clues(doc, index)  # published gender only: coreference keeps to honorifics and pronouns
    return index


def _without_headline_glue(doc: Doc, candidates: list[Candidate], kinds: dict[str, Kind]) -> list[Candidate]:
    """'Derelict Obama and Clinton' (a headline) above a body that says only 'Obama': title case
    glued a word to the name, and the body, which names a person in full at first mention,
    never spells it beside that surname. A headline's person keeps the words the body spells
    (and no title: the words before it are the headline's)."""
    body_words: dict[str, set[str]] = {}  # surname -> every word of the body's names ending in it
    for c in candidates:
        if not c.in_headline and kinds.get(c.key(doc)) == EntityKind.PERSON:
            span = c.span(doc)
            body_words.setdefault(span[-1].lower_, set()).update(t.lower_ for t in span)
    out = []
    for c in candidates:
        words = body_words.get(doc[c.end - 1].lower_, set())
        start = c.start
        if c.in_headline and kinds.get(c.key(doc)) == EntityKind.PERSON:
            while start < c.end - 1 and doc[start].lower_ not in words:
                start += 1
        trimmed = replace(c, start=start, title=None, honorific=None) if start > c.start else c
        out.append(trimmed if kinds.get(trimmed.key(doc)) == EntityKind.PERSON else c)
    return out


def _distinct(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per span: two readings of the same words ("Mr. Mr. Aa", both trimmed to
    "Aa") would be two mentions of one stretch of text."""
    seen: set[tuple[int, int]] = set()
    out = []
    for c in candidates:
        if (c.start, c.end) not in seen:
            seen.add((c.start, c.end))
            out.append(c)
    return out


def _organization_named(entities: list[Entity], name: str) -> Entity | None:
    key = normalize_name(name)
    return next(
        (e for e in entities if e.kind == EntityKind.ORGANIZATION and key in map(normalize_name, e.aliases)), None
    )


def _mention(doc: Doc, c: Candidate) -> Mention:
    span = c.span(doc)
    return Mention(span.start_char, span.end_char, span.text, c.start, c.end)


def _canonical(mentions: list[Mention]) -> str:
    """The fullest form of the name: not an acronym, most words, longest, earliest."""

    def score(m: Mention) -> tuple[bool, int, int, int]:
        words = m.text.split()
        acronym = len(words) == 1 and m.text.isupper()
        return (not acronym, len(words), len(m.text), -m.start)

    return max(mentions, key=score).text


def _gender_of_honorifics(candidates: list[Candidate], gender: str | None) -> str | None:
    for c in candidates:
        if c.honorific:
            gender = honorific_gender(c.honorific) or gender
    return gender


def _credited_only(doc: Doc, cl: Cluster, credits: CreditRanges) -> bool:
    """A person named only in bylines and credits writes or photographs; the article is not about them."""
    return cl.kind == EntityKind.PERSON and all(credits.covers(doc[c.start].idx) for c in cl.candidates)
