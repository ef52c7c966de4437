"""Speaker resolution: from the mention an attribution rests on to a named entity.

- a name resolves to its entity (clustered in `entities`);
- he/she resolve to the nearest earlier person outside quotations, searching the
  sentence back to front and subjects first, agreeing in gender when the gender is
  known (from an honorific, or from a pronoun resolved before); a pronoun that goes on
  speaking ("“…,” he added") stays with the last speaker, not the last man named
  ("Doe said … Roe was not there. “…,” he added": Doe);
- "it" resolves like he/she, to the nearest earlier organization (subjects first);
- a description resolves through what the article stated: "the mayor" to a person
  whose title or role contains "mayor", "the council" to an organization named
  "... Council", "the company" to the nearest earlier organization;
- subject pronouns and descriptions are resolved in text order and then count as mentions,
  so "She thanked Doe. “…,” she said" stays with the subject, not with Doe;
- "the 52-year-old" finds the person given that age; another definite description with
  nothing stating it falls back on the nearest main-clause subject ("the veteran host");
- "a spokesman for X", "officials at X", "a council spokesman" speak for X; "the statement"
  for whoever issued the last statement; "they" after "officials at X" for X;
- anything else (I, we, "sources", "critics", plural groups) stays unresolved, and so does
  a resolution that leads back to its own mention ("Survey shows …" / "a survey by the
  institute": the institute, stated nowhere, would be the headline's subject, the survey).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from spacy.tokens import Doc, Token

from ...schemas.vocab import EntityKind
from ..deps import NOMINAL_SUBJECTS, acl, agent, appos, compound, dobj, nsubj, pobj, poss, prep, relcl, subject_of
from ..entities.gender import note_clue
from ..entities.model import Entity, EntityIndex, Mention
from ..entities.order import MentionOrder
from ..lexicon import (
    DOCUMENT_VERBS,
    FINDINGS_DOCUMENTS,
    GENERIC_ORG_DESCRIPTIONS,
    INSTITUTION_HEADS,
    ISSUING_VERBS,
    ORG_DESCRIPTIONS,
    ORG_PRONOUNS,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    ROLE_ABBREVIATIONS,
)
from ..syntax import is_passive
from .cues import is_cue_verb, is_document_noun, noun_phrase
from .descriptions import (
    NON_REFERRING_NOUNS,
    SPOKESPERSON_NOUNS,
    age_of,
    age_stated,
    apposed_name,
    description_kind,
    issuer_of,
)
from .pronouns import goes_on_speaking, in_reported_clause, infer_genders, subject_rank
from .records import MentionSpan

_WINDOW_PARAGRAPHS = 3
_FORWARD_PARAGRAPHS = 2  # a description may come before the name, in the paragraphs that follow
_FORWARD_TOKENS = 400  # … and not further (a text without paragraph breaks is one paragraph)
_DOCUMENT_LOOKBACK = 200  # tokens back to the document's first mention ("in a statement")
_SALIENT_SENTENCES = 3
_MAX_CANDIDATES = 40  # enough for the nearest sentences; bounds the work on a one-paragraph book
_NO_CUT = 1 << 30  # no resolution in progress was returned to


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
        self._order = MentionOrder(self._all)
        # pronouns and descriptions resolved so far, as mentions later pronouns can pass through
        self._chain: list[tuple[Entity, Mention]] = []
        self._chain_starts: list[int] = []
        # subjects of reporting verbs so far, in text order: (token, entity), the speech chain
        self._speakers: list[tuple[int, Entity]] = []
        self._memo: dict[int, Entity | None] = {}
        # mentions being resolved (token -> depth on the stack), and the lowest depth a cycle
        # returned to: an answer found while a mention below it was cut short is not memoised
        self._depth: dict[int, int] = {}
        self._cut = _NO_CUT
        infer_genders(doc, index, in_quote)
        self._follow_subjects()

    def _follow_subjects(self) -> None:
        """Resolve, in text order, every subject outside quotations that is a pronoun or a
        description: "Roe said … She thanked Doe" makes "She" a mention of Roe, so a later
        "she" finds Roe (the subject) before Doe (the object)."""
        for tok in self.doc:
            if self.in_quote[tok.i] or tok.dep not in NOMINAL_SUBJECTS:
                continue
            hit = self.index.at(tok.i)
            entity = hit[0] if hit is not None else None
            if hit is None and tok.pos_ in {"PRON", "NOUN", "ADJ"}:
                entity = self.resolve(tok)
                if entity is not None:
                    self._chain.append((entity, Mention(tok.idx, tok.idx + len(tok.text), tok.text, tok.i, tok.i + 1)))
                    self._chain_starts.append(tok.i)
            if entity is not None and is_cue_verb(tok.head):
                self._speakers.append((tok.i, entity))

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
            # "Roe released a letter that says …", "the board voted for a resolution which
            # says …": whoever issues the document speaks through it
            verb = head.head if head.dep == dobj else _verb_of_object(head)
            if verb is not None:
                issuer = subject_of(verb)
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
        if head.i in self._memo:
            return self._memo[head.i]
        if head.i in self._depth:
            # the mention's resolution leads back to itself ("Study finds …" → "a study
            # commissioned by the city" → "the city", unstated → the headline's subject, the
            # study): the cycle states nothing, so this path finds no one
            self._cut = min(self._cut, self._depth[head.i])
            return None
        depth = self._depth[head.i] = len(self._depth)
        try:
            entity = self._resolve(head)
        finally:
            del self._depth[head.i]
        if self._cut >= depth:
            # nothing below still waits on a mention that is being resolved: the answer is final
            self._cut = _NO_CUT
            self._memo[head.i] = entity
        return entity

    def _resolve(self, head: Token) -> Entity | None:
        low = head.lower_
        if low in PERSON_PRONOUNS:
            return self._pronoun(head, PERSON_PRONOUNS[low])
        if low in ORG_PRONOUNS:
            return self._pronoun(head, None, EntityKind.ORGANIZATION)
        if low == "they":
            return self._they(head)
        named = apposed_name(self.doc, self.index, self.in_quote, head)
        if named is not None:
            return self.resolve(named)
        if head.dep == appos and head.head.i != head.i and self.index.at(head.head.i) is not None:
            return self.resolve(head.head)  # "Roe, now the majority leader, who said": the leader is Roe
        if head.pos_ == "NOUN" and head.lemma_.lower() in SPOKESPERSON_NOUNS:
            return self._represented(head)
        if is_document_noun(head):
            issuer = self._issuer(head)
            return self.resolve(issuer) if issuer is not None else None
        filer = _issued_by(head)
        if filer is not None:
            return self.resolve(filer)  # "the grievance, lodged by Roe, says": Roe speaks through it
        definite = any(c.lower_ in {"the", "this", "that"} or c.tag_ == "PRP$" for c in head.lefts)
        if head.pos_ in {"NOUN", "ADJ"} and definite:
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
        for mentions, starts in ((self._mentions, self._starts), (self._chain, self._chain_starts)):
            k = bisect.bisect_left(starts, head.i) - 1
            taken = 0
            while k >= 0 and taken < _MAX_CANDIDATES:
                e, m = mentions[k]
                if para - self.paragraph_of_token[m.token_start] > _WINDOW_PARAGRAPHS:
                    break
                if e.kind == kind:
                    out.append((e, m))
                    taken += 1
                k -= 1
        out.sort(key=lambda em: em[1].token_start)
        return out[-_MAX_CANDIDATES:]

    def _pronoun(self, head: Token, gender: str | None, kind: EntityKind = EntityKind.PERSON) -> Entity | None:
        """The nearest sentence's mentions first; in it, the main clause's subject, then other
        subjects, then left to right; agreeing in gender when it is known."""
        if kind == EntityKind.PERSON and goes_on_speaking(head, self.in_quote):
            speaker = self._last_speaker(head, gender)
            if speaker is not None:
                if gender is not None:  # "“…,” she added" states the speaker's gender (published, not set:
                    note_clue(speaker, gender, head)  # the rules that chose speakers stay as they were)
                return speaker
        cands = self._candidates_before(head, kind)
        if not cands:
            return None
        doc = self.doc
        by_sent: dict[int, list[tuple[Entity, Mention]]] = {}
        for e, m in cands:
            by_sent.setdefault(doc[m.token_start].sent.start, []).append((e, m))
        for sent_start in sorted(by_sent, reverse=True):
            ranked = sorted(by_sent[sent_start], key=lambda em: (subject_rank(doc, em[1]), em[1].token_start))
            for e, _m in ranked:
                if gender is None:
                    return e
                if e.gender in (None, gender):
                    if not in_reported_clause(head):  # "Roe said he was …" proves nothing: "he" may be another
                        if e.gender is None:
                            e.gender = gender
                        # evidence from a subject only ("Her letter says" is a guess), with no rival
                        # before it in its sentence ("Roe told Doe she had won" is a guess)
                        own = sent_start == head.sent.start
                        rivals = own and any(o is not e and o.gender in (None, gender) for o, _ in ranked)
                        if head.dep in NOMINAL_SUBJECTS and not rivals:
                            note_clue(e, gender, head)
                    return e
        return None

    def _last_speaker(self, head: Token, gender: str | None) -> Entity | None:
        """The person who spoke last before `head`, within the paragraph window, agreeing in
        gender when both are known (a speaker of unstated gender may be "he" or "she")."""
        para = self.paragraph_of_token[head.i]
        for i, e in reversed(self._speakers):
            if i >= head.i:
                continue
            if para - self.paragraph_of_token[i] > _WINDOW_PARAGRAPHS:
                return None
            if e.kind == EntityKind.PERSON and (gender is None or e.gender in (None, gender)):
                return e
        return None

    def _nearest(self, head: Token, kind: EntityKind, accept: Callable[[Entity], bool]) -> Entity | None:
        for e, _m in reversed(self._candidates_before(head, kind)):
            if accept(e):
                return e
        return None

    def _description(self, head: Token) -> Entity | None:
        noun = head.lemma_.lower()
        noun = ROLE_ABBREVIATIONS.get(noun.rstrip("."), noun)
        person = self._nearest_any(head, EntityKind.PERSON, lambda e: noun in e.role_words)
        if person is None and (head.tag_ == "VBG" or head.lower_.endswith("ing")):
            # "the judge presiding": the parser heads the phrase with the participle
            role = next((c.lemma_.lower() for c in head.children if c.dep == compound and c.pos_ == "NOUN"), None)
            if role is not None:
                noun = role
                person = self._nearest_any(head, EntityKind.PERSON, lambda e: noun in e.role_words)
        if person is None:
            person = self._named_next(head, lambda e: noun in e.role_words)
        if person is not None:
            return person
        if noun in ORG_DESCRIPTIONS:
            named = self._nearest_any(head, EntityKind.ORGANIZATION, lambda e: noun in e.name.casefold().split())
            if named is not None:
                return named
            if noun in GENERIC_ORG_DESCRIPTIONS:
                # the nearest organization; failing one nearby, the last one named at all
                fits = _described_by(noun)
                return self._nearest(head, EntityKind.ORGANIZATION, fits) or self._nearest_any(
                    head, EntityKind.ORGANIZATION, fits
                )
            return None
        age = age_of(head)
        if age is not None:
            aged = self._nearest_any(head, EntityKind.PERSON, lambda e: age_stated(self.doc, e, age))
            if aged is not None:
                return aged
        if noun in NON_REFERRING_NOUNS or head.tag_ == "NNS" or any(c.tag_ == "PRP$" for c in head.lefts):
            return None
        return self._salient(head, description_kind(head))

    def _they(self, head: Token) -> Entity | None:
        """'Officials at the union said they …': "they" goes on with the officials' organization,
        the nearest earlier subject of the same or the previous sentence when it was plural."""
        sent_start = head.sent.start
        prev_start = self.doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
        k = bisect.bisect_left(self._chain_starts, head.i) - 1
        while k >= 0 and self._chain_starts[k] >= prev_start:
            e, m = self._chain[k]
            tok = self.doc[m.token_start]
            if e.kind == EntityKind.ORGANIZATION and (tok.tag_ == "NNS" or tok.lower_ == "they"):
                return e
            k -= 1
        return None

    def _represented(self, head: Token) -> Entity | None:
        """'a spokesman for Acme', 'officials at the agency', 'his spokesman', 'a council
        spokesman': an unnamed spokesperson speaks for whom the phrase names."""
        for c in head.children:
            if c.dep == prep and c.lower_ in {"for", "at", "of", "from", "with"}:
                obj = next((o for o in c.children if o.dep == pobj), None)
                if obj is not None:
                    return self.resolve(obj)
        for c in head.children:
            if c.dep == poss:
                return self.resolve(c)
            if c.dep == compound and c.i < head.i:
                hit = self.index.at(c.i)
                if hit is not None:
                    return hit[0]
                return self._nearest_any(head, EntityKind.ORGANIZATION, _named_with(c.lemma_.lower()))
        return None

    def _issuer(self, head: Token) -> Token | None:
        """Who issued a document, when the text says so:
        - its own phrase: "Acme's report", "a complaint filed by Acme", "an email the party sent";
        - a definite one ("the statement said") goes back to the same document named before
          ("Acme said in a statement"), to an earlier finding document ("the report" after
          "a survey carried out by the institute"), or to the verb it comes from ("Roe sued
          the board … The lawsuit says");
        - an indefinite one ("according to a survey published on Monday") to the same document
          named with its issuer in the next sentences ("The survey, carried out by …")."""
        own = issuer_of(head)
        if own is None:
            for c in head.children:
                if c.dep == relcl:
                    subj = subject_of(c)
                    if subj is not None and subj.lower_ not in RELATIVE_PRONOUNS:
                        own = subj
                        break
        if own is not None:
            return own
        lemma = head.lemma_.lower()
        if not any(c.lower_ in {"the", "this", "that"} for c in head.lefts):
            return self._issuer_after(head, lemma)
        verbs = DOCUMENT_VERBS.get(lemma, frozenset())
        for i in range(head.i - 1, max(-1, head.i - _DOCUMENT_LOOKBACK), -1):
            t = self.doc[i]
            if self.in_quote[i]:
                continue
            same = t.pos_ == "NOUN" and (
                t.lemma_.lower() == lemma or (lemma in FINDINGS_DOCUMENTS and t.lemma_.lower() in FINDINGS_DOCUMENTS)
            )
            if same:
                issuer = issuer_of(t) or self._issuer_after(t, t.lemma_.lower())
                if issuer is not None:
                    return issuer
            elif t.pos_ == "VERB" and t.lemma_.lower() in verbs and not is_passive(t):
                subj = subject_of(t)
                if subj is not None and (self.index.at(subj.i) is not None or self.resolve(subj) is not None):
                    return subj
        return None

    def _issuer_after(self, head: Token, lemma: str) -> Token | None:
        """The issuer stated where the same document is named again in the next sentences."""
        last = self.doc[head.sent.end - 1] if head.sent.end < len(self.doc) else None
        end = last.nbor(1).sent.end if last is not None and last.i + 1 < len(self.doc) else head.sent.end
        for i in range(head.i + 1, min(end, head.i + _DOCUMENT_LOOKBACK)):
            t = self.doc[i]
            if t.pos_ == "NOUN" and t.lemma_.lower() == lemma and not self.in_quote[i]:
                own = issuer_of(t)
                if own is not None and own.dep != nsubj:
                    return own
        return None

    def _salient(self, head: Token, kind: EntityKind | None) -> Entity | None:
        """A description with nothing in the article stating it ("the veteran presenter said")
        refers to who the text is about: the subject of the nearest earlier main clause that
        names an entity (of the kind the phrase implies), within the paragraph before."""
        doc = self.doc
        para = self.paragraph_of_token[head.i]
        sent = head.sent
        for _ in range(_SALIENT_SENTENCES):
            if sent.start == 0:
                return None
            sent = doc[sent.start - 1].sent
            if para - self.paragraph_of_token[sent.start] > 1:
                return None
            subj = subject_of(sent.root, NOMINAL_SUBJECTS)
            if subj is None or self.in_quote[subj.i]:
                continue
            entity = self.resolve(subj)
            if entity is not None and kind in (None, entity.kind):
                return entity
        return None

    def _named_next(self, head: Token, accept: Callable[[Entity], bool]) -> Entity | None:
        """'its chief executive called it “X” … Chief executive Jo Doe said': the first person
        named after the description, in the next paragraphs, whose role holds its noun; only when
        nobody before had that role."""
        para = self.paragraph_of_token[head.i]
        for k in range(bisect.bisect_right(self._all_starts, head.i), len(self._all)):
            e, m = self._all[k]
            if (
                self.paragraph_of_token[m.token_start] - para > _FORWARD_PARAGRAPHS
                or m.token_start - head.i > _FORWARD_TOKENS
            ):
                return None
            if e.kind == EntityKind.PERSON and accept(e) and e.mentions[0].token_start > head.i:
                return e
        return None

    def _nearest_any(self, head: Token, kind: EntityKind, accept: Callable[[Entity], bool]) -> Entity | None:
        """Like `_nearest` but without the paragraph window: titles are stated once."""
        return self._order.latest_before(kind, head.i, accept)


