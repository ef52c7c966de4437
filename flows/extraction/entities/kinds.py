"""What each name is — a person, an organization, or neither — voted over the whole article.

One decision per surface form, so every occurrence of a name has the same kind. Every
occurrence adds evidence (`evidence`, `teams`, `works`): "Mr X" and "X, 61," for a person;
"… Council", "the retailer X" and "X's chief executive" for an organization; "in X" for a
place; "an X", a title in quotation marks or "… Prize" for a thing. The model's label is
one more, weaker, vote. A name and its short forms vote together ("Jo Doe" with "Doe" and
"Jo"; "Acme Coal" with "Acme"), unless a short form's own evidence says otherwise
("the retailer Castellane" beside its founder "Orrin Castellane").

    decide_kinds(doc, view, candidates, titles, acronym_of={})
    # "Crime writer Ann Wenlow, 72, …  Wenlow said" -> {"ann wenlow": person, "wenlow": person}
    # even when the model tagged both as organizations

A country is a place, unless it speaks ("Vandia said …") or plays (a team, in a sport
report); a one-word name written in lower case elsewhere is a common word; a fictional
character is neither, and so are its short forms.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ...schemas.vocab import EntityKind
from ..lexicon import NER_ACTORS, NER_FACILITIES, NER_PLACES, NER_THINGS
from .candidates import Candidate
from .evidence import has_org_head, org_cues, person_cues, place_cues, speaks
from .informal import group_cues, holding_lists, medium_cue
from .model import normalize_name
from .names import abbreviates, initials, name_tokens, surname
from .teams import is_sport_report, team_cues
from .tokens import TokenView
from .works import TitleRanges, is_character, thing_cues

#: a name's kind; None for a name that is neither a person nor an organization
Kind = EntityKind | None

_PLACE_LABELS = NER_PLACES | NER_FACILITIES
_THING_LABELS = NER_THINGS
#: labels under which a head noun like "Office" may name a room or a building, not a body
_PLACES_AND_THINGS = _THING_LABELS | NER_FACILITIES | {"LOC"}
#: evidence a name with no model label needs before it counts
_MIN_RULE_EVIDENCE = 3.0
#: own evidence that overrides the vote of a name's family: a margin of cues, or any cue
#: when the family's kind has none ("in Tarrowby" beside the "Tarrowby Gazette")
_OVERRIDE_MARGIN = 3.0
_OWN_CUE = 1.5
#: person cues that make a speaking "place" a person misread by the model ("Ilse said")
_PERSON_PROOF = 3.0
#: what "the X administration" or "the X campaign" adds to the person vote of X named alone
_LEADS_A_BODY = 2.0
#: what a full name read as a person's, used in short too, adds to its family's person vote
_NAMED_IN_FULL = 1.5


@dataclass
class Tally:
    """Votes for each kind: cues read in the text, and the model's labels."""

    person: float = 0.0
    org: float = 0.0
    other: float = 0.0  # a place or a thing
    labels: Counter[str] = field(default_factory=Counter)
    speaks: int = 0
    character: bool = False
    named_in_full: bool = False  # a person's full name whose short forms the article also uses
    quoted_whole: int = 0
    size: int = 0

    def add(self, other: Tally) -> None:
        self.person += other.person
        self.org += other.org
        self.other += other.other
        self.labels.update(other.labels)
        self.speaks += other.speaks
        self.size += other.size
        self.named_in_full = self.named_in_full or other.named_in_full

    def cues(self, kind: Kind) -> float:
        return self.person if kind == EntityKind.PERSON else self.org if kind == EntityKind.ORGANIZATION else self.other

    def votes(self) -> dict[Kind, float]:
        """Cues plus the model's labels (each label: 1 for a first occurrence, up to 2)."""
        votes: dict[Kind, float] = {
            # "Jo Doe" … "Doe": a full name the model reads as a person's, and its short forms
            EntityKind.PERSON: self.person + self._ner({"PERSON"}) + _NAMED_IN_FULL * self.named_in_full,
            EntityKind.ORGANIZATION: self.org + self._ner({"ORG"}),
            None: self.other + self._ner(_PLACE_LABELS) + 0.5 * self._ner(_THING_LABELS),
        }
        if self.speaks and not self.speaking_place() and self._ner({"PERSON", "NAME"}) >= self._ner({"ORG"}):
            votes[EntityKind.PERSON] += 1  # bodies speak too: a hint only
        return votes

    def speaking_place(self) -> bool:
        """Read as a country or a city by the model, and no person by the text."""
        return self._ner({"GPE"}) > self._ner(NER_ACTORS) and self.person < _PERSON_PROOF

    def _ner(self, labels: frozenset[str] | set[str]) -> float:
        n = sum(self.labels[label] for label in labels)
        return 0.0 if n == 0 else min(2.0, 1.0 + 0.25 * (n - 1))


