"""The parts of a name: its words, a person's surname and first name, an organization's initials.

surname(["Anna", "de", "la", "Cruz"])           -> "de la Cruz"
initials("Federal Widget Agency")                -> "FWA"
initials_fit("SCWU", "Springfield City Widget Union") -> True
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from ..lexicon import NAME_PARTICLES, NAME_SUFFIXES

_MINOR_WORDS = frozenset({"of", "and", "the", "for", "&", "on", "in"})


def name_tokens(span: Span) -> list[str]:
    """The words of a name, keeping hyphens and the dots of initials."""
    return [t.text for t in span if not t.is_punct or t.text in {"-", "."}]


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
