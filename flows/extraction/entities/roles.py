"""A person's role and affiliation, from the words the article puts around the name.

"Acme Vice President of Sales Jo Doe"         -> role "Vice President of Sales", organization Acme
"Secretary of State Jane Roe"                 -> role "Secretary of State"
"Jo Doe, director of sales at Acme, said"     -> role "director of sales", organization Acme
"economist Jo Doe"                            -> role "economist"
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ...schemas.vocab import EntityKind
from ..lexicon import HONORIFICS, ORG_HEADS, TITLE_WORDS
from .model import Entity, EntityIndex, Mention


def attach_roles(doc: Doc, person: Entity, index: EntityIndex, stripped_titles: list[str]) -> None:
    """Fill `role` and `affiliation` from the words around the person's mentions."""
    role: str | None = None
    affiliation: Entity | None = None
    for m in person.mentions:
        r, org = _premodifier_role(doc, m, index)
        if r is None and org is None:
            r, org = _appositive_role(doc, m, index)
        role = role or r
        if affiliation is None:
            affiliation = org
        if role and affiliation is not None:
            break
    if role is None and stripped_titles:
        role = stripped_titles[0]
    person.role = _clean_role(role)
    person.affiliation = affiliation
    person.affiliation_name = affiliation.name if affiliation is not None else None
    words: set[str] = set()
    for text in filter(None, [person.role, *stripped_titles]):
        words.update(w.casefold().rstrip(".") for w in text.split())
    person.role_words = frozenset(words)


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


def _premodifier_role(doc: Doc, m: Mention, index: EntityIndex) -> tuple[str | None, Entity | None]:
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
            break
        if tok.lower_ in HONORIFICS:
            i -= 1
            continue
        if (
            tok.lower_ in {"of", "for", "and", "&"}
            and role_tokens
            and i - 1 >= sent_start
            and doc[i - 1].text[:1].isupper()
        ):
            role_tokens.append(tok)
            i -= 1
            continue
        if tok.pos_ in {"PROPN", "NOUN", "ADJ"} and not tok.is_punct and _in_name_phrase(tok, subtree, m):
            role_tokens.append(tok)
            i -= 1
            continue
        break
    while role_tokens and role_tokens[-1].lower_ in {"of", "for", "and", "&"}:
        role_tokens.pop()
    if org is not None and len(org_tokens) == 1 and org_tokens[0].lower_ in ORG_HEADS and role_tokens:
        role_tokens.append(org_tokens[0])  # "Board Member": the head word is part of the title
    if not role_tokens:
        return None, org if org is not None and _adjacent(org_tokens, m) else None
    role_tokens.sort(key=lambda t: t.i)
    text = doc[role_tokens[0].i : role_tokens[-1].i + 1].text
    return text, org


def _in_name_phrase(tok: Token, subtree: set[int], m: Mention) -> bool:
    """Is `tok`, left of a name, a title word of the name's noun phrase?

    The parser often splits long titles ("X Vice President of Y Jo Doe"), so a run of
    capitalised words counts by position; a lower-case word counts when it is a title
    word or modifies the name ("economist Jo Doe"). A capitalised word that opens the
    sentence counts only when the parse attaches it to the name (else "Yesterday Jo Doe").
    """
    attached = tok.i in subtree or m.token_start <= tok.head.i < m.token_end
    if tok.lower_.rstrip(".") in TITLE_WORDS:
        return True
    if tok.is_sent_start:
        return attached and tok.pos_ in {"PROPN", "NOUN"}
    if tok.text[:1].isupper():
        return True
    return attached and tok.dep_ in {"compound", "amod", "nmod"}


def _adjacent(org_tokens: list[Token], m: Mention) -> bool:
    return bool(org_tokens) and org_tokens[-1].i + 1 == m.token_start


def _appositive_role(doc: Doc, m: Mention, index: EntityIndex) -> tuple[str | None, Entity | None]:
    """'Jo Doe, director of sales at Acme,' -> ('director of sales', Acme)."""
    head = doc[m.token_start : m.token_end].root
    if m.token_end >= len(doc) or doc[m.token_end].text != ",":
        return None, None
    appos = [t for t in head.rights if t.dep_ == "appos" and t.i > m.token_end]
    if not appos:
        return None, None
    app = appos[0]
    appos_hit = index.at(app.i)
    if appos_hit is not None and appos_hit[0].kind == EntityKind.PERSON:
        return None, None
    tokens = sorted(app.subtree, key=lambda t: t.i)
    # stop at a relative clause, a second comma-separated appositive or a parenthesis
    end = len(tokens)
    for k, t in enumerate(tokens):
        if t.dep_ in {"relcl", "acl"} or t.lower_ in {"who", "which", "that"} or t.text in {",", "(", ";", "—", "–"}:
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
            # the preposition that introduces the organisation ends the role
            j = k - 1
            while j >= 0 and tokens[j].pos_ in {"DET"}:
                j -= 1
            if j >= 0 and tokens[j].pos_ == "ADP":
                cut = j
            elif j >= 0 and tokens[j].tag_ == "POS":
                cut = len(tokens)
            else:
                cut = k if k > 0 else len(tokens)
            break
    role_tokens = [t for t in tokens[:cut] if org is None or _entity_at(index, t.i) is not org]
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
    text = doc[role_tokens[0].i : role_tokens[-1].i + 1].text
    return text, org


def _entity_at(index: EntityIndex, token: int) -> Entity | None:
    hit = index.at(token)
    return hit[0] if hit is not None else None
