"""Reported speech without quotation marks: `indirect` rows.

- the clausal complement of a reporting or stance verb ("Roe said (that) …", "Roe
  believes …"), or the clause "according to Roe" sits in;
- what a verb of stance or demand reports through its object or infinitive ("urged
  lawmakers to act", "called for an inquiry", "described the plan as a failure"): an
  intention only as an action ("plans to sell", not "planning for the finals"), a
  rejection only of content or of someone ("rejected the claim", not "rejected any delay");
- a paragraph opening with a speaker's name and a colon (a headline "Roe: …", a
  transcript line "ROE: …").
A reported clause that holds a quotation is kept only when the quotation is attributed
to the same cue (rows sharing a cue form one attribution).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from ...schemas.vocab import AttributionKind, EntityKind, QuoteType
from ..deps import (
    OBJECTS,
    SUBJECTS,
    acl,
    aux,
    ccomp,
    conj,
    dative,
    dobj,
    mark,
    parataxis,
    pcomp,
    prep,
    relcl,
    subject_of,
    xcomp,
)
from ..lexicon import (
    ADDRESSEE_VERBS,
    DOCUMENT_NOUNS,
    INTENTION_VERBS,
    LISTENING_VERBS,
    PROPOSITION_NOUNS,
    REJECTION_VERBS,
    REPORTED_AS,
    REPORTED_OBJECT_PREPOSITIONS,
    REPORTED_OBJECT_VERBS,
    SPEECH_NOUNS,
)
from ..punctuation import CLOSING_QUOTES, DOUBLE_QUOTE_PATTERN, OPENING_QUOTES
from ..syntax import is_passive
from .cues import SPEAKER_LABEL, cue_of, is_according_to, is_cue_verb
from .document import DocContext
from .records import Attribution, QuoteRecord


def reported_speech(ctx: DocContext) -> list[tuple[tuple[int, int], Attribution]]:
    """(content span, attribution) of every candidate indirect quotation, in no set order."""
    doc = ctx.doc
    out = []
    for verb in doc:
        if ctx.in_quote[verb.i] or not is_cue_verb(verb, stance=True) or is_passive(verb):
            continue
        if verb.lemma_.lower() in LISTENING_VERBS:
            continue  # "the court heard (that) …": whoever said it is not the court
        if is_according_to(verb):
            main = verb.head
            if main.i == verb.i or ctx.in_quote[main.i] and all(ctx.in_quote[t.i] for t in main.subtree):
                continue
            excluded = {t.i for t in verb.subtree}
            tokens = [t for t in main.subtree if t.i not in excluded]
        else:
            comps = [c for c in verb.children if c.dep == ccomp]
            if comps:
                tokens = sorted(comps[0].subtree, key=lambda t: t.i)
            else:
                tokens = _around_parenthetical(ctx, verb)
                if not tokens:
                    continue
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


def _around_parenthetical(ctx: DocContext, verb: Token) -> list[Token]:
    """'That is why, he argued, the party should act': a reporting clause set off inside the
    sentence reports the clause after it (or, with nothing after it, the one before)."""
    main = verb.head
    if verb.dep != parataxis or main.i == verb.i or main.pos_ not in {"VERB", "AUX"} or ctx.in_quote[main.i]:
        return []
    left, right = verb.left_edge.i, verb.right_edge.i
    after = [t for t in main.subtree if t.i > right]
    before = [t for t in main.subtree if t.i < left]
    for part in (after, before):
        words = [t for t in part if not (t.is_punct or t.is_space)]
        if len(words) >= 3 and any(t.pos_ in {"VERB", "AUX"} for t in words):
            return part
    return []


def _reported_objects(ctx: DocContext, taken: set[int]) -> list[tuple[tuple[int, int], Attribution]]:
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
        if not (verb.dep == conj or subject_of(verb, SUBJECTS) is not None):
            continue  # a stance needs someone holding it in its own clause
        parts: list[Token] = []
        has_infinitive = any(c.dep == xcomp for c in verb.children)
        for c in verb.children:
            if c.dep in OBJECTS and not has_infinitive and _is_addressee(ctx, verb, c):
                continue  # "asked the crowd": whom it was said to, not what
            if not _may_report(ctx, verb, c):
                continue
            if (
                c.dep in {dobj, xcomp, dative}
                or (c.dep == prep and c.lower_ in REPORTED_OBJECT_PREPOSITIONS and c.i == verb.i + 1)
                or (c.dep == prep and c.lower_ == REPORTED_AS and parts)
            ):
                parts.extend(c.subtree)
        if not parts:
            continue
        tokens = _trim_tokens(parts)
        while (
            tokens and tokens[0].lower_ in REPORTED_OBJECT_PREPOSITIONS | {"to"} and tokens[0].pos_ in {"ADP", "PART"}
        ):
            tokens = tokens[1:]
        words = [t for t in tokens if not (t.is_punct or t.is_space)]
        if len(words) < 2:
            continue
        head = ctx.speaker_of(verb)
        if head is None or not (ctx.names_someone(head) or head.pos_ in {"NOUN", "PROPN"}):
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        out.append(((start, end), ctx.attribution_for(verb, head=head)))
    return out


def _may_report(ctx: DocContext, verb: Token, child: Token) -> bool:
    """Can this dependent of a stance verb be what it reports? An intention is an action (an
    infinitive, or a clause after the preposition: "planning on selling"), not the event a
    preposition names ("planning for the finals"); a rejection reports only content or
    someone ("rejected the claim that …", "rejected Roe"), not a plain thing ("rejected any
    delay")."""
    lemma = verb.lemma_.lower()
    if child.dep == prep and lemma in INTENTION_VERBS:
        return any(o.dep == pcomp or o.tag_ == "VBG" for o in child.children)
    if child.dep in OBJECTS and lemma in REJECTION_VERBS:
        return _is_content(ctx, child)
    return True


def _is_content(ctx: DocContext, noun: Token) -> bool:
    """A person or organization, a noun of speech, of a document or of content ("the claim",
    "the report", "the offer"), or a noun with its content clause ("the notion that …", "a
    request to unseal …", "the idea of raising …")."""
    if ctx.index.at(noun.i) is not None or noun.pos_ == "PROPN":
        return True
    if noun.lemma_.lower() in SPEECH_NOUNS | DOCUMENT_NOUNS | PROPOSITION_NOUNS:
        return True
    for c in noun.children:
        if c.dep in {acl, ccomp, relcl} and any(
            (m.dep == mark and m.lower_ == "that") or (m.dep == aux and m.lower_ == "to") for m in c.children
        ):
            return True
        if c.dep == prep and c.lower_ == "of" and any(o.dep == pcomp or o.tag_ == "VBG" for o in c.children):
            return True
    return False


def _is_addressee(ctx: DocContext, verb: Token, obj: Token) -> bool:
    """The object of 'ask', 'tell', 'urge' ... names a listener when it is a person."""
    if verb.lemma_.lower() not in ADDRESSEE_VERBS | {"ask", "urge", "warn", "call", "thank"}:
        return False
    hit = ctx.index.at(obj.i)
    return obj.pos_ == "PRON" or (hit is not None and hit[0].kind == EntityKind.PERSON) or obj.pos_ in {"NOUN", "PROPN"}


def _labelled_paragraphs(ctx: DocContext) -> list[tuple[tuple[int, int], Attribution]]:
    """'Roe: The Bridge Will Reopen' (a headline) or 'ROE: We will …' (a transcript line):
    a paragraph that opens with a speaker's name and a colon reports that speaker's words."""
    doc, text = ctx.doc, ctx.text
    out = []
    for ps, pe in ctx.paragraphs.spans:
        first = ctx.token_at_or_after(ps)
        hit = ctx.index.at(first) if first < len(doc) else None
        if hit is not None:
            name_end = hit[1].token_end
        else:
            m = SPEAKER_LABEL.match(text, ps, pe)
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
    while run and (run[0].is_punct or run[0].is_space or run[0].lower_ == "that" and run[0].dep == mark):
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
    """An opening quotation mark (a straight one glued to the word after it)."""
    return tok.text in OPENING_QUOTES or (tok.text == '"' and tok.whitespace_ == "")


def _closes(tok: Token) -> bool:
    """A closing quotation mark (a straight one glued to the word before it)."""
    return (
        tok.text in CLOSING_QUOTES
        or tok.text == "''"
        or (tok.text == '"' and tok.i > 0 and tok.doc[tok.i - 1].whitespace_ == "")
    )


def indirect_records(
    ctx: DocContext, candidates: list[tuple[tuple[int, int], Attribution]], quoted: list[QuoteRecord]
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
        if _words_outside(ctx.text, start, end, overlapping) < 2:
            continue  # the quotation already is the reported speech ("said “…”")
        if not overlapping and DOUBLE_QUOTE_PATTERN.search(ctx.text, max(0, start - 2), min(len(ctx.text), end + 2)):
            continue  # glued to a quotation it does not contain: which of the two is reported is unclear
        out.append(ctx.record(start, end, QuoteType.INDIRECT, att, AttributionKind.EXPLICIT, att.paragraph, None))
    return out


def _words_outside(text: str, start: int, end: int, quoted: list[QuoteRecord]) -> int:
    """Words of [start, end) outside the quotations: "it had “every confidence”" has two."""
    pieces, pos = [], start
    for r in sorted(quoted, key=lambda r: r.start):
        pieces.append(text[pos : max(pos, r.start)])
        pos = max(pos, r.end)
    pieces.append(text[pos:end])
    return sum(any(c.isalnum() for c in w) for w in " ".join(pieces).split())