def decide_kinds(
    doc: Doc, view: TokenView, candidates: list[Candidate], titles: TitleRanges, acronym_of: dict[str, str]
) -> dict[str, Kind]:
    """One kind per surface form (a person, an organization, or None: neither), from document
    evidence; an acronym in parentheses (`acronym_of`: acronym -> key of its expansion) is
    what its expansion is ("the Widget Act (WA)" is a law)."""
    by_key: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_key[c.key(doc)].append(c)
    sport = is_sport_report(view)
    own = {key: _tally(view, group, titles, sport) for key, group in by_key.items()}
    for c in candidates:
        leader = normalize_name(view.doc[c.start : c.end - 1].text) if c.rule == "campaign" else None
        if leader in own:
            own[leader].person += _LEADS_A_BODY  # "Roe's plan … the Roe administration": Roe leads it
    families = _families(doc, view, by_key, own)
    kinds: dict[str, Kind] = {}
    for key in by_key:
        family = [own[k] for k in families[key]]
        # a character's first name is the character too ("Mabel" beside "Mabel Thorn")
        kinds[key] = None if any(t.character for t in family) else _decide(own[key], family)
    _acronyms_and_short_forms(doc, by_key, kinds, own)
    _common_words(doc, view, by_key, kinds, own)
    for names in holding_lists(view, candidates):
        # "shares in Arvo, Bellcrest and Corrin Foods": what "shares in X" says of X, it says
        # of every name of the list (the parse hangs only one of them on "in")
        for c in names:
            if kinds.get(c.key(doc)) is None and own[c.key(doc)].person == 0:
                kinds[c.key(doc)] = EntityKind.ORGANIZATION
    for acronym, expansion in acronym_of.items():
        key = normalize_name(acronym)
        if key in kinds and expansion in kinds:
            kinds[key] = kinds[expansion]
    return kinds


def _tally(view: TokenView, group: list[Candidate], titles: TitleRanges, sport: bool) -> Tally:
    t = Tally(size=len(group))
    for c in group:
        t.labels[c.label] += 1
        t.person += person_cues(view, c)
        t.org += org_cues(view, c, thing_label=c.label in _PLACES_AND_THINGS)
        t.other += place_cues(view, c) + thing_cues(view, c, titles)
        if sport:
            t.org += team_cues(view, c)
        org, neither = group_cues(view, c, sport)
        t.speaks += speaks(view, c)
        t.org += org + medium_cue(c, speaks(view, c))
        t.other += neither
        t.character = t.character or is_character(view, c)
        t.quoted_whole += _is_quoted_whole(view, c)
    return t


def _families(
    doc: Doc, view: TokenView, by_key: dict[str, list[Candidate]], own: dict[str, Tally]
) -> dict[str, set[str]]:
    """Each key -> the keys of its name family: a full name with its surname and first name
    ("Jo Doe", "Doe", "Jo"); a one-word name with the organization names it opens ("Acme",
    "Acme Coal"), unless it is a person's name ("Voss" is no short form of "Voss
    University" where "Harlan Voss" is named) or a place ("Tarrowby" of "Tarrowby Gazette",
    "in Tarrowby" beside the "Tarrowby Evening Post");
    abbreviations ("N. Vandia", "North Vandia")."""
    links: dict[str, set[str]] = {key: {key} for key in by_key}
    org_prefixes: list[tuple[str, str]] = []
    for key, group in by_key.items():
        words = key.split()
        if len(words) < 2 or group[0].rule == "campaign":
            continue  # "the Ferro campaign" says nothing of what "Ferro" is
        first = group[0]
        span = first.span(doc)
        if (
            has_org_head(view.words(first.start, first.end)) or own[key].org > own[key].person
        ):  # "… Council"; "Acme Coal, a company that …"
            org_prefixes.extend((key, s) for s in {words[0]} & by_key.keys())
            continue
        for s in {words[0], surname(name_tokens(span)).casefold()} & by_key.keys():
            if _person_link(own[key], own[s]):
                links[key].add(s)
                links[s].add(key)
                own[key].named_in_full = own[key].named_in_full or own[key].labels["PERSON"] > 0
    for key, s in org_prefixes:
        if len(links[s]) == 1 and not _place_only(own[s]) and own[s].other == 0:
            links[key].add(s)
            links[s].add(key)
    by_last: dict[str, list[str]] = defaultdict(list)
    for key in by_key:
        if len(key.split()) > 1:
            by_last[key.split()[-1]].append(key)
    for keys in by_last.values():  # abbreviations share the last word
        for a in keys:
            for b in keys:
                if abbreviates(a.split(), b.split()):
                    links[a].add(b)
                    links[b].add(a)
    families: dict[str, set[str]] = {}
    for key in by_key:  # one hop each way: a short form joins the names it shortens, and their other short forms
        families[key] = set().union(*(links[k] for k in links[key]))
    return families


