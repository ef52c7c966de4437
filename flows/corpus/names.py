"""The parts of a name as corpus resolution compares them: string rules only, no parser.

    parse_person("Sen. Jo A. Doe Jr.")  -> PersonName(first="jo", middles="a", last="doe",
                                                      suffix="jr", gender=None, titles={"senator"})
    org_key("The H.T.A.'s")             -> "hta"
    acronym_of("H.T.A.")                -> "hta";  acronym_of("Harbour") -> None
    initials("Harbour Transit Authority of Tarn") -> {"htat", "htaot"}
    key_id("person", "jo doe")          -> "per_" + 16 hex (the scheme of per-article ids)

Everything is folded first (accents dropped, casefolded, one kind of dash and apostrophe), so
"Zoë Doe-Ray" and "ZOE DOE–RAY" compare equal. The word classes (honorifics, titles, suffixes,
surname particles) are the extraction lexicon's: general English, never names of anything.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from ..extraction.entities.model import entity_id
from ..extraction.lexicon import (
    FEMALE_HONORIFICS,
    HONORIFICS,
    MALE_HONORIFICS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NAMED_BODIES,
    POST_NOMINALS,
    SPEECH_VERBS,
    TITLE_WORDS,
)
from ..schemas.vocab import EntityKind

# Abbreviated titles and their full form, so "Sen. Doe" and "Senator Doe" carry the same title.
_TITLE_FORMS = {
    "sen": "senator",
    "rep": "representative",
    "congressman": "representative",
    "congresswoman": "representative",
    "gov": "governor",
    "lt": "lieutenant",
    "gen": "general",
    "col": "colonel",
    "maj": "major",
    "capt": "captain",
    "sgt": "sergeant",
    "adm": "admiral",
    "pres": "president",
    "vp": "vice-president",
    "spokeswoman": "spokesman",
    "spokesperson": "spokesman",
    "chairwoman": "chairman",
    "chair": "chairman",
}
# Words that only qualify a title ("former President", "Vice President").
_TITLE_QUALIFIERS = frozenset({"former", "vice", "the", "then", "acting", "deputy", "assistant", "u.s.", "us", "of"})
# Title words that only place a title ("State", "Senate Majority"): stripped, but not a title.
_PLACING_WORDS = frozenset({"state", "house", "senate", "majority", "minority", "chief", "council", "member"})
# Generation suffixes tell two people apart ("Jr." vs "Sr."); degrees do not.
_GENERATIONS = {"jr": "jr", "sr": "sr", "ii": "ii", "iii": "iii", "iv": "iv"}
_MINOR_WORDS = frozenset({"of", "and", "the", "for", "on", "in", "at", "to", "a", "an", "de", "&"})
# A headline verb glued to a name by the extractor ("Doe Says"): inflected reporting verbs.
_HEADLINE_VERBS = frozenset(v + e for v in SPEECH_VERBS for e in ("s", "es", "d", "ed")) | {"said", "told"}
# Heads that name a government body either way round ("Department of Tolls" = "Tolls Department").
_INVERTIBLE_HEADS = frozenset({"department", "ministry", "office", "bureau", "agency"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_DOTTED = re.compile(r"^(?:[a-z]\.){2,}[a-z]?\.?$")


class PersonName(NamedTuple):
    first: str  # "" when only the surname is given
    middles: str  # the initials of middle names, "hw" for "George H.W. Doe"
    last: str
    suffix: str  # "jr", "sr", "ii" ... or ""
    gender: str | None  # "m" / "f" from an honorific
    titles: frozenset[str]  # titles written before the name, in full form

    @property
    def key(self) -> str:
        """The canonical key: first name and surname, without titles, middles and suffixes."""
        return f"{self.first} {self.last}" if self.first else self.last


@lru_cache(maxsize=1 << 16)  # names repeat across thousands of rows; results are immutable
def fold(text: str) -> str:
    """Accents dropped, casefolded, straight apostrophes, one kind of dash, single spaces."""
    if not text.isascii():  # ASCII has no accents, curly quotes or dashes to change (most names)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = text.replace("\u2019", "'").replace("\u2018", "'")
        text = _DASHES.sub("-", text)
    return " ".join(text.split()).casefold()


def title_form(word: str) -> str:
    """'Sen.' -> 'senator'; 'Spokeswoman' -> 'spokesman'; other words folded, dots dropped."""
    w = fold(word).strip(".,")
    return _TITLE_FORMS.get(w, w)


# The titles a person can be told by, in full form: "senator", "governor", "spokesman" ...
TITLES = frozenset(title_form(w) for w in TITLE_WORDS) - _PLACING_WORDS - _TITLE_QUALIFIERS - {"vice-president"}


def _is_title(word: str) -> bool:
    w = fold(word).strip(",")
    return w in TITLE_WORDS or w.rstrip(".") in TITLE_WORDS or w in _TITLE_QUALIFIERS


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith("'s") else word


@lru_cache(maxsize=1 << 16)  # names repeat across thousands of rows; results are immutable
def parse_person(name: str) -> PersonName | None:
    """The parts of a person's name; None when nothing name-like is left."""
    words = [_strip_possessive(w.strip(',;:()"')) for w in fold(name).split()]
    words = [w for w in words if w]
    gender: str | None = None
    titles: set[str] = set()
    while len(words) > 1 and (words[0] in HONORIFICS or _is_title(words[0])):
        w = words.pop(0)
        if w in MALE_HONORIFICS:
            gender = "m"
        elif w in FEMALE_HONORIFICS:
            gender = "f"
        elif title_form(w) in TITLES:
            titles.add(title_form(w))
    if len(words) > 1 and words[-1] in _HEADLINE_VERBS:
        words.pop()
    suffix = ""
    while len(words) > 1 and (words[-1] in NAME_SUFFIXES or words[-1].strip(".") in POST_NOMINALS):
        w = words.pop().strip(".")
        suffix = _GENERATIONS.get(w, suffix)
    if not words:
        return None
    if len(words) == 1 or (words[0] in NAME_PARTICLES and words[0] in name.split()):
        # one word, or a surname opening with a particle written in lower case ("van Berg")
        return PersonName("", "", " ".join(words).strip("."), suffix, gender, frozenset(titles))
    start = len(words) - 1
    for i in range(1, len(words) - 1):
        if words[i] in NAME_PARTICLES:  # "Ana de la Vega": the surname starts at the particle
            start = i
            break
    middles = "".join(_initials_of_word(w) for w in words[1:start])
    first = words[0].strip(".")
    return PersonName(first, middles, " ".join(words[start:]), suffix, gender, frozenset(titles))


