"""What a description tells about whom it means: the words around "the mayor", "a spokesman".

    apposed_name   "Its chief engineer, Jo Doe, said": the name set beside the description
    age_of         "the 52-year-old" -> "52", matched against "Jo Doe, 52," earlier
    description_kind  "the publisher, which …" is an organization, "the host, who …" a person
    issuer_of      "Acme said in a statement": the statement's issuer is Acme

Closed-class words only: these read the parse, never a list of answers.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ...schemas.vocab import EntityKind
from ..deps import (
    APPOSED,
    APPOSED_PATH,
    OBJECT_OR_ATTRIBUTE,
    acl,
    agent,
    appos,
    compound,
    pobj,
    poss,
    prep,
    relcl,
    subject_of,
)
from ..entities.model import Entity, EntityIndex
from ..lexicon import ORG_DESCRIPTIONS, SPOKESPEOPLE

#: someone who speaks for whom the phrase names ("a spokesman for Acme", "officials at the agency")
SPOKESPERSON_NOUNS = SPOKESPEOPLE | {"official", "representative", "team"}
#: descriptions of people the article does not name: they do not refer back to someone named
NON_REFERRING_NOUNS = frozenset(
    {
        *("source", "critic", "expert", "analyst", "observer", "witness", "resident", "people"),
        *("police", "officer", "reporter", "journalist", "audience", "crowd", "public", "caller"),
        *("user", "viewer", "listener", "voter", "fan", "member", "person"),
    }
)
#: nouns that only a person can head
_PERSON_NOUNS = frozenset({"man", "woman", "lady", "gentleman", "boy", "girl", "old", "veteran", "native"})


def apposed_name(doc: Doc, index: EntityIndex, in_quote: list[bool], head: Token) -> Token | None:
    """The last token of the name a description stands beside, if any.

    "The council leader, Jo Doe, said" (an apposition) and "Acme director of sales Jo Doe
    said" (a name closing the phrase, whose stated role holds the description's noun).
    """
    if index.at(head.i) is not None or head.pos_ not in {"NOUN", "ADJ"}:
        return None
    for c in head.children:
        if c.dep == appos and not in_quote[c.i]:
            # "the chair, the poet Jo Doe,": the apposition may itself be a description
            for t in (c, *(g for g in c.children if g.dep in APPOSED and g.i > c.i)):
                hit = index.at(t.i)
                if hit is not None:
                    return doc[hit[1].token_end - 1]
    # "the colleague at Acme, Jo Doe, said": the parse may hang the name off the last noun
    for t in head.subtree:
        if t.dep == appos and t.i > head.i and not in_quote[t.i] and t.head.i != head.i:
            hit = index.at(t.i)
            if (
                hit is not None
                and hit[0].kind == EntityKind.PERSON
                and head.lemma_.lower() not in ORG_DESCRIPTIONS
                and all(p.dep in APPOSED_PATH for p in _path_up(t.head, head))
            ):
                return doc[hit[1].token_end - 1]
    word = head.lemma_.lower()
    last = head.right_edge
    hit = index.at(last.i)
    if (
        hit is not None
        and last.i > head.i
        and not in_quote[last.i]
        and hit[0].kind == EntityKind.PERSON
        and word in hit[0].role_words
        and all(t.dep in APPOSED_PATH for t in _path_up(last, head))
    ):
        return last
    return None


def _path_up(tok: Token, top: Token) -> list[Token]:
    """The tokens from `tok` up to (not including) `top`; [tok] alone when `top` is not above it."""
    path: list[Token] = []
    while tok.i != top.i and tok.head.i != tok.i and len(path) < 6:
        path.append(tok)
        tok = tok.head
    return path if tok.i == top.i else [tok]


def age_of(head: Token) -> str | None:
    """'the 52-year-old' -> '52' (the parse splits it: "52 - year - old")."""
    if head.lower_ != "old":
        return None
    for c in head.children:
        if c.lower_ in {"year", "years"}:
            num = next((n for n in c.children if n.like_num), None)
            if num is not None:
                return num.text
    return None


def age_stated(doc: Doc, person: Entity, age: str) -> bool:
    """Does the article give `person` this age ("Jo Doe, 52," or "52-year-old Jo Doe")?"""
    text = doc.text
    pattern = re.compile(rf"\s*,\s*(?:aged\s+)?{re.escape(age)}\b")
    before = re.compile(rf"\b{re.escape(age)}-year-old\s*$")
    for m in person.mentions:
        if pattern.match(text, m.end, min(len(text), m.end + 12)) or before.search(text, max(0, m.start - 16), m.start):
            return True
    return False


def description_kind(head: Token) -> EntityKind | None:
    """Person or organization, when the phrase says which ("…, who" / "…, which"; "the
    44-year-old"; "the businessman"); None when it does not."""
    for c in head.children:
        if c.dep == relcl:
            pron = next((t for t in c.children if t.lower_ in {"who", "which"}), None)
            if pron is not None:
                return EntityKind.PERSON if pron.lower_ == "who" else EntityKind.ORGANIZATION
    lemma = head.lemma_.lower()
    if lemma in _PERSON_NOUNS or lemma.endswith(("man", "woman")) or age_of(head) is not None:
        return EntityKind.PERSON
    return None


def issuer_of(mention: Token) -> Token | None:
    """The token naming who issued the document `mention` names: its possessor ("Acme's
    report"), "by"/"from" X, a participle's agent ("a complaint filed by Acme"), a name
    compounded with it ("an Acme report"), or the subject
    of the verb it is the object of ("Acme issued a statement", "Acme said in a statement")."""
    for c in mention.children:
        if c.dep == poss:
            return c
        if c.dep == prep and c.lower_ in {"by", "from"}:
            obj = next((o for o in c.children if o.dep == pobj), None)
            if obj is not None:
                return obj
        if c.dep == acl:  # "a complaint filed by Acme", "a survey carried out by the institute"
            for by in (a for a in c.children if a.dep == agent):
                obj = next((o for o in by.children if o.dep == pobj), None)
                if obj is not None:
                    return obj
    for c in mention.children:
        if c.dep == compound and c.pos_ == "PROPN":
            return c
    verb = None
    if mention.dep in OBJECT_OR_ATTRIBUTE:
        verb = mention.head
    elif mention.dep == pobj and mention.head.dep == prep:
        verb = mention.head.head
    if verb is None or verb.pos_ not in {"VERB", "AUX"}:
        return None
    return subject_of(verb)
