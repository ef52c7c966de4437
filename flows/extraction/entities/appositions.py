"""A person's role and organization from the phrases set beside the name.

    "Jo Doe, director of sales at Acme,"             after the name    -> "director of sales", Acme
    "Acme's managing director, Jo Doe,"              before the name   -> "managing director", Acme
    "Its general secretary, Jo Doe," (after Acme)    "its": the organization just named
    "Jo Doe, who presents the morning show on KXYZ"  a relative clause -> "presenter", KXYZ
    "Professor Jo Doe of the University of Acme"     "of" an organization

Each function returns (role text or None, organization or None).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from ...schemas.vocab import EntityKind
from ..deps import NOUN_CLAUSES, amod, appos, compound, conj, pobj, relcl
from ..lexicon import HONORIFICS, KIN, ORG_DESCRIPTIONS, ORG_NOUNS, POSSESSIVE_CLITICS
from .evidence import describes
from .model import Entity, EntityIndex, Mention

Found = tuple[str | None, Entity | None]

#: verbs of a relative clause that say what a person does for an organization, and the
#: role they give ("who presents the show on KXYZ" -> presenter)
ROLE_VERBS = {
    "present": "presenter",
    "host": "host",
    "chair": "chair",
    "lead": "leader",
    "head": "head",
    "manage": "manager",
    "edit": "editor",
    "coach": "coach",
    "direct": "director",
    "found": "founder",
    "own": "owner",
    "run": None,
    "work": None,
    "play": None,
    "join": None,
    "represent": None,
}
_REFERRING_POSSESSIVES = frozenset({"its", "their"})
#: organization mentions looked back through for one named like "the agency's"
_LOOK_BACK = 20


class OrgsBefore:
    """The organization named last before a token: what "its" and "the agency's" refer to."""

    def __init__(self, index: EntityIndex):
        orgs = [(m.token_start, e) for e, m in index.mentions_in_order() if e.kind == EntityKind.ORGANIZATION]
        self._starts = [s for s, _ in orgs]
        self._orgs = [e for _, e in orgs]
        self._by_head: dict[str, dict[str, Entity]] = {}
        for e in index.entities:
            if e.kind == EntityKind.ORGANIZATION and e.name.split():
                self._by_head.setdefault(e.name.casefold().split()[-1], {})[e.entity_id] = e

    def headed_by(self, noun: str) -> list[Entity]:
        """The organizations whose name ends with `noun` ("council": "Dunmere City Council")."""
        return list(self._by_head.get(noun, {}).values())

    def before(self, token: int, noun: str | None = None) -> Entity | None:
        """The organization named last before `token`; with `noun`, the last one whose name
        has that word ("the agency's" -> "… Space Agency"), else the last one."""
        k = bisect.bisect_left(self._starts, token) - 1
        if noun is not None:
            for j in range(k, max(-1, k - _LOOK_BACK), -1):
                if noun in self._orgs[j].name.casefold().split():
                    return self._orgs[j]
        return self._orgs[k] if k >= 0 else None


def entity_at(index: EntityIndex, token: int, kind: EntityKind) -> Entity | None:
    hit = index.at(token)
    return hit[0] if hit is not None and hit[0].kind == kind else None


def following_role(doc: Doc, m: Mention, index: EntityIndex) -> tuple[str | None, Entity | None]:
    """'Jo Doe, director of sales at Acme,' -> ('director of sales', Acme)."""
    head = doc[m.token_start : m.token_end].root
    if m.token_end >= len(doc) or doc[m.token_end].text != ",":
        return None, None
    apposed = [t for t in head.rights if t.dep == appos and t.i > m.token_end and describes(t)]
    if not apposed:
        return None, None
    app = apposed[0]
    appos_hit = index.at(app.i)
    if appos_hit is not None and appos_hit[0].kind == EntityKind.PERSON:
        return None, None
    tokens = sorted(app.subtree, key=lambda t: t.i)
    # stop at a relative clause, a second comma-separated appositive or a parenthesis
    end = len(tokens)
    for k, t in enumerate(tokens):
        if t.dep in NOUN_CLAUSES or t.lower_ in {"who", "which", "that"} or t.text in {",", "(", ";", "—", "–"}:
            end = k
            break
    tokens = tokens[:end]
    if not tokens:
        return None, None
    org = None
    cut = len(tokens)
    for k, t in enumerate(tokens):
        hit = index.at(t.i)
        if hit and hit[0].kind == EntityKind.ORGANIZATION:
            org = hit[0]
            # the preposition that introduces the organisation ends the role ("at the broker X")
            j = k - 1
            while j >= 0 and (tokens[j].pos_ == "DET" or tokens[j].lower_ in ORG_NOUNS):
                j -= 1
            if j >= 0 and tokens[j].pos_ == "ADP":
                cut = j
            elif j >= 0 and tokens[j].tag_ == "POS":
                cut = len(tokens)
            else:
                cut = k if k > 0 else len(tokens)
            break
    role_tokens = [t for t in tokens[:cut] if org is None or _entity(index, t.i) is not org]
    role_tokens = [t for t in role_tokens if t.tag_ != "POS"]
    if not role_tokens:
        return None, org
    while role_tokens and (role_tokens[0].pos_ == "DET" or role_tokens[0].tag_ == "PRP$"):
        role_tokens.pop(0)
    while role_tokens and role_tokens[-1].pos_ in {"ADP", "CCONJ", "PUNCT", "DET"}:
        role_tokens.pop()
    if not role_tokens or len(role_tokens) > 10:
        return None, org
    if not any(t.pos_ in {"NOUN", "PROPN"} for t in role_tokens):
        return None, org
    if any(t.ent_type_ in {"DATE", "TIME"} for t in role_tokens):
        return None, org  # "last year's champion", "the 2019 winner": a title won, not a post
    text = doc[role_tokens[0].i : role_tokens[-1].i + 1].text
    return text, org


def _entity(index: EntityIndex, token: int) -> Entity | None:
    hit = index.at(token)
    return hit[0] if hit is not None else None


def preceding_role(doc: Doc, m: Mention, index: EntityIndex, orgs: OrgsBefore) -> Found:
    """'Acme's managing director, Jo Doe', 'Its general secretary, Dr Jo Doe', 'her editor, Jo Doe'."""
    i = m.token_start - 1
    while i >= 0 and doc[i].lower_ in HONORIFICS:
        i -= 1
    if i < 1 or doc[i].text != "," or doc[i - 1].pos_ != "NOUN":
        return None, None
    head = doc[i - 1]
    if head.lemma_.lower() in ORG_DESCRIPTIONS:
        return None, None  # "to continue his campaign, Jo Doe's …": a body, not a post
    if head.dep == pobj:
        return None, None  # "In a tweet, Jo Doe said": an adverbial phrase, not a post
    start = head.i
    while start > 0 and doc[start - 1].dep in {compound, amod} and doc[start - 1].head.i <= head.i:
        start -= 1  # "managing director", "general secretary", "lead author"
    org = None
    while start < head.i and (named := entity_at(index, start, EntityKind.ORGANIZATION)) is not None:
        org, start = named, start + 1  # "the Ostland coach, X": the body, then the post
    role = None if head.lower_ in KIN else doc[start : head.i + 1].text  # "her husband, X": no post
    owner = doc[start - 1] if start > 0 and org is None else None
    if owner is not None and (owner.tag_ == "POS" or owner.text in POSSESSIVE_CLITICS) and start >= 2:
        org = entity_at(index, start - 2, EntityKind.ORGANIZATION)  # "Acme's"
        if org is None and doc[start - 2].lower_ in ORG_NOUNS:
            org = orgs.before(start - 2, doc[start - 2].lower_)  # "the agency's": the agency named last
    elif owner is not None and owner.lower_ in _REFERRING_POSSESSIVES:
        org = orgs.before(owner.i)  # "Its general secretary"
    return role, org