def _initials_of_word(word: str) -> str:
    """'h.w.' -> 'hw'; 'walker' -> 'w'; 'a.' -> 'a'."""
    if _DOTTED.match(word) or (word.endswith(".") and len(word) == 2):
        return word.replace(".", "")
    return word[:1]


def org_words(name: str) -> list[str]:  # a fresh list each call: callers may change it
    """The words of an organization's name: no leading 'the', no possessive, dotted acronyms
    closed up ('U.S.' -> 'us'), hyphens and other punctuation as word breaks, '&' as 'and'."""
    words: list[str] = []
    for w in fold(name).replace("&", " and ").split():
        w = _strip_possessive(w)
        if _DOTTED.match(w):
            words.append(w.replace(".", ""))
            continue
        words += [p for p in re.split(r"[^\w']+", w) if p]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return words


@lru_cache(maxsize=1 << 16)  # names repeat across thousands of rows; results are immutable
def org_key(name: str) -> str:
    """The form organizations are compared by: `org_words`, without a leading dotted national
    qualifier ("U.S. Tolls Board" = "Tolls Board"), "Department of Tolls" turned to "tolls department"."""
    words = org_words(name)
    raw = fold(name).split()
    if len(words) > 1 and raw and _DOTTED.match(raw[0]) and len(raw[0].replace(".", "")) == 2:
        words = words[1:]
    if len(words) > 2 and words[0] in _INVERTIBLE_HEADS and words[1] == "of" and "of" not in words[2:]:
        words = [*words[2:], words[0]]
    return " ".join(words)


@lru_cache(maxsize=1 << 16)  # names repeat across thousands of rows; results are immutable
def surname_form(name: str) -> str | None:
    """A body named after a person in full, keyed as the surname would name it:
    "Jo A. Doe campaign" -> "doe campaign"; None for other names ("presidential campaign")."""
    words = fold(name).split()
    raw = name.split()
    if not 3 <= len(raw) <= 4 or words[-1] not in NAMED_BODIES:
        return None
    if not all(w[:1].isupper() for w in raw[:-1]):
        return None
    return org_key(f"{raw[-2]} {raw[-1]}")


@lru_cache(maxsize=1 << 16)  # names repeat across thousands of rows; results are immutable
def party_stem(name: str) -> str | None:
    """The stem that ties a party's members to the party: "Zorbists" and "Zorbist Party" ->
    "zorbi"; None for other names."""
    words = org_words(name)
    if len(words) == 1 and words[0].endswith("s") and len(words[0]) >= 7 and not acronym_of(name):
        return words[0][:5]
    if len(words) == 2 and words[1] == "party" and len(words[0]) >= 6:
        return words[0][:5]
    return None


@lru_cache(maxsize=1 << 16)  # names repeat across thousands of rows; results are immutable
def acronym_of(form: str) -> str | None:
    """The letters of an acronym ('HTA', 'H.T.A.', 'the HTA'), or None for any other form."""
    words = form.split()
    if len(words) == 2 and words[0].casefold() == "the":
        words = words[1:]
    if len(words) != 1:
        return None
    w = _strip_possessive(words[0].replace("\u2019", "'")).strip(',;:()"')
    if _DOTTED.match(w.casefold()):
        return w.replace(".", "").casefold()
    letters = w.replace("&", "")
    if 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper():
        return fold(letters)
    return None


@lru_cache(maxsize=1 << 16)  # names repeat across thousands of rows; results are immutable
def initials(name: str) -> frozenset[str]:
    """The acronyms a multi-word name could be written as: the first letter of every word, and
    of every word but the minor ones ('of', 'the', 'and' ...). Empty for a one-word name."""
    words = org_words(name)
    variants = [words]
    raw = fold(name).split()
    if len(words) > 2 and _DOTTED.match(raw[0]):  # "U.S. Tolls Board": "TB" as well as "USTB"
        variants.append(words[1:])
    found = set()
    for ws in variants:
        found.add("".join(w[0] for w in ws))
        found.add("".join(w[0] for w in ws if w not in _MINOR_WORDS))
    return frozenset(a for a in found if len(a) >= 2 and len(words) >= 2)


@lru_cache(maxsize=1 << 16)  # every row of an entity asks for its id; results are immutable
def key_id(kind: EntityKind | str, key: str) -> str:
    """The id of a canonical key: the scheme of per-article ids (`entities.model.entity_id`), so a
    one-form entity keeps the id it had there."""
    return entity_id(kind, key)
