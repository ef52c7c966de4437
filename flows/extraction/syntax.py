"""Dependency labels the rules read, and small helpers over spaCy's parse tree.

spaCy's English pipelines use the ClearNLP label set: `nsubj` (subject), `nsubjpass`
(subject of a passive), `csubj` (clausal subject), `expl` ("there", "it" as a dummy
subject), `agent` ("by X" of a passive), `ccomp`/`xcomp` (clausal complements) …

    content_roots(doc[3:9])   # the tokens of the span whose head lies outside it
    is_passive(doc[5])        # "was told": True
    is_clause(doc[3:9])       # "we will win": True; "a disaster": False
"""

from __future__ import annotations

from spacy.tokens import Span, Token

#: any subject of a clause, passive included
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
#: the subject of an active clause (a passive's subject is who was spoken to, not who spoke)
ACTIVE_SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
#: a nominal subject, active or passive
NOMINAL_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
#: the positions that make a phrase what a clause is about, not what it reports
SUBJECT_LIKE_DEPS = SUBJECT_DEPS | {"csubjpass", "agent"}
#: what marks a passive verb
_PASSIVE_DEPS = frozenset({"nsubjpass", "auxpass"})


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in _PASSIVE_DEPS for c in tok.children)


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
        if t.dep_ in SUBJECT_DEPS and lo <= t.head.i < hi and t.head.pos_ in {"VERB", "AUX"}:
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
