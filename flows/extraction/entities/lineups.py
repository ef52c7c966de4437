"""Team sheets: the names a line-up lists are players, people, with the team as affiliation.

    Harbour Town: Ames; Bell, Cray (Dunn 62), Eady, Fane; Gorman, Hale, Ivers; Jolley, Kemble, Moray.
    Subs not used: Nolan, Orme.
    Booked: Cray.  Referee: Carl Deane (Northshire).

A line-up is a team's name, a colon and at least MIN_PLAYERS names (one to three capitalised
words each, a substitute and the minute in parentheses) separated by commas and semicolons.
Once an article has one, shorter lists after a label ("Subs not used:", "Booked:", "Goals:")
name people too: substitutes play for the team listed last, a booked player for his own, and
a referee for none ("Referee" is his role).

    sheet_candidates(view)   # -> [Candidate(..., "ORG", rule="lineup_team"),
                             #     Candidate(..., "PERSON", rule="lineup", team="Harbour Town"), ...]
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..lexicon import OCCUPATIONS, TITLE_WORDS
from .candidates import Candidate
from .tokens import TokenView

#: names a team sheet lists at least (eleven players start; a sheet may be cut short)
MIN_PLAYERS = 7
_MAX_NAME_WORDS = 3
_MAX_HEADER_WORDS = 4
_SEPARATORS = frozenset({",", ";"})
#: labels whose players are the team listed last ("Subs not used:", "Replacements:")
_BENCH_WORDS = frozenset({"subs", "substitutes", "replacements", "bench", "reserves"})


@dataclass
class _Sheet:
    header: tuple[int, int]  # tokens of the team's name or of the label
    names: list[tuple[int, int]] = field(default_factory=list)


def sheet_candidates(view: TokenView) -> list[Candidate]:
    """The teams and the people of the article's team sheets (none without a line-up)."""
    sheets = [sh for i, t in enumerate(view.text) if t == ":" and (sh := _sheet(view, i)) is not None]
    if not any(len(s.names) >= MIN_PLAYERS and _capitalised(view, s.header) for s in sheets):
        return []
    out: list[Candidate] = []
    team_of: dict[str, str] = {}  # a player's name -> the team whose line-up lists him
    team: str | None = None
    for sheet in sheets:
        a, b = sheet.header
        header = " ".join(view.text[a:b])
        if len(sheet.names) >= MIN_PLAYERS and _capitalised(view, sheet.header):
            team = header
            out.append(Candidate(a, b, "ORG", rule="lineup_team"))
            for s, e in sheet.names:
                team_of.setdefault(" ".join(view.text[s:e]), header)
                out.append(Candidate(s, e, "PERSON", rule="lineup", team=header))
            continue
        label = header.lower().split()
        title = view.text[b - 1] if label[-1] in TITLE_WORDS or label[-1] in OCCUPATIONS else None
        for s, e in sheet.names:
            name = " ".join(view.text[s:e])
            side = None if title else team_of.get(name) or (team if label[0] in _BENCH_WORDS else None)
            out.append(Candidate(s, e, "PERSON", rule="lineup", title=title, team=side))
    return out


def _capitalised(view: TokenView, span: tuple[int, int]) -> bool:
    return all(view.text[i][:1].isupper() for i in range(*span))


def _sheet(view: TokenView, colon: int) -> _Sheet | None:
    """The header before a colon and the names listed after it, or None when what follows
    is no list of names."""
    header = _header(view, colon)
    if header is None:
        return None
    sheet = _Sheet(header)
    i = colon + 1
    while i < len(view):
        end = _name_end(view, i)
        if end == i:
            break
        sheet.names.append((i, end))
        i = end
        if i < len(view) and view.like_num[i]:
            i += 1  # "Moray 55": the minute of a goal
        if i + 3 < len(view) and view.text[i] == "(":
            sub = _name_end(view, i + 1)
            close = sub + 1 if sub < len(view) and view.like_num[sub] else sub
            if sub > i + 1 and close < len(view) and view.text[close] == ")":
                if close > sub:  # "(Dunn 62)": a substitute and his minute; "(Northshire)" is a place
                    sheet.names.append((i + 1, sub))
                i = close + 1
        if i >= len(view) or view.text[i] not in _SEPARATORS:
            break
        i += 1
    return sheet if sheet.names else None


def _header(view: TokenView, colon: int) -> tuple[int, int] | None:
    """'Harbour Town', 'Subs not used', 'Booked': one to four words opening a line or a
    sentence, the first capitalised, before the colon."""
    start = colon
    while start > 0 and colon - start < _MAX_HEADER_WORDS and view.text[start - 1].isalpha():
        start -= 1
    if start == colon or not view.text[start][:1].isupper():
        return None
    opens = start == 0 or view.sent_start[start] or view.text[start - 1] in {".", "\n"} or "\n" in view.text[start - 1]
    return (start, colon) if opens else None


def _name_end(view: TokenView, i: int) -> int:
    """The end of a name of one to three capitalised words ("Hale-Jones", "O'Brien") at i; i when none."""
    j = i
    while j < len(view) and j - i < _MAX_NAME_WORDS + 2:
        if not (_name_word(view.text[j]) or _inner_hyphen(view, i, j)):
            break
        j += 1
    return j if j > i and sum(view.text[k] != "-" for k in range(i, j)) <= _MAX_NAME_WORDS else i


def _name_word(t: str) -> bool:
    return t[:1].isupper() and t.replace("'", "").replace("’", "").isalpha() and not t.isupper()


def _inner_hyphen(view: TokenView, i: int, j: int) -> bool:
    """The hyphen of "Hale-Jones"."""
    return view.text[j] == "-" and j > i and j + 1 < len(view) and view.text[j + 1][:1].isupper() and not view.space[j]
