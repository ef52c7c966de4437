"""Cues and sources: the speech verb of an attribution and the mention it names as the speaker.

`speaker_of(verb)` follows the dependency parse: the verb's subject; the agent of a
passive ("was told by X"); the subject of the clause a participle or a conjoined verb
hangs from ("X released a statement, saying ...", "X tested it and concluded ...");
the noun a relative clause modifies ("X, who said ..."); the object of "according to".
A document subject ("a Monday Herald article reported") gives way to the entity that
publishes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Token

from ..deps import (
    ACTIVE_SUBJECTS,
    MAIN_CLAUSE_PATH,
    NOMINAL_SUBJECTS,
    NOUN_PHRASE_LEFT,
    PASSIVE_SUBJECT,
    SUBJECT_CLIMB,
    acl,
    advcl,
    agent,
    auxpass,
    ccomp,
    conj,
    dobj,
    pcomp,
    pobj,
    poss,
    prep,
    relcl,
    subject_of,
    xcomp,
)
from ..lexicon import DOCUMENT_NOUNS, RELATIVE_PRONOUNS, SPEECH_NOUNS, SPEECH_VERBS, STANCE_VERBS
from ..syntax import is_passive
from .records import Cue, MentionSpan

#: a transcript's or a headline's speaker label: "ROE: …", "Jane Roe: …"
SPEAKER_LABEL = re.compile(r"\s*([A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3}):\s")


def is_speech_noun(tok: Token) -> bool:
    """'Roe's claim', 'a statement by Roe': a noun of speech with its speaker attached."""
    return (
        tok.pos_ == "NOUN"
        and tok.lemma_.lower() in SPEECH_NOUNS
        and any(c.dep == poss or (c.dep == prep and c.lower_ in {"by", "from"}) for c in tok.children)
    )


def is_cue_verb(tok: Token, *, stance: bool = False) -> bool:
    """A reporting verb (or, with `stance`, a verb of belief), used as a verb; or a speech noun
    with its speaker attached."""
    if is_speech_noun(tok):
        return True
    if tok.pos_ not in {"VERB", "AUX"} and not (tok.pos_ == "NOUN" and tok.tag_ in {"VBZ", "VBD"}):
        return False
    lemma = tok.lemma_.lower()
    if lemma == "put":  # "as Roe put it, …"
        return any(c.dep == dobj and c.lower_ == "it" for c in tok.children)
    return lemma in SPEECH_VERBS or (stance and lemma in STANCE_VERBS) or is_according_to(tok)


def is_according_to(tok: Token) -> bool:
    return tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children)


def cue_of(tok: Token) -> Cue:
    doc = tok.doc
    end_tok = tok
    if is_according_to(tok):
        end_tok = next(c for c in tok.children if c.lower_ == "to")
    start, end = tok.idx, end_tok.idx + len(end_tok.text)
    return Cue(tok.i, start, end, doc[tok.i : end_tok.i + 1].text)


