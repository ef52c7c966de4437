"""What one occurrence of a name says about its kind: weights for a person, an organization,
a place, and whether it speaks.

    person_cues   "Mr X", "coach X", "X, 61,", "his lawyer, X", "X, who …", "X's wife"
    org_cues      "X Ltd", "… Council", "the retailer X", "X, which …", "officials at X",
                  "X's chief executive", "X coach Jo Doe", "a spokesman for X"
    place_cues    "in X", "between Y and X", "Jo Doe, 59, of X", "the X coast"
    speaks        "X said", "X branded the plan …", "according to X"

Weights: 4-5 for structure only one kind has (an honorific, an organizational head noun),
3 for a describing noun, 2 for weaker syntax, 1-1.5 for hints. `kinds` adds them up over
every occurrence of a name and its short forms.

    person_cues(view, cand)   # "Crime writer Jo Doe, 72, said" -> 6.0 (occupation 3, age 3)
"""

from __future__ import annotations

from spacy.tokens import Token

from ..deps import (
    APPOSED,
    OBJECT_OR_ATTRIBUTE,
    appos,
    compound,
    conj,
    dobj,
    nmod,
    npadvmod,
    nsubj,
    pobj,
    poss,
)
from ..lexicon import (
    FAMILY_NOUNS,
    HONORIFICS,
    LEADER_HEADS,
    NER_PLACES,
    OCCUPATIONS,
    ORG_DESCRIPTIONS,
    ORG_HEADS,
    ORG_NOUNS,
    ORG_ROLES,
    ORG_SUFFIXES,
    PERSON_RELATIONS,
    PLACE_NOUNS,
    PLACE_PREPOSITIONS,
    POLL_NOUNS,
    SPEECH_VERBS,
    SPOKESPEOPLE,
    STANCE_VERBS,
    TITLE_WORDS,
    VENUE_HEADS,
)
from .candidates import RULE_FOUND_ORGS, Candidate
from .tokens import TokenView

#: title words that modify another title rather than stand for a person ("State Senator")
_MODIFIER_TITLES = frozenset({"state", "house", "senate", "majority", "minority", "former", "acting", "member"})
#: nouns for any person ("the country's richest man")
_PEOPLE = frozenset({"man", "woman", "boy", "girl", "person", "child", "son-in-law", "daughter-in-law"})
#: nouns that stand for a person when they describe a name ("the poet X", "X, a lawyer")
PERSON_NOUNS = (TITLE_WORDS | OCCUPATIONS | PERSON_RELATIONS | _PEOPLE) - _MODIFIER_TITLES - ORG_NOUNS
_HIS_HER = frozenset({"his", "her"})
#: what an organization has and a person does not ("X's chief executive", "X's shares")
_OWNED_BY_ORGS = frozenset(
    {"executive", "director", "chairman", "chairwoman", "board", "shares", "shareholders", "staff", "employees"}
    | {"workers", "customers", "stores", "shops", "profits", "lender", "owner", "founder", "directors", "members"}
    | {"executives", "lenders", "bankers", "creditors", "management", "subsidiary", "subsidiaries", "workforce"}
)
#: "officials at X", "a spokesman for X", "shares in X", "the chief executive of X"
_MEMBERS = frozenset(
    {"officials", "executive", "executives", "director", "chairman", "chairwoman", "shareholder"}
    | {"shareholders", "employee", "employees", "worker", "workers", "staff", "share", "shares", "member"}
)
#: what media produce ("a Widgetwire interview", "the X report")
_MEDIA_PRODUCTS = frozenset({"interview", "editorial", "report", "article", "investigation", "broadcast", "column"})
_MAX_AGE = 115
#: organizational head nouns that also name buildings and rooms
_BUILDING_HEADS = frozenset({"office", "house", "center", "centre", "court", "hall", "school", "church", "college"})
#: head nouns that name a body on their own, capitalised ("Congress", "the House")
_BODIES_ALONE = frozenset({"congress", "senate", "parliament", "house", "commons", "lords"})


def _before(view: TokenView, c: Candidate) -> Token | None:
    return view.token(c.start - 1) if c.start > 0 else None


def _word_before(view: TokenView, c: Candidate) -> str:
    """The word before the name, hyphenated compounds whole ("fly-half")."""
    i = c.start - 1
    if i < 0:
        return ""
    if (
        i >= 2
        and view.token(i - 1).text == "-"
        and not view.token(i - 1).whitespace_
        and not view.token(i - 2).whitespace_
    ):
        return f"{view.token(i - 2).lower_}-{view.token(i).lower_}"
    return view.token(i).lower_


