"""What the attribution stages share about one document: the text, its paragraphs and
quotation marks, token lookups, the speaker resolver, and the record they produce."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from .coref import SpeakerResolver
from .cues import Cue, MentionSpan, cue_of, speaker_head
from .entities import Entity, EntityIndex
from .lexicon import PERSON_PRONOUNS
from .quotemarks import QuoteMarkSpan, find_quote_marks
from .text import ParagraphIndex

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
#: a transcript's or a headline's speaker label: "ROE: …", "Jane Roe: …"
SPEAKER_LABEL = re.compile(r"\s*([A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3}):\s")


class QuoteRecord(NamedTuple):
    start: int
    end: int
    text: str
    quote_type: str  # direct | partial | indirect
    speaker: Entity | None
    speaker_span: tuple[int, int] | None  # character offsets of the literal mention
    cue: Cue | None
    attribution: str | None  # explicit | continuation | None
    paragraph: int
    sentence: int
    marks_closed: bool | None


class Found(NamedTuple):
    """A cue and the token naming its speaker."""

    cue: Token
    speaker: Token | None
    content_start: int | None = None  # where the quoted words start, when a label precedes them


@dataclass
class Attribution:
    cue: Cue
    mention: MentionSpan | None
    speaker: Entity | None
    paragraph: int
    position: int  # character offset, for "last attribution of the paragraph"


class DocContext:
    """Per-document lookups shared by the stages."""

    def __init__(
        self,
        doc: Doc,
        index: EntityIndex,
        paragraphs: Sequence[tuple[int, int]],
        marks: Sequence[QuoteMarkSpan] | None = None,
    ):
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token: compute it once
        self.index = index
        self.paragraphs = ParagraphIndex(paragraphs)
        self.quotes = list(marks) if marks is not None else find_quote_marks(self.text, paragraphs)
        self.in_quote = [False] * len(doc)
        self.quote_of_token: dict[int, int] = {}
        for qi, q in enumerate(self.quotes):
            span = doc.char_span(q.open_start, q.close_end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.in_quote[t.i] = True
                self.quote_of_token[t.i] = qi
        self.paragraph_of_token = [self.paragraphs.index(t.idx) for t in doc]
        self.sentence_of_token = [0] * len(doc)
        for k, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                self.sentence_of_token[i] = k
        self.resolver = SpeakerResolver(doc, index, self.in_quote, self.paragraph_of_token)

    def token_at_or_after(self, char: int) -> int:
        doc = self.doc
        lo, hi = 0, len(doc)
        while lo < hi:
            mid = (lo + hi) // 2
            if doc[mid].idx < char:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def speaker_of(self, verb: Token) -> Token | None:
        head = speaker_head(verb, skip=lambda t: self.in_quote[t.i])
        if head is None and verb.tag_ in {"VBG", "VB"}:
            head = self._subject_before(verb)
        return head

    def _subject_before(self, verb: Token) -> Token | None:
        """'Roe said …, going on to say “…”': a participle whose subject the parse lost
        takes the nearest subject before it in its sentence, outside quotations."""
        sent_start = verb.sent.start
        for i in range(verb.i - 1, sent_start - 1, -1):
            t = self.doc[i]
            if t.dep_ == "nsubj" and not self.in_quote[i] and not self.in_quote[t.head.i]:
                return t if names_someone(self, t) else None
        return None

    def attribution_for(self, verb: Token, head: Token | None = None, cue: Cue | None = None) -> Attribution:
        head = self.speaker_of(verb) if head is None else head
        mention = entity = None
        if head is not None:
            head = self.resolver.speaker_token(head)
            mention = self.resolver.mention_span(head)
            entity = self.resolver.resolve(head)
        return Attribution(cue or cue_of(verb), mention, entity, self.paragraph_of_token[verb.i], verb.idx)


def names_someone(ctx: DocContext, tok: Token | None) -> bool:
    """A named person or organization, or a personal pronoun."""
    return tok is not None and (ctx.index.at(tok.i) is not None or tok.lower_ in PERSON_PRONOUNS or tok.lower_ in {"i", "we", "they"})


def named_in(ctx: DocContext, tokens: list[Token]) -> Token | None:
    """The first person or organization named among `tokens` (outside quotations)."""
    for t in tokens:
        hit = ctx.index.at(t.i)
        if hit is not None and not ctx.in_quote[t.i]:
            return ctx.doc[hit[1].token_end - 1]
    return None


def make_record(
    ctx: DocContext,
    start: int,
    end: int,
    quote_type: str,
    att: Attribution | None,
    how: str | None,
    paragraph: int,
    closed: bool | None,
) -> QuoteRecord:
    doc = ctx.doc
    speaker_span = None
    if att is not None and att.mention is not None:
        span = doc[att.mention.token_start : att.mention.token_end]
        speaker_span = (span.start_char, span.end_char)
    sentence = ctx.sentence_of_token[min(ctx.token_at_or_after(start), len(doc) - 1)]
    return QuoteRecord(
        start=start,
        end=end,
        text=ctx.text[start:end],
        quote_type=quote_type,
        speaker=att.speaker if att is not None and how is not None else None,
        speaker_span=speaker_span if how is not None else None,
        cue=att.cue if att is not None else None,
        attribution=how,
        paragraph=paragraph,
        sentence=sentence,
        marks_closed=closed,
    )


def content_roots(content: Span) -> list[Token]:
    """Tokens of the quote whose head lies outside it: one per sentence or fragment, in order."""
    return [t for t in content if not (content.start <= t.head.i < content.end) or t.head is t]
