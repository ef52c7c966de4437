"""Quotation marks that hold no speech: markup, names, labels, titles and terms.

    is_not_speech(ctx, q, content)  # 'id="12"', 'a product called “Nimbus”', 'its “one-stop
                                    #  shopping” service', 'a “rural zone,” which is defined as'
    gives_a_name(ctx, verb, content)  # 'software called “X”': a name given, not words said
    looks_like_a_title(content)     # "Evening Desk": every word capitalised

Closed-class words and the parse only; what is left is attributed by `attribution`.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..deps import (
    NOUN_CLAUSES,
    NOUN_MODIFIERS,
    appos,
    attr,
    ccomp,
    compound,
    dobj,
    npadvmod,
    oprd,
    poss,
    subject_of,
    xcomp,
)
from ..lexicon import NAMING_VERBS, RELATIVE_PRONOUNS
from ..quotemarks import QuoteMarkSpan
from ..syntax import content_roots, is_passive
from .document import DocContext

_NAMING_WORDS = {
    "so-called",
    "titled",
    "entitled",
    "dubbed",
    "nicknamed",
    "named",
    "called",
    "known",
    "word",
    "term",
    "phrase",
    "hashtag",
}


def is_not_speech(ctx: DocContext, q: QuoteMarkSpan, content: Span) -> bool:
    """Markup, a name or a term between the marks, not something said."""
    return (
        _is_markup(ctx.text, q)
        or _is_naming(ctx.doc, ctx, content)
        or _is_label(ctx, q, content)
        or _is_defined_term(ctx, q)
    )


def _is_label(ctx: DocContext, q: QuoteMarkSpan, content: Span) -> bool:
    """'its “one-click shopping” service': quoted words modifying the noun right after the
    marks name a thing."""
    doc = ctx.doc
    k = ctx.token_at_or_after(q.close_end)
    if k >= len(doc) or doc[k].pos_ != "NOUN" or ctx.in_quote[k]:
        return False
    # a noun compounded with the next one, and that one definite ("its", "the"): the name of a
    # known thing; "a “common-sense” approach" describes, and is a word said
    chain = [doc[k]]  # "his “X” radio programme": up through the compound to its head noun
    while chain[-1].dep == compound and chain[-1].head.i > chain[-1].i and len(chain) < 4:
        chain.append(chain[-1].head)
    noun = chain[-1]
    if not any(c.i < q.open_start and (c.dep == poss or c.lower_ in {"the", "this"}) for c in noun.children):
        return False
    heads = {t.i for t in chain}
    return any(
        r.head.i in heads and r.dep in NOUN_MODIFIERS and r.pos_ in {"NOUN", "PROPN", "VERB"}
        for r in content_roots(content)
    )


_DEFINING_AFTER = re.compile(r"\s*,?\s*(?:which|that)\s+(?:is|are|was|were)\s+defined\b|\s*,?\s*defined\s+as\b")
_DEFINING_BEFORE = re.compile(r"\b(?:in other words|i\.e\.|that is to say)\s*,?\s*$", re.IGNORECASE)


def _is_defined_term(ctx: DocContext, q: QuoteMarkSpan) -> bool:
    """'a “targeted area,” which is defined as …', 'in other words, “software inventions”':
    the writer introduces or explains a term."""
    text = ctx.text
    return bool(
        _DEFINING_AFTER.match(text, q.close_end)
        or _DEFINING_BEFORE.search(text, max(0, q.open_start - 30), q.open_start)
    )


def _is_markup(text: str, q: QuoteMarkSpan) -> bool:
    """`name="value"` attributes and bare numbers/URLs between marks."""
    if q.open_start > 0 and text[q.open_start - 1] == "=":
        return True
    content = text[q.start : q.end].strip()
    return content.replace(",", "").replace(".", "").isdigit() or content.startswith(("http://", "https://", "www."))


def _is_naming(doc: Doc, ctx: DocContext, content: Span) -> bool:
    """'called “X”', 'known as “X”', 'so-called “X”', 'the word “X”' name a thing."""
    i = content.start - 1
    while i >= 0 and (doc[i].is_quote or doc[i].is_space):
        i -= 1
    if i >= 0 and doc[i].is_punct and doc[i].text == ",":
        i -= 1
    if i < 0:
        return False
    prev = doc[i]
    if prev.lower_ == "as" and prev.head.lower_ in {"known", "referred", "billed"} and prev.head.i < i:
        return True  # "known inside the business as “X”"
    if prev.lower_ == "as" and i > 0 and doc[i - 1].lower_ in {"known", "referred", "described", "billed"}:
        verb = doc[i - 1]
        # "what the union described as “…”" is its words; "a plan described as “…”" a label
        return not (verb.lower_ == "described" and subject_of(verb) is not None)
    if prev.lower_ in _NAMING_WORDS or prev.lemma_.lower() in NAMING_VERBS:
        # a naming participle ("a product called"), a passive ("is called"), or a bare noun ("the word")
        if prev.lemma_.lower() in NAMING_VERBS and prev.pos_ == "VERB":
            has_subject = subject_of(prev) is not None
            return not has_subject or is_passive(prev)
        return True
    return False


def gives_a_name(ctx: DocContext, verb: Token, content: Span) -> bool:
    """'software called “X”', '“X” is called': the quote is a name given, not words said.

    "calling for “X”" is a demand (the quote hangs from a preposition), and
    "Roe called it “a disgrace”" and "the plan, which Roe called “a disgrace”" are speech
    (a verb with a subject of its own).
    """
    if verb.lemma_.lower() not in NAMING_VERBS:
        return False
    direct = any(
        r.head.i == verb.i and r.dep in {oprd, dobj, attr, xcomp, ccomp, npadvmod, appos}
        for r in content_roots(content)
    )
    # "a tax break, which Jo Doe called “X”" has a speaker of its own; "a product called “X”" does not
    own_subject = subject_of(verb, skip=lambda c: c.lower_ in RELATIVE_PRONOUNS) is not None
    modifier = verb.dep in NOUN_CLAUSES and not own_subject
    return direct and (modifier or is_passive(verb) or ctx.speaker_of(verb) is None)


def looks_like_a_title(content: Span, min_words: int = 1) -> bool:
    """Every word capitalised ("Evening Desk", "The Book of the Month"): a title or a name."""
    words = [t for t in content if t.is_alpha]
    minor = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by"}
    major = [t for t in words if t.lower_ not in minor]
    return len(major) >= min_words and all(t.text[0].isupper() for t in major)
