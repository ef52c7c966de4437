"""Quotations and reported speech of one article, each with its cue and its speaker.

For every span between quotation marks (`quotemarks`), in order:
1. markup, names, labels and terms are not speech (`nonspeech.is_not_speech`);
2. the cue and the speaker are found where news English puts them (`attribution.find_cue`);
3. with no cue, the quote continues the last attribution of its paragraph, or, when it
   opens its paragraph, the last attribution of the paragraph before
   (`attribution = 'continuation'`, same speaker and same cue);
4. the type (`quotetype`): `direct` when the quoted words are a complete utterance (the
   whole of what their cue reports, or a sentence on their own), `partial` when the
   writer's own words complete them. A fragment with no cue and no continuation is a title
   or a scare quote, not a quotation, and is dropped.
Then reported speech without quotation marks (`reported`) adds the `indirect` rows, and the
speaker model (`ranker`: the rules' choice, a learned ranker's, or both) picks each quotation's speaker.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from ...schemas.vocab import AttributionKind, EntityKind, QuoteType
from ..deps import (
    REPORTED_PATH,
    nsubj,
    pobj,
    poss,
    prep,
)
from ..entities.model import EntityIndex
from ..layout import DocumentLayout
from ..quotemarks import QuoteMarkSpan
from ..syntax import content_roots, is_clause
from .attribution import find_cue
from .cues import cue_of, is_cue_verb
from .document import DocContext
from .modes import DEFAULT_SPEAKER_MODEL, SpeakerModel
from .nonspeech import is_not_speech, looks_like_a_title
from .quotetype import quote_type
from .ranker import choose_speakers
from .records import Attribution, Found, MentionSpan, QuoteRecord
from .reported import indirect_records, reported_speech

__all__ = ["QuoteRecord", "extract_quotes"]


def extract_quotes(
    doc: Doc, index: EntityIndex, layout: DocumentLayout, speaker_model: SpeakerModel = DEFAULT_SPEAKER_MODEL
) -> list[QuoteRecord]:
    """Direct, partial and indirect quotations of `doc`, in text order."""
    ctx = DocContext(doc, index, layout)
    return choose_speakers(ctx, rule_records(ctx), speaker_model)


def rule_records(ctx: DocContext) -> list[QuoteRecord]:
    """The quotations with the speakers the rules give them."""
    doc = ctx.doc
    records: list[QuoteRecord] = []
    known = _Known()
    indirect = reported_speech(ctx)
    for _, att in indirect:
        # only speech carries on into a following quote; a belief or a demand does not
        if is_cue_verb(doc[att.cue.token]) or doc[att.cue.token].text == ":":
            known.add(att)

    headline: list[int] = []  # records of quotes in the headline, which the body may attribute
    for qi, q in enumerate(ctx.quotes):
        in_headline = _in_headline(ctx, q)
        record = _attribute(ctx, qi, q, known, keep=in_headline)
        if record is not None:
            if in_headline and (record.speaker is None or record.attribution is None):
                headline.append(len(records))
            records.append(record)
    for k in headline:
        records[k] = _echoed(ctx, records[k], records) or records[k]

    records.extend(indirect_records(ctx, indirect, records))
    records.sort(key=lambda r: (r.start, r.end))
    return records


def _attribute(ctx: DocContext, qi: int, q: QuoteMarkSpan, known: _Known, keep: bool = False) -> QuoteRecord | None:
    """The quote's row, or None when the marks hold no quotation (markup, a name, a scare quote);
    with `keep` (a headline's quote), a fragment without a cue is kept unattributed."""
    content = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
    if content is None or not any(not t.is_punct for t in content) or is_not_speech(ctx, q, content):
        return None
    clause = is_clause(content)
    search = find_cue(ctx, qi, q, content, clause)
    if search is None:
        return None  # "a product called “X”"
    found = search.found
    attribution: Attribution | None
    how: AttributionKind | None
    if found is not None and found.unnamed:
        attribution = Attribution(cue_of(found.cue), None, None, q.paragraph, found.cue.idx)
        how = None
    elif found is not None:
        attribution = ctx.attribution_for(found.cue, head=found.speaker)
        how = AttributionKind.EXPLICIT if attribution.mention is not None else None
    else:
        attribution = _continued(ctx, q, known)
        how = AttributionKind.CONTINUATION if attribution is not None else None
    typed = quote_type(ctx, q, content, found)
    # with no one to say them, words that are no clause are a title, a name or a scare quote;
    # a headline's fragment stays unless it reads as a title (a headline capitalises a quoted
    # word, "Hails ‘Fearless’ Side", not a whole title)
    fragment = attribution is None and (not clause or len(content) < 4)
    if fragment and (not keep or looks_like_a_title(content, min_words=2)):
        return None
    if looks_like_a_title(content, min_words=2) and _named_thing(content, typed == QuoteType.PARTIAL, found):
        return None  # "during a “Leaders Forum”", "his “Contract with Voters”": a name, whoever's clause
    if attribution is not None and how is not None:
        known.add(attribution, position=q.start)
    start = found.content_start if found is not None and found.content_start else q.start
    return ctx.record(start, q.end, typed, attribution, how, q.paragraph, q.closed)


class _Known:
    """Attributions seen so far, per paragraph, ordered by position (for continuations)."""

    def __init__(self) -> None:
        self._positions: dict[int, list[int]] = {}
        self._items: dict[int, list[Attribution]] = {}

    def add(self, att: Attribution, position: int | None = None) -> None:
        if att.mention is None:
            return
        pos = att.position if position is None else position
        positions = self._positions.setdefault(att.paragraph, [])
        k = bisect.bisect_right(positions, pos)
        positions.insert(k, pos)
        self._items.setdefault(att.paragraph, []).insert(
            k, Attribution(att.cue, att.mention, att.speaker, att.paragraph, pos)
        )

    def before(self, paragraph: int, position: int) -> Attribution | None:
        k = bisect.bisect_left(self._positions.get(paragraph, []), position)
        return self._items[paragraph][k - 1] if k > 0 else None

    def last(self, paragraph: int) -> Attribution | None:
        items = self._items.get(paragraph)
        return items[-1] if items else None


def _continued(ctx: DocContext, q: QuoteMarkSpan, known: _Known) -> Attribution | None:
    """The attribution a quote without a cue continues, if any: not across a sentence that
    is about someone else ("Roe said: “…” Actor Jo Doe - who … - sang “old songs”")."""
    earlier = known.before(q.paragraph, q.start)
    if earlier is not None:
        topic = _other_topic(ctx, q, earlier)
        return earlier if topic is None else _topic_attribution(ctx, q, topic)
    para_start = ctx.paragraphs.spans[q.paragraph][0]
    prev = known.last(q.paragraph - 1) if q.paragraph > 0 else None
    if q.open_start == para_start and prev is not None:
        return Attribution(prev.cue, prev.mention, prev.speaker, q.paragraph, q.start)
    return None


_HEADLINE_CHARS = 150  # a headline run into the body (lost line breaks) ends within this
_TOPIC_WINDOW = 60  # tokens before a quote read for the person its sentence is about
_REPORT_DEPTH = 8  # dependency steps from a quoted phrase up to its cue


def _in_headline(ctx: DocContext, q: QuoteMarkSpan) -> bool:
    """Is the quote in the headline: the first paragraph when it reads as one, otherwise the
    first sentence of a text whose headline lost its line break ('No deal' for talks The …)."""
    if ctx.layout.headline is not None:
        start, end = ctx.layout.headline
        return start <= q.open_start < end
    if q.paragraph != 0 or not len(ctx.doc):
        return False
    return q.open_start < min(ctx.doc[0].sent.end_char, _HEADLINE_CHARS)


def _echoed(ctx: DocContext, record: QuoteRecord, records: list[QuoteRecord]) -> QuoteRecord | None:
    """A headline quote takes the speaker of the body quotation holding its words
    ("Firm hails ‘fearless’ staff" … “They were fearless,” said Roe)."""
    words = _content_words(ctx, record.start, record.end)
    if not words:
        return None
    for other in records:
        if other.start <= record.end or other.speaker is None or other.attribution is None:
            continue
        said = {form for forms in _content_words(ctx, other.start, other.end) for form in forms}
        if all(forms & said for forms in words):
            return record._replace(
                speaker=other.speaker,
                speaker_span=other.speaker_span,
                cue=other.cue,
                attribution=AttributionKind.CONTINUATION,
            )
    return None


def _content_words(ctx: DocContext, start: int, end: int) -> set[frozenset[str]]:
    """Each content word as its forms (lower case and lemma: ‘improved’ and “improved offer”)."""
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return set()
    return {frozenset({t.lower_, t.lemma_.lower()}) for t in span if t.is_alpha and not t.is_stop and len(t) > 2}


def _named_thing(content: Span, fragment: bool, found: Found | None) -> bool:
    """A title-cased phrase a preposition governs, a possessive owns or a verb has for its
    subject ("during a “Leaders Forum”", "his “Contract with Voters”", "as “The Evening Ledger”
    wrote") names an event, a document or a publication; one a verb takes as
    its object ("fears a “Grand Bargain”") may be the speaker's coinage. Only a fragment
    (`fragment`) is judged by its preposition or possessive (a direct quote is an utterance),
    and by its preposition only outside what its cue reports ("proclaimed a goal of “Hands
    Off Our Parks”" is a slogan proclaimed)."""
    for root in content_roots(content):
        if root.dep == nsubj and root.pos_ == "PROPN":
            return True  # "as “The Evening Ledger” wrote": a publication, whatever the quote's type
        if fragment and any(c.dep == poss and c.i < content.start for c in root.children):
            return True  # "his “Contract with Voters”": whoever reports it
        if fragment and root.dep == pobj and not _reported_by(root, found):
            return True
    return False


def _reported_by(tok: Token, found: Found | None) -> bool:
    """Is `tok` inside what the found cue reports (its object or complement: "recalled Roe
    talking about “Stone Harbours”"), not in a phrase set beside the cue itself ("said on
    “Evening Desk”", "stressed it during a “Leaders Forum”")?"""
    if found is None or not is_cue_verb(found.cue):
        return False
    for _ in range(_REPORT_DEPTH):
        head = tok.head
        if head.i == tok.i or tok.dep not in REPORTED_PATH:
            return False
        if tok.dep == prep and head.i == found.cue.i:
            return False  # "said on “Evening Desk”": where it was said, not what
        if head.i == found.cue.i:
            return True
        tok = head
    return False


def _other_topic(ctx: DocContext, q: QuoteMarkSpan, earlier: Attribution) -> int | None:
    """The first token of the first person the quote's sentence names before the quote, when
    that sentence comes after the earlier cue and does not name the earlier speaker."""
    k = ctx.token_at_or_after(q.open_start)
    if k >= len(ctx.doc):
        return None
    sent = ctx.doc[k].sent
    if sent.start_char <= earlier.position:
        return None  # the same sentence as the earlier cue
    first = None
    named = set()
    for i in range(max(sent.start, k - _TOPIC_WINDOW), k):
        hit = ctx.index.at(i)
        if hit is not None and not ctx.in_quote[i] and hit[0].kind == EntityKind.PERSON:
            named.add(hit[0].entity_id)
            first = hit[1].token_start if first is None else first
    if first is None or (earlier.speaker is not None and earlier.speaker.entity_id in named):
        return None
    return first


def _topic_attribution(ctx: DocContext, q: QuoteMarkSpan, first: int) -> Attribution | None:
    """'Actor Jo Doe - who … - dedicated a song to “old friends”': a fragment in a sentence
    about someone is that person's word (the first person the sentence names), reported
    through the verb the fragment hangs from."""
    k = ctx.token_at_or_after(q.open_start)
    verb = ctx.doc[k]
    for _ in range(8):
        if verb.pos_ == "VERB" and not ctx.in_quote[verb.i]:
            break
        if verb.head.i == verb.i:
            return None
        verb = verb.head
    else:
        return None
    hit = ctx.index.at(first)
    if hit is None:
        return None
    mention = MentionSpan(hit[1].token_start, hit[1].token_end)
    return Attribution(cue_of(verb), mention, hit[0], q.paragraph, q.start)
