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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from .coref import SpeakerResolver
from .cues import Cue, MentionSpan, cue_of, is_according_to, is_cue_verb, is_passive, speaker_head
from .entities import Entity, EntityIndex
from .lexicon import NAMING_VERBS, PERSON_PRONOUNS
from .quotemarks import QuoteMarkSpan, find_quote_marks
from .text import ParagraphIndex

_NAMING_WORDS = {"so-called", "titled", "entitled", "dubbed", "nicknamed", "named", "called", "known", "word", "term", "phrase", "hashtag"}
_BLOCKING_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "agent", "expl"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
_MAX_AFTER_TOKENS = 40
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
        self.index = index
        self.paragraphs = ParagraphIndex(paragraphs)
        self.quotes = find_quote_marks(doc.text, paragraphs)
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

    def attribution_for(self, verb: Token) -> _Attribution:
        head = speaker_head(verb)
        mention = entity = None
        if head is not None:
            head = self.resolver.speaker_token(head)
            mention = self.resolver.mention_span(head)
            entity = self.resolver.resolve(head)
        return _Attribution(cue_of(verb), mention, entity, self.paragraph_of_token[verb.i], verb.idx)


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
    for _ in range(12):
        head = tok.head
        if head is tok:
            return None
        if content.start <= head.i < content.end or ctx.quote_of_token.get(head.i) == qi:
            tok = head
            continue
        if ctx.in_quote[head.i]:
            return None  # inside someone else's quotation
        if is_cue_verb(head) or (head.lemma_.lower() in NAMING_VERBS and head.pos_ == "VERB"):
            # the quote as the subject of the verb is not what is said ("“X” says it all")
            return None if tok.dep_ in _BLOCKING_DEPS else head
        tok = head
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


def _allowed_between(verb: Token, tokens: list[Token]) -> bool:
    """Only the verb's subject, its modifiers, auxiliaries and punctuation may separate it from the quote."""
    head = speaker_head(verb)
    subj_tokens = {t.i for t in head.subtree} if head is not None else set()
    if head is not None and head.head is not verb and head.head.i != verb.i:
        subj_tokens |= {t.i for t in head.head.subtree} if head.head.pos_ != "VERB" else set()
    for t in tokens:
        if t.is_punct or t.is_space or t.i in subj_tokens:
            continue
        if t.head.i == verb.i and t.dep_ in {"advmod", "aux", "npadvmod", "prt", "neg", "cc", "mark", "dative", "dobj", "prep", "intj"}:
            continue
        if t.head.head.i == verb.i and t.head.dep_ in {"prep", "dative", "dobj", "npadvmod", "advmod"}:
            continue
        if t.pos_ in {"ADV", "PART"}:
            continue
        return False
    return True


def _cue_after(ctx: _Context, q: QuoteMarkSpan, qi: int) -> Token | None:
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
            if _own_complement(ctx, t, qi) or speaker_head(t) is None:
                return None
            return t if _allowed_between(t, between) else None
        if t.text in {".", "!", "?", ";"} and between:
            return None
        between.append(t)
    return None


def _cue_before(ctx: _Context, q: QuoteMarkSpan, qi: int) -> Token | None:
    """'Roe said: “…”', 'Roe told reporters, “…”', 'according to Roe, “…”' (also over a colon)."""
    doc = ctx.doc
    para_start = ctx.paragraphs.spans[q.paragraph][0]
    i = ctx.token_at_or_after(q.open_start) - 1
    lower_bound = para_start
    if q.open_start == para_start and q.paragraph > 0:
        # "He said:" closing the paragraph before
        prev_start, prev_end = ctx.paragraphs.spans[q.paragraph - 1]
        if doc.text[prev_end - 1] == ":":
            lower_bound = prev_start
    between: list[Token] = []
    steps = 0
    while i >= 0 and doc[i].idx >= lower_bound and steps < _MAX_BEFORE_TOKENS:
        t = doc[i]
        if ctx.in_quote[i]:
            return None
        if is_cue_verb(t) and not is_passive(t):
            if _own_complement(ctx, t, qi) or speaker_head(t) is None:
                return None
            return t if _allowed_between(t, between) else None
        if t.text in {".", "!", "?", ";"}:
            return None
        between.append(t)
        if not t.is_space:
            steps += 1
        i -= 1
    return None


