"""What extraction knows about the people and organizations of one article.

    GenderClue  a word stating a person's gender ("Ms", "she", "spokeswoman") and where it is
    Mention  one place a name occurs: character and token offsets, and the exact text
    Entity   one referent: its kind, every mention, the canonical name, aliases, role
    EntityIndex  the entities of a document, with a token -> (entity, mention) lookup

Ids come from the canonical name, so the same name has the same id in every article:

    >>> entity_id(EntityKind.PERSON, "Jane  Roe") == entity_id(EntityKind.PERSON, "jane roe")
    True
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from ...schemas.ids import hex_id
from ...schemas.vocab import ENTITY_ID_PREFIX, EntityKind, Gender

if TYPE_CHECKING:  # ids are computed without spaCy (the commit resolves corpus ids with them)
    from spacy.tokens import Doc


class GenderClue(NamedTuple):
    """A word of the article that states a person's gender: "Ms", "she", "spokeswoman"."""

    gender: str  # 'm' / 'f'
    start: int  # character offsets into doc.text; text == doc.text[start:end]
    end: int
    text: str


_GENDERS = {"m": Gender.MALE, "f": Gender.FEMALE}


def stated_gender(clues: Sequence[GenderClue]) -> Gender:
    """The gender every clue agrees on; unknown without clues or when they disagree."""
    genders = {c.gender for c in clues}
    return _GENDERS[genders.pop()] if len(genders) == 1 else Gender.UNKNOWN


def gender_evidence(clues: Sequence[GenderClue]) -> list[dict[str, object]]:
    """The clues a known gender rests on, in text order, as `people.gender_evidence` rows;
    none when the gender is unknown (conflicting clues prove nothing)."""
    if stated_gender(clues) == Gender.UNKNOWN:
        return []
    return [{"text": c.text, "start_char": c.start, "end_char": c.end} for c in sorted(clues, key=lambda c: c.start)]


class Mention(NamedTuple):
    start: int  # character offsets into doc.text; text == doc.text[start:end]
    end: int
    text: str
    token_start: int
    token_end: int


@dataclass
class Entity:
    kind: EntityKind
    mentions: list[Mention] = field(default_factory=list)
    name: str = ""
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    affiliation: Entity | None = None
    affiliation_name: str | None = None
    gender: str | None = None  # 'm' / 'f' from honorifics and resolved pronouns (what coreference agrees with)
    gender_clues: list[GenderClue] = field(default_factory=list)  # the words the published gender rests on
    role_words: frozenset[str] = frozenset()

    @property
    def entity_id(self) -> str:
        return entity_id(self.kind, self.name)

    @property
    def first_char(self) -> int:
        return min(m.start for m in self.mentions)


def normalize_name(name: str) -> str:
    """The form ids are computed from: NFKC, straight apostrophes, one space, casefolded."""
    name = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'")
    return " ".join(name.split()).casefold()


def entity_id(kind: EntityKind | str, name: str) -> str:
    """`per_` or `org_` and 16 hex digits of the SHA-256 of the kind and the normalized name."""
    kind = EntityKind(kind)
    return hex_id(f"{kind.value}:{normalize_name(name)}", ENTITY_ID_PREFIX[kind.value])


class EntityIndex:
    """The entities of one document and a token -> entity lookup."""

    def __init__(self, doc: Doc, entities: list[Entity]):
        self.doc = doc
        self.entities = entities
        self._by_token: dict[int, tuple[Entity, Mention]] = {}
        for ent in entities:
            for m in ent.mentions:
                for i in range(m.token_start, m.token_end):
                    self._by_token[i] = (ent, m)

    def at(self, token_index: int) -> tuple[Entity, Mention] | None:
        return self._by_token.get(token_index)

    def mentions_in_order(self) -> list[tuple[Entity, Mention]]:
        return sorted(((e, m) for e in self.entities for m in e.mentions), key=lambda em: em[1].start)