def _subject_head(verb: Token, depth: int = 0, skip: Callable[[Token], bool] | None = None) -> Token | None:
    if is_according_to(verb):
        to = next(c for c in verb.children if c.lower_ == "to")
        objs = [c for c in to.children if c.dep == pobj]
        return objs[0] if objs else None
    if verb.pos_ == "NOUN":  # a speech noun: its possessor, or the object of "by"/"from"
        for c in verb.children:
            if c.dep == poss and not (skip and skip(c)):
                return c
        for c in verb.children:
            if c.dep == prep and c.lower_ in {"by", "from"}:
                objs = [o for o in c.children if o.dep == pobj]
                if objs:
                    return objs[0]
        return None
    if is_passive(verb):
        for by in (c for c in verb.children if c.dep == agent):
            objs = [c for c in by.children if c.dep == pobj]
            if objs:
                return objs[0]
        return None  # "X was asked": X is the addressee, not the speaker
    if depth == 0 and verb.tag_ == "VBG" and verb.dep == advcl and verb.i > 0 and verb.doc[verb.i - 1].text == ",":
        # ", saying …" closing a sentence modifies its main clause: "Roe told them that she
        # believes X, saying …" is Roe's saying, whatever reported clause it hangs from
        top = verb.head
        while top.dep in MAIN_CLAUSE_PATH and top.head.i != top.i:
            top = top.head  # "Roe, defending the architect who designed it, …, saying" climbs to Roe
        if top.i != verb.head.i:
            found = _subject_head(top, depth + 1, skip)
            if found is not None:
                return found
    # every subject, not `subject_of`'s first: a misparse can give a verb two (see below)
    subjects = [c for c in verb.children if c.dep in ACTIVE_SUBJECTS and not (skip and skip(c))]
    if subjects:
        # two subjects come from a misparse ("CALLOWAY FALLS, Ohio - The campaign … sued"):
        # the one nearest before the verb is its subject, not a dateline
        before = [c for c in subjects if c.i < verb.i]
        subj = before[-1] if len(subjects) > 1 and before else subjects[0]
        inverted = [c for c in subjects if c.left_edge.i == verb.i + 1]
        if len(subjects) > 1 and inverted and verb.i > 0 and verb.doc[verb.i - 1].text == ",":
            # "The pledge to … appeals to drivers, said Roe": the phrase right after an
            # inverted verb is its subject; the one before heads the reported clause
            subj = inverted[0]
        if subj.lower_ in RELATIVE_PRONOUNS and verb.dep == relcl:
            return antecedent(verb)
        return subj
    if verb.dep == relcl:
        return verb.head
    if verb.dep == acl and verb.tag_ in {"VBD", "VBZ"} and verb.head.pos_ in {"PROPN", "NOUN"}:
        return verb.head  # "Jo Doe, the director of X, compared …": a finite verb misread as a modifier
    if (
        verb.dep == acl
        and verb.tag_ == "VBN"
        and verb.head.pos_ == "PROPN"
        and verb.doc[verb.i - 1].text == ","
        and not any(c.dep in {agent, auxpass} for c in verb.children)
    ):
        return verb.head  # "Jo Doe, the party's leader, tweeted …": read as "Doe, tweeted by …"
    interrupted = _subject_of_interruption(verb, skip)
    if interrupted is not None:
        return interrupted
    if verb.dep == pcomp and verb.head.pos_ == "ADP" and verb.head.head.i != verb.head.i:
        # "After saying …, she was taken …": the main clause's subject, active or passive
        main = verb.head.head
        own = subject_of(main, NOMINAL_SUBJECTS, skip=skip)
        # "appeared to defend it by saying …": the clause above has the subject
        return own if own is not None or depth >= 3 else _subject_head(main, depth + 1, skip)
    if verb.dep in SUBJECT_CLIMB and verb.head.i != verb.i and depth < 3:
        head = verb.head
        if verb.dep in {conj, xcomp} and is_passive(head) and not any(c.dep == agent for c in head.children):
            # "Roe was prompted to say …" is Roe's saying, as a coordination shares its subject
            # "Roe was named player of the match but said …": the coordination shares its subject
            shared = subject_of(head, PASSIVE_SUBJECT, skip=skip)
            if shared is not None:
                return shared
        return _subject_head(head, depth + 1, skip)
    return None


def _subject_of_interruption(verb: Token, skip: Callable[[Token], bool] | None) -> Token | None:
    """'Roe, asked about the port, had said …': the parser gives the subject to the participle
    set off before the verb, which keeps none of its own; the subject is the verb's."""
    if subject_of(verb, ACTIVE_SUBJECTS) is not None:
        return None
    for c in verb.children:
        if c.i < verb.i and c.dep in {ccomp, advcl} and c.tag_ in {"VBN", "VBD"}:
            subj = subject_of(c)  # the participle's subject, when it stands before it
            if subj is not None and subj.i < c.i and not (skip and skip(subj)) and verb.doc[c.i - 1].text == ",":
                return subj
    return None


def antecedent(clause: Token) -> Token:
    """The noun a relative clause is about: "Doe, Roe and Poe, who said" is Poe's clause
    (the nearest of the conjoined nouns before the pronoun), whichever the parser chose."""
    head = clause.head
    nouns = [t for t in (head, *head.conjuncts) if t.i < clause.i]
    return max(nouns, key=lambda t: t.i) if nouns else head


def relative_subject(verb: Token) -> Token | None:
    """'who' in "Roe, who said": the pronoun a relative clause's verb has for its subject."""
    if verb.dep != relcl:
        return None
    return subject_of(verb, ACTIVE_SUBJECTS, skip=lambda c: c.lower_ not in RELATIVE_PRONOUNS)


def noun_phrase(head: Token) -> MentionSpan:
    """The head with its left modifiers: 'another source', "Roe's former strategist"."""
    start = head.i
    for child in head.lefts:
        if child.dep in NOUN_PHRASE_LEFT:
            start = min(start, min(t.i for t in child.subtree))
    doc = head.doc
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return MentionSpan(start, head.i + 1)


def speaker_head(verb: Token, skip: Callable[[Token], bool] | None = None) -> Token | None:
    """The token that names the speaker of `verb`, or None (no subject, passive without agent).

    `skip` rules out subjects the parser found in the wrong place (inside a quotation:
    '“One of the best,” Roe said' can parse "One" as the subject of "said").
    """
    return _subject_head(verb, skip=skip)


def is_document_noun(tok: Token) -> bool:
    """'article', 'report', 'statement' ...: a text that speaks for whoever published it."""
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in DOCUMENT_NOUNS
