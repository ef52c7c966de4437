"""Speaker resolution: from the mention an attribution rests on to a named entity.

- a name resolves to its entity (clustered in `entities`);
- he/she resolve to the nearest earlier person outside quotations, searching the
  sentence back to front and subjects first, agreeing in gender when the gender is
  known (from an honorific, or from a pronoun resolved before);
- "it" resolves to the nearest earlier organization;
- a description resolves through what the article stated: "the mayor" to a person
  whose title or role contains "mayor", "the council" to an organization named
  "... Council", "the company" to the nearest earlier organization;
- anything else (I, we, they, "sources", "officials") stays unresolved.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from spacy.tokens import Doc, Token

from ...schemas.vocab import EntityKind
from ..entities.model import Entity, EntityIndex, Mention
from ..lexicon import ORG_DESCRIPTIONS, ORG_PRONOUNS, PERSON_PRONOUNS
from ..syntax import NOMINAL_SUBJECT_DEPS
from .cues import is_document_noun, noun_phrase
from .records import MentionSpan

# org descriptions that may stand for any organisation, not only one named with the word
_GENERIC_ORG_NOUNS = frozenset(
    {
        "company",
        "firm",
        "group",
        "organization",
        "organisation",
        "newspaper",
        "paper",
        "outlet",
        "network",
        "station",
        "retailer",
        "giant",
        "startup",
        "website",
        "site",
        "agency",
    }
)
_ROLE_ABBREVIATIONS = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "lt": "lieutenant",
    "sgt": "sergeant",
    "capt": "captain",
    "pres": "president",
}
_WINDOW_PARAGRAPHS = 3
_MAX_CANDIDATES = 40  # enough for the nearest sentences; bounds the work on a one-paragraph book


class SpeakerResolver:
    def __init__(self, doc: Doc, index: EntityIndex, in_quote: list[bool], paragraph_of_token: list[int]):
        self.doc = doc
        self.index = index
        self.in_quote = in_quote
        self.paragraph_of_token = paragraph_of_token
        self._mentions = [(e, m) for e, m in index.mentions_in_order() if not in_quote[m.token_start]]
        self._starts = [m.token_start for _, m in self._mentions]
        self._all = index.mentions_in_order()
        self._all_starts = [m.token_start for _, m in self._all]
        infer_genders(doc, index, in_quote)

    def speaker_token(self, head: Token) -> Token:
        """The token the attribution rests on: for "a Monday Herald article reported",
        the publisher named inside the document's noun phrase, when there is one."""
        if is_document_noun(head) and self.index.at(head.i) is None:
            for tok in sorted(head.subtree, key=lambda t: t.i):
                if tok.i >= head.i:
                    break
                hit = self.index.at(tok.i)
                if hit is not None:
                    return self.doc[hit[1].token_end - 1]
            # "Roe released a letter that says …": whoever issues the document speaks through it
            if head.dep_ == "dobj":
                issuer = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
                if issuer is not None and (self.index.at(issuer.i) is not None or issuer.lower_ in PERSON_PRONOUNS):
                    return issuer
        return head

    def mention_span(self, head: Token) -> MentionSpan:
        hit = self.index.at(head.i)
        if hit is not None:
            return MentionSpan(hit[1].token_start, hit[1].token_end)
        if head.pos_ == "PRON":
            return MentionSpan(head.i, head.i + 1)
        return noun_phrase(head)

    def resolve(self, head: Token) -> Entity | None:
        hit = self.index.at(head.i)
        if hit is not None:
            return hit[0]
        low = head.lower_
        if low in PERSON_PRONOUNS:
            return self._pronoun(head, PERSON_PRONOUNS[low])
        if low in ORG_PRONOUNS:
            return self._nearest(head, EntityKind.ORGANIZATION, lambda e: True)
        if head.pos_ == "NOUN" and any(c.lower_ in {"the", "this", "that"} or c.tag_ == "PRP$" for c in head.lefts):
            return self._description(head)
        if head.text[:1].isupper():
            return self._by_name(head.text)
        return None

    def _by_name(self, word: str) -> Entity | None:
        """A capitalised word the model did not tag ("ROE:" in a transcript): the one entity
        whose name ends with it, ignoring case."""
        key = word.casefold().strip(".:")
        fits = {e.entity_id: e for e in self.index.entities if any(a.casefold().split()[-1] == key for a in e.aliases)}
        return next(iter(fits.values())) if len(fits) == 1 else None

    # ------------------------------------------------------------ helpers --
    def _candidates_before(self, head: Token, kind: EntityKind) -> list[tuple[Entity, Mention]]:
        """Mentions of `kind` before `head` within the paragraph window, in text order."""
        para = self.paragraph_of_token[head.i]
        out: list[tuple[Entity, Mention]] = []
        k = bisect.bisect_left(self._starts, head.i) - 1
        while k >= 0 and len(out) < _MAX_CANDIDATES:
            e, m = self._mentions[k]
            if para - self.paragraph_of_token[m.token_start] > _WINDOW_PARAGRAPHS:
                break
            if e.kind == kind:
                out.append((e, m))
            k -= 1
        out.reverse()
        return out

    def _pronoun(self, head: Token, gender: str) -> Entity | None:
        cands = self._candidates_before(head, EntityKind.PERSON)
        if not cands:
            return None
        doc = self.doc
        # group by sentence, nearest sentence first; subjects first, then left to right
        by_sent: dict[int, list[tuple[Entity, Mention]]] = {}
        for e, m in cands:
            by_sent.setdefault(doc[m.token_start].sent.start, []).append((e, m))
        for sent_start in sorted(by_sent, reverse=True):
            ranked = sorted(
                by_sent[sent_start],
                key=lambda em: (not _is_subject(doc, em[1]), em[1].token_start),
            )
            for e, _m in ranked:
                if e.gender in (None, gender):
                    if e.gender is None:
                        e.gender = gender
                    return e
        return None

    def _nearest(self, head: Token, kind: EntityKind, accept: Callable[[Entity], bool]) -> Entity | None:
        for e, _m in reversed(self._candidates_before(head, kind)):
            if accept(e):
                return e
        return None

    def _description(self, head: Token) -> Entity | None:
        noun = head.lemma_.lower()
        noun = _ROLE_ABBREVIATIONS.get(noun.rstrip("."), noun)
        person = self._nearest_any(head, EntityKind.PERSON, lambda e: noun in e.role_words)
        if person is not None:
            return person
        if noun in ORG_DESCRIPTIONS:
            named = self._nearest_any(head, EntityKind.ORGANIZATION, lambda e: noun in e.name.casefold().split())
            if named is not None:
                return named
            if noun in _GENERIC_ORG_NOUNS:
                return self._nearest(head, EntityKind.ORGANIZATION, lambda e: True)
        return None

    def _nearest_any(self, head: Token, kind: EntityKind, accept: Callable[[Entity], bool]) -> Entity | None:
        """Like `_nearest` but without the paragraph window: titles are stated once."""
        for k in range(bisect.bisect_left(self._all_starts, head.i) - 1, -1, -1):
            e, _m = self._all[k]
            if e.kind == kind and accept(e):
                return e
        return None


def _is_subject(doc: Doc, m: Mention) -> bool:
    root = doc[m.token_start : m.token_end].root
    return root.dep_ in NOMINAL_SUBJECT_DEPS


def infer_genders(doc: Doc, index: EntityIndex, in_quote: list[bool]) -> None:
    """Learn a person's pronoun from the article: "Roe said her plan …" makes Roe 'f'.

    The evidence is a person named as a subject and the first he/she/his/her after it in
    the same sentence, with no other person named in between. A first name alone decides
    nothing (no name lists); an honorific ("Ms.") already set the gender when there was one.
    """
    for sent in doc.sents:
        last_subject: Entity | None = None
        for tok in sent:
            if in_quote[tok.i]:
                continue
            hit = index.at(tok.i)
            if hit is not None and hit[0].kind == EntityKind.PERSON:
                root = doc[hit[1].token_start : hit[1].token_end].root
                last_subject = hit[0] if root.dep_ in NOMINAL_SUBJECT_DEPS else None
                continue
            gender = PERSON_PRONOUNS.get(tok.lower_)
            if gender and last_subject is not None:
                if last_subject.gender is None:
                    last_subject.gender = gender
                last_subject = None
