"""People and organizations of one article: find the mentions, fix their types, cluster them.

Stages, each a small function over a parsed spaCy `Doc`:

1. `candidate_spans`: the model's PERSON/ORG/GPE/NORP/... entities, trimmed of
   determiners, titles, possessives and punctuation, plus organizations the small
   model misses, found by linguistic rules (acronyms in parentheses, broadcast call
   signs, an all-caps name after "on/at/told ...").
2. `decide_kinds`: one kind per surface form, from evidence in the document
   (an organisation head noun, "the X administration", a surname of a named person,
   a possessive determiner before a product name, then the model's majority label).
3. `cluster`: names of one referent become one entity ("Jane Roe" ... "Roe",
   "Federal Widget Agency (FWA)" ... "FWA", "the City Council" ... "Council").
4. `attach_roles`: titles before a name and appositions after it fill `role` and
   `organization` ("Acme Vice President Jo Doe", "Jo Doe, director of Acme,").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from .lexicon import (
    FEMALE_HONORIFICS,
    HONORIFICS,
    LEADER_HEADS,
    MALE_HONORIFICS,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NAMING_VERBS,
    ORG_DESCRIPTIONS,
    ORG_HEADS,
    POLL_NOUNS,
    SPEECH_VERBS,
    TITLE_WORDS,
)
from .text import headline_span, paragraph_spans

PERSON = "person"
ORGANIZATION = "organization"
OTHER = "other"

_NER_KIND = {"PERSON": PERSON, "ORG": ORGANIZATION}
_KEPT_NER_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}
_CALL_SIGN = re.compile(r"^[KW][A-Z]{2,3}(?:-(?:TV|FM|AM|DT|LP))?$")
_ACRONYM = re.compile(r"^[A-Z][A-Z&.\-]{1,9}$")
_ALL_CAPS_NAME = re.compile(r"^[A-Z]{3,6}$")
_BEFORE_CAPS_ORG = frozenset({"on", "at", "told", "to", "with", "from", "for", "by", "via", "joined"})
_POSSESSIVE_DETERMINERS = frozenset({"our", "its", "their", "my", "your"})
_APOSTROPHES = {"'s", "’s", "'", "’", "s'", "s’"}


class Mention(NamedTuple):
    start: int  # character offsets into doc.text; text == doc.text[start:end]
    end: int
    text: str
    token_start: int
    token_end: int


@dataclass
class Entity:
    kind: str  # PERSON or ORGANIZATION
    mentions: list[Mention] = field(default_factory=list)
    name: str = ""
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    affiliation: Entity | None = None
    affiliation_name: str | None = None
    gender: str | None = None  # 'm' / 'f' from honorifics and resolved pronouns
    role_words: frozenset[str] = frozenset()

    @property
    def entity_id(self) -> str:
        return entity_id(self.kind, self.name)

    @property
    def first_char(self) -> int:
        return min(m.start for m in self.mentions)


def normalize_name(name: str) -> str:
    """The form ids are computed from: NFKC, straight apostrophes, one space, casefolded."""
    name = unicodedata.normalize("NFKC", name).replace("’", "'").replace("‘", "'")
    return " ".join(name.split()).casefold()


def entity_id(kind: str, name: str) -> str:
    prefix = "per" if kind == PERSON else "org"
    digest = hashlib.sha256(f"{kind}:{normalize_name(name)}".encode()).hexdigest()[:16]
    return f"{prefix}_{digest}"


# ------------------------------------------------------------- candidates --
@dataclass
class Candidate:
    start: int  # token index
    end: int  # token index, exclusive
    label: str  # spaCy label, or ORG for rule-found organizations
    rule: str | None = None  # the rule that found or relabelled it
    honorific: str | None = None  # stripped honorific ("Mr.")
    title: str | None = None  # stripped title ("Mayor")
    in_headline: bool = False  # title case misleads the tagger there

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]

    def key(self, doc: Doc) -> str:
        return normalize_name(self.span(doc).text)


def _is_name_token(tok: Token) -> bool:
    return any(c.isalpha() for c in tok.text) and (tok.text[0].isupper() or tok.text[0].isdigit())


def _is_punct_or_space(text: str) -> bool:
    return all(c.isspace() or unicodedata.category(c)[0] in "PSZ" for c in text)


def _trim(doc: Doc, start: int, end: int, label: str) -> tuple[int, int, str | None, str | None]:
    """Drop determiners, possessives, edge punctuation and (for people) leading titles."""
    honorific = title = None
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or _is_punct_or_space(doc[start].text)):
        start += 1
    while end > start and (
        doc[end - 1].text in _APOSTROPHES or doc[end - 1].tag_ == "POS" or _is_punct_or_space(doc[end - 1].text)
    ):
        end -= 1
    if label == "PERSON":
        title_tokens = []
        while end - start > 1 and (
            doc[start].lower_ in HONORIFICS or doc[start].lower_.rstrip(".") in TITLE_WORDS
        ):
            if doc[start].lower_ in HONORIFICS:
                honorific = doc[start].text
            else:
                title_tokens.append(doc[start].text)
            start += 1
        title = " ".join(title_tokens) or None
    return start, end, honorific, title


def _split_lines(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    parts, s = [], start
    for i in range(start, end):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            if "\n" in doc[i].text:
                if i > s:
                    parts.append((s, i))
                s = i + 1
            else:
                parts.append((s, i + 1))
                s = i + 1
    if end > s:
        parts.append((s, end))
    return parts


def candidate_spans(doc: Doc) -> list[Candidate]:
    """Model entities, trimmed and split, plus rule-found organizations; non-overlapping, in order."""
    out: list[Candidate] = []
    for ent in doc.ents:
        if ent.label_ not in _KEPT_NER_LABELS:
            continue
        for s, e in _split_lines(doc, ent.start, ent.end):
            out.extend(_clean_candidate(doc, s, e, ent.label_))
    taken = {i for c in out for i in range(c.start, c.end)}

    acronyms = _acronyms_in_parentheses(doc, out)
    for c in out:
        if c.end - c.start == 1 and doc[c.start].text in acronyms and c.label != "ORG":
            c.label, c.rule = "ORG", "acronym"
    for tok in doc:
        if tok.i in taken or not tok.text[:1].isupper():
            continue
        rule = None
        if tok.text in acronyms:
            rule = "acronym"
        elif _CALL_SIGN.match(tok.text):
            rule = "call_sign"
        elif _caps_after_preposition(doc, tok):
            rule = "caps_after_preposition"
        if rule:
            out.append(Candidate(tok.i, tok.i + 1, "ORG", rule=rule))
            taken.add(tok.i)
    for c in out:
        if c.label != "ORG" and c.end - c.start == 1 and _CALL_SIGN.match(doc[c.start].text):
            c.label, c.rule = "ORG", "call_sign"
        elif c.label == "PERSON" and c.end - c.start == 1 and _caps_after_preposition(doc, doc[c.start]):
            c.label, c.rule = "ORG", "caps_after_preposition"  # "told ZENTRA": people are not written in capitals
    out.sort(key=lambda c: c.start)
    return out


def _caps_after_preposition(doc: Doc, tok: Token) -> bool:
    """An all-capitals name after "on", "at", "told" ...: a broadcaster, an agency, a company."""
    return bool(
        _ALL_CAPS_NAME.match(tok.text)
        and tok.i > 0
        and doc[tok.i - 1].lower_ in _BEFORE_CAPS_ORG
        and not (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN")
    )


def _clean_candidate(doc: Doc, start: int, end: int, label: str) -> list[Candidate]:
    # "Acme's Widget Project": the owner is a mention; the rest only if it is an organisation
    for i in range(start, end):
        if doc[i].tag_ == "POS" or doc[i].text in {"'s", "’s"}:
            head = _clean_candidate(doc, start, i, label)
            rest_start, rest_end, _, _ = _trim(doc, i + 1, end, label)
            if rest_end > rest_start and doc[rest_end - 1].lower_ in ORG_HEADS:
                head += _clean_candidate(doc, rest_start, rest_end, "ORG")
            return head
    for i in range(start + 1, end - 1):
        if doc[i].like_num and doc[i + 1].lower_ in {"percent", "%", "pct"}:
            end = i  # "Acme 13 percent": the tagger ran the name into a figure
            break
    s, e, honorific, title = _trim(doc, start, end, label)
    if label == "ORG":
        while s < e - 1 and doc[s].text[:1].islower():
            s += 1  # "federal Widget Safety Commission": the name starts at the capital
    if e <= s or not any(_is_name_token(doc[i]) for i in range(s, e)):
        return []
    if sum(ch.isalpha() for ch in doc[s:e].text) < 2:
        return []  # "I." or a stray initial
    return [Candidate(s, e, label, honorific=honorific, title=title)]


def _acronyms_in_parentheses(doc: Doc, candidates: list[Candidate]) -> dict[str, int]:
    """'Full Name (FN)': acronym -> index of the candidate it abbreviates."""
    found = {}
    for idx, c in enumerate(candidates):
        e = c.end
        while e < len(doc) and doc[e].tag_ == "POS":
            e += 1
        if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")":
            acr = doc[e + 1].text
            if _ACRONYM.match(acr) and _initials_fit(acr, c.span(doc).text):
                found[acr] = idx
    return found


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in {"of", "and", "the", "for", "&", "on", "in"}]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def _initials_fit(acronym: str, name: str) -> bool:
    """'FWA' fits 'Federal Widget Agency'; loose enough for 'SCWU' vs 'Springfield City Widget Union'."""
    letters = re.sub(r"[^A-Z]", "", acronym.upper())
    initials = _initials(name)
    if not letters or not initials:
        return False
    if letters == initials or letters in initials:
        return True
    # every acronym letter appears, in order, among the capitals of the name
    caps = re.sub(r"[^A-Z]", "", name)
    it = iter(caps)
    return letters[0] == caps[:1] and all(ch in it for ch in letters)


# ------------------------------------------------------------------ kinds --
def _person_words(doc: Doc, candidates: list[Candidate]) -> set[str]:
    """Surnames and first names of the people named in full (outside a headline)."""
    full_names = [_name_tokens(c.span(doc)) for c in candidates if not c.in_headline]
    full_names = [toks for toks in full_names if _is_full_name(toks)]
    return {_surname(toks).casefold() for toks in full_names} | {toks[0].casefold() for toks in full_names}


def decide_kinds(doc: Doc, candidates: list[Candidate]) -> dict[str, str]:
    """One kind (PERSON / ORGANIZATION / OTHER) per surface form, from document evidence."""
    by_key: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_key[c.key(doc)].append(c)
    # a lone word that is the surname or the first name of a named person is that person
    person_words = _person_words(doc, [c for c in candidates if c.label == "PERSON"])
    org_initials = {_initials(c.span(doc).text) for c in candidates if c.label == "ORG" and c.end - c.start > 1}
    kinds: dict[str, str] = {}
    for key, group in by_key.items():
        word = group[0].span(doc).text
        if len(group[0].span(doc)) == 1 and word.isupper() and re.sub(r"[^A-Z]", "", word) in org_initials:
            kinds[key] = ORGANIZATION  # "F.W.C." after "Federal Widget Commission", whatever the tagger said
            continue
        kinds[key] = _decide_kind(doc, group, person_words)
    # "Acme" after "Acme Coal" (an organisation): the short name of the same organisation
    org_first_words = {k.split()[0] for k, kind in kinds.items() if kind == ORGANIZATION and len(k.split()) > 1}
    decided_people = _person_words(doc, [c for c in candidates if kinds[c.key(doc)] == PERSON])
    for key, group in by_key.items():
        if len(key.split()) == 1 and key in org_first_words and key not in decided_people and group[0].span(doc).root.pos_ == "PROPN":
            kinds[key] = ORGANIZATION
    return kinds


def _decide_kind(doc: Doc, group: list[Candidate], person_words: set[str]) -> str:
    spans = [c.span(doc) for c in group]
    last_words = {s[-1].lower_ for s in spans}
    # 0. a name that fills a whole pair of quotation marks is a title ("on “Sunday Desk,”")
    if all(_is_quoted_whole(s) for s in spans):
        return OTHER
    # 1. structure that only organisations have
    if any(c.rule for c in group if c.label == "ORG"):
        return ORGANIZATION
    if any(_runs_a_poll(s) for s in spans):
        return ORGANIZATION  # "a Widgetwatch poll": pollsters are organisations
    if any(_described_as_organization(s) for s in spans):
        return ORGANIZATION  # "Acme Coal, one of the largest coal companies," 
    if any(_has_org_head(s) for c, s in zip(group, spans) if c.label not in _PLACES_AND_THINGS):
        return ORGANIZATION  # "Springfield City Council" read as a place; not the "Blue Room Office" (a room)
    # 2. evidence of a person
    if any(c.honorific or c.title for c in group):
        return PERSON
    if any(_leads_something(s) for s in spans):
        return PERSON
    if spans[0].text.casefold() in person_words and not spans[0].text.isupper():
        return PERSON  # the surname ("Roe", "Van Buren") or first name of a person named in full
    if any(c.label in _MISREAD_AS_THING and _speaks(s) for c, s in zip(group, spans)):
        return PERSON  # products, laws and works of art do not say things: a misread name
    # 3. evidence against a person: "our X service", a name in quotation marks after "called"
    labels = Counter(_NER_KIND.get(c.label, OTHER) for c in group)
    if all(_thing_like(s) for s in spans):
        return OTHER
    # 4. the model's majority label over every occurrence (ties: person, then organisation)
    best = max(labels.items(), key=lambda kv: (kv[1], kv[0] == PERSON, kv[0] == ORGANIZATION))[0]
    if best == ORGANIZATION and last_words <= {"’s", "'s"}:
        return OTHER
    return best


_MISREAD_AS_THING = {"LAW", "PRODUCT", "WORK_OF_ART", "EVENT", "FAC"}
_PLACES_AND_THINGS = _MISREAD_AS_THING | {"LOC"}


def _speaks(span: Span) -> bool:
    """A one-word proper name that is the subject of a reporting verb ("Roe asked")."""
    root = span.root
    return (
        len(span) == 1
        and root.pos_ == "PROPN"
        and root.dep_ == "nsubj"
        and root.head.lemma_.lower() in SPEECH_VERBS
    )


def _is_quoted_whole(span: Span) -> bool:
    doc = span.doc
    before = span.start - 1
    after = span.end
    while after < len(doc) and doc[after].is_punct and not doc[after].is_quote:
        after += 1  # “Sunday Desk,” : the comma sits inside the marks
    return before >= 0 and after < len(doc) and doc[before].is_quote and doc[after].is_quote


def _described_as_organization(span: Span) -> bool:
    """An apposition that says what kind of thing the name is: "X, a company that …"."""
    for app in (t for t in span.root.children if t.dep_ == "appos" and t.i >= span.end):
        head = app
        if head.lower_ == "one":  # "one of the largest companies"
            objs = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
            head = objs[0] if objs else head
        if head.pos_ == "NOUN" and head.lemma_.lower() in ORG_DESCRIPTIONS:
            return True
    return False


def _runs_a_poll(span: Span) -> bool:
    root = span.root
    return root.dep_ == "compound" and root.head.lemma_.lower() in POLL_NOUNS and root.head.i >= span.end


def _has_org_head(span: Span) -> bool:
    words = [t for t in span if not t.is_punct]
    if len(words) < 1:
        return False
    for i, tok in enumerate(words):
        if tok.lower_ in ORG_HEADS and tok.text[:1].isupper():
            if i == len(words) - 1 and (len(words) > 1 or tok.lower_ in {"congress", "senate", "parliament"}):
                return True
            if i + 1 < len(words) and words[i + 1].lower_ == "of" and i == 0:
                return True
    return False


def _leads_something(span: Span) -> bool:
    """'the X administration', 'the X campaign': X is a person."""
    root = span.root
    head = root.head
    return (
        root.dep_ in {"compound", "nmod", "amod"}
        and head.i >= span.end
        and head.lower_ in LEADER_HEADS
        and not any(t.lower_ in ORG_HEADS for t in span)
    )


def _thing_like(span: Span) -> bool:
    """A possessive determiner before it ("our X service") or a naming verb with quotes ("called 'X'")."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and doc[i].is_quote:
        i -= 1
    if i >= 0 and doc[i].lower_ in _POSSESSIVE_DETERMINERS:
        return True
    quoted = span.start > 0 and doc[span.start - 1].is_quote
    if quoted and i >= 0:
        prev = doc[i] if not doc[i].is_punct else (doc[i - 1] if i > 0 else doc[i])
        if prev.lemma_.lower() in NAMING_VERBS:
            return True
    return False


