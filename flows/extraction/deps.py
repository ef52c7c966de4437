"""Dependency labels as spaCy's symbol ids, the named sets of them the rules read, and the one
helper for "the subject of this verb".

Rules compare `tok.dep` (an int) with these ids, never `tok.dep_` with a string: a misspelt
label is then a NameError at import, not a rule that silently never fires.

    from ..deps import SUBJECTS, nsubj, subject_of
    tok.dep == nsubj                         # "Jane Roe said": True for "Roe"
    subject_of(doc[3])                       # the nsubj of "said": doc[2] ("Roe"), or None
    subject_of(doc[3], SUBJECTS)             # any subject, a passive's or a clause's too

spaCy's English pipelines use the ClearNLP label set: `nsubj` (subject), `nsubjpass` (subject
of a passive), `csubj` (clausal subject), `expl` ("there", "it" as a dummy subject), `agent`
("by X" of a passive), `ccomp`/`xcomp` (clausal complements) …
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.strings import get_string_id

# spaCy ships no type stub for its compiled `symbols` module; its ids are ints
from spacy.symbols import (  # type: ignore[import-not-found]
    acl,
    acomp,
    advcl,
    advmod,
    agent,
    amod,
    appos,
    attr,
    aux,
    auxpass,
    cc,
    ccomp,
    conj,
    csubj,
    csubjpass,
    dep,
    det,
    dobj,
    expl,
    intj,
    mark,
    meta,
    neg,
    nmod,
    npadvmod,
    nsubj,
    nsubjpass,
    oprd,
    parataxis,
    pcomp,
    pobj,
    poss,
    prep,
    prt,
    quantmod,
    relcl,
    xcomp,
)
from spacy.tokens import Token

# labels spaCy's symbols lack: a token's `dep` holds the label's string hash for them
ROOT = get_string_id("ROOT")
case = get_string_id("case")
compound = get_string_id("compound")
dative = get_string_id("dative")
nummod = get_string_id("nummod")
predet = get_string_id("predet")

# the labels, spaCy's and ours, re-exported for the rules to import from here (the named sets
# and `subject_of` below are this module's own)
__all__ = [
    "ROOT", "acl", "acomp", "advcl", "advmod", "agent", "amod", "appos", "attr", "aux", "auxpass",
    "case", "cc", "ccomp", "compound", "conj", "csubj", "csubjpass", "dative", "dep", "det", "dobj",
    "expl", "intj", "mark", "meta", "neg", "nmod", "npadvmod", "nsubj", "nsubjpass", "nummod", "oprd",
    "parataxis", "pcomp", "pobj", "poss", "predet", "prep", "prt", "quantmod", "relcl", "xcomp",
]  # fmt: skip

#: any subject of a clause, passive included
SUBJECTS: frozenset[int] = frozenset({nsubj, nsubjpass, csubj, expl})
#: the subject of an active clause (a passive's subject is who was spoken to, not who spoke)
ACTIVE_SUBJECTS: frozenset[int] = frozenset({nsubj, csubj, expl})
#: a nominal subject, active or passive
NOMINAL_SUBJECTS: frozenset[int] = frozenset({nsubj, nsubjpass})
#: the plain active nominal subject, the default of `subject_of`
NSUBJ: frozenset[int] = frozenset({nsubj})
#: the subject of a passive ("[Roe] was told")
PASSIVE_SUBJECT: frozenset[int] = frozenset({nsubjpass})
#: the positions that make a phrase what a clause is about, not what it reports
SUBJECT_LIKE: frozenset[int] = SUBJECTS | {csubjpass, agent}
#: what marks a passive verb
PASSIVE_MARKS: frozenset[int] = frozenset({nsubjpass, auxpass})
#: a verb's noun objects: the direct object and the one spoken to ("told [her] [the plan]")
OBJECTS: frozenset[int] = frozenset({dobj, dative})
#: a clause that completes a verb ("said [that …]", "wants [to go]")
CLAUSAL_COMPLEMENTS: frozenset[int] = frozenset({ccomp, xcomp})
#: a clause that completes or continues another ("said [it would]", "… and [said]")
CLAUSE_CHAIN: frozenset[int] = CLAUSAL_COMPLEMENTS | {conj}
#: the noun a verb takes as its object or its complement ("told [the board]", "is [the head]")
OBJECT_OR_ATTRIBUTE: frozenset[int] = frozenset({dobj, attr})
#: a predicate said of a subject or object ("is [a mess]", "called it [a mess]")
PREDICATES: frozenset[int] = frozenset({acomp, attr, oprd})
#: a clause that modifies a noun ("the plan [she announced]")
NOUN_CLAUSES: frozenset[int] = frozenset({acl, relcl})
#: a noun set beside another to name or describe it ("the chain, Acme", "the Acme chain")
APPOSED: frozenset[int] = frozenset({appos, compound})
#: a word that modifies the noun after it ("the [party] leader", "a [new] leader")
NOUN_MODIFIERS: frozenset[int] = frozenset({compound, amod, nmod})

# ---- the paths and positions single rules read ----
#: the object a quoted predicate is said of ("called [it] “a mess”")
QUOTED_PREDICATE_OBJECTS: frozenset[int] = frozenset({dobj, oprd})
#: the writer's modifiers and asides, which frame a quoted clause without completing it
FRAMING: frozenset[int] = frozenset({advmod, npadvmod, prep, advcl, intj, cc, parataxis, appos, relcl, acl, dep, meta})
#: a clause joined to another (adverbial, relative, coordinated, set beside it)
CLAUSE_EDGES: frozenset[int] = frozenset({advcl, relcl, acl, conj, parataxis})
#: the links inside a prepositional or object phrase of a verb ("of the museum")
MODIFIER_PATH: frozenset[int] = frozenset({prep, pobj, det, amod, compound, nummod, poss, case, dobj, npadvmod})
#: the links from a phrase up to the verb whose object or complement holds it
REPORTED_PATH: frozenset[int] = frozenset(
    {pobj, prep, dobj, ccomp, xcomp, attr, oprd, conj, appos, compound, nmod, amod}
)
#: the links a verb without a subject climbs to find one ("wants to say", "and said")
SUBJECT_CLIMB: frozenset[int] = frozenset({xcomp, advcl, conj, pcomp, acl})
#: from a closing ", saying …" up to the main clause: complements, relative and adverbial
#: clauses and the noun phrases holding them
MAIN_CLAUSE_PATH: frozenset[int] = frozenset({ccomp, relcl, xcomp, advcl, acl, dobj, pobj, prep})
#: the left modifiers of a noun phrase ("Roe's former strategist")
NOUN_PHRASE_LEFT: frozenset[int] = frozenset({det, amod, compound, poss, nummod, nmod, quantmod, case, predet})
#: the links from an apposition up to the name it describes ("the head of [the museum]")
APPOSED_PATH: frozenset[int] = frozenset({prep, pobj, compound})


def subject_of(
    verb: Token, deps: frozenset[int] = NSUBJ, *, skip: Callable[[Token], bool] | None = None
) -> Token | None:
    """The subject of `verb`: its first child whose label is in `deps` and that `skip` (if
    given) does not reject; None when it has none."""
    return next((c for c in verb.children if c.dep in deps and not (skip and skip(c))), None)
