"""The cue and the speaker of one quotation, found where news English puts them.

First match wins:
- a name and a dash right before it ("including Jo Doe -- “…”");
- the quote sits in the complement of a reporting verb ("said that the “X” is"), or of
  one set off inside its clause ("X, Roe said, is"); nested reports go to the outermost
  reporter ("Roe said Doe called it “X”"); a verb whose subject names no one gives way
  to the reporting verb above it;
- a reporting clause right after it ("“…,” Roe said", "“…,” said Roe, an aide,",
  "“…,” Roe, an aide, said"), or right before it ("Roe said: “…”", "according to Roe,
  “…”"), also across a colon ending the previous paragraph;
- a clause ending in a colon whose subject names a speaker ("Roe had a warning: “…”");
- a dash signature ("“…” — Jo Doe"), a transcript label ("“ROE: …”") or a headline's
  name and colon ("Roe: ‘…’") (`signatures`);
- for a fragment, the subject of the clause it sits in ("Roe called it “a mess”").

A listening verb names no speaker ("the court heard “…”"). Markup, names, labels and
terms (`nonspeech`) are not speech at all.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Span, Token

from ..deps import (
    CLAUSAL_COMPLEMENTS,
    CLAUSE_CHAIN,
    CLAUSE_EDGES,
    MODIFIER_PATH,
    OBJECTS,
    SUBJECT_LIKE,
    SUBJECTS,
    advcl,
    advmod,
    aux,
    cc,
    ccomp,
    compound,
    conj,
    dative,
    dobj,
    intj,
    mark,
    neg,
    npadvmod,
    parataxis,
    prep,
    prt,
    subject_of,
    xcomp,
)
from ..lexicon import ADDRESSEE_VERBS, LISTENING_VERBS, PERSON_PRONOUNS, SUBJECT_PRONOUNS
from ..quotemarks import QuoteMarkSpan
from ..syntax import content_roots, is_clause, is_passive
from .cues import is_cue_verb
from .document import DocContext
from .nonspeech import gives_a_name, looks_like_a_title
from .records import Found
from .signatures import cue_by_colon, name_and_colon, name_and_dash, speaker_by_dash, speaker_label

_NOUN_PHRASE_POS = {"PROPN", "NOUN", "ADJ", "DET", "NUM", "ADP", "PART", "CCONJ"}
_MAX_AFTER_TOKENS = 40
_MAX_BEFORE_TOKENS = 12


class CueSearch(NamedTuple):
    found: Found | None  # the cue and the speaker's token, if any (the type is `quotetype`'s)


def find_cue(ctx: DocContext, qi: int, q: QuoteMarkSpan, content: Span, clause: bool) -> CueSearch | None:
    """The quote's cue and speaker; None when the marks turn out to hold a name given."""
    dashed = name_and_dash(ctx, q)
    if dashed is not None:
        return CueSearch(dashed)
    verb = _cue_in_complement(ctx, content, qi)
    found: Found | None
    if verb is not None:
        if gives_a_name(ctx, verb, content):
            return None  # "a product called “X”"
        found = _from_complement(ctx, q, qi, verb)
    else:
        found = (
            _cue_after(ctx, q, qi)
            or _cue_before(ctx, q, qi)
            or cue_by_colon(ctx, q)
            or speaker_by_dash(ctx, q)
            or speaker_label(ctx, q, content)
            or name_and_colon(ctx, q)
        )
    if found is not None and found.speaker is not None and found.speaker.lower_ in PERSON_PRONOUNS:
        outer = _report_around(ctx, found.cue, qi)
        if outer is not None:
            # "Roe said he welcomed it and added, “…”": Roe's account; the cue stays the verb that says it
            found = Found(found.cue, ctx.speaker_of(outer), found.content_start)
    if found is not None and found.cue.lemma_.lower() in LISTENING_VERBS and not is_passive(found.cue):
        found = Found(found.cue, None, found.content_start, unnamed=True)  # "the inquest heard “…”"
    hangs_in_sentence = any(
        r.head.i != r.i and not (content.start <= r.head.i < content.end) for r in content_roots(content)
    )
    if found is None and (not clause or hangs_in_sentence):
        found = _clause_subject(ctx, content, qi)
        outer = _reporting_clause_above(ctx, found.cue, through=CLAUSE_CHAIN) if found else None
        if outer is not None:
            found = Found(outer, ctx.speaker_of(outer))  # "Roe says she knows that “X”"
    return CueSearch(found)


