"""The mentions that could be a quotation's speaker, as the existing rules propose them.

    “We will rebuild,” she said. Mayor Jane Roe had met the builders.
    speaker_candidates(ctx, record, previous)
    # -> [Candidate(she: rules=("cue_subject", "pronoun", "rule")), Candidate(Jane Roe: ("name",)), …]

A candidate is a token span outside quotation marks with the names of the rules that
proposed it: the rules' own choice (`rule`), the subject of a reporting verb near the quote
(`cue_subject`), a named person or organization (`name`), a subject pronoun (`pronoun`) or a
description the article resolves (`description`) in a window of sentences around the
quote (two before, one after, and the paragraph's first), and the previous quotation's
speaker mention (`previous`). The ranker (`ranker`) chooses among them; the quotation can
only get a speaker that is among its candidates. The window is bounded, so the work is
linear in the number of quotations.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Span, Token

from ..deps import NOMINAL_SUBJECTS
from ..entities.model import Entity
from ..lexicon import PERSON_PRONOUNS, SUBJECT_PRONOUNS
from .cues import is_cue_verb
from .document import DocContext
from .records import QuoteRecord

RULE_NAMES = ("cue_subject", "description", "name", "pronoun", "previous", "rule")
_SENTENCES_BEFORE = 2
_SENTENCES_AFTER = 1
_MAX_WINDOW_TOKENS = 160  # per side: a sentence run on for a page does not make the search quadratic


class Candidate(NamedTuple):
    start: int  # token span of the mention
    end: int
    head: int  # the token the mention rests on (its syntactic head)
    rules: tuple[str, ...]  # sorted names of the rules that proposed it
    entity: Entity | None  # what the mention resolves to, if anything


class QuoteWindow(NamedTuple):
    """Where a quotation sits, in tokens: what candidates and features are measured against."""

    start: int  # first token of the quotation
    end: int  # one past its last token
    sent_start: int  # first token of the quotation's first sentence
    sent_end: int  # one past the last token of its last sentence
    low: int  # the window searched for candidates
    high: int
    para_first: tuple[int, int]  # the paragraph's first sentence


def quote_window(ctx: DocContext, record: QuoteRecord) -> QuoteWindow:
    doc = ctx.doc
    start = min(ctx.token_at_or_after(record.start), len(doc) - 1)
    end = max(start + 1, ctx.token_at_or_after(record.end))
    first, last = doc[start].sent, doc[end - 1].sent
    low = first
    for _ in range(_SENTENCES_BEFORE):
        if low.start == 0:
            break
        low = doc[low.start - 1].sent
    high = last
    for _ in range(_SENTENCES_AFTER):
        if high.end >= len(doc):
            break
        high = doc[high.end].sent
    para_start = ctx.paragraphs.spans[record.paragraph][0]
    para_sent = doc[min(ctx.token_at_or_after(para_start), len(doc) - 1)].sent
    return QuoteWindow(
        start,
        end,
        first.start,
        last.end,
        max(low.start, start - _MAX_WINDOW_TOKENS),
        min(high.end, end + _MAX_WINDOW_TOKENS),
        (para_sent.start, min(para_sent.end, para_sent.start + _MAX_WINDOW_TOKENS)),
    )


def token_span(ctx: DocContext, chars: tuple[int, int]) -> tuple[int, int] | None:
    span = ctx.doc.char_span(chars[0], chars[1], alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) else None


def speaker_candidates(
    ctx: DocContext, record: QuoteRecord, previous: QuoteRecord | None, window: QuoteWindow | None = None
) -> list[Candidate]:
    """Every mention the rules propose as the speaker of `record`, in text order, each once."""
    w = window or quote_window(ctx, record)
    found: dict[tuple[int, int], set[str]] = {}

    def add(span: tuple[int, int] | None, rule: str) -> None:
        if span is not None and span[1] > span[0] and not ctx.in_quote[span[0]]:
            found.setdefault(span, set()).add(rule)

    if record.speaker_span is not None:
        add(token_span(ctx, record.speaker_span), "rule")
    if previous is not None and previous.speaker_span is not None:
        add(token_span(ctx, previous.speaker_span), "previous")
    ranges = [(w.low, w.high)]
    if w.para_first[1] <= w.low or w.para_first[0] >= w.high:
        ranges.append(w.para_first)
    for low, high in ranges:
        for i in range(low, high):
            if ctx.in_quote[i]:
                continue
            tok = ctx.doc[i]
            hit = ctx.index.at(i)
            if hit is not None:
                if hit[1].token_start == i and not ctx.in_quote[hit[1].token_end - 1]:
                    add((hit[1].token_start, hit[1].token_end), "name")
                continue
            if tok.lower_ in SUBJECT_PRONOUNS and tok.dep in NOMINAL_SUBJECTS:
                add((i, i + 1), "pronoun")
            elif tok.dep in NOMINAL_SUBJECTS and tok.pos_ == "NOUN" and ctx.resolver.resolve(tok) is not None:
                add(_mention(ctx, tok), "description")
            if is_cue_verb(tok):
                head = ctx.speaker_of(tok)
                if head is not None and ctx.names_someone(head):
                    add(_mention(ctx, ctx.resolver.speaker_token(head)), "cue_subject")
    out = []
    for (start, end), rules in sorted(found.items()):
        head = _head(ctx.doc[start:end])
        out.append(Candidate(start, end, head.i, tuple(sorted(rules)), _entity(ctx, head)))
    return out


def _mention(ctx: DocContext, head: Token) -> tuple[int, int]:
    span = ctx.resolver.mention_span(head)
    return span.token_start, span.token_end


def _head(span: Span) -> Token:
    return span.root


def _entity(ctx: DocContext, head: Token) -> Entity | None:
    hit = ctx.index.at(head.i)
    if hit is not None:
        return hit[0]
    if head.lower_ in PERSON_PRONOUNS or head.pos_ in {"NOUN", "PRON", "PROPN", "ADJ"}:
        return ctx.resolver.resolve(head)
    return None