def _after(view: TokenView, c: Candidate, k: int = 0) -> Token | None:
    return view.token(c.end + k) if c.end + k < len(view) else None


def _is_person_noun(tok: Token) -> bool:
    return tok.lower_.rstrip(".") in PERSON_NOUNS and tok.pos_ in {"NOUN", "PROPN"}


def person_cues(view: TokenView, c: Candidate) -> float:
    """Evidence that this occurrence names a person."""
    root = c.root(view.doc)
    before = _before(view, c)
    weight = 0.0
    if c.honorific or (before is not None and before.lower_ in HONORIFICS):
        weight += 4  # "Mr X", "Dr X"
    if c.rule == "lineup":
        weight += 5  # a name a team sheet lists: a player
    if c.title or (before is not None and _modifies_name(before, c) and _word_before(view, c) in PERSON_NOUNS):
        weight += 3  # "Mayor X", "coach X", "retired teacher X", "fly-half X"
    if _has_age(view, c):
        weight += 3  # "X, 61,"
    if (root.dep == appos and _is_person_noun(root.head)) or _noun_comma_before(view, c, PERSON_NOUNS):
        weight += 3  # "their winger, X" / "the poet X"
    elif any(ch.dep == appos and ch.i >= c.end and _is_person_noun(ch) and describes(ch) for ch in root.children):
        weight += 3  # "X, a spokesman for Y,"
    if _relative(view, c) == "who":
        weight += 2
    if root.dep == poss and root.head.lemma_.lower() in PERSON_RELATIONS:
        weight += 2  # "X's wife", "X's lawyer"
    if root.dep == compound and root.head.lower_ in LEADER_HEADS:
        weight += 2  # "the X presidency"
    if root.dep == nsubj and _owns_his_or_her(root.head):
        weight += 2  # "X picked up her first award"
    return weight


def _modifies_name(before: Token, c: Candidate) -> bool:
    """Is the word before the name part of its noun phrase ("coach X"), not a verb the
    tagger read as a noun ("… host X")?"""
    return before.pos_ in {"NOUN", "PROPN"} and (c.start <= before.head.i < c.end or before.text[:1].isupper())


def _noun_comma_before(view: TokenView, c: Candidate, nouns: frozenset[str]) -> bool:
    """'their winger, X': a describing noun and a comma just before the name; not "As an
    associate at a law firm, X said" (the comma closes an opening phrase, X is the subject)."""
    after = _after(view, c)
    subject = c.root(view.doc).dep == nsubj and (after is None or after.text != ",")
    return (
        c.start >= 2
        and not subject
        and view.token(c.start - 1).text == ","
        and view.token(c.start - 2).lower_ in nouns
        and view.token(c.start - 2).pos_ == "NOUN"
    )


def _owns_his_or_her(verb: Token) -> bool:
    """The verb's object belongs to 'his' or 'her': its subject is a person."""
    for obj in verb.children:
        if obj.dep in OBJECT_OR_ATTRIBUTE and any(g.dep == poss and g.lower_ in _HIS_HER for g in obj.children):
            return True
    return False


def _has_age(view: TokenView, c: Candidate) -> bool:
    """'X, 61,' or 'X (61)'."""
    comma, num, close = _after(view, c), _after(view, c, 1), _after(view, c, 2)
    if comma is None or num is None or close is None or comma.text not in {",", "("}:
        return False
    if not num.text.isdigit() or not 0 < int(num.text) <= _MAX_AGE:
        return False
    return close.text in {",", ")", "."} or (close.is_punct and not close.is_quote)


def _relative(view: TokenView, c: Candidate) -> str | None:
    """'who' or 'which' when a relative clause follows the name after a comma; not after a
    name inside a noun's phrase ("a lawyer for the X Club, who …" is about the lawyer)."""
    comma, pron = _after(view, c), _after(view, c, 1)
    if comma is None or pron is None or comma.text != "," or pron.lower_ not in {"who", "which"}:
        return None
    root = c.root(view.doc)
    if root.dep in {pobj, npadvmod, conj, compound} and root.head.head.pos_ in {"NOUN", "PROPN", "NUM"}:
        return None
    if root.dep == appos and root.head.dep == pobj:
        return None  # "of Elmwood, Ore., who …": the clause is about the person before
    return pron.lower_