def _from_complement(ctx: DocContext, q: QuoteMarkSpan, qi: int, verb: Token) -> Found:
    """The cue and speaker when a reporting verb's complement holds the quote."""
    outer = _outer_cue(ctx, verb)
    if outer is not None:
        # "condemned what he called “X”": his own cue, the outer clause's speaker
        reporter = _reporting_clause_above(ctx, outer) or outer
        return Found(verb, _speaker_near(ctx, q, reporter))
    verb = _reporting_clause_above(ctx, verb) or verb
    found = Found(verb, _speaker_near(ctx, q, verb))
    if verb.idx < q.open_start:
        # "X cited it when … he had once told Roe: “…”": the reporting clause right before
        # the quote is nearer than the verb the parser hung it from (a report nested in
        # another, "Roe said she recalled thinking “…”", stays the outer reporter's)
        nearer = _cue_before(ctx, q, qi)
        if (
            nearer is not None
            and nearer.cue.i > verb.i
            and nearer.cue.pos_ == "VERB"
            and not _reported_within(nearer.cue, verb)
        ):
            found = nearer
    if not ctx.names_someone(found.speaker):
        # "Roe said it would tell a story of “…”": the story tells nothing, Roe speaks
        up = _next_cue_up(ctx, verb)
        up_speaker = ctx.speaker_of(up) if up is not None else None
        if up is not None and ctx.names_someone(up_speaker):
            found = Found(up, up_speaker)
    return found


def _cue_in_complement(ctx: DocContext, content: Span, qi: int) -> Token | None:
    """The reporting verb whose complement holds the quote ("said that the “X” is ...")."""
    for root in content_roots(content):
        if root.is_punct:
            continue
        verb = _governing_verb(ctx, content, root, qi)
        if verb is not None:
            return verb
    return None


def _governing_verb(ctx: DocContext, content: Span, tok: Token, qi: int) -> Token | None:
    """Climb from a root of the quote to the reporting verb whose complement holds it.

    The climb stops at the edge of another clause: a verb with a subject of its own,
    joined as an adverbial, relative or coordinated clause ("after she blamed X on
    “Y”" belongs to "she", not to the main clause's speaker).
    """
    for _ in range(12):
        head = tok.head
        if head.i == tok.i:
            # the quote holds its sentence's root: "Voters, he said, can “rock like Jimi”"
            return _parenthetical_cue(ctx, tok)
        if content.start <= head.i < content.end or ctx.quote_of_token.get(head.i) == qi:
            tok = head
            continue
        if ctx.in_quote[head.i]:
            return None  # inside someone else's quotation
        if is_cue_verb(head):
            if tok.dep in SUBJECT_LIKE:
                return None  # the quote is the subject, not what is said ("“X” says it all")
            if tok.dep in OBJECTS and head.lemma_.lower() in ADDRESSEE_VERBS:
                return None  # "told “Sunday Desk”": the quote names who was told
            return head
        aside = _parenthetical_cue(ctx, head)
        if aside is not None:
            return aside
        if (
            head.pos_ in {"VERB", "AUX"}
            and head.dep in CLAUSE_EDGES
            and subject_of(head, SUBJECTS) is not None
            and not any(c.lower_ == "that" and c.i < head.i for c in head.children)  # a misparsed "that" clause
        ):
            return None
        tok = head
    return None


def _parenthetical_cue(ctx: DocContext, clause: Token) -> Token | None:
    """'X, Roe said, is Y', 'X, as Roe put it, is Y': a reporting verb set off inside the clause it reports."""
    for child in clause.children:
        as_clause = child.dep == advcl and any(m.dep == mark and m.lower_ == "as" for m in child.children)
        if (
            (child.dep in {parataxis, ccomp} or as_clause)  # "X, as Roe put it, is Y"
            and not ctx.in_quote[child.i]
            and is_cue_verb(child)
            and not any(c.dep in CLAUSAL_COMPLEMENTS for c in child.children)
            and ctx.speaker_of(child) is not None
        ):
            return child
    return None


def _own_complement(ctx: DocContext, verb: Token, qi: int) -> bool:
    """Does the verb report something else than this quote (a clause outside quotation marks)?"""
    for c in verb.children:
        if c.dep in CLAUSAL_COMPLEMENTS and not ctx.in_quote[c.i]:
            inside = [t for t in c.subtree if not t.is_punct]
            if inside and sum(ctx.in_quote[t.i] for t in inside) < len(inside) / 2:
                return True
        if c.dep in {ccomp, xcomp, dobj} and ctx.in_quote[c.i] and ctx.quote_of_token.get(c.i) != qi:
            return True
    return False


