"""The value objects of attribution: a cue, a mention, an attribution, a quotation.

Cue           the words that report speech: "said", "according to", a colon after a name
MentionSpan   the tokens naming the speaker: "Jane Roe", "she", "the mayor"
Found         a cue and the token naming its speaker, as a search returns them
Attribution   a cue with its speaker resolved (or not), where it sits in the article
QuoteRecord   one quotation or reported clause: its span, type, speaker and cue
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Token

from ...schemas.vocab import AttributionKind, QuoteType
from ..entities.model import Entity


class Cue(NamedTuple):
    token: int  # index of the cue's head token
    start: int  # character span of the cue words
    end: int
    text: str


class MentionSpan(NamedTuple):
    token_start: int
    token_end: int


class Found(NamedTuple):
    """A cue and the token naming its speaker."""

    cue: Token
    speaker: Token | None
    content_start: int | None = None  # where the quoted words start, when a label precedes them
    unnamed: bool = False  # the cue names no speaker ("the court heard “…”": the court listened)


@dataclass(frozen=True)
class Attribution:
    cue: Cue
    mention: MentionSpan | None
    speaker: Entity | None
    paragraph: int
    position: int  # character offset, for "last attribution of the paragraph"


class QuoteRecord(NamedTuple):
    start: int
    end: int
    text: str
    quote_type: QuoteType
    speaker: Entity | None
    speaker_span: tuple[int, int] | None  # character offsets of the literal mention
    cue: Cue | None
    attribution: AttributionKind | None
    paragraph: int
    sentence: int
    marks_closed: bool | None
