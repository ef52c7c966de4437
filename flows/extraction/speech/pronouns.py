"""What the sentence around a pronoun says about whom it means.

- `goes_on_speaking`: "“…,” he added" carries on the last speaker's speech;
- `in_reported_clause`: "Roe said [he was fair]": the pronoun may be someone else;
- `subject_rank`: main-clause subjects first ("Its chief, Jo Doe, said" counts as one);
- `infer_genders`: "Roe said her plan …" makes Roe 'f' (no first-name lists).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ...schemas.vocab import EntityKind
from ..deps import CLAUSAL_COMPLEMENTS, NOMINAL_SUBJECTS, ROOT, appos, compound, nsubj, pobj, prep
from ..entities.gender import note_clue
from ..entities.model import Entity, EntityIndex, Mention
from ..lexicon import CONTINUING_VERBS, PERSON_PRONOUNS
from .cues import is_cue_verb


def goes_on_speaking(pronoun: Token, in_quote: list[bool]) -> bool:
    """'“…,” he added', 'she continued: “…”': the pronoun is the subject of a reporting verb
    that carries on a speech, right beside a quotation."""
    verb = pronoun.head
    if pronoun.dep != nsubj or verb.lemma_.lower() not in CONTINUING_VERBS or not is_cue_verb(verb):
        return False
    doc = verb.doc
    near = range(max(0, verb.i - 3), min(len(doc), verb.i + 4))
    return any(in_quote[i] for i in near)


def in_reported_clause(tok: Token) -> bool:
    """Is `tok` inside a clause reported by a verb ("Roe said [he was fair]")?"""
    clause = tok.head
    for _ in range(4):
        if clause.dep in CLAUSAL_COMPLEMENTS:
            return True
        if clause.head.i == clause.i:
            return False
        clause = clause.head
    return False


def subject_rank(doc: Doc, m: Mention) -> int:
    """0: the subject of its sentence's main clause, or a name set beside it ("Its chief, Jo
    Doe, said"; "Acme director of sales Jo Doe said"); 1: another clause's subject; 2: not a subject."""
    tok = doc[m.token_start : m.token_end].root
    for _ in range(4):
        if tok.dep in NOMINAL_SUBJECTS:
            return 0 if tok.head.dep == ROOT else 1
        if tok.dep not in {appos, pobj, prep, compound} or tok.head.i == tok.i:
            return 2
        tok = tok.head
    return 2


def infer_genders(doc: Doc, index: EntityIndex, in_quote: list[bool]) -> None:
    """Learn a person's pronoun from the article: "Roe said her plan …" makes Roe 'f'.

    The evidence is a person named as a subject and the first his/her after it in the same
    sentence, with no other person named in between, nor a pronoun of the other gender ("Roe
    said she had worked on his case": "his" is someone else). A first name alone decides
    nothing (no name lists); an honorific ("Ms.") already set the gender when there was one.
    """
    for sent in doc.sents:
        last_subject: Entity | None = None
        subject_root: Token | None = None
        pronouns_since: set[str] = set()  # genders of he/she/him/her since that subject
        for tok in sent:
            if in_quote[tok.i]:
                continue
            hit = index.at(tok.i)
            if hit is not None and hit[0].kind == EntityKind.PERSON:
                root = doc[hit[1].token_start : hit[1].token_end].root
                last_subject = hit[0] if root.dep in NOMINAL_SUBJECTS else None
                subject_root = root
                pronouns_since = set()
                continue
            # a possessive only: "Roe said her plan …" is Roe's plan, but in "Roe said he was
            # playing well" the reported clause's subject is often someone else
            gender = PERSON_PRONOUNS.get(tok.lower_) if tok.tag_ == "PRP$" else None
            if gender is None and tok.lower_ in PERSON_PRONOUNS:
                pronouns_since.add(PERSON_PRONOUNS[tok.lower_])
            if gender and pronouns_since - {gender}:
                last_subject = None  # another person is in the sentence: the possessive may be theirs
            if gender and last_subject is not None:
                if last_subject.gender is None:
                    last_subject.gender = gender
                if last_subject.gender == gender and _in_clause_of(tok, subject_root):
                    note_clue(last_subject, gender, tok)
                last_subject = None


def _in_clause_of(possessive: Token, subject: Token | None) -> bool:
    """Is the possessive in a clause the subject leads, so that it is evidence of the subject's
    gender? "Roe lost her job", "Roe said her plan would work" are; "Roe said nobody would
    question her record" (another subject) and "Roe, her rival, said" (an apposition) are not.
    Coreference may still take such a possessive as a guess; the published gender does not."""
    tok = possessive
    for _ in range(8):
        if tok.dep == appos:
            return False
        if tok.pos_ in {"VERB", "AUX"} or tok.head.i == tok.i:
            break
        tok = tok.head
    # every subject, not `subject_of`'s first: the possessive may sit in any of them
    subjects = [c for c in tok.children if c.dep in NOMINAL_SUBJECTS]
    if subject is None:
        return False
    if not subjects:  # a clause without a subject of its own ("Roe left, taking her files") is Roe's
        return True
    return any(s.i == subject.i or s.left_edge.i <= possessive.i <= s.right_edge.i for s in subjects)
