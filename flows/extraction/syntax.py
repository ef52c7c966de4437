"""Small helpers over spaCy's parse tree (the labels and their named sets are in deps.py).

content_roots(doc[3:9])   # the tokens of the span whose head lies outside it
is_passive(doc[5])        # "was told": True
is_clause(doc[3:9])       # "we will win": True; "a disaster": False
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .deps import PASSIVE_MARKS, SUBJECTS


def is_passive(tok: Token) -> bool:
    return any(c.dep in PASSIVE_MARKS for c in tok.children)


def content_roots(content: Span) -> list[Token]:
    """Tokens of the span whose head lies outside it: one per sentence or fragment, in order."""
    return [t for t in content if not (content.start <= t.head.i < content.end) or t.head.i == t.i]


def is_clause(content: Span) -> bool:
    """Do the words form a clause (a subject with its verb, a sentence or more), not a fragment?"""
    words = [t for t in content if not (t.is_punct or t.is_space)]
    if not words:
        return False
    lo, hi = content.start, content.end
    for t in content:
        if t.dep in SUBJECTS and lo <= t.head.i < hi and t.head.pos_ in {"VERB", "AUX"}:
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
