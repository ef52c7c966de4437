"""Candidate names: where the text names someone or something, before deciding what it is.

The model's entities (PERSON, ORG, and the labels it confuses with them: GPE, NORP,
FAC, LOC, PRODUCT, WORK_OF_ART, EVENT, LAW), trimmed to the name: determiners,
possessives, edge punctuation, a trailing "and" or "The", letters after a name ("KC"),
a score ("Vandia 2-1"), and, before a name, honorifics, titles and occupations
("Mr", "Councillor", "Jeweller"; kept aside for roles); plus the organizations the small
model misses, found by linguistic rules:

    "the Federal Widget Agency (FWA)"   an acronym in parentheses after a name that fits it
    "told KQXR", "on WXYZ-TV"           a broadcast call sign
    "she told ZENTRA"                   an all-capitals name after "told", "on", "at" …

    candidate_spans(view)   # "Jeweller Jo Doe said" -> [Candidate(start=1, end=3, label="PERSON", title="Jeweller")]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..lexicon import (
    HONORIFICS,
    NAME_PARTICLES,
    NER_ACTORS,
    NER_FACILITIES,
    NER_PLACES,
    NER_THINGS,
    OCCUPATIONS,
    ORG_HEADS,
    ORG_NOUNS,
    ORG_OPENING_TITLES,
    POSSESSIVE_CLITICS,
    POST_NOMINALS,
    SPEECH_VERBS,
    TITLE_WORDS,
)
from .model import normalize_name
from .names import initials, initials_fit
from .tokens import TokenView

#: model labels whose spans may be people or organizations the model mistyped
KEPT_NER_LABELS = NER_ACTORS | NER_PLACES | NER_FACILITIES | NER_THINGS
CALL_SIGN = re.compile(r"^[KW][A-Z]{2,3}(?:-(?:TV|FM|AM|DT|LP))?$")
_ACRONYM = re.compile(r"^[A-Z][A-Z&.\-]{1,9}$")
_SCORE = re.compile(r"^\d+[-–]\d+$")
_TITLE_CASE_ACRONYM = re.compile(r"^[A-Z][a-z]{2,5}$")
_ALL_CAPS_NAME = re.compile(r"^[A-Z]{3,6}$")
_BEFORE_CAPS_ORG = frozenset({"on", "at", "told", "to", "with", "from", "for", "by", "via", "joined"})
_APOSTROPHES = POSSESSIVE_CLITICS | {"'", "’", "s'", "s’"}
_ARTICLES = frozenset({"the", "a", "an"})
_DEMONYM_ENDINGS = ("an", "ese", "ish")
#: honorifics that also open a pageant's title ("Miss Galaxy", "Mister Orbit")
_PAGEANT_HONORIFICS = frozenset({"miss", "mister"})
_TRAILING_FUNCTION_WORDS = frozenset({"and", "or", "the", "a", "an", "of", "&"})
#: rules whose finds are organizations whatever the model says
RULE_FOUND_ORGS = frozenset({"acronym", "call_sign", "caps_after_preposition", "campaign", "dateline", "lineup_team"})


@dataclass
class Candidate:
    start: int  # token index
    end: int  # token index, exclusive
    label: str  # spaCy label; NAME for capitals the model left untagged; ORG for rule-found organizations
    rule: str | None = None  # the rule that found or relabelled it
    honorific: str | None = None  # stripped honorific ("Mr.")
    title: str | None = None  # stripped title ("Mayor")
    in_headline: bool = False  # title case misleads the tagger there
    team: str | None = None  # the team whose line-up lists this player ("Harbour Town")
    # the span and its key, made once: every rule asks for them, and spaCy builds a new Span each time
    _span: Span | None = field(default=None, init=False, repr=False, compare=False)
    _key: str | None = field(default=None, init=False, repr=False, compare=False)
    _root: Token | None = field(default=None, init=False, repr=False, compare=False)

    def span(self, doc: Doc) -> Span:
        if self._span is None:
            self._span = doc[self.start : self.end]
        return self._span

    def root(self, doc: Doc) -> Token:
        if self._root is None:
            self._root = self.span(doc).root
        return self._root

    def key(self, doc: Doc) -> str:
        if self._key is None:
            # "-Bato" in "non-Bato": the tokenizer keeps the hyphen on the name
            self._key = normalize_name(self.span(doc).text).strip("-–")
        return self._key


def _is_name_token(text: str) -> bool:
    return any(c.isalpha() for c in text) and (text[0].isupper() or text[0].isdigit())


def _is_punct_or_space(text: str) -> bool:
    return all(c.isspace() or unicodedata.category(c)[0] in "PSZ" for c in text)


def _trim(view: TokenView, start: int, end: int, label: str) -> tuple[int, int, str | None, str | None]:
    """Drop determiners, possessives, edge punctuation, trailing function words and letters
    after a name ("KC"); before a name, honorifics and titles (kept aside for roles)."""
    text, lower = view.text, view.lower
    honorific = None
    while start < end and (lower[start] in _ARTICLES or _is_punct_or_space(text[start])):
        start += 1
    # "Big Tam and", "Fenn The" (not the "A" of "U-K-O")
    while end > start and (
        text[end - 1] in _APOSTROPHES
        or view.tag[end - 1] == "POS"
        or _is_punct_or_space(text[end - 1])
        or (end - 1 > start and lower[end - 1] in _TRAILING_FUNCTION_WORDS and view.space[end - 2])
        or (end - start > 2 and lower[end - 1] in POST_NOMINALS)  # "Jo Doe KC"
    ):
        end -= 1
    if end - start > 3 and _SCORE.match("".join(text[end - 3 : end])) is not None:
        end -= 3  # "Vandia 2-1": a score the model ran into the name
    if end - start > 2 and _inverted_speech_verb(view, start, end):
        start += 1  # "Said Jo Doe: “…”": the verb opening an inverted attribution is no part of the name
    title_tokens = []
    while end - start > 1 and _strippable(view, start, end, label):
        if lower[start] in HONORIFICS:
            honorific = text[start]
        else:
            title_tokens.append(text[start])
        start += 1
    if label == "PERSON" and end - start >= 3 and _demonym(text[start]) and text[start + 1][:1].isupper():
        start += 1  # "Texan Jo Doe": a demonym before a full name describes the person
    if honorific and honorific.lower() in _PAGEANT_HONORIFICS and end - start >= 3:
        # "Miss Galaxy Ana Roe": a title won, then a full name (one rarely writes "Miss" before two given names)
        title_tokens, honorific = [honorific, text[start]], None
        start += 1
    return start, end, honorific, " ".join(title_tokens) or None


def _demonym(word: str) -> bool:
    """'Texan', 'Vandian', 'Merovese', 'Ostlandish', 'Republican': the adjective of a place or
    a party (a given name rarely ends so: a full name after it says which it is)."""
    return word[:1].isupper() and word.isalpha() and len(word) > 4 and word.endswith(_DEMONYM_ENDINGS)


def _inverted_speech_verb(view: TokenView, start: int, end: int) -> bool:
    """A reporting verb opening its sentence with the speaker's name after it and a colon or
    a comma before the quote ("Said Jo Doe:", "Added Jo Doe,")."""
    return (
        view.sent_start[start]
        and view.tag[start] in {"VBD", "VBZ"}
        and view.lemma[start] in SPEECH_VERBS
        and end < len(view.text)
        and view.text[end] in {":", ","}
    )


def _strippable(view: TokenView, start: int, end: int, label: str) -> bool:
    """Is the first word an honorific, a title or an occupation written before a name?

    The model tags "Mr X" and "Jeweller X" as one name, under any label. A title is taken
    off a name it read as a person's, or when what follows is no organization ("Councillor
    X" read as one); never the "Senate" of "Senate Committee"."""
    low = view.lower[start].rstrip(".")
    if view.lower[start] in HONORIFICS:
        return True
    if low in OCCUPATIONS and end - start > 2:
        return True  # "Composer Jo Doe": a capitalised occupation opening a sentence
    if low not in TITLE_WORDS:
        return False
    if label == "PERSON":
        return True
    return (
        end - start > 2
        and low not in ORG_OPENING_TITLES
        and low not in ORG_HEADS  # "Council of Elders"
        and view.text[start + 1][:1].isupper()
        and view.lower[end - 1] not in ORG_HEADS
    )


