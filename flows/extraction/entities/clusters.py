"""Names of one referent become one entity.

people         "Jane Roe" … "Roe" … "Ms. Roe"; "Mary Ann Roe" … "Ann Roe";
               a bare surname shared by two people goes to the more prominent one
organizations  "Federal Widget Agency (FWA)" … "FWA" … "F.W.A."; "Acme" for "Acme Coal";
               "City Council" / "Council" inside "Springfield City Council";
               "U.P. Water Council" for "United Provinces Water Council"; "Brenwick Lane" for
               "Brenwick Lane Homes"; but "Civic Party" apart from "Parliamentary Civic Party"
               where "Civic" names the party, and "Senate" apart from "Senate Widget Committee"
propagation    later occurrences of a known name the model did not tag
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ...schemas.vocab import EntityKind
from ..lexicon import HONORIFICS, NAME_PARTICLES, ORG_HEADS, TITLE_WORDS
from .candidates import Candidate
from .kinds import Kind
from .model import normalize_name
from .names import abbreviates, initials, is_full_name, name_tokens, surname, surname_tokens
from .tokens import TokenView


@dataclass
class Cluster:
    kind: EntityKind
    candidates: list[Candidate] = field(default_factory=list)
    full_keys: set[str] = field(default_factory=set)
    surname: str | None = None
    first: str | None = None


def cluster(doc: Doc, candidates: list[Candidate], kinds: dict[str, Kind], acronyms: dict[str, str]) -> list[Cluster]:
    people = [c for c in candidates if kinds.get(c.key(doc)) == EntityKind.PERSON]
    orgs = [c for c in candidates if kinds.get(c.key(doc)) == EntityKind.ORGANIZATION]
    return _cluster_people(doc, people) + _cluster_orgs(doc, orgs, acronyms)


def _cluster_people(doc: Doc, people: list[Candidate]) -> list[Cluster]:
    clusters: list[Cluster] = []
    by_full: dict[str, Cluster] = {}
    short: list[Candidate] = []
    for c in sorted(people, key=lambda c: (-(c.end - c.start), c.start)):
        toks = name_tokens(c.span(doc))
        if not is_full_name(toks):
            short.append(c)
            continue
        key = normalize_name(" ".join(toks))
        cl = by_full.get(key)
        if cl is None:
            # "Jane Q. Roe" and "Jane Roe": same first name and surname
            first, sur = toks[0].casefold(), surname(toks).casefold()
            cl = next((x for x in clusters if x.first == first and x.surname == sur), None)
        if cl is None:
            # "Mary Ann Roe" ... "Ann Roe": the shorter form ends the longer one
            words = key.split()
            fits = [
                x
                for x in clusters
                if any(len(k.split()) > len(words) and k.split()[-len(words) :] == words for k in x.full_keys)
            ]
            cl = fits[0] if len(fits) == 1 else None
        if cl is None:
            cl = Cluster(EntityKind.PERSON, surname=surname(toks).casefold(), first=toks[0].casefold())
            clusters.append(cl)
        cl.full_keys.add(key)
        by_full[key] = cl
        cl.candidates.append(c)
    singles: dict[str, Cluster] = {}
    for c in sorted(short, key=lambda c: c.start):
        key = normalize_name(" ".join(name_tokens(c.span(doc))))
        matches = [x for x in clusters if x.full_keys and (x.surname == key or x.first == key)]
        if len(matches) > 1:
            by_surname = [x for x in matches if x.surname == key]
            matches = by_surname or matches
        if len(matches) > 1:
            # news style: the bare surname is the most prominent bearer (most named so far,
            # then first introduced); relatives get their first names
            at = c.start
            matches = [max(matches, key=lambda x: _salience(x, at))]
        if matches:
            matches[0].candidates.append(c)
            continue
        cl = singles.get(key)
        if cl is None:
            cl = Cluster(EntityKind.PERSON, surname=key)
            singles[key] = cl
            clusters.append(cl)
        cl.candidates.append(c)
    return clusters


def _salience(cl: Cluster, before: int) -> tuple[int, int]:
    return (sum(m.start < before for m in cl.candidates), -min(m.start for m in cl.candidates))


def _cluster_orgs(doc: Doc, orgs: list[Candidate], acronyms: dict[str, str]) -> list[Cluster]:
    clusters: list[Cluster] = []
    by_key: dict[str, Cluster] = {}
    one_word_orgs = {c.key(doc) for c in orgs if c.end - c.start == 1}
    for c in sorted(orgs, key=lambda c: (-(c.end - c.start), c.start)):
        key = c.key(doc)
        cl = by_key.get(key)
        if cl is None:
            cl = _org_match(doc, c, key, clusters, acronyms, one_word_orgs)
        if cl is None:
            cl = Cluster(EntityKind.ORGANIZATION)
            clusters.append(cl)
        cl.full_keys.add(key)
        by_key[key] = cl
        cl.candidates.append(c)
    return clusters


def _org_match(
    doc: Doc,
    c: Candidate,
    key: str,
    clusters: list[Cluster],
    acronyms: dict[str, str],
    one_word_orgs: set[str],
) -> Cluster | None:
    """The organization a new name form belongs to, among the longer ones already clustered."""
    words = key.split()
    text = doc[c.start].text
    if c.end - c.start == 1 and text in acronyms:
        return _only([x for x in clusters if acronyms[text] in x.full_keys])
    if len(words) == 1 and text.isupper():
        letters = re.sub(r"[^A-Z]", "", text)
        fit = _only([x for x in clusters if any(len(k.split()) > 1 and initials(k) == letters for k in x.full_keys)])
        if fit is not None:
            return fit  # "FWC" after "Federal Widget Commission"
    fit = _only([x for x in clusters if any(_abbreviation(words, k.split()) for k in x.full_keys)])
    if fit is not None:
        return fit  # "N. Vandia", "U.P. Water Council"
    if len(words) == 1:
        return _one_word_match(words[0], text, clusters)
    # "Brenwick Lane" for "Brenwick Lane Homes": the longer name only adds head nouns
    fit = _only([x for x in clusters if any(_adds_heads(words, k.split()) for k in x.full_keys)])
    if fit is not None or words[0] in one_word_orgs:
        return fit  # "Civic Party" beside "Civic": not the tail of "Parliamentary Civic Party"
    return _tail_match(words, clusters)


def _one_word_match(word: str, text: str, clusters: list[Cluster]) -> Cluster | None:
    """'Acme' for 'Acme Healthcare', 'KXYZ' for 'KXYZ News', 'Council' for 'Council of Elders',
    'Eastgate' for 'University of Eastgate': a one-word name and the one longer name it fits;
    not "Senate" beside "Senate Widget Committee" (a body of its own), nor "U.P."
    beside "U.P. Water Council"."""
    if word in ORG_HEADS:
        fit = _only([x for x in clusters if any(_head_first(word, k.split()) for k in x.full_keys)])
        return fit or _tail_match([word], clusters)
    if text.isupper() or "." in text:
        return _only([x for x in clusters if any(_acronym_and_head(word, k.split()) for k in x.full_keys)])
    fit = _only([x for x in clusters if any(len(k.split()) > 1 and k.split()[0] == word for k in x.full_keys)])
    return fit or _only([x for x in clusters if any(_head_of(word, k.split()) for k in x.full_keys)])


def _head_first(word: str, long: list[str]) -> bool:
    return len(long) > 2 and long[0] == word and long[1] in {"of", "for"}


def _acronym_and_head(word: str, long: list[str]) -> bool:
    return len(long) == 2 and long[0] == word and long[1] in ORG_HEADS


def _head_of(word: str, long: list[str]) -> bool:
    return len(long) == 3 and long[1] == "of" and long[0] in ORG_HEADS and long[2] == word


def _abbreviation(a: list[str], b: list[str]) -> bool:
    return abbreviates(a, b) or abbreviates(b, a)


def _tail_match(words: list[str], clusters: list[Cluster]) -> Cluster | None:
    """'City Council' / 'Council' inside 'Springfield City Council'; 'The Herald' in 'Daily Herald'."""
    if len(words) == 1 and words[0] not in ORG_HEADS:
        return None
    n = len(words)
    return _only([x for x in clusters if any(len(k.split()) > n and k.split()[-n:] == words for k in x.full_keys)])


def _adds_heads(short: list[str], long: list[str]) -> bool:
    return len(long) > len(short) and long[: len(short)] == short and all(w in ORG_HEADS for w in long[len(short) :])


def _only(fits: list[Cluster]) -> Cluster | None:
    """The one cluster that fits (one cluster may fit through several of its names), or None."""
    unique = {id(x): x for x in fits}
    return next(iter(unique.values())) if len(unique) == 1 else None


def propagate_names(view: TokenView, clusters: list[Cluster], candidates: list[Candidate]) -> None:
    """Add the occurrences of a known name that the model did not tag ("... de la Cruz said").

    A name form matches with its exact case, and only as a whole name: not glued to
    another capitalised word that would make it part of a longer, different name.
    """
    doc, text = view.doc, view.text
    taken = {i for c in candidates for i in range(c.start, c.end)}
    forms: dict[str, list[tuple[tuple[str, ...], Cluster]]] = defaultdict(list)
    for cl in clusters:
        seen: set[tuple[str, ...]] = set()
        for c in cl.candidates:
            toks = tuple(text[c.start : c.end])
            if cl.kind == EntityKind.ORGANIZATION and len(toks) == 1 and toks[0].lower() in ORG_HEADS:
                continue  # a bare "Council" or "Post" is too common a word to look for
            seen.add(toks)
            if cl.kind == EntityKind.PERSON and cl.full_keys and len(toks) >= 2:
                seen.add(surname_tokens(c.span(doc)))
        for toks in seen:
            if toks and (toks[0][:1].isupper() or (len(toks) > 1 and toks[0].lower() in NAME_PARTICLES)):
                forms[toks[0]].append((toks, cl))
    for i, word in enumerate(text):
        if i in taken or word not in forms:
            continue
        for toks, cl in sorted(forms[word], key=lambda f: -len(f[0])):
            n = len(toks)
            if tuple(text[i : i + n]) != toks or any(j in taken for j in range(i, i + n)):
                continue
            if (
                i > 0
                and _proper(view, i - 1)
                and not (view.lower[i - 1] in HONORIFICS or view.lower[i - 1].rstrip(".") in TITLE_WORDS)
            ):
                continue
            if i + n < len(view) and _proper(view, i + n):
                continue
            c = Candidate(i, i + n, "PERSON" if cl.kind == EntityKind.PERSON else "ORG", rule="propagated")
            cl.candidates.append(c)
            candidates.append(c)
            taken.update(range(i, i + n))
            break


def _proper(view: TokenView, i: int) -> bool:
    return view.pos[i] == "PROPN" and view.text[i][:1].isupper()
