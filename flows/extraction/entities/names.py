"""The parts of a name: its words, a person's surname and first name, an organization's initials.

surname(["Anna", "de", "la", "Cruz"])           -> "de la Cruz"
initials("Federal Widget Agency")                -> "FWA"
initials_fit("SCWU", "Springfield City Widget Union") -> True
abbreviates("n. korea".split(), "north korea".split())  -> True
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from ..lexicon import NAME_PARTICLES, NAME_SUFFIXES
from ..punctuation import HYPHENS

_MINOR_WORDS = frozenset({"of", "and", "the", "for", "&", "on", "in"})


def name_tokens(span: Span) -> list[str]:
    """The words of a name, keeping the dots of initials and hyphenated words whole
    ("Ann Holloway-Pike" -> ["Ann", "Holloway-Pike"], though the model splits at the hyphen)."""
    words: list[str] = []
    prev = None
    for t in span:
        if t.is_punct and t.text not in HYPHENS and t.text != ".":
            prev = None
            continue
        if words and prev is not None and not prev.whitespace_ and (prev.text in HYPHENS or t.text in HYPHENS):
            words[-1] += t.text
        else:
            words.append(t.text)
        prev = t
    return words


def surname_tokens(span: Span) -> tuple[str, ...]:
    """The model's tokens that spell the surname: ("Holloway", "-", "Pike"), ("de", "la", "Cruz")."""
    target = surname(name_tokens(span)).replace(" ", "")
    toks = [t.text for t in span]
    for start in range(len(toks) - 1, -1, -1):
        for end in range(len(toks), start, -1):
            if "".join(toks[start:end]) == target:
                return tuple(toks[start:end])
    return (toks[-1],) if toks else ()


def surname(tokens: list[str]) -> str:
    """'Anna de la Cruz' -> 'de la Cruz'; 'John Q. Public Jr.' -> 'Public'."""
    toks = [t for t in tokens if t.lower() not in NAME_SUFFIXES]
    if not toks:
        return " ".join(tokens)
    for i in range(1, len(toks) - 1):
        if toks[i].lower() in NAME_PARTICLES:  # "de la Cruz", "Van Buren"
            return " ".join(toks[i:])
    return toks[-1]


def is_full_name(tokens: list[str]) -> bool:
    """A first name and a surname at least ("Jane Roe", not "Roe" or "de la Cruz")."""
    return len(tokens) >= 2 and tokens[0][:1].isupper() and tokens[0].lower() not in NAME_PARTICLES


def initials(name: str) -> str:
    """The capitals an acronym of `name` would use, minor words left out."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _MINOR_WORDS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def initials_fit(acronym: str, name: str) -> bool:
    """'FWA' fits 'Federal Widget Agency'; loose enough for 'SCWU' vs 'Springfield City Widget Union'."""
    letters = re.sub(r"[^A-Z]", "", acronym.upper())
    name_initials = initials(name)
    if not letters or not name_initials:
        return False
    if letters == name_initials or letters in name_initials:
        return True
    # every acronym letter appears, in order, among the capitals of the name
    caps = re.sub(r"[^A-Z]", "", name)
    it = iter(caps)
    return letters[0] == caps[:1] and all(ch in it for ch in letters)


def _letters(word: str) -> str:
    return re.sub(r"[^a-z]", "", word.lower())


def abbreviates(short: list[str], long: list[str]) -> bool:
    """Is `short` an abbreviated form of `long` (lower-case words)?

    "n. korea" / "north korea": a word cut to its initial; "u.p. water council" /
    "united provinces water council": an acronym for the words it replaces.
    """
    if not short or not long or short == long or short[-1] != long[-1]:
        return False
    first = short[0]
    if "." in first and len(_letters(first)) > 1:  # "u.n." stands for the first words of the longer name
        n = len(_letters(first))
        return long[n:] == short[1:] and "".join(w[0] for w in long[:n]) == _letters(first)
    if len(short) != len(long):
        return False
    cut = 0
    for s, w in zip(short, long, strict=True):
        if s == w:
            continue
        if s.endswith(".") and len(s) == 2 and w.startswith(s[0]):
            cut += 1
            continue
        return False
    return cut > 0