# ---------------------------------------------------------------- cluster --
def _name_tokens(span: Span) -> list[str]:
    return [t.text for t in span if not t.is_punct or t.text in {"-", "."}]


def _surname(tokens: list[str]) -> str:
    """'Anna de la Cruz' -> 'de la Cruz'; 'John Q. Public Jr.' -> 'Public'."""
    toks = [t for t in tokens if t.lower() not in NAME_SUFFIXES]
    if not toks:
        return " ".join(tokens)
    for i in range(1, len(toks) - 1):
        if toks[i].lower() in NAME_PARTICLES:  # "de la Cruz", "Van Buren"
            return " ".join(toks[i:])
    return toks[-1]


def _is_full_name(tokens: list[str]) -> bool:
    return len(tokens) >= 2 and tokens[0][:1].isupper() and tokens[0].lower() not in NAME_PARTICLES


@dataclass
class _Cluster:
    kind: str
    candidates: list[Candidate] = field(default_factory=list)
    full_keys: set[str] = field(default_factory=set)
    surname: str | None = None
    first: str | None = None
    acronyms: set[str] = field(default_factory=set)


def cluster(doc: Doc, candidates: list[Candidate], kinds: dict[str, str], acronyms: dict[str, str]) -> list[_Cluster]:
    people = [c for c in candidates if kinds.get(c.key(doc)) == PERSON]
    orgs = [c for c in candidates if kinds.get(c.key(doc)) == ORGANIZATION]
    return _cluster_people(doc, people) + _cluster_orgs(doc, orgs, acronyms)


