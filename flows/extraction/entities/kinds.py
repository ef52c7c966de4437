"""What each name is — a person, an organization, or neither — decided from the whole article.

One decision per surface form, so every occurrence of a name has the same kind.
Evidence is weighed in order; the model's label decides only when the text says nothing:

1. structure only organizations have: a rule found it (acronym, call sign), "a X poll",
   "X, one of the largest companies", an organizational head noun ("… Council");
2. evidence of a person: an honorific or a title, "the X administration", the surname
   or first name of a person named in full, a "product" that says things;
3. evidence of a thing: "our X service", a name given in quotation marks;
4. the model's majority label over every occurrence.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.tokens import Doc, Span

from ...schemas.vocab import EntityKind
from ..lexicon import LEADER_HEADS, NAMING_VERBS, ORG_DESCRIPTIONS, ORG_HEADS, POLL_NOUNS, SPEECH_VERBS
from .candidates import Candidate
from .names import initials, is_full_name, name_tokens, surname

#: a name's kind; None for a name that is neither a person nor an organization
Kind = EntityKind | None

_NER_KIND = {"PERSON": EntityKind.PERSON, "ORG": EntityKind.ORGANIZATION}
_POSSESSIVE_DETERMINERS = frozenset({"our", "its", "their", "my", "your"})


def person_words(doc: Doc, candidates: list[Candidate]) -> set[str]:
    """Surnames and first names of the people named in full (outside a headline)."""
    full_names = [name_tokens(c.span(doc)) for c in candidates if not c.in_headline]
    full_names = [toks for toks in full_names if is_full_name(toks)]
    return {surname(toks).casefold() for toks in full_names} | {toks[0].casefold() for toks in full_names}


def decide_kinds(doc: Doc, candidates: list[Candidate]) -> dict[str, Kind]:
    """One kind per surface form (a person, an organization, or None: neither), from document evidence."""
    by_key: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_key[c.key(doc)].append(c)
    # a lone word that is the surname or the first name of a named person is that person
    named = person_words(doc, [c for c in candidates if c.label == "PERSON"])
    org_initials = {initials(c.span(doc).text) for c in candidates if c.label == "ORG" and c.end - c.start > 1}
    kinds: dict[str, Kind] = {}
    for key, group in by_key.items():
        word = group[0].span(doc).text
        if len(group[0].span(doc)) == 1 and word.isupper() and re.sub(r"[^A-Z]", "", word) in org_initials:
            kinds[key] = EntityKind.ORGANIZATION  # "F.W.C." after "Federal Widget Commission", whatever the tagger said
            continue
        kinds[key] = _decide_kind(doc, group, named)
    # "Acme" after "Acme Coal" (an organisation): the short name of the same organisation
    org_first_words = {
        k.split()[0] for k, kind in kinds.items() if kind == EntityKind.ORGANIZATION and len(k.split()) > 1
    }
    decided_people = person_words(doc, [c for c in candidates if kinds[c.key(doc)] == EntityKind.PERSON])
    for key, group in by_key.items():
        if (
            len(key.split()) == 1
            and key in org_first_words
            and key not in decided_people
            and group[0].span(doc).root.pos_ == "PROPN"
        ):
            kinds[key] = EntityKind.ORGANIZATION
    return kinds


def _decide_kind(doc: Doc, group: list[Candidate], named: set[str]) -> Kind:
    spans = [c.span(doc) for c in group]
    last_words = {s[-1].lower_ for s in spans}
    # 0. a name that fills a whole pair of quotation marks is a title ("on “Sunday Desk,”")
    if all(_is_quoted_whole(s) for s in spans):
        return None
    # 1. structure that only organisations have
    if any(c.rule for c in group if c.label == "ORG"):
        return EntityKind.ORGANIZATION
    if any(_runs_a_poll(s) for s in spans):
        return EntityKind.ORGANIZATION  # "a Widgetwatch poll": pollsters are organisations
    if any(_described_as_organization(s) for s in spans):
        return EntityKind.ORGANIZATION  # "Acme Coal, one of the largest coal companies,"
    if any(_has_org_head(s) for c, s in zip(group, spans, strict=True) if c.label not in _PLACES_AND_THINGS):
        return (
            EntityKind.ORGANIZATION
        )  # "Springfield City Council" read as a place; not the "Blue Room Office" (a room)
    # 2. evidence of a person
    if any(c.honorific or c.title for c in group):
        return EntityKind.PERSON
    if any(_leads_something(s) for s in spans):
        return EntityKind.PERSON
    if spans[0].text.casefold() in named and not spans[0].text.isupper():
        return EntityKind.PERSON  # the surname ("Roe", "Van Buren") or first name of a person named in full
    if any(c.label in _MISREAD_AS_THING and _speaks(s) for c, s in zip(group, spans, strict=True)):
        return EntityKind.PERSON  # products, laws and works of art do not say things: a misread name
    # 3. evidence against a person: "our X service", a name in quotation marks after "called"
    labels = Counter(_NER_KIND.get(c.label) for c in group)
    if all(_thing_like(s) for s in spans):
        return None
    # 4. the model's majority label over every occurrence (ties: person, then organisation)
    best = max(labels.items(), key=lambda kv: (kv[1], kv[0] == EntityKind.PERSON, kv[0] == EntityKind.ORGANIZATION))[0]
    if best == EntityKind.ORGANIZATION and last_words <= {"’s", "'s"}:
        return None
    return best


_MISREAD_AS_THING = {"LAW", "PRODUCT", "WORK_OF_ART", "EVENT", "FAC"}
_PLACES_AND_THINGS = _MISREAD_AS_THING | {"LOC"}


def _speaks(span: Span) -> bool:
    """A one-word proper name that is the subject of a reporting verb ("Roe asked")."""
    root = span.root
    return len(span) == 1 and root.pos_ == "PROPN" and root.dep_ == "nsubj" and root.head.lemma_.lower() in SPEECH_VERBS


def _is_quoted_whole(span: Span) -> bool:
    doc = span.doc
    before = span.start - 1
    after = span.end
    while after < len(doc) and doc[after].is_punct and not doc[after].is_quote:
        after += 1  # “Sunday Desk,” : the comma sits inside the marks
    return before >= 0 and after < len(doc) and doc[before].is_quote and doc[after].is_quote


def _described_as_organization(span: Span) -> bool:
    """An apposition that says what kind of thing the name is: "X, a company that …"."""
    for app in (t for t in span.root.children if t.dep_ == "appos" and t.i >= span.end):
        head = app
        if head.lower_ == "one":  # "one of the largest companies"
            objs = [
                g
                for c in head.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            head = objs[0] if objs else head
        if head.pos_ == "NOUN" and head.lemma_.lower() in ORG_DESCRIPTIONS:
            return True
    return False


def _runs_a_poll(span: Span) -> bool:
    root = span.root
    return root.dep_ == "compound" and root.head.lemma_.lower() in POLL_NOUNS and root.head.i >= span.end


def _has_org_head(span: Span) -> bool:
    words = [t for t in span if not t.is_punct]
    if len(words) < 1:
        return False
    for i, tok in enumerate(words):
        if tok.lower_ in ORG_HEADS and tok.text[:1].isupper():
            if i == len(words) - 1 and (len(words) > 1 or tok.lower_ in {"congress", "senate", "parliament"}):
                return True
            if i + 1 < len(words) and words[i + 1].lower_ == "of" and i == 0:
                return True
    return False


def _leads_something(span: Span) -> bool:
    """'the X administration', 'the X campaign': X is a person."""
    root = span.root
    head = root.head
    return (
        root.dep_ in {"compound", "nmod", "amod"}
        and head.i >= span.end
        and head.lower_ in LEADER_HEADS
        and not any(t.lower_ in ORG_HEADS for t in span)
    )


def _thing_like(span: Span) -> bool:
    """A possessive determiner before it ("our X service") or a naming verb with quotes ("called 'X'")."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and doc[i].is_quote:
        i -= 1
    if i >= 0 and doc[i].lower_ in _POSSESSIVE_DETERMINERS:
        return True
    quoted = span.start > 0 and doc[span.start - 1].is_quote
    if quoted and i >= 0:
        prev = doc[i] if not doc[i].is_punct else (doc[i - 1] if i > 0 else doc[i])
        if prev.lemma_.lower() in NAMING_VERBS:
            return True
    return False