def _allowed_between(ctx: DocContext, verb: Token, tokens: list[Token], head: Token | None) -> bool:
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
        if t.head.i == verb.i and t.dep in {advmod, aux, npadvmod, prt, neg, cc, mark, dative, dobj, prep, intj}:
            continue
        if t.head.head.i == verb.i and t.head.dep in {prep, dative, dobj, npadvmod, advmod}:
            continue
        if verb.pos_ == "VERB" and _modifies(t, verb):
            continue  # "joked of the museum": a phrase of the verb's own
        if t.pos_ in {"ADV", "PART"}:
            continue
        return False
    return True


def _modifies(tok: Token, verb: Token) -> bool:
    """Is `tok` inside a prepositional or object phrase of `verb` ("of the museum")?"""
    for _ in range(5):
        if tok.dep not in MODIFIER_PATH or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i == verb.i:
            return True
    return False


def _speaker_near(ctx: DocContext, q: QuoteMarkSpan, verb: Token) -> Token | None:
    """The verb's subject; failing that, a name between the quote and a verb that follows it,
    or the noun phrase after a verb that follows it straight away ("“…,” said the woman")."""
    head = ctx.speaker_of(verb)
    if head is None and verb.idx >= q.close_end:
        between = list(ctx.doc[ctx.token_at_or_after(q.close_end) : verb.i])
        head = ctx.named_in(between)
        if head is None and all(b.is_punct or b.is_space for b in between):
            head = _inverted_subject(ctx, verb)
    return head


def _cue_after(ctx: DocContext, q: QuoteMarkSpan, qi: int) -> Found | None:
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
            head = ctx.speaker_of(t) or ctx.named_in(between)
            if head is None and all(b.is_punct or b.is_space for b in between):
                head = _inverted_subject(ctx, t)
            if head is None or not _allowed_between(ctx, t, between, head):
                return None
            return Found(t, head)
        if t.text in {".", "!", "?", ";"} and between:
            return None
        between.append(t)
    return None


def _inverted_subject(ctx: DocContext, verb: Token) -> Token | None:
    """'“…,” said the woman, who …', '“…?” asked Mr. Doe, referring to …': after an inverted
    verb the noun phrase that follows names the speaker, wherever the parser hung it (the
    subject of a later clause, the verb's object)."""
    doc = ctx.doc
    for k in range(verb.i + 1, min(verb.i + 6, len(doc))):
        t = doc[k]
        if ctx.in_quote[k]:
            return None
        hit = ctx.index.at(k)
        if hit is not None:
            return doc[hit[1].token_end - 1]
        if t.pos_ in {"DET", "ADJ", "NUM"} or t.dep == compound or t.tag_ == "PRP$":
            continue  # the phrase's own modifiers: "the", "a local", "his"
        return t if t.pos_ in {"NOUN", "PROPN"} else None
    return None


def _cue_before(ctx: DocContext, q: QuoteMarkSpan, qi: int) -> Found | None:
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
            if head is None and t.i == t.sent.start:
                # "Said Roe: “…”": the inverted verb opens the sentence, the name follows it
                head = ctx.named_in(sorted(between, key=lambda b: b.i))
            if _own_complement(ctx, t, qi) or head is None:
                return None
            return Found(t, head) if _allowed_between(ctx, t, between, head) else None
        if t.text in {".", "!", "?", ";"}:
            return _said_before(ctx, t, qi) if t.text == "." and not steps else None
        between.append(t)
        if not t.is_space:
            steps += 1
        i -= 1
    return None


def _said_before(ctx: DocContext, stop: Token, qi: int) -> Found | None:
    """'Roe said in a statement. “…”': a sentence whose reporting verb reports nothing of its
    own (no clause, no object but the listener) ends right before the quote it introduces."""
    verb = stop.sent.root
    if ctx.in_quote[verb.i] or not is_cue_verb(verb) or verb.pos_ != "VERB" or is_passive(verb):
        return None
    reported = {ccomp, xcomp, dobj, parataxis} - ({dobj} if verb.lemma_.lower() in ADDRESSEE_VERBS else set())
    if any(c.dep in reported for c in verb.children) or any(ctx.in_quote[t.i] for t in stop.sent):
        return None
    head = ctx.speaker_of(verb)
    return Found(verb, head) if head is not None and not _own_complement(ctx, verb, qi) else None