def _cluster_people(doc: Doc, people: list[Candidate]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    by_full: dict[str, _Cluster] = {}
    short: list[Candidate] = []
    for c in sorted(people, key=lambda c: (-(c.end - c.start), c.start)):
        toks = _name_tokens(c.span(doc))
        if not _is_full_name(toks):
            short.append(c)
            continue
        key = normalize_name(" ".join(toks))
        cl = by_full.get(key)
        if cl is None:
            # "Jane Q. Roe" and "Jane Roe": same first name and surname
            first, sur = toks[0].casefold(), _surname(toks).casefold()
            cl = next((x for x in clusters if x.first == first and x.surname == sur), None)
        if cl is None:
            # "Mary Ann Roe" ... "Ann Roe": the shorter form ends the longer one
            words = key.split()
            fits = [x for x in clusters if any(len(k.split()) > len(words) and k.split()[-len(words):] == words for k in x.full_keys)]
            cl = fits[0] if len(fits) == 1 else None
        if cl is None:
            cl = _Cluster(PERSON, surname=_surname(toks).casefold(), first=toks[0].casefold())
            clusters.append(cl)
        cl.full_keys.add(key)
        by_full[key] = cl
        cl.candidates.append(c)
    singles: dict[str, _Cluster] = {}
    for c in sorted(short, key=lambda c: c.start):
        key = normalize_name(" ".join(_name_tokens(c.span(doc))))
        matches = [x for x in clusters if x.full_keys and (x.surname == key or x.first == key)]
        if len(matches) > 1:
            by_surname = [x for x in matches if x.surname == key]
            matches = by_surname or matches
        if len(matches) > 1:
            # news style: the bare surname is the most prominent bearer (most named so far,
            # then first introduced); relatives get their first names
            matches = [max(matches, key=lambda x, at=c.start: _salience(x, at))]
        if matches:
            matches[0].candidates.append(c)
            continue
        cl = singles.get(key)
        if cl is None:
            cl = _Cluster(PERSON, surname=key)
            singles[key] = cl
            clusters.append(cl)
        cl.candidates.append(c)
    return clusters


def _salience(cl: _Cluster, before: int) -> tuple[int, int]:
    return (sum(m.start < before for m in cl.candidates), -min(m.start for m in cl.candidates))


def _org_key(doc: Doc, c: Candidate) -> str:
    return normalize_name(c.span(doc).text)


def _cluster_orgs(doc: Doc, orgs: list[Candidate], acronyms: dict[str, str]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    by_key: dict[str, _Cluster] = {}
    for c in sorted(orgs, key=lambda c: (-(c.end - c.start), c.start)):
        key = _org_key(doc, c)
        words = key.split()
        cl = by_key.get(key)
        if cl is None and c.end - c.start == 1 and doc[c.start].text in acronyms:
            cl = by_key.get(acronyms[doc[c.start].text])
        if cl is None and len(words) == 1 and doc[c.start].text.isupper():
            letters = re.sub(r"[^A-Z]", "", doc[c.start].text)
            fits = [x for x in clusters if any(len(k.split()) > 1 and _initials(k) == letters for k in x.full_keys)]
            cl = fits[0] if len(fits) == 1 else None
        if cl is None and len(words) == 1:
            # "Acme" for "Acme Healthcare": a one-word name that opens exactly one longer one
            fits = [x for x in clusters if any(len(k.split()) > 1 and k.split()[0] == words[0] for k in x.full_keys)]
            cl = fits[0] if len(fits) == 1 and doc[c.start].pos_ == "PROPN" else None
        if cl is None:
            # "City Council" / "Council" inside "Springfield City Council"; "The Herald" in "Daily Herald"
            fits = [
                x
                for x in clusters
                if any(len(k.split()) > len(words) and k.split()[-len(words) :] == words for k in x.full_keys)
            ]
            if len(fits) == 1 and (len(words) > 1 or words[0] in ORG_HEADS):
                cl = fits[0]
        if cl is None:
            cl = _Cluster(ORGANIZATION)
            clusters.append(cl)
        cl.full_keys.add(key)
        by_key[key] = cl
        cl.candidates.append(c)
    return clusters


def propagate_names(doc: Doc, clusters: list[_Cluster], candidates: list[Candidate]) -> None:
    """Add the occurrences of a known name that the model did not tag ("... de la Cruz said").

    A name form matches with its exact case, and only as a whole name: not glued to
    another capitalised word that would make it part of a longer, different name.
    """
    taken = {i for c in candidates for i in range(c.start, c.end)}
    forms: dict[str, list[tuple[tuple[str, ...], _Cluster]]] = defaultdict(list)
    for cl in clusters:
        seen: set[tuple[str, ...]] = set()
        for c in cl.candidates:
            toks = tuple(t.text for t in c.span(doc))
            if cl.kind == ORGANIZATION and len(toks) == 1 and toks[0].lower() in ORG_HEADS:
                continue  # a bare "Council" or "Post" is too common a word to look for
            seen.add(toks)
            if cl.kind == PERSON and cl.full_keys and len(toks) >= 2:
                seen.add(tuple(_surname(list(toks)).split()))
        for toks in seen:
            if toks and (toks[0][:1].isupper() or (len(toks) > 1 and toks[0].lower() in NAME_PARTICLES)):
                forms[toks[0]].append((toks, cl))
    for i, tok in enumerate(doc):
        if i in taken or tok.text not in forms:
            continue
        for toks, cl in sorted(forms[tok.text], key=lambda f: -len(f[0])):
            n = len(toks)
            if tuple(t.text for t in doc[i : i + n]) != toks or any(j in taken for j in range(i, i + n)):
                continue
            before = doc[i - 1] if i > 0 else None
            after = doc[i + n] if i + n < len(doc) else None
            if before is not None and before.pos_ == "PROPN" and before.text[:1].isupper() and not (
                before.lower_ in HONORIFICS or before.lower_.rstrip(".") in TITLE_WORDS
            ):
                continue
            if after is not None and after.pos_ == "PROPN" and after.text[:1].isupper():
                continue
            c = Candidate(i, i + n, "PERSON" if cl.kind == PERSON else "ORG", rule="propagated")
            cl.candidates.append(c)
            candidates.append(c)
            taken.update(range(i, i + n))
            break


# ------------------------------------------------------------------ build --
class EntityIndex:
    """The entities of one document and a token -> entity lookup."""

    def __init__(self, doc: Doc, entities: list[Entity]):
        self.doc = doc
        self.entities = entities
        self._by_token: dict[int, tuple[Entity, Mention]] = {}
        for ent in entities:
            for m in ent.mentions:
                for i in range(m.token_start, m.token_end):
                    self._by_token[i] = (ent, m)

    def at(self, token_index: int) -> tuple[Entity, Mention] | None:
        return self._by_token.get(token_index)

    def mentions_in_order(self) -> list[tuple[Entity, Mention]]:
        return sorted(((e, m) for e in self.entities for m in e.mentions), key=lambda em: em[1].start)


def _mention(doc: Doc, c: Candidate) -> Mention:
    span = c.span(doc)
    return Mention(span.start_char, span.end_char, span.text, c.start, c.end)


def _canonical(kind: str, mentions: list[Mention]) -> str:
    def score(m: Mention) -> tuple:
        words = m.text.split()
        acronym = len(words) == 1 and m.text.isupper()
        return (not acronym, len(words), len(m.text), -m.start)

    return max(mentions, key=score).text


def build_entities(doc: Doc, paragraphs: Sequence[tuple[int, int]] | None = None) -> EntityIndex:
    """Find, type, cluster and describe the people and organizations of `doc`."""
    candidates = candidate_spans(doc)
    text = doc.text  # Doc.text joins every token: compute it once
    headline = headline_span(text, paragraph_spans(text) if paragraphs is None else paragraphs)
    for c in candidates:
        c.in_headline = headline is not None and doc[c.start].idx < headline[1]
    kinds = decide_kinds(doc, candidates)
    acronym_of = {}
    for acr, idx in _acronyms_in_parentheses(doc, candidates).items():
        acronym_of[acr] = candidates[idx].key(doc)
    clusters = cluster(doc, candidates, kinds, acronym_of)
    propagate_names(doc, clusters, candidates)
    if headline is not None:
        # title case misleads the tagger ("Bridge Talks Stall" as an organization): a name
        # seen only in the headline must also be found in the body to count
        # (occurrences found by propagating the headline's own name are no evidence)
        clusters = [cl for cl in clusters if any(not c.in_headline and c.rule != "propagated" for c in cl.candidates)]
    entities: list[Entity] = []
    for cl in clusters:
        cands = sorted(cl.candidates, key=lambda c: c.start)
        mentions = [_mention(doc, c) for c in cands]
        ent = Entity(kind=cl.kind, mentions=mentions)
        ent.name = " ".join(_canonical(cl.kind, mentions).split())
        aliases = []
        for m in mentions:
            alias = " ".join(m.text.split())
            if alias not in aliases:
                aliases.append(alias)
        if ent.name not in aliases:
            aliases.insert(0, ent.name)
        ent.aliases = aliases
        if cl.kind == PERSON:
            for c in cands:
                if c.honorific:
                    low = c.honorific.lower()
                    ent.gender = "m" if low in MALE_HONORIFICS else "f" if low in FEMALE_HONORIFICS else ent.gender
        entities.append(ent)
    index = EntityIndex(doc, entities)
    for ent, cl in zip(entities, clusters):
        if ent.kind == PERSON:
            attach_roles(doc, ent, index, [c.title for c in sorted(cl.candidates, key=lambda c: c.start) if c.title])
    entities.sort(key=lambda e: e.first_char)
    return EntityIndex(doc, entities)


# ------------------------------------------------------------------ roles --
def attach_roles(doc: Doc, person: Entity, index: EntityIndex, stripped_titles: list[str]) -> None:
    """Fill `role` and `affiliation` from the words around the person's mentions."""
    role = affiliation = None
    affiliation_name = None
    for m in person.mentions:
        r, org, org_name = _premodifier_role(doc, m, index)
        if r is None and org is None:
            r, org, org_name = _appositive_role(doc, m, index)
        role = role or r
        if affiliation is None and affiliation_name is None and (org is not None or org_name):
            affiliation, affiliation_name = org, org_name
        if role and (affiliation or affiliation_name):
            break
    if role is None and stripped_titles:
        role = stripped_titles[0]
    person.role = _clean_role(role)
    person.affiliation = affiliation
    person.affiliation_name = affiliation.name if affiliation is not None else affiliation_name
    words = set()
    for text in filter(None, [person.role, *stripped_titles]):
        words.update(w.casefold().rstrip(".") for w in text.split())
    person.role_words = frozenset(words)


def _clean_role(role: str | None) -> str | None:
    if not role:
        return None
    role = " ".join(role.split()).strip(" ,;:-—–")
    words = role.split()
    while words and words[0].lower() in {"a", "an", "the", "former"} | HONORIFICS:
        if words[0].lower() == "former":
            break
        words.pop(0)
    role = " ".join(words)
    if not role or len(words) > 12 or not any(c.isalpha() for c in role):
        return None
    return role


def _premodifier_role(doc: Doc, m: Mention, index: EntityIndex) -> tuple[str | None, Entity | None, str | None]:
    """'Acme Vice President of Sales Jo Doe' -> ('Vice President of Sales', Acme)."""
    head = doc[m.token_start : m.token_end].root
    sent_start = doc[m.token_start].sent.start
    subtree = {t.i for t in head.subtree}
    i = m.token_start - 1
    role_tokens: list[Token] = []
    org: Entity | None = None
    org_tokens: list[Token] = []
    while i >= sent_start:
        tok = doc[i]
        hit = index.at(i)
        if hit and hit[0].kind == PERSON:
            break
        if hit and hit[0].kind == ORGANIZATION:
            org = hit[0]
            org_tokens = list(doc[hit[1].token_start : hit[1].token_end])
            j = hit[1].token_start - 1
            while j > sent_start and doc[j].lower_ == "the":
                j -= 1
            if j > sent_start and doc[j].lower_ == "of" and doc[j - 1].text[:1].isupper():
                # "Secretary of State Jane Roe", "Director of the Bureau Jo Doe": the
                # organization is part of the title
                role_tokens.extend(doc[j + 1 : hit[1].token_end])
                org_tokens = []
                i = j
                continue
            break
        if tok.tag_ == "POS" and i - 1 >= sent_start:
            owner = index.at(i - 1)
            if owner and owner[0].kind == ORGANIZATION:
                org = owner[0]
            break
        if tok.lower_ in HONORIFICS:
            i -= 1
            continue
        if tok.lower_ in {"of", "for", "and", "&"} and role_tokens and i - 1 >= sent_start and doc[i - 1].text[:1].isupper():
            role_tokens.append(tok)
            i -= 1
            continue
        if tok.pos_ in {"PROPN", "NOUN", "ADJ"} and not tok.is_punct and _in_name_phrase(tok, subtree, m):
            role_tokens.append(tok)
            i -= 1
            continue
        break
    while role_tokens and role_tokens[-1].lower_ in {"of", "for", "and", "&"}:
        role_tokens.pop()
    if org is not None and len(org_tokens) == 1 and org_tokens[0].lower_ in ORG_HEADS and role_tokens:
        role_tokens.append(org_tokens[0])  # "Board Member": the head word is part of the title
    if not role_tokens:
        return None, org if org is not None and _adjacent(org_tokens, m) else None, None
    role_tokens.sort(key=lambda t: t.i)
    text = doc[role_tokens[0].i : role_tokens[-1].i + 1].text
    return text, org, None


def _in_name_phrase(tok: Token, subtree: set[int], m: Mention) -> bool:
    """Is `tok`, left of a name, a title word of the name's noun phrase?

    The parser often splits long titles ("X Vice President of Y Jo Doe"), so a run of
    capitalised words counts by position; a lower-case word counts when it is a title
    word or modifies the name ("economist Jo Doe"). A capitalised word that opens the
    sentence counts only when the parse attaches it to the name (else "Yesterday Jo Doe").
    """
    attached = tok.i in subtree or m.token_start <= tok.head.i < m.token_end
    if tok.lower_.rstrip(".") in TITLE_WORDS:
        return True
    if tok.is_sent_start:
        return attached and tok.pos_ in {"PROPN", "NOUN"}
    if tok.text[:1].isupper():
        return True
    return attached and tok.dep_ in {"compound", "amod", "nmod"}


def _adjacent(org_tokens: list[Token], m: Mention) -> bool:
    return bool(org_tokens) and org_tokens[-1].i + 1 == m.token_start


def _appositive_role(doc: Doc, m: Mention, index: EntityIndex) -> tuple[str | None, Entity | None, str | None]:
    """'Jo Doe, director of sales at Acme,' -> ('director of sales', Acme)."""
    head = doc[m.token_start : m.token_end].root
    if m.token_end >= len(doc) or doc[m.token_end].text != ",":
        return None, None, None
    appos = [t for t in head.rights if t.dep_ == "appos" and t.i > m.token_end]
    if not appos:
        return None, None, None
    app = appos[0]
    if index.at(app.i) and index.at(app.i)[0].kind == PERSON:
        return None, None, None
    tokens = sorted(app.subtree, key=lambda t: t.i)
    # stop at a relative clause, a second comma-separated appositive or a parenthesis
    end = len(tokens)
    for k, t in enumerate(tokens):
        if t.dep_ in {"relcl", "acl"} or t.lower_ in {"who", "which", "that"} or t.text in {",", "(", ";", "—", "–"}:
            end = k
            break
    tokens = tokens[:end]
    if not tokens:
        return None, None, None
    org = None
    cut = len(tokens)
    for k, t in enumerate(tokens):
        hit = index.at(t.i)
        if hit and hit[0].kind == ORGANIZATION:
            org = hit[0]
            # the preposition that introduces the organisation ends the role
            j = k - 1
            while j >= 0 and tokens[j].pos_ in {"DET"}:
                j -= 1
            if j >= 0 and tokens[j].pos_ == "ADP":
                cut = j
            elif j >= 0 and tokens[j].tag_ == "POS":
                cut = len(tokens)
            else:
                cut = k if k > 0 else len(tokens)
            break
    role_tokens = [t for t in tokens[:cut] if not (org and index.at(t.i) and index.at(t.i)[0] is org)]
    role_tokens = [t for t in role_tokens if t.tag_ != "POS"]
    if not role_tokens:
        return None, org, None
    while role_tokens and (role_tokens[0].pos_ == "DET" or role_tokens[0].tag_ == "PRP$"):
        role_tokens.pop(0)
    while role_tokens and role_tokens[-1].pos_ in {"ADP", "CCONJ", "PUNCT", "DET"}:
        role_tokens.pop()
    if not role_tokens or len(role_tokens) > 10:
        return None, org, None
    if not any(t.pos_ in {"NOUN", "PROPN"} for t in role_tokens):
        return None, org, None
    text = doc[role_tokens[0].i : role_tokens[-1].i + 1].text
    return text, org, None
