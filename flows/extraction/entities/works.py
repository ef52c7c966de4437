"""Titles of works, their characters, awards and events: names that are neither people nor
organizations.

    She won with “The Ballad of Mabel Thorn”.          a title in quotation marks
    Her album Blue Rooms sold well.                 a title after a work noun
    The novel follows Ann Wenlow, a ferry pilot.      a character (the work's object)
    Ann Wenlow is invented, the author said.          a character (said to be invented)
    He won an Emmet at the Film Awards.             an award (an article before a name; an event head)

`title_ranges(doc, layout)` finds the titles in quotation marks; `thing_cues(view, cand, titles)`
weighs the evidence that one occurrence of a name names a thing, and `is_character(view,
cand)` that it names a fictional person.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from ..deps import (
    APPOSED,
    NOMINAL_SUBJECTS,
    PREDICATES,
    appos,
    compound,
    dobj,
    pobj,
    subject_of,
)
from ..layout import DocumentLayout
from ..lexicon import (
    DRAWN_WORKS,
    EVENT_HEADS,
    FICTION_ROLES,
    FICTION_WORDS,
    PRODUCT_NOUNS,
    WORK_NOUNS,
    WORK_VERBS,
)
from .candidates import Candidate
from .tokens import TokenView

_MINOR = frozenset({"a", "an", "the", "of", "and", "for", "in", "on", "to", "with", "at", "by", "or", "my", "de"})
_MAX_TITLE_WORDS = 10
#: ‘Title’ in curly single marks (an apostrophe never opens after a space)
_SINGLE_QUOTED = re.compile(r"(?:^|(?<=[\s(\[—–-]))‘([^’\n]{1,80})’")
#: participles that name the maker of a work ("…, performed by X")
_MAKING_VERBS = frozenset({"perform", "write", "direct", "sing", "produce", "record", "compose", "publish", "release"})
_POSSESSIVE_DETERMINERS = frozenset({"our", "its", "their", "my", "your"})
#: what is done to a law, as a verb or a noun ("repeal X", "the repeal of X")
_LAW_ACTIONS = frozenset({"repeal", "amend", "amendment", "enact", "enactment", "overturn"})
#: verbs that cast an actor in a part ("stars X as Y", "is cast as Y", "plays … as Y")
_CASTING_VERBS = WORK_VERBS | {"play", "cast", "voice"}
_ORDINALS = frozenset({"first", "second", "third", "fourth", "fifth", "last", "another", "ever"})


class TitleRanges:
    """Character ranges of titles in quotation marks."""

    def __init__(self, ranges: list[tuple[int, int]]):
        self.ranges = sorted(ranges)
        self._starts = [r[0] for r in self.ranges]

    def covers(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self._starts, start) - 1
        return k >= 0 and end <= self.ranges[k][1]


def title_ranges(doc: Doc, layout: DocumentLayout) -> TitleRanges:
    """Stretches in quotation marks that read as titles: short, every main word capitalised."""
    text = layout.text
    spans = [(q.start, q.end) for q in layout.quote_marks]
    spans += [(m.start(1), m.end(1)) for m in _SINGLE_QUOTED.finditer(text)]
    return TitleRanges([(a, b) for a, b in spans if _title_like(text[a:b])])


def _title_like(stretch: str) -> bool:
    words = re.findall(r"[^\s—–]+", stretch.strip(" ,.;:!?"))
    if not words or len(words) > _MAX_TITLE_WORDS:
        return False
    main = [w for w in words if w.lower().strip("“”\"'‘’") not in _MINOR]
    if not main:
        return False
    return all(w.strip("“”\"'‘’(")[:1].isupper() or w[:1].isdigit() for w in main) and not stretch.rstrip().endswith(
        ("?", "!")
    )


def thing_cues(view: TokenView, c: Candidate, titles: TitleRanges) -> float:
    """Evidence (0 to 5) that this occurrence names a work, an award or an event."""
    if titles.covers(view.idx[c.start], view.idx[c.end - 1] + len(view.text[c.end - 1])):
        return 4.0  # inside a title in quotation marks
    words = view.words(c.start, c.end)
    if words and words[-1].lower() in EVENT_HEADS and words[-1][:1].isupper():
        return 4.0  # "Harrowgate Prize", "Spring Election"
    if any(_event_for(words, k) for k in range(1, len(words) - 2)):
        return 4.0  # "Halvard Prize for Poetry", "Ostland Medal of Honour"
    if _described_by(view, c, WORK_NOUNS):
        return 5.0  # "the album X", "his song X": the describing noun says what it is, whatever its head
    if _for_a_work(view, c) or _volume(words):
        return 3.0  # "best rap song for X", "X: Volume III"
    if _counted(view, c):
        return 3.0  # "an Emmet", "her first Harrowgate": a name counted like a noun
    if c.start > 0 and view.lower[c.start - 1] in _POSSESSIVE_DETERMINERS:
        return 3.0  # "our Nimbus service": a product
    if _described_by(view, c, PRODUCT_NOUNS):
        return 3.0  # "its streaming service, X"
    if _by_an_artist(view, c):
        return 2.0  # "X by the band Y won three awards"
    if _law_acted_on(c.root(view.doc)):
        return 3.0  # "the repeal of X", "vowed to repeal X": a law
    return 0.0


def _law_acted_on(root: Token) -> bool:
    """'repeal X', 'the repeal of X', 'amend X': what only a law undergoes."""
    head = root.head
    if root.dep == dobj:
        return head.lemma_.lower() in _LAW_ACTIONS
    return root.dep == pobj and head.lower_ == "of" and head.head.lemma_.lower() in _LAW_ACTIONS


def _event_for(words: list[str], k: int) -> bool:
    """'… Prize for Poetry': a capitalised award or event head, then "for" or "of" and its field."""
    return words[k].lower() in EVENT_HEADS and words[k][:1].isupper() and words[k + 1] in {"for", "of"}


def _for_a_work(view: TokenView, c: Candidate) -> bool:
    """'best rap song for X', 'best jazz album for X': an award for a work."""
    i = c.start - 1
    while i >= 0 and view.pos[i] == "DET":
        i -= 1
    return i >= 1 and view.lower[i] == "for" and view.lower[i - 1] in WORK_NOUNS


def _volume(words: list[str]) -> bool:
    """'Hymnal: Volume II', 'Greatest Hits Vol. 2': a numbered volume of a work."""
    return any(
        w.lower().rstrip(".") in {"volume", "vol", "part"} and k + 1 < len(words) and _numeral(words[k + 1])
        for k, w in enumerate(words)
    )


def _numeral(word: str) -> bool:
    return word.isdigit() or (word.isupper() and set(word) <= set("IVXLC"))


def _described_by(view: TokenView, c: Candidate, nouns: frozenset[str]) -> bool:
    """'the album X', 'her album, X', 'X, his third album': a noun of the class names it."""
    i = c.start - 1
    if i >= 0 and view.lower[i] in nouns and view.pos[i] == "NOUN":
        return True
    if i >= 1 and view.text[i] == "," and view.lower[i - 1] in nouns and view.pos[i - 1] == "NOUN":
        return True
    root = c.root(view.doc)
    if root.dep in APPOSED and root.head.lower_ in nouns and root.head.pos_ == "NOUN":
        return True
    return any(c.dep == appos and c.lower_ in nouns for c in root.children)


def _by_an_artist(view: TokenView, c: Candidate) -> bool:
    """'Paper Moons by the band Tarn', 'X, performed by the Y Orchestra': a name, then "by" and
    the name of its maker."""
    k = c.end
    if k + 2 < len(view) and view.text[k] == "," and view.lemma[k + 1] in _MAKING_VERBS:
        k += 2  # ", performed by"
    if k >= len(view) or view.lower[k] != "by":
        return False
    by = view.token(k)
    return any(t.pos_ == "PROPN" for t in by.subtree if t.i > by.i)


def _counted(view: TokenView, c: Candidate) -> bool:
    """'an Emmet', 'her first ever Harrowgate', 'the second Harrowgate': a proper name used as a count noun."""
    if c.end - c.start != 1 or c.root(view.doc).dep == compound:
        return False  # "a Widgetwire interview": the name modifies the counted noun
    i = c.start - 1
    while i >= 0 and view.lower[i] in _ORDINALS:
        i -= 1
    if i < 0:
        return False
    if view.lower[i] in {"a", "an"}:
        return True
    return i < c.start - 1 and view.pos[i] in {"DET", "PRON"}  # "her first ever X", "the second X"


def is_character(view: TokenView, c: Candidate) -> bool:
    """A fictional person: presented by a work ("the book follows X"), said to be invented,
    or described as appearing in one ("X, the detective who appears in her series")."""
    root = c.root(view.doc)
    head = root.head
    if root.dep in {dobj, pobj} and head.lemma_.lower() in WORK_VERBS:
        subj = subject_of(head)
        if subj is not None and subj.lower_ in WORK_NOUNS:
            return True
    if root.dep in NOMINAL_SUBJECTS and _said_to_be_invented(head):
        return True
    if any(_appears_in_work(c) for c in root.children if c.dep == appos):
        return True
    if _part_played(view, c):
        return True  # "stars Dara Fenn as Kit Rowe": the part an actor plays
    start = c.start - 1 if c.title else c.start  # "the comic-book hero Captain Meridian"
    if any(view.lower[i] in FICTION_WORDS for i in range(max(0, start - 2), start)):
        return True  # "the fictional X", "his alter ego, X"
    return any(_hero_of_a_work(view, i) for i in range(max(0, start - 2), start))


def _part_played(view: TokenView, c: Candidate) -> bool:
    """'stars X as Kit Rowe', 'plays the role of…': "as" before the name, a verb of casting a
    few words before (read off the tokens: the tagger often takes "stars" for a noun)."""
    if c.start < 2 or view.lower[c.start - 1] != "as" or view.pos[c.start - 1] != "ADP":
        return False
    return any(view.lemma[k] in _CASTING_VERBS for k in range(max(0, c.start - 6), c.start - 1))


def _hero_of_a_work(view: TokenView, i: int) -> bool:
    """'the comic-book hero', 'the cartoon villain': a hero of a work (not "the war hero")."""
    return view.lower[i] in FICTION_ROLES and any(
        view.lower[k] in WORK_NOUNS or view.lower[k] in DRAWN_WORKS for k in range(max(0, i - 3), i)
    )


def _said_to_be_invented(verb: Token) -> bool:
    return verb.lower_ in FICTION_WORDS or any(c.dep in PREDICATES and c.lower_ in FICTION_WORDS for c in verb.children)


def _appears_in_work(noun: Token) -> bool:
    """'the detective who appears in her earlier series'."""
    for t in noun.subtree:
        if t.lemma_.lower() == "appear":
            for prep in (c for c in t.children if c.lower_ == "in"):
                if any(g.lower_ in WORK_NOUNS for g in prep.subtree):
                    return True
    return False
