"""Quotations and reported speech of one article, each with its cue and its speaker.

For every span between quotation marks (`quotemarks`), in order:

1. markup and naming are not speech: an attribute value (`id="123"`), a name after
   a naming participle ("software called “X”", "known as “X”", "so-called “X”");
2. the cue is found where news English puts it, first match wins:
   - the quote sits in the complement of a reporting verb ("said that the “X” is");
   - a reporting clause right after it ("“…,” Roe said" / "“…,” said Roe, an aide,");
   - a reporting clause right before it ("Roe said: “…”", "according to Roe, “…”"),
     also across a sentence or paragraph ending in a colon;
   - a clause ending in a colon whose subject is a named speaker ("Roe had a warning: “…”");
3. with no cue, a quote continues the last attribution of its paragraph, or, when it
   opens its paragraph, the last attribution of the paragraph before
   (`attribution = 'continuation'`, same speaker and same cue);
4. the type: `direct` when the quoted words form a clause or are the whole utterance
   a reporting clause introduces, `partial` when a fragment sits inside the writer's
   own sentence. A fragment with no cue and no continuation is a title or a scare
   quote, not a quotation, and is dropped.

Reported speech without quotation marks ("Roe said (that) …", "according to Roe, …")
becomes `indirect` rows from the clausal complement of a reporting verb.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from .coref import SpeakerResolver
from .cues import Cue, MentionSpan, cue_of, is_according_to, is_cue_verb, is_passive, speaker_head
from .entities import PERSON, Entity, EntityIndex
from .lexicon import (
    ADDRESSEE_VERBS,
    NAMING_VERBS,
    PERSON_PRONOUNS,
    REPORTED_AS,
    REPORTED_OBJECT_PREPOSITIONS,
    REPORTED_OBJECT_VERBS,
    STANCE_VERBS,
)
from .quotemarks import QuoteMarkSpan, find_quote_marks
from .text import ParagraphIndex

_NAMING_WORDS = {"so-called", "titled", "entitled", "dubbed", "nicknamed", "named", "called", "known", "word", "term", "phrase", "hashtag"}
_BLOCKING_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "agent", "expl"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
_CLAUSE_EDGE_DEPS = {"advcl", "relcl", "acl", "conj", "parataxis"}
_DASHES = ("―", "—", "–", "--", "−", "-")
_NOUN_PHRASE_POS = {"PROPN", "NOUN", "ADJ", "DET", "NUM", "ADP", "PART", "CCONJ"}
_MAX_AFTER_TOKENS = 40
_SPEAKER_LABEL = re.compile(r"\s*([A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3}):\s")
_QUOTE_MARK_NEAR = re.compile("[\"“”„‟«»]|''|``")
_SPEAKING_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we"})
_MAX_BEFORE_TOKENS = 12


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


class _Found(NamedTuple):
    """A cue and the token naming its speaker."""

    cue: Token
    speaker: Token | None
    content_start: int | None = None  # where the quoted words start, when a label precedes them


@dataclass
class _Attribution:
    cue: Cue
    mention: MentionSpan | None
    speaker: Entity | None
    paragraph: int
    position: int  # character offset, for "last attribution of the paragraph"


class _Context:
    """Per-document lookups shared by the stages."""

    def __init__(self, doc: Doc, index: EntityIndex, paragraphs: Sequence[tuple[int, int]]):
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token: compute it once
        self.index = index
        self.paragraphs = ParagraphIndex(paragraphs)
        self.quotes = find_quote_marks(self.text, paragraphs)
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
                return t if _names_someone(self, t) else None
        return None

    def attribution_for(self, verb: Token, head: Token | None = None, cue: Cue | None = None) -> _Attribution:
        head = self.speaker_of(verb) if head is None else head
        mention = entity = None
        if head is not None:
            head = self.resolver.speaker_token(head)
            mention = self.resolver.mention_span(head)
            entity = self.resolver.resolve(head)
        return _Attribution(cue or cue_of(verb), mention, entity, self.paragraph_of_token[verb.i], verb.idx)


# ------------------------------------------------------------------ cues --
def _is_markup(text: str, q: QuoteMarkSpan) -> bool:
    """`name="value"` attributes and bare numbers/URLs between marks."""
    if q.open_start > 0 and text[q.open_start - 1] == "=":
        return True
    content = text[q.start : q.end].strip()
    return content.replace(",", "").replace(".", "").isdigit() or content.startswith(("http://", "https://", "www."))


def _is_naming(doc: Doc, ctx: _Context, content: Span) -> bool:
    """'called “X”', 'known as “X”', 'so-called “X”', 'the word “X”' name a thing."""
    i = content.start - 1
    while i >= 0 and (doc[i].is_quote or doc[i].is_space):
        i -= 1
    if i >= 0 and doc[i].is_punct and doc[i].text == ",":
        i -= 1
    if i < 0:
        return False
    prev = doc[i]
    if prev.lower_ == "as" and i > 0 and doc[i - 1].lower_ in {"known", "referred", "described", "billed"}:
        return True
    if prev.lower_ in _NAMING_WORDS or prev.lemma_.lower() in NAMING_VERBS:
        # a naming participle ("a product called"), a passive ("is called"), or a bare noun ("the word")
        if prev.lemma_.lower() in NAMING_VERBS and prev.pos_ == "VERB":
            has_subject = any(c.dep_ in {"nsubj"} for c in prev.children)
            return not has_subject or is_passive(prev)
        return True
    return False


def _content_roots(content: Span) -> list[Token]:
    """Tokens of the quote whose head lies outside it: one per sentence or fragment, in order."""
    return [t for t in content if not (content.start <= t.head.i < content.end) or t.head is t]


def _cue_in_complement(ctx: _Context, content: Span, qi: int) -> Token | None:
    """The reporting verb whose complement holds the quote ("said that the “X” is ...")."""
    for root in _content_roots(content):
        if root.is_punct:
            continue
        verb = _governing_verb(ctx, content, root, qi)
        if verb is not None:
            return verb
    return None


def _governing_verb(ctx: _Context, content: Span, tok: Token, qi: int) -> Token | None:
    """Climb from a root of the quote to the reporting verb whose complement holds it.

    The climb stops at the edge of another clause: a verb with a subject of its own,
    joined as an adverbial, relative or coordinated clause ("after she blamed X on
    “Y”" belongs to "she", not to the main clause's speaker).
    """
    for _ in range(12):
        head = tok.head
        if head is tok:
            return None
        if content.start <= head.i < content.end or ctx.quote_of_token.get(head.i) == qi:
            tok = head
            continue
        if ctx.in_quote[head.i]:
            return None  # inside someone else's quotation
        if is_cue_verb(head):
            if tok.dep_ in _BLOCKING_DEPS:
                return None  # the quote is the subject, not what is said ("“X” says it all")
            if tok.dep_ in {"dobj", "dative"} and head.lemma_.lower() in ADDRESSEE_VERBS:
                return None  # "told “Sunday Desk”": the quote names who was told
            return head
        aside = _parenthetical_cue(ctx, head)
        if aside is not None:
            return aside
        if (
            head.pos_ in {"VERB", "AUX"}
            and head.dep_ in _CLAUSE_EDGE_DEPS
            and any(c.dep_ in _SUBJECT_DEPS for c in head.children)
            and not any(c.lower_ == "that" and c.i < head.i for c in head.children)  # a misparsed "that" clause
        ):
            return None
        tok = head
    return None


def _parenthetical_cue(ctx: _Context, clause: Token) -> Token | None:
    """'X, Roe said, is Y': a reporting verb set off inside the clause it reports."""
    for child in clause.children:
        if child.dep_ in {"parataxis", "ccomp"} and not ctx.in_quote[child.i] and is_cue_verb(child):
            if not any(c.dep_ in {"ccomp", "xcomp"} for c in child.children) and ctx.speaker_of(child) is not None:
                return child
    return None


def _own_complement(ctx: _Context, verb: Token, qi: int) -> bool:
    """Does the verb report something else than this quote (a clause outside quotation marks)?"""
    for c in verb.children:
        if c.dep_ in {"ccomp", "xcomp"} and not ctx.in_quote[c.i]:
            inside = [t for t in c.subtree if not t.is_punct]
            if inside and sum(ctx.in_quote[t.i] for t in inside) < len(inside) / 2:
                return True
        if c.dep_ in {"ccomp", "xcomp", "dobj"} and ctx.in_quote[c.i] and ctx.quote_of_token.get(c.i) != qi:
            return True
    return False


def _allowed_between(ctx: _Context, verb: Token, tokens: list[Token], head: Token | None) -> bool:
    """Only the speaker's phrase, the verb's modifiers, auxiliaries and punctuation may
    separate a reporting verb from its quote."""
    subj_tokens = {t.i for t in head.subtree} if head is not None else set()
    if head is not None and head.head is not verb and head.head.i != verb.i:
        subj_tokens |= {t.i for t in head.head.subtree} if head.head.pos_ != "VERB" else set()
    for t in tokens:
        if t.is_punct or t.is_space or t.i in subj_tokens:
            continue
        if head is not None and t.i < head.i and (t.pos_ in _NOUN_PHRASE_POS or t.text[:1].isupper()):
            continue  # the speaker's own noun phrase, however the parser attached it ("Springfield police Chief …")
        if t.head.i == verb.i and t.dep_ in {"advmod", "aux", "npadvmod", "prt", "neg", "cc", "mark", "dative", "dobj", "prep", "intj"}:
            continue
        if t.head.head.i == verb.i and t.head.dep_ in {"prep", "dative", "dobj", "npadvmod", "advmod"}:
            continue
        if t.pos_ in {"ADV", "PART"}:
            continue
        return False
    return True


def _named_in(ctx: _Context, tokens: list[Token]) -> Token | None:
    """The first person or organization named among `tokens` (outside quotations)."""
    for t in tokens:
        hit = ctx.index.at(t.i)
        if hit is not None and not ctx.in_quote[t.i]:
            return ctx.doc[hit[1].token_end - 1]
    return None


def _speaker_near(ctx: _Context, q: QuoteMarkSpan, verb: Token) -> Token | None:
    """The verb's subject; failing that, a name between the quote and a verb that follows it."""
    head = ctx.speaker_of(verb)
    if head is None and verb.idx >= q.close_end:
        head = _named_in(ctx, list(ctx.doc[ctx.token_at_or_after(q.close_end) : verb.i]))
    return head


def _cue_after(ctx: _Context, q: QuoteMarkSpan, qi: int) -> _Found | None:
    """'“…,” Roe said' and '“…,” said Roe, director of X,'."""
    doc = ctx.doc
    para_end = ctx.paragraphs.spans[q.paragraph][1]
    j = ctx.token_at_or_after(q.close_end)
    between: list[Token] = []
    for k in range(j, min(j + _MAX_AFTER_TOKENS, len(doc))):
        t = doc[k]
        if t.idx >= para_end or ctx.in_quote[k]:
            return None
        if is_cue_verb(t) and not is_passive(t):
            if _own_complement(ctx, t, qi):
                return None
            # the parser may hang the name off something else ("“…,” Roe, an aide, said")
            head = ctx.speaker_of(t) or _named_in(ctx, between)
            if head is None or not _allowed_between(ctx, t, between, head):
                return None
            return _Found(t, head)
        if t.text in {".", "!", "?", ";"} and between:
            return None
        between.append(t)
    return None


def _cue_before(ctx: _Context, q: QuoteMarkSpan, qi: int) -> _Found | None:
    """'Roe said: “…”', 'Roe told reporters, “…”', 'according to Roe, “…”' (also over a colon)."""
    doc = ctx.doc
    para_start = ctx.paragraphs.spans[q.paragraph][0]
    i = ctx.token_at_or_after(q.open_start) - 1
    lower_bound = para_start
    if q.open_start == para_start and q.paragraph > 0:
        # "He said:" closing the paragraph before
        prev_start, prev_end = ctx.paragraphs.spans[q.paragraph - 1]
        if ctx.text[prev_end - 1] == ":":
            lower_bound = prev_start
    between: list[Token] = []
    steps = 0
    while i >= 0 and doc[i].idx >= lower_bound and steps < _MAX_BEFORE_TOKENS:
        t = doc[i]
        if ctx.in_quote[i]:
            return None
        if is_cue_verb(t) and not is_passive(t):
            head = ctx.speaker_of(t)
            if _own_complement(ctx, t, qi) or head is None:
                return None
            return _Found(t, head) if _allowed_between(ctx, t, between, head) else None
        if t.text in {".", "!", "?", ";"}:
            return None
        between.append(t)
        if not t.is_space:
            steps += 1
        i -= 1
    return None


def _cue_by_colon(ctx: _Context, q: QuoteMarkSpan) -> _Found | None:
    """'Roe had a warning: “…”': a named (or he/she) subject of the clause before the colon."""
    doc = ctx.doc
    i = ctx.token_at_or_after(q.open_start) - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < 0 or doc[i].text != ":" or ctx.in_quote[i]:
        return None
    root = doc[i].sent.root if i > 0 else None
    if root is None or ctx.in_quote[root.i] or root.pos_ not in {"VERB", "AUX"}:
        return None
    subjects = [c for c in root.children if c.dep_ in _SUBJECT_DEPS]
    if not subjects:
        return None
    subj = subjects[0]
    if ctx.index.at(subj.i) is None and subj.lower_ not in PERSON_PRONOUNS:
        return None
    return _Found(root, subj)


def _speaker_by_dash(ctx: _Context, q: QuoteMarkSpan) -> _Found | None:
    """'“…” — Jane Roe': (dash token, the name's last token) when a dash and a name follow the quote."""
    doc, text = ctx.doc, ctx.text
    para_end = ctx.paragraphs.spans[q.paragraph][1]
    pos = q.close_end
    while pos < para_end and text[pos].isspace():
        pos += 1
    dash = next((d for d in sorted(_DASHES, key=len, reverse=True) if text.startswith(d, pos)), None)
    if dash is None:
        return None
    dash_start = pos
    pos += len(dash)
    while pos < para_end and text[pos].isspace():
        pos += 1
    k = ctx.token_at_or_after(pos)
    hit = ctx.index.at(k) if k < len(doc) and doc[k].idx < para_end else None
    if hit is None:
        return None
    dash_token = doc[ctx.token_at_or_after(dash_start)] if doc[ctx.token_at_or_after(dash_start)].idx == dash_start else doc[max(0, k - 1)]
    return _Found(dash_token, doc[hit[1].token_end - 1])


# -------------------------------------------------------------- typing --
def _is_clause(content: Span) -> bool:
    words = [t for t in content if not (t.is_punct or t.is_space)]
    if not words:
        return False
    lo, hi = content.start, content.end
    for t in content:
        if t.dep_ in _SUBJECT_DEPS and lo <= t.head.i < hi and t.head.pos_ in {"VERB", "AUX"}:
            return True
    if len(words) >= 4 and content[0].sent.start != content[-1].sent.start:
        return True
    text = content.text.rstrip()
    return (
        len(words) >= 3
        and text[:1].isupper()
        and text[-1:] in {".", "!", "?"}
        and any(t.pos_ in {"VERB", "AUX"} for t in words)
    )


# ---------------------------------------------------------------- main --
def extract_quotes(doc: Doc, index: EntityIndex, paragraphs: Sequence[tuple[int, int]]) -> list[QuoteRecord]:
    """Direct, partial and indirect quotations of `doc`, in text order."""
    ctx = _Context(doc, index, paragraphs)
    records: list[QuoteRecord] = []
    known = _Known()
    indirect = _indirect_candidates(ctx)
    for _, att in indirect:
        # only speech carries on into a following quote; a belief or a demand does not
        if is_cue_verb(doc[att.cue.token]) or doc[att.cue.token].text == ":":
            known.add(att)

    for qi, q in enumerate(ctx.quotes):
        record = _attribute(ctx, qi, q, known)
        if record is not None:
            records.append(record)

    records.extend(_indirect_records(ctx, indirect, records))
    records.sort(key=lambda r: (r.start, r.end))
    return records


def _attribute(ctx: _Context, qi: int, q: QuoteMarkSpan, known: _Known) -> QuoteRecord | None:
    """The quote's row, or None when the marks hold no quotation (markup, a name, a scare quote)."""
    doc = ctx.doc
    if _is_markup(ctx.text, q):
        return None
    content = doc.char_span(q.start, q.end, alignment_mode="expand")
    if content is None or not any(not t.is_punct for t in content) or _is_naming(doc, ctx, content):
        return None
    clause = _is_clause(content)
    verb = _cue_in_complement(ctx, content, qi)
    embedded = verb is not None and all(r.head.i != verb.i for r in _content_roots(content))
    found: _Found | None
    if verb is not None:
        if _gives_a_name(ctx, verb, content):
            return None  # "a product called “X”"
        verb = _outer_cue(ctx, verb) or verb
        verb = _reporting_clause_above(ctx, verb) or verb
        found = _Found(verb, _speaker_near(ctx, q, verb))
        if not _names_someone(ctx, found.speaker):
            # "Roe said it would tell a story of “…”": the story tells nothing, Roe speaks
            outer = _next_cue_up(ctx, verb)
            if outer is not None and _names_someone(ctx, ctx.speaker_of(outer)):
                found = _Found(outer, ctx.speaker_of(outer))
    else:
        found = (
            _cue_after(ctx, q, qi)
            or _cue_before(ctx, q, qi)
            or _cue_by_colon(ctx, q)
            or _speaker_by_dash(ctx, q)
            or _speaker_label(ctx, q, content)
        )
    hangs_in_sentence = any(r.head is not r and not (content.start <= r.head.i < content.end) for r in _content_roots(content))
    if found is None and (not clause or hangs_in_sentence):
        found = _clause_subject(ctx, content, qi)
        embedded = found is not None
        outer = _reporting_clause_above(ctx, found.cue, through={"ccomp", "xcomp", "conj"}) if found else None
        if outer is not None:
            found = _Found(outer, ctx.speaker_of(outer))  # "Roe says she knows that “X”"
    how = None
    if found is not None:
        verb = found.cue
        attribution = ctx.attribution_for(found.cue, head=found.speaker)
        how = "explicit" if attribution.mention is not None else None
    else:
        attribution = _continued(ctx, q, known)
        how = "continuation" if attribution is not None else None
    quote_type = "direct" if clause or (verb is not None and not embedded) else "partial"
    if attribution is None and (quote_type == "partial" or len(content) < 4):
        return None  # a title, a name or a scare quote
    if attribution is not None and how is not None:
        known.add(attribution, position=q.start)
    start = found.content_start if found is not None and found.content_start else q.start
    return _record(ctx, start, q.end, quote_type, attribution, how, q.paragraph, q.closed)


def _gives_a_name(ctx: _Context, verb: Token, content: Span) -> bool:
    """'software called “X”', '“X” is called': the quote is a name given, not words said.

    "calling for “X”" is a demand (the quote hangs from a preposition), and
    "Roe called it “a disgrace”" is speech (a finite verb with a subject).
    """
    if verb.lemma_.lower() not in NAMING_VERBS:
        return False
    direct = any(r.head.i == verb.i and r.dep_ in {"oprd", "dobj", "attr", "xcomp", "ccomp", "npadvmod", "appos"} for r in _content_roots(content))
    return direct and (verb.dep_ in {"acl", "relcl"} or is_passive(verb) or ctx.speaker_of(verb) is None)


def _names_someone(ctx: _Context, tok: Token | None) -> bool:
    """A named person or organization, or a personal pronoun."""
    return tok is not None and (ctx.index.at(tok.i) is not None or tok.lower_ in PERSON_PRONOUNS or tok.lower_ in {"i", "we", "they"})


def _next_cue_up(ctx: _Context, verb: Token) -> Token | None:
    tok = verb
    for _ in range(6):
        if tok.head is tok or ctx.in_quote[tok.head.i]:
            return None
        tok = tok.head
        if is_cue_verb(tok):
            return tok
    return None


def _reporting_clause_above(ctx: _Context, verb: Token, through: frozenset[str] | set[str] = frozenset({"ccomp", "xcomp"})) -> Token | None:
    """'Roe said that Doe once described it as “X”': the article reports Roe's account, so
    the attribution it makes is Roe's (the outermost report, as attribution corpora annotate).
    Only complement clauses nest this way; an adverbial or a coordinated clause does not."""
    outer = None
    tok = verb
    while tok.dep_ in through and tok.head is not tok and not ctx.in_quote[tok.head.i]:
        tok = tok.head
        if is_cue_verb(tok) and _names_someone(ctx, ctx.speaker_of(tok)):
            outer = tok
    return outer


def _outer_cue(ctx: _Context, verb: Token) -> Token | None:
    """'condemned what he called “X”': the reporting verb outside the free relative clause."""
    if verb.lemma_.lower() != "call" or not any(c.lower_ in {"what", "which"} for c in verb.children):
        return None
    tok = verb
    for _ in range(6):
        if tok.head is tok:
            return None
        tok = tok.head
        if ctx.in_quote[tok.i]:
            return None
        if is_cue_verb(tok) and ctx.speaker_of(tok) is not None:
            return tok
    return None


def _speaker_label(ctx: _Context, q: QuoteMarkSpan, content: Span) -> _Found | None:
    """Transcripts: '“ROE: We will …”' names its speaker before a colon."""
    m = _SPEAKER_LABEL.match(ctx.text, q.start, q.end)
    if m is None:
        return None
    colon = ctx.token_at_or_after(m.end(1))
    if colon >= len(ctx.doc) or ctx.doc[colon].text != ":":
        return None
    return _Found(ctx.doc[colon], ctx.doc[colon - 1], content_start=m.end())  # the label is not quoted


def _clause_subject(ctx: _Context, content: Span, qi: int) -> _Found | None:
    """A fragment in someone's clause: 'Roe praised the plan as a “bold step”' is Roe's word.

    The first verb above the fragment decides; its subject must name a person or an
    organization (or be a personal pronoun), otherwise the fragment stays unattributed.
    """
    if _looks_like_a_title(content):
        return None  # "on “Evening Desk”": a title or a name, whoever's clause it is in
    for root in _content_roots(content):
        tok = root
        for _ in range(8):
            head = tok.head
            if head is tok:
                break
            if content.start <= head.i < content.end or ctx.quote_of_token.get(head.i) == qi:
                tok = head
                continue
            if ctx.in_quote[head.i]:
                break
            if head.pos_ in {"VERB", "AUX"}:
                if head.lemma_ == "be":
                    tok = head  # "X was “disgusting”": X is described, not speaking
                    continue
                subj = ctx.speaker_of(head)
                if subj is not None and (ctx.index.at(subj.i) is not None or subj.lower_ in _SPEAKING_PRONOUNS):
                    return _Found(head, subj)
                break
            tok = head
    return None


def _looks_like_a_title(content: Span) -> bool:
    """Every word capitalised ("Evening Desk", "The Book of the Month"): a title or a name."""
    words = [t for t in content if t.is_alpha]
    minor = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by"}
    major = [t for t in words if t.lower_ not in minor]
    return bool(major) and all(t.text[0].isupper() for t in major)


class _Known:
    """Attributions seen so far, per paragraph, ordered by position (for continuations)."""

    def __init__(self) -> None:
        self._positions: dict[int, list[int]] = {}
        self._items: dict[int, list[_Attribution]] = {}

    def add(self, att: _Attribution, position: int | None = None) -> None:
        if att.mention is None:
            return
        pos = att.position if position is None else position
        positions = self._positions.setdefault(att.paragraph, [])
        k = bisect.bisect_right(positions, pos)
        positions.insert(k, pos)
        self._items.setdefault(att.paragraph, []).insert(k, _Attribution(att.cue, att.mention, att.speaker, att.paragraph, pos))

    def before(self, paragraph: int, position: int) -> _Attribution | None:
        k = bisect.bisect_left(self._positions.get(paragraph, []), position)
        return self._items[paragraph][k - 1] if k > 0 else None

    def last(self, paragraph: int) -> _Attribution | None:
        items = self._items.get(paragraph)
        return items[-1] if items else None


def _continued(ctx: _Context, q: QuoteMarkSpan, known: _Known) -> _Attribution | None:
    """The attribution a quote without a cue continues, if any."""
    earlier = known.before(q.paragraph, q.start)
    if earlier is not None:
        return earlier
    para_start = ctx.paragraphs.spans[q.paragraph][0]
    prev = known.last(q.paragraph - 1) if q.paragraph > 0 else None
    if q.open_start == para_start and prev is not None:
        return _Attribution(prev.cue, prev.mention, prev.speaker, q.paragraph, q.start)
    return None


def _record(
    ctx: _Context,
    start: int,
    end: int,
    quote_type: str,
    att: _Attribution | None,
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


# ------------------------------------------------------------- indirect --
def _indirect_candidates(ctx: _Context) -> list[tuple[tuple[int, int], _Attribution]]:
    """(content char span, attribution) for 'X said (that) …' and 'according to X, …'."""
    doc = ctx.doc
    out = []
    for verb in doc:
        if ctx.in_quote[verb.i] or not is_cue_verb(verb, stance=True) or is_passive(verb):
            continue
        if is_according_to(verb):
            main = verb.head
            if main is verb or ctx.in_quote[main.i] and all(ctx.in_quote[t.i] for t in main.subtree):
                continue
            excluded = {t.i for t in verb.subtree}
            tokens = [t for t in main.subtree if t.i not in excluded]
        else:
            comps = [c for c in verb.children if c.dep_ == "ccomp"]
            if not comps:
                continue
            tokens = sorted(comps[0].subtree, key=lambda t: t.i)
        tokens = _trim_tokens(tokens)
        words = [t for t in tokens if not t.is_punct]
        if len(words) < 3 or not any(t.pos_ in {"VERB", "AUX"} for t in words):
            continue
        if ctx.speaker_of(verb) is None:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        out.append(((start, end), ctx.attribution_for(verb)))
    out.extend(_reported_objects(ctx, {att.cue.token for _, att in out}))
    out.extend(_labelled_paragraphs(ctx))
    return out


def _reported_objects(ctx: _Context, taken: set[int]) -> list[tuple[tuple[int, int], _Attribution]]:
    """'urged lawmakers to act', 'called for an inquiry', 'cited the report': a stance or a
    demand reported through the verb's object or infinitive."""
    doc = ctx.doc
    out = []
    for verb in doc:
        if (
            verb.i in taken
            or verb.pos_ != "VERB"
            or ctx.in_quote[verb.i]
            or verb.lemma_.lower() not in REPORTED_OBJECT_VERBS
            or is_passive(verb)
        ):
            continue
        if not (verb.dep_ == "conj" or any(c.dep_ in _SUBJECT_DEPS for c in verb.children)):
            continue  # a stance needs someone holding it in its own clause
        parts: list[Token] = []
        has_infinitive = any(c.dep_ == "xcomp" for c in verb.children)
        for c in verb.children:
            if c.dep_ in {"dobj", "dative"} and not has_infinitive and _is_addressee(ctx, verb, c):
                continue  # "asked the crowd": whom it was said to, not what
            if c.dep_ in {"dobj", "xcomp", "dative"} or (
                c.dep_ == "prep" and c.lower_ in REPORTED_OBJECT_PREPOSITIONS and c.i == verb.i + 1
            ) or (c.dep_ == "prep" and c.lower_ == REPORTED_AS and parts):
                parts.extend(c.subtree)
        if not parts:
            continue
        tokens = _trim_tokens(parts)
        while tokens and tokens[0].lower_ in REPORTED_OBJECT_PREPOSITIONS | {"to"} and tokens[0].pos_ in {"ADP", "PART"}:
            tokens = tokens[1:]
        words = [t for t in tokens if not (t.is_punct or t.is_space)]
        if len(words) < 2:
            continue
        head = ctx.speaker_of(verb)
        if head is None or not (_names_someone(ctx, head) or head.pos_ in {"NOUN", "PROPN"}):
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        out.append(((start, end), ctx.attribution_for(verb, head=head)))
    return out


def _is_addressee(ctx: _Context, verb: Token, obj: Token) -> bool:
    """The object of 'ask', 'tell', 'urge' ... names a listener when it is a person."""
    if verb.lemma_.lower() not in ADDRESSEE_VERBS | {"ask", "urge", "warn", "call", "thank"}:
        return False
    hit = ctx.index.at(obj.i)
    return obj.pos_ == "PRON" or (hit is not None and hit[0].kind == PERSON) or obj.pos_ in {"NOUN", "PROPN"}


def _labelled_paragraphs(ctx: _Context) -> list[tuple[tuple[int, int], _Attribution]]:
    """'Roe: The Bridge Will Reopen' (a headline) or 'ROE: We will …' (a transcript line):
    a paragraph that opens with a speaker's name and a colon reports that speaker's words."""
    doc, text = ctx.doc, ctx.text
    out = []
    for ps, pe in ctx.paragraphs.spans:
        first = ctx.token_at_or_after(ps)
        hit = ctx.index.at(first) if first < len(doc) else None
        name_end = hit[1].token_end if hit is not None else None
        if hit is None:
            m = _SPEAKER_LABEL.match(text, ps, pe)
            if m is None:
                continue
            name_end = ctx.token_at_or_after(m.end(1))
        if name_end >= len(doc) or doc[name_end].text != ":" or ctx.in_quote[name_end]:
            continue
        start = doc[name_end].idx + 1
        while start < pe and text[start].isspace():
            start += 1
        if pe - start < 10 or ctx.in_quote[min(ctx.token_at_or_after(start), len(doc) - 1)]:
            continue
        colon = doc[name_end]
        out.append(((start, pe), ctx.attribution_for(colon, head=doc[name_end - 1], cue=cue_of(colon))))
    return out


def _trim_tokens(tokens: list[Token]) -> list[Token]:
    tokens = sorted(tokens, key=lambda t: t.i)
    # a contiguous run only: cut at the first gap (a parenthetical reporting clause sits in it)
    run = tokens[:1]
    for t in tokens[1:]:
        if t.i != run[-1].i + 1:
            break
        run.append(t)
    while run and (run[0].is_punct or run[0].is_space or run[0].lower_ == "that" and run[0].dep_ == "mark"):
        run = run[1:]
    while run and (run[-1].is_punct or run[-1].is_space) and not run[-1].is_quote:
        run = run[:-1]
    if run and sum(_opens(t) for t in run) > sum(_closes(t) for t in run):
        # the clause ends inside a quotation: take the closing mark along, never half a pair
        doc = run[0].doc
        k = run[-1].i + 1
        while k < len(doc) and k <= run[-1].i + 2 and not _closes(doc[k]):
            k += 1
        if k < len(doc) and _closes(doc[k]):
            run = run + list(doc[run[-1].i + 1 : k + 1])
    return run


def _opens(tok: Token) -> bool:
    return tok.text in {"“", "``", "«", "„"} or (tok.text == '"' and tok.whitespace_ == "")


def _closes(tok: Token) -> bool:
    return tok.text in {"”", "''", "»"} or (tok.text == '"' and tok.i > 0 and tok.doc[tok.i - 1].whitespace_ == "")


def _indirect_records(
    ctx: _Context, candidates: list[tuple[tuple[int, int], _Attribution]], quoted: list[QuoteRecord]
) -> list[QuoteRecord]:
    out = []
    quoted = sorted(quoted, key=lambda r: r.start)
    starts = [r.start for r in quoted]
    for (start, end), att in candidates:
        if att.mention is None:
            continue
        k = max(0, bisect.bisect_right(starts, start) - 1)  # quotations do not overlap each other
        overlapping = []
        while k < len(quoted) and quoted[k].start < end:
            if start < quoted[k].end:
                overlapping.append(quoted[k])
            k += 1
        if overlapping and any(r.cue is None or r.cue.start != att.cue.start for r in overlapping):
            continue  # holds a quotation attributed elsewhere
        inside = sum(r.end - r.start for r in overlapping)
        if inside >= 0.8 * (end - start):
            continue  # the quotation already is the reported speech
        if not overlapping and _QUOTE_MARK_NEAR.search(ctx.text, max(0, start - 2), min(len(ctx.text), end + 2)):
            continue  # glued to a quotation it does not contain: which of the two is reported is unclear
        out.append(_record(ctx, start, end, "indirect", att, "explicit", att.paragraph, None))
    return out
