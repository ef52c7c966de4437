"""Speakers named but never recognised: a proper name that is the subject of a reporting verb
is an entity, so the quotation it speaks gets a speaker.

    “We will stay,” said Ana Vell.   # the tagger missed the name: Ana Vell becomes a person

A name of two or more capitalised words is a person unless the tagger or its last word makes it
an organization ("Harwick Bakers Union"). A single word ("“…,” Vell said") names the full name
written earlier that ends with it ("Ana Vell runs the yard. … “…,” Vell said"); alone it makes
no entity (an outlet or a team is as often a single word as a person is). An all-capitals label
("VIDEO:"), a place ("Harrow Street said") and a name seen only in the headline (title case misleads the tagger) make
no entity either, nor does a byline or the author's closing line ("Ann Vale writes about …").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ...schemas.vocab import EntityKind
from ..deps import compound
from ..entities.credits import CreditRanges, credit_ranges
from ..entities.model import Entity, EntityIndex, Mention, normalize_name
from ..layout import DocumentLayout
from ..lexicon import (
    HONORIFICS,
    NER_FACILITIES,
    NER_PLACES,
    NER_THINGS,
    ORG_HEADS,
    ORG_SUFFIXES,
    STREET_HEADS,
    TITLE_WORDS,
)
from .cues import is_cue_verb, speaker_head

_MAX_NAME_WORDS = 3  # a given name, a middle name or initial, a surname
_PLACE_LABELS = NER_PLACES | NER_FACILITIES | NER_THINGS | {"LANGUAGE"}


def with_named_speakers(doc: Doc, index: EntityIndex, in_quote: list[bool], layout: DocumentLayout) -> EntityIndex:
    """`index` with an entity for every unrecognised name that speaks. The new entities are
    appended to `index.entities` itself (the article's entity list), so they are stored too."""
    found: dict[tuple[EntityKind, str], Entity] = {}
    # a name the tagger missed in one place and found in another is the entity already found
    # (two entities of one name would share an id)
    known = {(e.kind, normalize_name(alias)): e for e in index.entities for alias in e.aliases}
    grown: list[Entity] = []
    headline = layout.headline
    credits: CreditRanges | None = None  # found only when a name speaks: most articles need none
    for verb in doc:
        if in_quote[verb.i] or verb.pos_ != "VERB" or not is_cue_verb(verb):
            continue
        subject = speaker_head(verb, skip=lambda t: in_quote[t.i])
        if subject is None:
            continue
        span = _name_span(doc, index, in_quote, subject)
        spans = [span] if span is not None else _surname_spans(doc, index, in_quote, subject)
        if not spans or (headline is not None and any(doc[s].idx < headline[1] for s, _ in spans)):
            continue
        if credits is None:
            credits = credit_ranges(doc, layout)
        if any(credits.covers(doc[s].idx) for s, _ in spans):
            continue  # "Ann Vale writes about …" closing the article is its author, not a speaker
        words = doc[spans[0][0] : spans[0][1]]
        kind = _kind(words[-1])
        key = (kind, normalize_name(words.text))
        entity = found.get(key) or known.get(key)
        if entity is None:
            entity = found[key] = Entity(kind=kind, name=" ".join(words.text.split()), aliases=[words.text])
        elif entity is known.get(key):
            grown.append(entity)
        for start, end in spans:
            if all(m.token_start != start for m in entity.mentions):
                m = doc[start:end]
                entity.mentions.append(Mention(m.start_char, m.end_char, m.text, start, end))
                if m.text not in entity.aliases:
                    entity.aliases.append(m.text)
    for entity in grown:
        entity.mentions.sort(key=lambda m: m.start)
    if not found and not grown:
        return index
    index.entities.extend(found.values())
    return EntityIndex(doc, index.entities)


def _name_span(doc: Doc, index: EntityIndex, in_quote: list[bool], head: Token) -> tuple[int, int] | None:
    """The tokens [start, end) of the name `head` ends, when it is a name of two or more
    capitalised words nobody recognised ("Twitter's Ana Vell" gives "Ana Vell")."""
    if head.pos_ != "PROPN" or not _is_name_word(head) or in_quote[head.i] or head.lower_ in STREET_HEADS:
        return None
    start = head.i
    while start > 0 and head.i - start + 1 < _MAX_NAME_WORDS:
        prev = doc[start - 1]
        if prev.pos_ != "PROPN" or prev.dep != compound or not _is_name_word(prev) or prev.whitespace_ == "":
            break
        if prev.lower_.rstrip(".") in TITLE_WORDS or prev.lower_ in HONORIFICS:
            break  # "Councillor Ana Vell": the title is her role, not her name
        start -= 1
    if head.i - start + 1 < 2 or all(doc[i].ent_type_ in _PLACE_LABELS for i in range(start, head.i + 1)):
        return None  # one word, or a place ("New Harwick said")
    if any(index.at(i) is not None or in_quote[i] for i in range(start, head.i + 1)):
        return None
    return start, head.i + 1


def _surname_spans(doc: Doc, index: EntityIndex, in_quote: list[bool], head: Token) -> list[tuple[int, int]]:
    """'Ana Vell runs the yard. … “…,” Vell said': the full name written earlier that ends with
    the single word, then the word itself; nothing when no such name was written."""
    if (
        head.pos_ != "PROPN"
        or not _is_name_word(head)
        or index.at(head.i) is not None
        or in_quote[head.i]
        or (head.i > 0 and doc[head.i - 1].pos_ == "PROPN")
    ):
        return []
    for tok in doc[: head.i]:
        if tok.text == head.text and tok.i > 0:
            full = _name_span(doc, index, in_quote, tok)
            if full is not None:
                return [full, (head.i, head.i + 1)]
    return []


def _is_name_word(tok: Token) -> bool:
    """A capitalised word ("Vell", "O'Dea", "Lloyd-Ames"), not an all-capitals label."""
    letters = tok.text.replace("-", "").replace("'", "").replace("’", "")
    return letters.isalpha() and tok.text[:1].isupper() and not tok.text.isupper()


def _kind(last: Token) -> EntityKind:
    """A person unless the tagger or the name's last word says organization."""
    if last.ent_type_ == "ORG" or last.lower_ in ORG_HEADS or last.lower_ in ORG_SUFFIXES:
        return EntityKind.ORGANIZATION
    return EntityKind.PERSON