def following_of(doc: Doc, m: Mention, index: EntityIndex) -> Entity | None:
    """'Professor Jo Doe of the University of Acme': the organization after "of"."""
    i = m.token_end
    if i >= len(doc) or doc[i].lower_ != "of":
        return None
    i += 1
    while i < len(doc) and doc[i].pos_ == "DET":
        i += 1
    return entity_at(index, i, EntityKind.ORGANIZATION) if i < len(doc) else None


def relative_role(doc: Doc, m: Mention, index: EntityIndex) -> Found:
    """'Jo Doe, who presents the breakfast show on KXYZ and …': the first organization in a
    relative clause whose verb says what the person does for it."""
    head = doc[m.token_start : m.token_end].root
    for clause in (c for c in head.children if c.dep == relcl and c.i > head.i):
        verbs = [clause, *(v for v in clause.children if v.dep == conj and v.pos_ == "VERB")]
        for verb in verbs:
            lemma = verb.lemma_.lower()
            if lemma not in ROLE_VERBS:
                continue
            org = _first_org(verb, index)
            if org is not None:
                return ROLE_VERBS[lemma], org
    return None, None


def _first_org(verb: Token, index: EntityIndex) -> Entity | None:
    for tok in sorted(verb.subtree, key=lambda t: t.i):
        if tok.dep == conj and tok.head == verb:
            break  # the next verb's objects belong to it
        org = entity_at(index, tok.i, EntityKind.ORGANIZATION)
        if org is not None:
            return org
    return None