def _described_by(noun: str) -> Callable[[Entity], bool]:
    """Could "the company" mean this organization? Not one its own name calls an institution
    of another kind ("Millfield Crown Court", "the Tenants' Union" are not "the company")."""
    if noun in {"agency", "group", "organization", "organisation"}:
        return lambda e: True  # a public body may be any of them ("the agency" for "the Fairness Board")
    return lambda e: (e.name.casefold().split() or [""])[-1] not in INSTITUTION_HEADS


def _named_with(word: str) -> Callable[[Entity], bool]:
    """An organization whose name holds `word` ("council" for "Dunmere City Council")."""
    return lambda e: word in e.name.casefold().split()


def _issued_by(head: Token) -> Token | None:
    """Who filed, signed or issued the text `head` names: the agent of a participle of issuing
    ("a claim lodged by Roe", "the appeal, filed by Roe,"); None for anything else."""
    if head.pos_ != "NOUN":
        return None
    for c in head.children:
        if c.dep == acl and c.lemma_.lower() in ISSUING_VERBS:
            for by in (a for a in c.children if a.dep == agent):
                obj = next((o for o in by.children if o.dep == pobj), None)
                if obj is not None:
                    return obj
    return None


def _verb_of_object(head: Token) -> Token | None:
    """The verb a prepositional object hangs from: "voted for the resolution" → "voted"."""
    via = head.head
    if head.dep != pobj or via.dep != prep or via.head.pos_ not in {"VERB", "AUX"}:
        return None
    return via.head
