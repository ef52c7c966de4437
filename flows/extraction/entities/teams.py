"""Teams in a sport report: a country or a town that plays is a team, an organization.

    is_sport_report(view)  enough distinct words of sport ("coach", "penalty", "fly-half" …)
    team_cues(view, cand)   what a team does or has in such a report:
        "Ostland beat Vandia", "Vandia play Merovia", "came from behind"   subject or object of a verb of play
        "against Merovia", "wins over Merovia"                         the other side of a match
        "Ostland coach Jo Doe", "the Vandia side", "Vandia's defence"    the modifier or owner of a team noun
        "the defeat to Vandia", "impressed for Castlebury"              the object of a result or of playing for
        "Vandia are a very good side"                                   described as a team
        "Vandia's Jo Doe was injured"                                   the owner of a player

Outside a sport report none of this applies: "Vandia beat the deadline" is a country.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..deps import attr, compound, conj, dobj, nmod, nsubj, pobj, poss
from ..lexicon import MATCH_VERBS, ORG_ROLES, SPORT_WORDS, TEAM_NOUNS, TEAM_VERBS
from .candidates import Candidate
from .tokens import TokenView

#: distinct sport words that make an article a sport report (news on other beats use up to 7:
#: "team", "win", "victory", "goal" …; a match report uses a dozen)
MIN_SPORT_WORDS = 9
#: nouns of a result or of play whose object is a team ("defeat to X", "wins over X")
_RESULT_NOUNS = frozenset({"win", "wins", "defeat", "victory", "loss", "lead", "game", "match", "draw"})
_RESULT_PREPOSITIONS = frozenset({"to", "over", "against", "for", "with"})
#: verbs after which "for X" names the player's team ("impressed for X", "plays for X")
_PLAY_FOR = frozenset({"play", "impress", "score", "star", "sign", "appear", "start"})
#: verbs whose object is the club a player moves to ("joined X")
_CLUB_VERBS = frozenset({"join", "sign"})
#: words between the names of a list of sides ("Merovia and then Vandia", "Merovia, Vandia")
_LIST_WORDS = frozenset({",", "and", "then", "or"})


def is_sport_report(view: TokenView) -> bool:
    """Does the article use at least MIN_SPORT_WORDS distinct words of sport?"""
    return len(SPORT_WORDS.intersection(view.lemma)) >= MIN_SPORT_WORDS


def team_cues(view: TokenView, c: Candidate) -> float:
    """Evidence (in a sport report) that this occurrence names a team."""
    cue = _cue(c.root(view.doc), c.end)
    if cue == 0:
        # "wins over Merovia and then Vandia": a side listed after another is a side too (the
        # parse often hangs the second name elsewhere)
        k = c.start - 1
        while k > 0 and view.lower[k] in _LIST_WORDS:
            k -= 1
        if k < c.start - 1 and view.pos[k] == "PROPN":
            cue = _cue(view.token(k), k + 1)
    return cue


def _cue(root: Token, end: int) -> float:
    """What the relation of a name's head token (`end`: the name's end) says of a team."""
    while root.dep == conj and root.head.i < root.i:
        root = root.head  # "Ostland and Vandia drew": the first side's relation is every side's
    head = root.head
    verb = head.lemma_.lower()
    if root.dep in {nsubj, dobj} and (verb in MATCH_VERBS or (verb == "play" and _plays_a_side(head))):
        return 3.0  # "Ostland beat Vandia", "Vandia play Merovia" (not "Jo plays football")
    if (root.dep == nsubj and verb in TEAM_VERBS) or (root.dep == dobj and verb in _CLUB_VERBS):
        return 3.0  # "Ostland came from behind", "joined X"
    if root.dep == pobj and head.lower_ in {"against", "over"}:
        return 2.0  # "against Merovia", "wins over Merovia"
    if root.dep in {compound, poss, nmod} and head.i >= end and _team_noun(head):
        return 3.0  # "Ostland coach", "the Vandia side", "Vandia's defence"
    if root.dep == pobj and head.lower_ in _RESULT_PREPOSITIONS and _result_or_play(head.head):
        return 3.0  # "the defeat to Vandia", "impressed for X", "plays her club football for X"
    if root.dep == pobj and head.lower_ == "of" and head.head.lower_ == "charge":
        return 3.0  # "took charge of Vandia"
    if root.dep == nsubj and any(ch.dep == attr and _team_noun(ch) for ch in head.children):
        return 3.0  # "Vandia are a very good side"
    if root.dep == poss and head.i >= end and head.ent_type_ == "PERSON":
        return 3.0  # "Vandia's Jo Doe": a side's player
    return 0.0


def _plays_a_side(play: Token) -> bool:
    return any(ch.dep == dobj and ch.pos_ == "PROPN" for ch in play.children)


def _team_noun(tok: Token) -> bool:
    return tok.lower_ in TEAM_NOUNS or (tok.lower_ in ORG_ROLES and tok.pos_ == "NOUN")


def _result_or_play(tok: Token) -> bool:
    """'defeat', 'played', or a noun object of 'play' ("plays her club football for X")."""
    if tok.dep == dobj and tok.head.lemma_.lower() in _PLAY_FOR:
        return True
    return tok.lower_ in _RESULT_NOUNS or tok.lemma_.lower() in _PLAY_FOR