def org_cues(view: TokenView, c: Candidate, thing_label: bool) -> float:
    """Evidence that this occurrence names an organization (`thing_label`: the model read it
    as a place or a thing, so a head noun like "Office" may name a room)."""
    root = c.root(view.doc)
    weight = 0.0
    if c.rule in RULE_FOUND_ORGS:
        weight += 5  # an acronym in parentheses, a call sign, "the X campaign"
    words = view.words(c.start, c.end)
    if words and words[-1].lower() in ORG_SUFFIXES and len(words) > 1:
        weight += 5  # "Acme Ltd", "Widget FC"
    elif has_org_head(words) and (not thing_label or words[-1].lower() not in _BUILDING_HEADS):
        weight += 4  # "Springfield City Council", "… Association" (not the "Blue Room Office", a room)
    if root.dep == compound and root.head.lemma_.lower() in POLL_NOUNS and root.head.i >= c.end:
        weight += 3  # "a Widgetwatch poll"
    if _described_as_org(view, c):
        weight += 3  # "the retailer X", "X, one of the largest companies"
    if _relative(view, c) == "which":
        weight += 2
    weight += _org_syntax(view, c, root)
    return weight


def _org_syntax(view: TokenView, c: Candidate, root: Token) -> float:
    head = root.head
    after = _after(view, c)
    if root.dep == compound and head.lower_ in _MEDIA_PRODUCTS and head.i >= c.end:
        return 2  # "a Widgetwire interview"
    if c.label in NER_PLACES:
        return 0  # places have boards, workers and officials too ("the state's board")
    if root.dep == poss and head.lower_ in _OWNED_BY_ORGS:
        return 2  # "X's chief executive", "X's shares"
    if after is not None and after.lower_ in ORG_ROLES and after.text.islower() and c.label != "NORP":
        # "X coach Jo Doe", "X chief executive Jo Doe" (a post in X, then its holder); "X shares fell"
        return 3 if "PERSON" in view.ent[after.i + 1 : after.i + 3] else 2
    if root.dep == pobj and _right_after(view, c, head):
        if head.lower_ in {"at", "of", "in"} and head.head.lower_ in _MEMBERS:
            return 3  # "officials at X", "shares in X", "the chief executive of X"
        if head.lower_ in {"for", "at"} and head.head.lower_ in SPOKESPEOPLE:
            return 2  # "a spokesman for X"
        if head.lower_ == "at" and _is_person_noun(head.head):
            return 2  # "a scholar at X", "retail analyst at X": an employer
    if root.dep == dobj and head.lemma_.lower() == "tell" and c.label != "PERSON" and len(c.span(view.doc)) > 1:
        return 1  # "he told the Evening Post": a medium, not an acquaintance
    return 0


def _right_after(view: TokenView, c: Candidate, prep: Token) -> bool:
    """Does the name follow the preposition directly (a determiner aside)? Not "director of
    rugby X", where the parse hangs the name on "of"."""
    i = c.start - 1
    while i > prep.i and view.token(i).pos_ == "DET":
        i -= 1
    return i == prep.i


def _described_as_org(view: TokenView, c: Candidate) -> bool:
    root = c.root(view.doc)
    before = _before(view, c)
    if before is not None and before.lower_ in ORG_NOUNS and before.pos_ == "NOUN":
        return True  # "the retailer X", "the Vandian club X"
    if _noun_comma_before(view, c, ORG_NOUNS):
        return True  # "its publisher, X", "the jewellery chain, X"
    if root.dep in APPOSED and root.head.lower_ in ORG_NOUNS and root.head.pos_ == "NOUN":
        return root.head.i < c.start or root.dep == appos  # "the chain, X"; not "X party members"
    for app in (t for t in root.children if t.dep == appos and t.i >= c.end and describes(t)):
        head = app
        if head.lower_ == "one":  # "one of the largest companies"
            objs = [g for p in head.children if p.lower_ == "of" for g in p.children if g.dep == pobj]
            head = objs[0] if objs else head
        if head.pos_ == "NOUN" and (head.lemma_.lower() in ORG_DESCRIPTIONS or head.lower_ in ORG_NOUNS):
            return True  # "X, a company that ...", "X, the country's last large business"
    return False


def describes(app: Token) -> bool:
    """An apposition that describes the name, not the next item of a list that names its own
    ("X, metal group Y and Z": "group" describes Y)."""
    return not any(ch.pos_ == "PROPN" and ch.dep in APPOSED and ch.i > app.i for ch in app.children)