def _cue_by_colon(ctx: _Context, q: QuoteMarkSpan) -> Token | None:
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
    return root


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
    known: dict[int, list[_Attribution]] = {}
    indirect = _indirect_candidates(ctx)
    for att in indirect:
        _remember(known, att[1])

    for qi, q in enumerate(ctx.quotes):
        if _is_markup(doc.text, q):
            continue
        content = doc.char_span(q.start, q.end, alignment_mode="expand")
        if content is None or not any(not t.is_punct for t in content):
            continue
        if _is_naming(doc, ctx, content):
            continue
        clause = _is_clause(content)
        verb = _cue_in_complement(ctx, content, qi)
        embedded = verb is not None and all(r.head.i != verb.i for r in _content_roots(content))
        if verb is not None and verb.lemma_.lower() in NAMING_VERBS and (
            verb.dep_ in {"acl", "relcl"} or is_passive(verb) or speaker_head(verb) is None
        ):
            continue  # "a product called “X”"
        if verb is None:
            verb = _cue_after(ctx, q, qi) or _cue_before(ctx, q, qi) or _cue_by_colon(ctx, q)
        attribution: _Attribution | None = None
        how = None
        if verb is not None:
            attribution = ctx.attribution_for(verb)
            how = "explicit" if attribution.mention is not None else None
        else:
            attribution = _continued(ctx, q, known)
            how = "continuation" if attribution is not None else None
        if clause or (verb is not None and not embedded):
            quote_type = "direct"
        else:
            quote_type = "partial"
        if attribution is None and (quote_type == "partial" or len(content) < 4):
            continue  # a title, a name or a scare quote
        if attribution is not None and how is not None:
            _remember(known, attribution, position=q.start)
        records.append(_record(ctx, q.start, q.end, quote_type, attribution, how, q.paragraph, q.closed))

    records.extend(_indirect_records(ctx, indirect, records))
    records.sort(key=lambda r: (r.start, r.end))
    return records


def _remember(known: dict[int, list[_Attribution]], att: _Attribution, position: int | None = None) -> None:
    if att.mention is None:
        return
    pos = att.position if position is None else position
    known.setdefault(att.paragraph, []).append(_Attribution(att.cue, att.mention, att.speaker, att.paragraph, pos))


def _continued(ctx: _Context, q: QuoteMarkSpan, known: dict[int, list[_Attribution]]) -> _Attribution | None:
    """The attribution a quote without a cue continues, if any."""
    earlier = [a for a in known.get(q.paragraph, []) if a.position < q.start]
    if earlier:
        return max(earlier, key=lambda a: a.position)
    para_start = ctx.paragraphs.spans[q.paragraph][0]
    if q.open_start == para_start and q.paragraph > 0 and known.get(q.paragraph - 1):
        prev = max(known[q.paragraph - 1], key=lambda a: a.position)
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
        text=doc.text[start:end],
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
        if speaker_head(verb) is None:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        out.append(((start, end), ctx.attribution_for(verb)))
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
    return run


def _indirect_records(
    ctx: _Context, candidates: list[tuple[tuple[int, int], _Attribution]], quoted: list[QuoteRecord]
) -> list[QuoteRecord]:
    out = []
    for (start, end), att in candidates:
        if att.mention is None:
            continue
        overlapping = [r for r in quoted if r.start < end and start < r.end]
        if overlapping and any(r.cue is None or r.cue.start != att.cue.start for r in overlapping):
            continue  # holds a quotation attributed elsewhere
        inside = sum(r.end - r.start for r in overlapping)
        if inside >= 0.8 * (end - start):
            continue  # the quotation already is the reported speech
        out.append(_record(ctx, start, end, "indirect", att, "explicit", att.paragraph, None))
    return out
