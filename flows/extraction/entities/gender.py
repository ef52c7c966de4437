"""The gender an article states for a person, and the words it rests on.

Three kinds of word state it, all closed classes (extraction/lexicon.py), never a first name:

- an honorific before the name: "Ms Roe" (recorded where `build` reads honorifics);
- a pronoun coreference resolved to the person: "Roe said her plan …", "… she said"
  (recorded where `speech.pronouns` and `speech.coref` set `Entity.gender`);
- a noun marked for gender that names the person: "Jo Roe, a spokeswoman for Acme",
  "her husband, Jo Roe", "Chairwoman Jo Roe" (`noun_clues`).

Clues that disagree leave the gender unknown: precision first (`model.stated_gender`, beside
`GenderClue`: the rows are built from clues without loading spaCy).

    >>> from quoteflow.extraction.entities.model import GenderClue, stated_gender
    >>> stated_gender([GenderClue("f", 0, 2, "Ms"), GenderClue("f", 40, 43, "she")])
    <Gender.FEMALE: 'female'>
    >>> stated_gender([GenderClue("f", 0, 2, "Ms"), GenderClue("m", 40, 42, "he")])
    <Gender.UNKNOWN: 'unknown'>
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ...schemas.vocab import EntityKind
from ..deps import appos, conj
from ..lexicon import FEMALE_HONORIFICS, FEMALE_NOUNS, MALE_HONORIFICS, MALE_NOUNS
from .model import Entity, EntityIndex, GenderClue, Mention

if TYPE_CHECKING:  # the rows of a dataset are written from clues without spaCy (flows/dataset/rows.py)
    from spacy.tokens import Doc, Token

    from .candidates import Candidate


_HONORIFIC_REACH = 4  # tokens before a name its stripped honorific may stand ("Mr. and Mrs."-free)


def note_clue(ent: Entity, gender: str, tok: Token) -> None:
    """Record that `tok` ("she", "Mr") states `ent`'s gender ('m' / 'f')."""
    clue = GenderClue(gender, tok.idx, tok.idx + len(tok.text), tok.text)
    if clue not in ent.gender_clues:
        ent.gender_clues.append(clue)


def honorific_gender(word: str) -> str | None:
    low = word.lower()
    return "m" if low in MALE_HONORIFICS else "f" if low in FEMALE_HONORIFICS else None


def honorific_clues(doc: Doc, ent: Entity, candidates: Sequence[Candidate]) -> None:
    """The honorifics stripped from the person's candidates ("Ms" of "Ms Roe"), found again
    just before the name, with their gender."""
    for c in candidates:
        gender = honorific_gender(c.honorific) if c.honorific else None
        if gender is None:
            continue
        for i in range(c.start - 1, max(-1, c.start - 1 - _HONORIFIC_REACH), -1):
            if doc[i].text == c.honorific:
                note_clue(ent, gender, doc[i])
                break


def noun_gender(tok: Token) -> str | None:
    """'f' for "spokeswoman", 'm' for "husband"; singular nouns only ("men" names no one person)."""
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return None
    low = tok.lower_
    return "f" if low in FEMALE_NOUNS else "m" if low in MALE_NOUNS else None


def noun_clues(doc: Doc, index: EntityIndex) -> None:
    """Every gendered noun that names a person of `index` (see `_naming_nouns`)."""
    for ent in index.entities:
        if ent.kind != EntityKind.PERSON:
            continue
        for m in ent.mentions:
            for tok in _naming_nouns(doc, index, m):
                gender = noun_gender(tok)
                if gender is not None:
                    note_clue(ent, gender, tok)


def _naming_nouns(doc: Doc, index: EntityIndex, m: Mention) -> Iterator[Token]:
    """The nouns that say who the mention is: the word right before the name ("spokesman Jo
    Roe", "her husband Jo Roe"), an apposition either way ("Jo Roe, a spokeswoman for …", "her
    husband, Jo Roe") with the nouns coordinated in it ("a developer and spokeswoman"). Not
    the complement of "is": "If Roe were a woman …" states nothing about Roe."""
    root = doc[m.token_start : m.token_end].root
    if m.token_start > 0 and index.at(m.token_start - 1) is None:
        yield doc[m.token_start - 1]
    apposed = [c for c in root.children if c.dep == appos and index.at(c.i) is None]
    if root.dep == appos and index.at(root.head.i) is None:
        apposed.append(root.head)
    for noun in apposed:
        yield noun
        yield from (c for c in noun.children if c.dep == conj and index.at(c.i) is None)