def has_org_head(words: list[str]) -> bool:
    """'… Council', 'Council of …', 'Congress': an organizational head noun, capitalised
    (`words`: a name's words, punctuation left out)."""
    for i, word in enumerate(words):
        low = word.lower()
        if low in ORG_HEADS and word[:1].isupper():
            if i == len(words) - 1 and (len(words) > 1 or low in _BODIES_ALONE):
                return True
            if i + 1 < len(words) and words[i + 1].lower() in {"of", "for", "on"} and i == 0:
                return True  # "Council of Elders", "Center for X Studies", "Commission on X"
    return False


def place_cues(view: TokenView, c: Candidate) -> float:
    """Evidence that this occurrence names a place, or that it only modifies a common noun."""
    return _where(view, c) + _venue(view, c) + _modifier_only(view, c)


def _venue(view: TokenView, c: Candidate) -> float:
    """'… Playhouse', 'Quarry Road East': a building or a street (people are named "Hall" too)."""
    words = [w.lower() for w in view.words(c.start, c.end)]
    if c.label == "PERSON" or len(words) < 2:
        return 0.0
    if words[-1] in _COMPASS and len(words) > 2:
        words.pop()
    return 2.0 if words[-1] in VENUE_HEADS else 0.0


def _modifier_only(view: TokenView, c: Candidate) -> float:
    """'the Tarn comet lander', 'the Roe clan': a name that modifies a common noun
    after a determiner names neither a person nor a body there."""
    root = c.root(view.doc)
    head = root.head
    if root.dep != compound or head.i < c.end or head.pos_ != "NOUN" or not head.text.islower():
        return 0.0
    if head.lower_ in FAMILY_NOUNS:
        return 3.0
    before = _before(view, c)
    if before is None or before.lower_ not in {"the", "a", "an"}:
        return 0.0
    described = ORG_ROLES | ORG_NOUNS | PERSON_NOUNS | _MEDIA_PRODUCTS | POLL_NOUNS | LEADER_HEADS | _FOLLOWERS
    return 0.0 if head.lower_ in described or head.lemma_.lower() in described else 1.0


def _where(view: TokenView, c: Candidate) -> float:
    root = c.root(view.doc)
    while root.dep == conj and root.head.i < root.i:
        root = root.head  # "in Ostlake and X": the first conjunct's preposition
    head = root.head
    if root.dep == pobj and head.lower_ in PLACE_PREPOSITIONS:
        return 1.5
    if root.dep == pobj and head.lower_ == "of" and _after_age(view, head):
        return 3  # "Jo Doe, 59, of X"
    if root.dep == pobj and head.lower_ in {"from", "at"}:
        return 0.5
    if root.dep == pobj and head.lower_ == "of" and head.head.lemma_.lower() in _TAKINGS:
        return 3  # "the annexation of X": a territory
    if root.dep in {compound, nmod} and head.lower_ in PLACE_NOUNS and head.i >= c.end:
        return 2  # "the X coast", "X ward"
    return 0.0


_COMPASS = frozenset({"north", "south", "east", "west"})
#: what is done to a territory ("the annexation of X")
_TAKINGS = frozenset({"annexation", "invasion", "occupation", "partition", "seizure"})
#: the people around a leader ("the Roe people", "the Roe camp")
_FOLLOWERS = frozenset(
    {"people", "supporters", "voters", "fans", "aides", "allies", "loyalists", "backers", "followers"}
)


def _after_age(view: TokenView, of: Token) -> bool:
    return of.i >= 2 and view.token(of.i - 1).text == "," and view.token(of.i - 2).text.isdigit()


def speaks(view: TokenView, c: Candidate) -> bool:
    """The subject of a reporting or stance verb ("X said", "X branded …"), or "according to X"."""
    root = c.root(view.doc)
    head = root.head
    if root.dep == nsubj and head.pos_ in {"VERB", "AUX"}:
        # "X ousted its leader and has said …": the verbs joined to the first share its subject
        verbs = [head, *(v for v in head.children if v.dep == conj and v.pos_ == "VERB")]
        return any(_reports(v) for v in verbs)
    return root.dep == pobj and head.lower_ == "to" and head.head.lower_ == "according"


def _reports(verb: Token) -> bool:
    return verb.lemma_.lower() in SPEECH_VERBS or verb.lemma_.lower() in STANCE_VERBS
