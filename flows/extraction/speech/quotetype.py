"""Direct or partial: the one rule that types a quotation in marks.

A quotation is `direct` when the quoted words are a complete utterance: the whole of what
their cue reports, or a sentence on their own. It is `partial` when the writer's own words
complete it, i.e. the quoted words are a fragment embedded in the reporter's sentence:

    “We will not sell,” Ada Lenn said.                  direct  (the cue reports all of it)
    Ada Lenn said: “We will not sell.”                  direct
    Ada Lenn said that “the farm is not for sale.”      direct  ("that" only introduces it)
    “A disgrace,” Ada Lenn said.                        direct  (a fragment, but the whole utterance)
    Ada Lenn said the plan was “a betrayal.”            partial (the writer says "the plan was")
    Ada Lenn called it “a mess”.                        partial ("it" is the writer's)
    Ada Lenn said the plan “will fail.”                 partial (its subject is the writer's)
    “A betrayal” was how Ada Lenn put it.               partial (the quote is the writer's subject)

The rule reads where the quote sits in the parse, never how its cue was found, so one
construction gets one type in every article. A quote after a colon is direct (the colon
introduces an utterance). Otherwise, for each root of the quoted words (followed up through
quoted words, of this quotation or of another, to the last quoted one):
- the words must be an utterance: a clause of the speaker's, its subject inside the marks,
  or a quoted imperative, wherever it sits ("Ada Lenn boomed, “we won”"); or words that
  hang from nothing of the writer's but a reporting clause (the sentence's root, the
  complement of a reporting verb, the speaker's phrase);
- no word of the writer's may fill a slot of the quoted clause (its subject, an auxiliary,
  an object), modifiers ("on Monday"), a reporting clause, a "that" and the "and" between
  two quotations apart;
- and the quote may not be what the writer's object was called ("called it “…”").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ...schemas.vocab import QuoteType
from ..deps import (
    FRAMING,
    QUOTED_PREDICATE_OBJECTS,
    SUBJECT_LIKE,
    SUBJECTS,
    mark,
    oprd,
    subject_of,
)
from ..lexicon import NAMING_VERBS
from ..quotemarks import QuoteMarkSpan
from ..syntax import content_roots
from .cues import is_cue_verb
from .document import DocContext
from .records import Found

# words that introduce a reported clause without being part of what is reported
_COMPLEMENTIZERS = frozenset({"that", "whether", "if"})
_MAX_CLIMB = 40


def quote_type(ctx: DocContext, q: QuoteMarkSpan, content: Span, found: Found | None) -> QuoteType:
    """`direct` or `partial` for the quoted words `content` (see the module's rule)."""
    if _after_colon(ctx.text, q.open_start):
        return QuoteType.DIRECT  # "Roe said: “…”", "Roe had a warning: “…”": a colon introduces an utterance
    reporting = _reporting_clause(ctx, content, found)
    for root in content_roots(content):
        if root.is_punct or root.is_space:
            continue
        top = _top_of_quoted_words(ctx, root)
        utterance = _own_clause(ctx, root) or _own_clause(ctx, top) or _hangs_from_reporting(ctx, top, reporting)
        if not utterance or _completed_by_writer(ctx, top, reporting) or _named_by_writer(ctx, top):
            return QuoteType.PARTIAL
    return QuoteType.DIRECT


def _after_colon(text: str, position: int) -> bool:
    """Is the last character before `position`, blank space aside, a colon? (Read backwards: a
    copy of all the text before each quote would be quadratic in a long article.)"""
    k = position - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return k >= 0 and text[k] == ":"


def _hangs_from_reporting(ctx: DocContext, top: Token, reporting: set[int]) -> bool:
    """Do the quoted words hang from nothing of the writer's but a reporting clause: they
    hold the sentence's root, or are the complement of a reporting verb ("“A disgrace,” Roe
    said")? Not a fragment that is the subject of the writer's clause ("“A betrayal” was how
    Roe put it") or fills a slot of it ("the plan was “a betrayal”")."""
    head = top.head
    if head.i == top.i or head.i in reporting:
        return True
    return top.dep not in SUBJECT_LIKE and is_cue_verb(head)


def _own_clause(ctx: DocContext, top: Token) -> bool:
    """An utterance of its own wherever it sits: a verb with its subject inside the marks
    ("Roe boomed, “we won”", "the chant “we want more”"), or a quoted imperative sentence
    ("a chant of “Hold the line!”")."""
    if top.pos_ not in {"VERB", "AUX"}:
        return False
    if subject_of(top, SUBJECTS, skip=lambda c: not ctx.in_quote[c.i]) is not None:
        return True
    first = top.left_edge
    return top.tag_ == "VB" and first.i == top.i and ctx.in_quote[first.i - 1 if first.i else 0] and top.is_title


def _named_by_writer(ctx: DocContext, top: Token) -> bool:
    """'called the plan “a mess”': the quote is what the writer's object was called."""
    head = top.head
    if head.i == top.i or not (top.dep == oprd or head.lemma_.lower() in NAMING_VERBS):
        return False
    return any(c.dep in QUOTED_PREDICATE_OBJECTS and c.i != top.i and not ctx.in_quote[c.i] for c in head.children)


def _top_of_quoted_words(ctx: DocContext, root: Token) -> Token:
    """From a root of the quoted words up through quoted words, of this quotation or of
    another ("“The plan,” Roe said, “will fail”" is one clause), to the last quoted one."""
    tok = root
    for _ in range(_MAX_CLIMB):
        if tok.head.i == tok.i or not ctx.in_quote[tok.head.i]:
            break
        tok = tok.head
    return tok


def _reporting_clause(ctx: DocContext, content: Span, found: Found | None) -> set[int]:
    """Tokens of the reporting clauses in the quote's sentence, outside quotation marks: each
    reporting verb with its dependents except the one that holds the quote ("Roe said" of
    "Roe said the plan “…”"; "they said, under the charter" when the parser hangs the verb
    from the quote), and the speaker found for the quote ("said Roe, “which …”" may hang
    the quote from "Roe")."""
    first = content.start
    heads = [t for t in content.sent if not ctx.in_quote[t.i] and is_cue_verb(t, stance=True)]
    if found is not None and (found.cue.is_punct or is_cue_verb(found.cue, stance=True)):
        # not the verb of a clause a fragment sits in ("Acme will review “dozens” of deals")
        heads.append(found.cue)
        if found.speaker is not None:
            heads.append(found.speaker)
    out: set[int] = set()
    for head in heads:
        out.add(head.i)
        for c in head.children:
            if not c.left_edge.i <= first <= c.right_edge.i:
                out.update(t.i for t in c.subtree if not ctx.in_quote[t.i])
    return out


def _completed_by_writer(ctx: DocContext, top: Token, reporting: set[int]) -> bool:
    """Does a word of the writer's fill a slot of the quoted clause: its subject, an
    auxiliary, an object ("Voters, she said, can “see …”", "said the plan “will fail”")?
    Modifiers of the sentence ("On Monday", "under the charter"), a reporting clause, a
    "that" and the "and" between two quotations complete nothing."""
    stack = [top]
    while stack:
        tok = stack.pop()
        for c in tok.children:
            if ctx.in_quote[c.i]:
                stack.append(c)  # the speaker's words: look below them too
            elif not (
                c.i in reporting
                or c.is_punct
                or c.is_space
                or c.dep in FRAMING
                or (c.dep == mark and c.lower_ in _COMPLEMENTIZERS)
            ):
                return True
    return False