def _split_lines(view: TokenView, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of a tagged stretch on separate lines (a newline is a token of its own)."""
    parts, s = [], start
    for i in range(start, end):
        if "\n" in view.text[i]:
            if i > s:
                parts.append((s, i))
            s = i + 1
    if end > s:
        parts.append((s, end))
    return parts


def candidate_spans(view: TokenView) -> list[Candidate]:
    """Model entities, trimmed and split, plus rule-found organizations; non-overlapping, in order."""
    doc = view.doc
    out: list[Candidate] = []
    for ent in doc.ents:
        if ent.label_ not in KEPT_NER_LABELS:
            continue
        for s, e in _split_lines(view, ent.start, ent.end):
            out.extend(clean_candidate(view, s, e, ent.label_))
    taken = {i for c in out for i in range(c.start, c.end)}

    acronyms = acronyms_in_parentheses(doc, out)
    for c in out:
        if c.end - c.start == 1 and view.text[c.start] in acronyms and c.label != "ORG":
            c.label, c.rule = "ORG", "acronym"
    labels = transcript_labels(view, out)
    for c in out:
        if c.start in labels and c.end - c.start == 1:
            c.label, c.rule = "PERSON", "transcript"
    for i in labels - taken:
        out.append(Candidate(i, i + 1, "PERSON", rule="transcript"))
        taken.add(i)
    for i, text in enumerate(view.text):
        if i in taken or not text[:1].isupper():
            continue
        rule = None
        if text in acronyms:
            rule = "acronym"
        elif CALL_SIGN.match(text):
            rule = "call_sign"
        elif _caps_after_preposition(view, i):
            rule = "caps_after_preposition"
        if rule:
            out.append(Candidate(i, i + 1, "ORG", rule=rule))
            taken.add(i)
    for c in out:
        if c.rule == "transcript":
            continue
        if c.label != "ORG" and c.end - c.start == 1 and CALL_SIGN.match(view.text[c.start]):
            c.label, c.rule = "ORG", "call_sign"
        elif c.label == "PERSON" and c.end - c.start == 1 and _caps_after_preposition(view, c.start):
            c.label, c.rule = "ORG", "caps_after_preposition"  # "told ZENTRA": people are not written in capitals
    out.sort(key=lambda c: c.start)
    return out


def transcript_labels(view: TokenView, candidates: list[Candidate]) -> set[int]:
    """'ROE: I had no choice.': a surname in capitals opening a line, before a colon, labels
    the lines of a transcript; it is the person the article names with that surname."""
    last_words = {view.text[c.end - 1] for c in candidates if not view.text[c.end - 1].isupper()}
    return {
        i
        for i, text in enumerate(view.text)
        if len(text) > 1
        and text.isalpha()
        and text.isupper()
        and (i == 0 or "\n" in view.text[i - 1])
        and i + 1 < len(view)
        and view.text[i + 1] == ":"
        and text.title() in last_words
    }


def _caps_after_preposition(view: TokenView, i: int) -> bool:
    """An all-capitals name after "on", "at", "told" ...: a broadcaster, an agency, a company."""
    return bool(
        _ALL_CAPS_NAME.match(view.text[i])
        and i > 0
        and view.lower[i - 1] in _BEFORE_CAPS_ORG
        and not (i + 1 < len(view) and view.pos[i + 1] == "PROPN")
    )


def clean_candidate(view: TokenView, start: int, end: int, label: str, rule: str | None = None) -> list[Candidate]:
    """The candidate(s) a tagged stretch holds, trimmed; none when no name is left."""
    text, lower = view.text, view.lower
    # "Acme's Widget Project": the owner is a mention; the rest only if it is an organisation
    for i in range(start, end):
        if (view.tag[i] == "POS" or text[i] in {"'s", "’s"}) and not _possessive_inside_name(view, start, i, end):
            head = clean_candidate(view, start, i, label)
            rest_start, rest_end, _, _ = _trim(view, i + 1, end, label)
            if rest_end > rest_start and lower[rest_end - 1] in ORG_HEADS:
                head += clean_candidate(view, rest_start, rest_end, "ORG")
            return head
    for i in range(start + 1, end - 1):
        if view.like_num[i] and lower[i + 1] in {"percent", "%", "pct"}:
            end = i  # "Acme 13 percent": the tagger ran the name into a figure
            break
        if text[i] == "," and view.like_num[i + 1]:
            end = i  # "Roe, 31": the tagger ran the name into an age
            break
    s, e, honorific, title = _trim(view, start, end, label)
    while s < e - 1 and ((text[s][:1].islower() and lower[s] not in NAME_PARTICLES) or _is_punct_or_space(text[s])):
        s += 1  # "federal Widget Safety Commission", "non-Bato": the name starts at the capital (not "de la Cruz")
    for i in range(s + 1, e - 1):
        if text[i].islower() and lower[i] in ORG_NOUNS and text[i + 1][:1].isupper():
            s = i + 1  # "Supermarket group Ostmart": the describing noun and what precedes it are no part of the name
    if e <= s or not any(_is_name_token(text[i]) for i in range(s, e)):
        return []
    if sum(view.letters[i] for i in range(s, e)) < 2:
        return []  # "I." or a stray initial
    half = (e - s) // 2
    if half > 1 and e - s == 2 * half and text[s : s + half] == text[s + half : e]:
        # "Jo Doe Jo Doe": a name written twice (a caption run into the text) is the name, twice
        return [
            Candidate(s, s + half, label, rule=rule, honorific=honorific, title=title),
            Candidate(s + half, e, label, rule=rule),
        ]
    return [Candidate(s, e, label, rule=rule, honorific=honorific, title=title)]


def _possessive_inside_name(view: TokenView, start: int, pos: int, end: int) -> bool:
    """ "the Free People's Republic of Vandia": names of several capitalised words on both
    sides of the "'s" are one name; not "Acme's Widget Project" (an owner of one word)."""
    before = [i for i in range(start, pos) if view.text[i][:1].isupper()]
    return (
        len(before) >= 2
        and view.lower[before[-1]] not in ORG_HEADS  # "Ostlake University's School of X": two names
        and pos + 2 < end
        and view.text[pos + 1][:1].isupper()
    )


def acronyms_in_parentheses(doc: Doc, candidates: list[Candidate]) -> dict[str, int]:
    """'Full Name (FN)': acronym -> index of the candidate it abbreviates."""
    found = {}
    for idx, c in enumerate(candidates):
        e = c.end
        while e < len(doc) and doc[e].tag_ == "POS":
            e += 1
        if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")":
            acr = doc[e + 1].text
            name = c.span(doc).text
            if _ACRONYM.match(acr) and initials_fit(acr, name):
                found[acr] = idx
            elif _TITLE_CASE_ACRONYM.match(acr) and acr.upper() == initials(name):
                found[acr] = idx  # "Baltic Amber Trade Organisation (Bato)": British style
    return found