def _place_only(t: Tally) -> bool:
    return bool(t.labels.keys() & _PLACE_LABELS) and not t.labels.keys() & NER_ACTORS


def _person_link(full: Tally, short: Tally) -> bool:
    """Does a one-word form vote with the person's name it opens or ends? Any word of a name
    the text shows to be a person's ("Ilse", read as a place, of "Ilse Marrow, 19,");
    not a place beside a name only the model calls a person ("Vandia" and "N. Vandia")."""
    if full.person > 0:
        return True
    return bool(full.labels.keys() & {"PERSON", "NAME"}) and not _place_only(short)


def _decide(own: Tally, family: list[Tally]) -> Kind:
    if own.quoted_whole == own.size or own.character:
        return None  # a title filling its quotation marks ("on “Sunday Desk,”"); a fictional character
    pooled = Tally()
    for t in family:
        pooled.add(t)
    kind = _winner(pooled)
    own_kind = _winner(own)
    if own_kind != kind:
        # only what the text says of this very form overrides its family, not the model's labels
        contrary = own.cues(own_kind) >= _OWN_CUE and own.cues(kind) == 0
        if contrary or own.cues(own_kind) - own.cues(kind) >= _OVERRIDE_MARGIN:
            return own_kind  # "the retailer Castellane" beside "Orrin Castellane, 88,"
    return kind


def _winner(t: Tally) -> Kind:
    if t.speaks and t.speaking_place():
        return EntityKind.ORGANIZATION  # "Vandia said": a country that speaks acts as a body
    votes = t.votes()
    best_actor = max((EntityKind.PERSON, EntityKind.ORGANIZATION), key=lambda k: (votes[k], _ner_prefers(t, k)))
    if votes[best_actor] <= votes[None] or votes[best_actor] <= 0:
        return None
    if not (t.labels.keys() - {"NAME"}) and max(t.person, t.org) < _MIN_RULE_EVIDENCE:
        return None  # a capitalised run the model did not tag needs evidence of its own
    if best_actor == EntityKind.PERSON and not (t.labels.keys() - {"NORP"}):
        return None  # "Vandian", "Radicals": nationalities, parties' adjectives, not people
    return best_actor


def _ner_prefers(t: Tally, kind: EntityKind) -> tuple[int, bool]:
    label = "PERSON" if kind == EntityKind.PERSON else "ORG"
    return (t.labels[label], kind == EntityKind.PERSON)


def _acronyms_and_short_forms(
    doc: Doc, by_key: dict[str, list[Candidate]], kinds: dict[str, Kind], own: dict[str, Tally]
) -> None:
    """'F.W.C.' after 'Federal Widget Commission'; 'Acme' after 'Acme Coal': the organization's short forms."""
    orgs = [k for k, kind in kinds.items() if kind == EntityKind.ORGANIZATION and len(k.split()) > 1]
    initials_of = {initials(by_key[k][0].span(doc).text): k for k in by_key if len(k.split()) > 1}
    org_first_words = {k.split()[0] for k in orgs}
    for key, group in by_key.items():
        word = group[0].span(doc).text
        one_word = len(group[0].span(doc)) == 1
        letters = re.sub(r"[^A-Z]", "", word)
        if one_word and word.isupper() and letters in initials_of:
            kinds[key] = kinds[initials_of[letters]]  # "F.W.C." is what "Federal Widget Commission" is
        elif (
            len(key.split()) == 1
            and key in org_first_words
            and kinds[key] != EntityKind.PERSON
            and own[key].other == 0
            and group[0].span(doc).root.pos_ == "PROPN"
        ):
            kinds[key] = EntityKind.ORGANIZATION


def _common_words(
    doc: Doc, view: TokenView, by_key: dict[str, list[Candidate]], kinds: dict[str, Kind], own: dict[str, Tally]
) -> None:
    """'Kelp beds …' then '… of kelp'; 'Critics have long argued': a capitalised
    common word (written in lower case elsewhere, or only ever opening a sentence and tagged
    as a common noun), not a name."""
    lower = {t for t in view.text if t.islower()}
    for key, group in by_key.items():
        if len(key.split()) != 1 or max(own[key].person, own[key].org) >= _MIN_RULE_EVIDENCE:
            continue
        common_noun = all(view.sent_start[c.start] and view.tag[c.start] in {"NN", "NNS"} for c in group)
        if key in lower or common_noun:
            kinds[key] = None


def _is_quoted_whole(view: TokenView, c: Candidate) -> bool:
    before = c.start - 1
    after = c.end
    while after < len(view) and view.token(after).is_punct and not view.token(after).is_quote:
        after += 1  # “Sunday Desk,” : the comma sits inside the marks
    return before >= 0 and after < len(view) and view.token(before).is_quote and view.token(after).is_quote
