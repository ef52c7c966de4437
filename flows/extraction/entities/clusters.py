"""Names of one referent become one entity.

people         "Jane Roe" … "Roe" … "Ms. Roe"; "Mary Ann Roe" … "Ann Roe";
               a bare surname shared by two people goes to the more prominent one
organizations  "Federal Widget Agency (FWA)" … "FWA" … "F.W.A."; "Acme" for "Acme Coal";
               "City Council" / "Council" inside "Springfield City Council"
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
from .names import initials, is_full_name, name_tokens, surname


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
    for c in sorted(orgs, key=lambda c: (-(c.end - c.start), c.start)):
        key = c.key(doc)
        words = key.split()
        cl = by_key.get(key)
        if cl is None and c.end - c.start == 1 and doc[c.start].text in acronyms:
            cl = by_key.get(acronyms[doc[c.start].text])
        if cl is None and len(words) == 1 and doc[c.start].text.isupper():
            letters = re.sub(r"[^A-Z]", "", doc[c.start].text)
            fits = [x for x in clusters if any(len(k.split()) > 1 and initials(k) == letters for k in x.full_keys)]
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
            cl = Cluster(EntityKind.ORGANIZATION)
            clusters.append(cl)
        cl.full_keys.add(key)
        by_key[key] = cl
        cl.candidates.append(c)
    return clusters


def propagate_names(doc: Doc, clusters: list[Cluster], candidates: list[Candidate]) -> None:
    """Add the occurrences of a known name that the model did not tag ("... de la Cruz said").

    A name form matches with its exact case, and only as a whole name: not glued to
    another capitalised word that would make it part of a longer, different name.
    """
    taken = {i for c in candidates for i in range(c.start, c.end)}
    forms: dict[str, list[tuple[tuple[str, ...], Cluster]]] = defaultdict(list)
    for cl in clusters:
        seen: set[tuple[str, ...]] = set()
        for c in cl.candidates:
            toks = tuple(t.text for t in c.span(doc))
            if cl.kind == EntityKind.ORGANIZATION and len(toks) == 1 and toks[0].lower() in ORG_HEADS:
                continue  # a bare "Council" or "Post" is too common a word to look for
            seen.add(toks)
            if cl.kind == EntityKind.PERSON and cl.full_keys and len(toks) >= 2:
                seen.add(tuple(surname(list(toks)).split()))
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
            if (
                before is not None
                and before.pos_ == "PROPN"
                and before.text[:1].isupper()
                and not (before.lower_ in HONORIFICS or before.lower_.rstrip(".") in TITLE_WORDS)
            ):
                continue
            if after is not None and after.pos_ == "PROPN" and after.text[:1].isupper():
                continue
            c = Candidate(i, i + n, "PERSON" if cl.kind == EntityKind.PERSON else "ORG", rule="propagated")
            cl.candidates.append(c)
            candidates.append(c)
            taken.update(range(i, i + n))
            break
