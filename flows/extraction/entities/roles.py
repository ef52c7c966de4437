"""A person's role and affiliation, from the words the article puts around the name.

"Acme Vice President of Sales Jo Doe"         -> role "Vice President of Sales", organization Acme
"Secretary of State Jane Roe"                 -> role "Secretary of State"
"Lakeside coach Dee Mbeki"                    -> role "coach", organization Lakeside
"Jo Doe, director of sales at Acme, said"     -> role "director of sales", organization Acme
"Its general secretary, Jo Doe," (after Acme) -> role "general secretary", organization Acme
"Jo Doe, who hosts a morning show on KXYZ"    -> role "host", organization KXYZ
"economist Jo Doe"                            -> role "economist"

The phrases after and before a name are read in `appositions`.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from ...schemas.vocab import EntityKind
from ..deps import NOUN_MODIFIERS, amod, compound
from ..lexicon import HONORIFICS, NER_PLACES, OCCUPATIONS, ORG_HEADS, ORG_ROLES, TITLE_WORDS
from .appositions import Found, OrgsBefore, following_of, following_role, preceding_role, relative_role
from .model import Entity, EntityIndex, Mention

#: entity labels of words that name a place, not a post ("Tarrowby developer Jo Doe" is a developer)
_PLACE_ENTITY_TYPES = NER_PLACES


def attach_roles(
    doc: Doc, person: Entity, index: EntityIndex, stripped_titles: list[str], orgs: OrgsBefore, headline_end: int = 0
) -> None:
    """Fill `role` and `affiliation` from the words around the person's mentions: the first
    role and the first organization any of them states. A headline capitalises every word,
    so there a role must name a post by its words ("The Absurd Double Standard Roe" has none)."""
    finders: list[Callable[[Doc, Mention, EntityIndex], Found]] = [
        _premodifier_role,
        lambda d, m, i: preceding_role(d, m, i, orgs),
        following_role,
        relative_role,
        lambda d, m, i: (None, following_of(d, m, i)),
    ]
    role: str | None = None
    affiliation: Entity | None = None
    for m in person.mentions:
        for find in finders:
            r, org = find(doc, m, index)
            if r is not None and m.start < headline_end and not _names_a_post(r, capitals=False):
                r = None
            role = role or r
            affiliation = affiliation or org
        if role and affiliation is not None:
            break
    if role is None and stripped_titles:
        role = stripped_titles[0]
    if affiliation is None and role:
        affiliation = _body_in_title(role, orgs)
    person.role = _clean_role(role)
    person.affiliation = affiliation
    person.affiliation_name = affiliation.name if affiliation is not None else None
    words: set[str] = set()
    for text in filter(None, [person.role, *stripped_titles]):
        words.update(w.casefold().rstrip(".") for w in text.split())
    person.role_words = frozenset(words)


def _body_in_title(role: str, orgs: OrgsBefore) -> Entity | None:
    """'Council Member Jo Doe' in an article naming one "… City Council": a title naming the
    kind of body ("council", "senate", "board") belongs to the one body of that kind named."""
    for word in (w.casefold() for w in role.split()):
        if word in ORG_HEADS:
            bodies = orgs.headed_by(word)
            if len(bodies) == 1:
                return bodies[0]
    return None


def _clean_role(role: str | None) -> str | None:
    if not role:
        return None
    role = " ".join(role.split()).strip(" ,;:-—–")
    words = role.split()
    while words and words[0].lower() in {"a", "an", "the", "former"} | HONORIFICS:
        if words[0].lower() == "former":
            break
        words.pop(0)
    role = " ".join(words)
    if not role or len(words) > 12 or not any(c.isalpha() for c in role):
        return None
    return role


_POSTS = TITLE_WORDS | OCCUPATIONS | ORG_ROLES
#: words that open a post's name without naming one ("former", "shadow Chancellor")
_POST_MODIFIERS = frozenset(
    {"former", "acting", "deputy", "shadow", "interim", "vice", "junior", "senior", "assistant", "associate"}
    | {"lead", "managing", "outgoing", "incoming", "then", "new", "first", "second"}
)
_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "ar", "eer", "man", "woman", "legend", "star", "veteran")


def _premodifier_role(doc: Doc, m: Mention, index: EntityIndex) -> Found:
    """'Acme Vice President of Sales Jo Doe' -> ('Vice President of Sales', Acme)."""
    head = doc[m.token_start : m.token_end].root
    sent_start = doc[m.token_start].sent.start
    subtree = {t.i for t in head.subtree}
    i = m.token_start - 1
    role_tokens: list[Token] = []
    org: Entity | None = None
    org_tokens: list[Token] = []
    while i >= sent_start:
        tok = doc[i]
        hit = index.at(i)
        if hit and hit[0].kind == EntityKind.PERSON:
            break
        if hit and hit[0].kind == EntityKind.ORGANIZATION:
            org = hit[0]
            org_tokens = list(doc[hit[1].token_start : hit[1].token_end])
            j = hit[1].token_start - 1
            while j > sent_start and doc[j].lower_ == "the":
                j -= 1
            if j > sent_start and doc[j].lower_ == "of" and doc[j - 1].text[:1].isupper():
                # "Secretary of State Jane Roe", "Director of the Bureau Jo Doe": the
                # organization is part of the title
                role_tokens.extend(doc[j + 1 : hit[1].token_end])
                org_tokens = []
                i = j
                continue
            break
        if tok.tag_ == "POS" and i - 1 >= sent_start:
            owner = index.at(i - 1)
            if owner and owner[0].kind == EntityKind.ORGANIZATION:
                org = owner[0]
                if i + 1 == m.token_start:
                    return None, org  # "Labour's Jo Doe": the body's own member
            break
        if tok.lower_ in HONORIFICS:
            i -= 1
            continue
        if (
            tok.lower_ in {"of", "for", "and", "&"}
            and role_tokens
            and i - 1 >= sent_start
            and (doc[i - 1].text[:1].isupper() or doc[i - 1].lower_ in _POSTS)  # "director of rugby"
        ):
            role_tokens.append(tok)
            i -= 1
            continue
        if (
            tok.text == "-"
            and role_tokens
            and not tok.whitespace_
            and i - 1 >= sent_start
            and not doc[i - 1].whitespace_
        ):
            role_tokens.append(tok)  # "fly-half"
            i -= 1
            continue
        # a post's name counts whatever the tagger made of it ("Gunners striker X", "striker" read as a verb)
        if (
            (tok.pos_ in {"PROPN", "NOUN", "ADJ"} or tok.lower_ in _POSTS)
            and not tok.is_punct
            and _in_name_phrase(tok, subtree, m)
        ):
            role_tokens.append(tok)
            i -= 1
            continue
        break
    while role_tokens and role_tokens[-1].lower_ in {"of", "for", "and", "&"}:
        role_tokens.pop()
    if org is not None and len(org_tokens) == 1 and org_tokens[0].lower_ in ORG_HEADS and role_tokens:
        role_tokens.append(org_tokens[0])  # "Board Member": the head word is part of the title
    role_tokens.sort(key=lambda t: t.i)
    first_capital = next((k for k, t in enumerate(role_tokens) if t.text[:1].isupper()), 0)
    while first_capital > 0 and role_tokens[0].lower_ not in _POSTS | _POST_MODIFIERS:
        # "… record Prime Minister Jo Doe" (a headline run into the text): common words before
        # a capitalised title are no part of it
        role_tokens.pop(0)
        first_capital -= 1
    while role_tokens and role_tokens[0].ent_type_ in _PLACE_ENTITY_TYPES:
        role_tokens.pop(0)  # "Tarrowby developer": the place is not part of the post
    if role_tokens and not _names_a_post(doc[role_tokens[0].i : role_tokens[-1].i + 1].text):
        role_tokens = []  # "the 22-year-old Jo Doe", "the Roe campaign Jo Doe": no post
    if not role_tokens:
        return None, org if org is not None and _adjacent(org_tokens, m) else None
    text = doc[role_tokens[0].i : role_tokens[-1].i + 1].text
    return text, org


def _names_a_post(role: str, capitals: bool = True) -> bool:
    """Does the phrase end in the name of a post ("director" of "director of rugby",
    "fly-half"): a title or occupation, a capitalised title word ("Prime Minister"), or an
    agent noun ("plotter", "scholar", "physicist")?"""
    words = role.split(" of ")[0].split()
    if not words:
        return False
    head = words[-1]
    low = head.lower().rstrip(".")
    # a capitalised word of a longer title ("Head of Widget Compliance"); one capitalised word
    # alone, neither a title nor an agent noun, is an epithet ("Sleepy Jo Doe") or a name's part
    return low in _POSTS or low.endswith(_AGENT_SUFFIXES) or (capitals and head[:1].isupper() and len(words) > 1)


def _in_name_phrase(tok: Token, subtree: set[int], m: Mention) -> bool:
    """Is `tok`, left of a name, a title word of the name's noun phrase?

    The parser often splits long titles ("X Vice President of Y Jo Doe"), so a run of
    capitalised words counts by position; a lower-case word counts when it is a title
    word or modifies the name ("economist Jo Doe"). A capitalised word that opens the
    sentence counts only when the parse attaches it to the name (else "Yesterday Jo Doe").
    """
    attached = tok.i in subtree or m.token_start <= tok.head.i < m.token_end
    if not tok.text[:1].isupper() and tok.dep in {amod, compound} and tok.head.i < m.token_start:
        # "political editor", "chief economist": a modifier of the post's own noun
        attached = attached or (tok.head.i > tok.i and tok.head.lower_.rstrip(".") in _POSTS)
    if tok.lower_.rstrip(".") in TITLE_WORDS:
        return True
    if tok.is_sent_start:
        return attached and tok.pos_ in {"PROPN", "NOUN"}
    if tok.text[:1].isupper():
        return True
    return attached and tok.dep in NOUN_MODIFIERS


def _adjacent(org_tokens: list[Token], m: Mention) -> bool:
    return bool(org_tokens) and org_tokens[-1].i + 1 == m.token_start
