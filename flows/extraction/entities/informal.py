"""Organizations by short or informal names, and names of groups that are none.

    "The Reformists agreed", "the Tories said"       a party named by its members: an organization
    "the Vandians and the Ostlanders said"           a people by its demonym: neither
    "The Evening Lantern said the talks would …"     a title that speaks is a medium, an organization
    "Shares in Arvo, Bellcrest and Corrin Foods"     every name listed after "shares in" is a company

`group_cues(view, cand, sport)` weighs one occurrence ((organization, neither) evidence),
`medium_cue(cand, speaks)` a speaking title, and `holding_lists(view, candidates)` finds the
lists whose names `kinds` makes organizations.
"""

from __future__ import annotations

from ..deps import compound
from ..lexicon import NER_ACTORS
from .candidates import Candidate
from .tokens import TokenView

#: plurals of the names of a political creed or its colour ("Reformists", "Federalists",
#: "Liberals", "Conservatives", "Democrats", "Greens", "Tories"): a party named by its members.
#: A demonym's plural ("Vandians", "Ostlanders", "Merovese") names a people, no body.
_MEMBERS_OF_A_CREED = ("ists", "ites", "als", "ives", "crats", "ies", "ens")
#: what the name of a group of people is tagged
_GROUP_LABELS = NER_ACTORS | {"NORP", "NAME"}
#: "shares in X, Y and Z", "executives at X and Y": what only companies and bodies have
_HELD_IN = frozenset({"shares", "stakes", "stocks", "bonds"})
_STAFF_AT = frozenset({"officials", "executives", "employees", "staff"})


def group_cues(view: TokenView, c: Candidate, sport: bool) -> tuple[float, float]:
    """(organization, neither) evidence of a plural name after "the": a creed's members name
    their party; any other plural names a people or a family (not in a sport report, where
    "the Harriers" is a team)."""
    last = c.end - 1
    word = view.text[last]
    if (
        c.label not in _GROUP_LABELS
        or c.end - c.start > 2
        or c.start == 0
        or view.lower[c.start - 1] != "the"
        or not word.endswith("s")
        or not (view.tag[last] == "NNPS" or c.label in {"NORP", "PERSON"})  # not "the Times" (a paper)
        or word.isupper()
        or view.token(last).dep == compound  # "the Marks people": a surname modifying a noun
    ):
        return 0.0, 0.0
    if word.lower().endswith(_MEMBERS_OF_A_CREED):
        return 4.0, 0.0
    return (0.0, 0.0) if sport else (0.0, 3.0)


def medium_cue(c: Candidate, speaks: bool) -> float:
    """'The Evening Lantern said': a title the model read as a work, speaking, is a medium."""
    return 2.0 if speaks and c.label == "WORK_OF_ART" and c.end - c.start > 1 else 0.0


def holding_lists(view: TokenView, candidates: list[Candidate]) -> list[list[Candidate]]:
    """Names listed one after another ("X, Y and Z") after "shares in", "officials at" …:
    each list (two names or more), in text order. The parse of such lists is poor, so the
    commas and the "and" between names are read off the tokens."""
    lists: list[list[Candidate]] = []
    run: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: c.start):
        if run and _joined(view, run[-1].end, c.start):
            run.append(c)
            continue
        if len(run) > 1 and _after_holding(view, run[0].start):
            lists.append(run)
        run = [c]
    if len(run) > 1 and _after_holding(view, run[0].start):
        lists.append(run)
    return lists


def _joined(view: TokenView, end: int, start: int) -> bool:
    between = [view.lower[i] for i in range(end, start)]
    return between in ([","], ["and"], ["or"], [",", "and"], [",", "or"])


def _after_holding(view: TokenView, start: int) -> bool:
    """'shares in X', 'officials at the X'."""
    i = start - 1
    if i >= 0 and view.lower[i] == "the":
        i -= 1
    if i < 1:
        return False
    prep, noun = view.lower[i], view.lower[i - 1]
    return (prep == "in" and noun in _HELD_IN) or (prep in {"at", "of"} and noun in _STAFF_AT)