def _reported_within(inner: Token, outer: Token) -> bool:
    """Is `inner` in a complement clause of `outer` ("Roe said she recalled …")?"""
    tok = inner
    for _ in range(6):
        if tok.dep not in CLAUSE_CHAIN or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i == outer.i:
            return True
    return False


def _next_cue_up(ctx: DocContext, verb: Token) -> Token | None:
    tok = verb
    for _ in range(6):
        if tok.head.i == tok.i or ctx.in_quote[tok.head.i]:
            return None
        tok = tok.head
        if is_cue_verb(tok):
            return tok
    return None


def _reporting_clause_above(
    ctx: DocContext, verb: Token, through: frozenset[int] | set[int] = frozenset({ccomp, xcomp})
) -> Token | None:
    """'Roe said that Doe once described it as “X”': the article reports Roe's account, so
    the attribution it makes is Roe's (the outermost report, as attribution corpora annotate).
    Only complement clauses nest this way; an adverbial or a coordinated clause does not."""
    outer = None
    tok = verb
    while tok.dep in through and tok.head.i != tok.i and not ctx.in_quote[tok.head.i]:
        tok = tok.head
        if is_cue_verb(tok) and ctx.names_someone(ctx.speaker_of(tok)):
            outer = tok
    return outer


def _report_around(ctx: DocContext, verb: Token, qi: int) -> Token | None:
    """The outermost reporting verb whose complement holds `verb` ("Roe assures them he will
    tell …", "Roe said he welcomed it and added …", "Roe said that while he fears …, “…”"):
    a he or she reporting inside Roe's report is Roe's account, as a name reporting there is
    (`_reporting_clause_above`). A clause of its own ("…, although he tweeted", "Doe, whom
    he called") is not climbed: its pronoun may be someone else."""
    outer = None
    tok = verb
    while tok.head.i != tok.i:
        own = ctx.quote_of_token.get(tok.head.i) == qi  # this quotation's own words are Roe's complement
        if (ctx.in_quote[tok.head.i] and not own) or not (own or tok.dep in CLAUSE_CHAIN):
            break
        if tok.dep == conj and subject_of(tok, SUBJECTS) is not None:
            break  # "Roe recommended X, but he called it “…”": a clause with a subject of its own
        tok = tok.head
        if ctx.in_quote[tok.i] or not is_cue_verb(tok) or is_passive(tok):
            continue
        if tok.i < verb.i and ctx.names_someone(ctx.speaker_of(tok)):
            outer = tok  # a report that frames the clause; one after it ("“…” she said, … Roe said") does not
    return outer


def _outer_cue(ctx: DocContext, verb: Token) -> Token | None:
    """'condemned what he called “X”': the reporting verb outside the free relative clause."""
    if verb.lemma_.lower() != "call" or not any(c.lower_ in {"what", "which"} for c in verb.children):
        return None
    inner = ctx.speaker_of(verb)
    if inner is not None and inner.pos_ != "PRON":
        return None  # "it warned of what its chief executive called “X”": the executive's words
    tok = verb
    for _ in range(8):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if ctx.in_quote[tok.i]:
            if _is_clause_quote(ctx, tok):
                return None  # inside someone's quoted clause
            continue  # a scare-quoted word of the writer's sentence ("accused them of being “duped”")
        if is_cue_verb(tok) and ctx.speaker_of(tok) is not None:
            return tok
    return None


def _is_clause_quote(ctx: DocContext, tok: Token) -> bool:
    """Does the quotation holding `tok` hold a clause of its own, not a scare-quoted word?"""
    q = ctx.quotes[ctx.quote_of_token[tok.i]]
    content = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
    return content is not None and is_clause(content)


def _clause_subject(ctx: DocContext, content: Span, qi: int) -> Found | None:
    """A fragment in someone's clause: 'Roe praised the plan as a “bold step”' is Roe's word.

    The first verb above the fragment decides; its subject must name a person or an
    organization (or be a personal pronoun), otherwise the fragment stays unattributed.
    """
    if looks_like_a_title(content):
        return None  # "on “Evening Desk”": a title or a name, whoever's clause it is in
    for root in content_roots(content):
        tok = root
        for _ in range(8):
            head = tok.head
            if head.i == tok.i:
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
                if subj is not None and (ctx.index.at(subj.i) is not None or subj.lower_ in SUBJECT_PRONOUNS):
                    return Found(head, subj)
                break
            tok = head
    return None
