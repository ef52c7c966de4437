"""People of one component (one surname): one canonical key per record.

    "Jo A. Doe", "Sen. Jo Doe", "Jo Doe Jr."            -> "jo doe"
    "Joseph Doe" and "Jo Doe" (one Joseph among the Doe) -> "joseph doe"  (a short first name)
    "Doe" alone, when "Jo Doe" has 5x the articles of any other Doe and fits -> "jo doe"
    "Ann Lee", professor at a university, and "Ann Lee", chief executive of a company
                                                          -> "ann lee|..." and "ann lee|..."

Rules, precision first (a wrong merge corrupts every count, a missed one splits one):
- Full names group by first name and surname; a first name that is the start of exactly one
  longer first name of the same surname (at least 3 letters: "Jo" never, "Joe" -> "Joseph")
  counts as that name.
- Two records of a group conflict when their middle initials differ ("H.W." / "W."), their
  generation suffixes differ ("Jr." / "Sr.", or one article writes "Doe Jr." for short and the
  other no suffix), their honorifics give different genders, or BOTH their affiliations and
  their roles are given and disagree. Roles and affiliations alone are too noisy per article to
  split a name (one article makes a candidate a "moderator"); a namesake usually differs in both.
- A group without conflicts is one entity. Otherwise records in conflict that agree with each
  other form separate entities; the records that conflict with nobody join the largest of them
  if it has 5x the articles of the others, else stay one entity under the plain name.
- A surname alone joins the one bearer of that surname with 5x the articles of any other
  bearer, if gender, title and affiliation fit; else it stays alone (its own article), or,
  when no one in the corpus bears the surname with a first name, one entity per surname.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from ..extraction.lexicon import NAME_SUFFIXES, NAMED_BODIES, ORG_HEADS, ORG_SUFFIXES
from .names import TITLES, PersonName, fold, org_words, parse_person, title_form
from .organizations import DOMINANCE, dominant
from .records import NameRecord, RecordKey

# Words of roles and affiliations that say nothing about which one ("the", "party", "former").
_WEAK_WORDS = frozenset({"of", "and", "the", "for", "on", "in", "at", "to", "a", "an", "former", "vice"})


class Person(NamedTuple):
    rec: NameRecord
    name: PersonName
    gender: str | None
    titles: frozenset[str]
    affiliation: frozenset[str]  # the distinctive words of the affiliation
    role: frozenset[str]  # the words of the role, titles in full form
    bound_suffix: bool  # the article writes the surname with its suffix ("Doe Jr.")

    @property
    def key(self) -> RecordKey:
        return (self.rec.article_id, self.rec.local_id)


def _tail(rec: NameRecord) -> PersonName | None:
    """The alias that is the tail of a name of 3 words or more, when it is a full name itself:
    "Jo Doe" for "Assail Jo Doe" (a headline word glued on), or "Lark Doe" for "Jo Lark Doe"."""
    return _tail_of(rec.name, rec.aliases)


@lru_cache(maxsize=1 << 16)  # a name and its aliases repeat across thousands of rows
def _tail_of(name: str, aliases: tuple[str, ...]) -> PersonName | None:
    words = fold(name).split()
    if len(words) < 3:
        return None
    found = [
        parsed
        for a in aliases
        if 2 <= len(a.split()) < len(words)
        and words[-len(a.split()) :] == fold(a).split()
        and (parsed := parse_person(a)) is not None
        and parsed.first
    ]
    return max(found, key=lambda p: (len(p.key), p.key)) if found else None


def _person(rec: NameRecord, name: PersonName | None = None) -> Person:
    name = name or parse_person(rec.name) or PersonName("", "", fold(rec.name), "", None, frozenset())
    return Person(rec, name, *_traits(name, rec.aliases, rec.role, rec.affiliation))


# Affiliation words that say nothing of which body ("board", "inc", "campaign", "the").
_GENERIC = ORG_HEADS | ORG_SUFFIXES | NAMED_BODIES | _WEAK_WORDS


def _traits(
    name: PersonName, aliases: tuple[str, ...], role_text: str | None, org: str | None
) -> tuple[str | None, frozenset[str], frozenset[str], frozenset[str], bool]:
    """A record's gender, titles, affiliation words, role words and bound suffix (see `Person`)."""
    genders, titles, bound = {name.gender}, set(name.titles), False
    for alias in aliases:
        marks = _alias_marks(alias)
        if marks is None:
            continue
        genders.add(marks[0])
        titles |= marks[1]
        bound = bound or marks[2]
    role = _role_words(role_text)
    titles |= role & TITLES
    genders.discard(None)
    gender = genders.pop() if len(genders) == 1 else None  # honorifics of both genders: noise, no gender
    return gender, frozenset(titles), _affiliation_words(org), role, bound


# The helpers below are cached: thousands of rows repeat a few aliases, roles and affiliations.
@lru_cache(maxsize=1 << 16)
def _alias_marks(alias: str) -> tuple[str | None, frozenset[str], bool] | None:
    """An alias's gender, titles, and whether it is the surname with its suffix ("Doe Jr.")."""
    parsed = parse_person(alias)
    if parsed is None:
        return None
    words = fold(alias).split()
    return parsed.gender, parsed.titles, not parsed.first and len(words) > 1 and words[-1] in NAME_SUFFIXES


@lru_cache(maxsize=1 << 16)
def _role_words(role: str | None) -> frozenset[str]:
    return frozenset(title_form(w) for w in fold(role or "").split()) - _WEAK_WORDS


@lru_cache(maxsize=1 << 16)
def _affiliation_words(org: str | None) -> frozenset[str]:
    return frozenset(w for w in org_words(org or "") if w not in _GENERIC)


def _people(records: Sequence[NameRecord]) -> list[Person]:
    """Parsed records; a name with a glued-on word is read as its tail alias when another record
    of the component names someone by exactly that tail (the tail is a known full name)."""
    people = [_person(r) for r in sorted(records)]
    known = Counter(p.name.key for p in people if p.name.first)
    out = []
    for p in people:
        tail = _tail(p.rec)
        if tail is not None and known[tail.key] > (tail.key == p.name.key):
            p = _person(p.rec, tail)
        out.append(p)
    return out


def _words_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Share a word, or one word starts the other ("president" / "presidency")."""
    return bool(a & b) or any(x[:6] == y[:6] and min(len(x), len(y)) >= 6 for x in a for y in b)


def conflict(a: Person, b: Person) -> bool:
    if _core_conflict(a, b):
        return True
    described = a.affiliation and b.affiliation and a.role and b.role
    return bool(described) and not _words_agree(a.affiliation, b.affiliation) and not _words_agree(a.role, b.role)


def _core_conflict(a: Person, b: Person) -> bool:
    """Middles, suffixes or genders that tell two records apart."""
    ma, mb = a.name.middles, b.name.middles
    if ma and mb and not (ma.startswith(mb) or mb.startswith(ma)):
        return True
    sa, sb = a.name.suffix, b.name.suffix
    if (sa and sb and sa != sb) or (sa and a.bound_suffix and not sb) or (sb and b.bound_suffix and not sa):
        return True
    return bool(a.gender and b.gender and a.gender != b.gender)


def short_for(short: str, full: str) -> bool:
    """A short first name for a longer one: "Dan" / "Daniel", "Jo" never; "Joe" / "Joseph" and
    "Len" / "Leonard" (3 letters: the first two start the name, the last comes later in it)."""
    if len(short) < 3 or len(full) <= len(short):
        return False
    if full.startswith(short):
        return True
    return len(short) == 3 and full.startswith(short[:-1]) and short[-1] in full[len(short) :]


def _first_names(people: Sequence[Person]) -> dict[str, str]:
    """first name -> the first name it stands for ("joe" -> "joseph" when it is the only one).
    A longer name a short one may stand for starts with its first two letters, so each name is
    compared only with the names of its two-letter start (or of its own start, when longer):
    linear in the names, not all pairs (hundreds of bearers share a common surname)."""
    firsts = sorted({p.name.first for p in people if p.name.first})
    starting: dict[str, list[str]] = defaultdict(list)  # start -> the longer names with it
    for g in firsts:
        for n in range(2, len(g)):
            starting[g[:n]].append(g)
    mapping = {}
    for f in firsts:
        candidates = starting.get(f[:2] if len(f) == 3 else f, []) if len(f) >= 3 else []
        longer = [g for g in candidates if short_for(f, g)]
        mapping[f] = longer[0] if len(longer) == 1 else f
    return mapping


def _articles(group: Sequence[Person]) -> set[str]:
    return {p.rec.article_id for p in group}


def _descriptor(group: Sequence[Person]) -> str:
    """What tells a namesake apart, for its key: middles, suffix, affiliation, role."""
    forms = Counter(
        "|".join((p.name.middles, p.name.suffix, " ".join(sorted(p.affiliation)), " ".join(sorted(p.role))))
        for p in group
    )
    return min(forms, key=lambda f: (-forms[f], f))


Profile = tuple[str, str, bool, str | None, frozenset[str], frozenset[str]]


def _profile(p: Person) -> Profile:
    """What `conflict` reads of a record: records with one profile never conflict, so conflicts
    are computed once per profile (a name in thousands of rows has few profiles)."""
    described = bool(p.affiliation and p.role)
    return (p.name.middles, p.name.suffix, p.bound_suffix, p.gender,
            p.affiliation if described else frozenset(), p.role if described else frozenset())  # fmt: skip


def _clashes(one: Sequence[Person]) -> list[set[int]]:
    """For each profile (one record of it), the profiles it conflicts with. `conflict` is
    symmetric and never true of a profile and itself, so each pair is read once; its first
    three rules read only middles, suffix and gender, so they are read once per such core, and
    only profiles with both a role and an affiliation are compared by their words."""
    against: list[set[int]] = [set() for _ in one]
    cores: dict[tuple[str, str, bool, str | None], list[int]] = defaultdict(list)
    for i, p in enumerate(one):
        cores[(p.name.middles, p.name.suffix, p.bound_suffix, p.gender)].append(i)
    described = {i for i, p in enumerate(one) if p.affiliation and p.role}
    core_list = list(cores.values())
    for n, xs in enumerate(core_list):
        for ys in core_list[n:]:
            same = xs is ys
            if not same and _core_conflict(one[xs[0]], one[ys[0]]):
                pairs = [(i, j) for i in xs for j in ys]
            else:
                dx, dy = [i for i in xs if i in described], [j for j in ys if j in described]
                pairs = [(i, j) for i in dx for j in dy if (not same or i < j) and conflict(one[i], one[j])]
            for i, j in pairs:
                against[i].add(j)
                against[j].add(i)
    return against


def _agreeing(nodes: Sequence[int], against: Sequence[set[int]]) -> list[set[int]]:
    """The sets of `nodes` linked by not conflicting (connected in the complement of the
    conflict graph), in the order of their first node: linear in nodes and conflicts."""
    unseen, out = set(nodes), []
    for start in nodes:
        if start not in unseen:
            continue
        unseen.discard(start)
        found, todo = {start}, [start]
        while todo:
            conflicts = against[todo.pop()]
            near = [v for v in unseen if v not in conflicts]
            unseen.difference_update(near)
            found.update(near)
            todo += near
        out.append(found)
    return out


def _split_namesakes(base: str, group: list[Person]) -> list[tuple[str, list[Person]]]:
    """One full name's records -> (key, records) per entity."""
    by_profile: dict[Profile, list[Person]] = defaultdict(list)
    for p in group:
        by_profile[_profile(p)].append(p)
    profiles = sorted(by_profile, key=repr)
    against = _clashes([by_profile[f][0] for f in profiles])
    clashing = [i for i, others in enumerate(against) if others]
    if not clashing:
        return [(base, group)]
    groups: list[list[Person]] = []
    for members in _agreeing(clashing, against):
        if any(against[i] & members for i in members):  # a chain of agreements across a clash: trust none
            groups += [by_profile[profiles[i]] for i in sorted(members)]
        else:
            groups.append([p for i in sorted(members) for p in by_profile[profiles[i]]])
    free = [p for i, f in enumerate(profiles) if not against[i] for p in by_profile[f]]
    named = {_descriptor(g) + "|" + min(p.rec.article_id for p in g): g for g in groups}
    best = dominant({k: _articles(g) for k, g in named.items()})
    out: list[tuple[str, list[Person]]] = []
    if free and best is not None:
        named[best] = named[best] + free
        free = []
    plain = None if free else max(named, key=lambda k: (len(_articles(named[k])), k))
    if free:
        out.append((base, free))
    descriptors = Counter(k.rsplit("|", 1)[0] for k in named)
    for k, records in named.items():
        short = k.rsplit("|", 1)[0]
        out.append((base if k == plain else f"{base}|{short if descriptors[short] == 1 else k}", records))
    return out


class Bearer(NamedTuple):
    """What a surname alone must fit: the dominant bearer's genders, titles and affiliations."""

    key: str
    genders: frozenset[str]
    titles: frozenset[str]
    affiliations: frozenset[frozenset[str]]


def _bearer(key: str, group: Sequence[Person]) -> Bearer:
    return Bearer(
        key,
        frozenset(q.gender for q in group if q.gender),
        frozenset().union(*(q.titles for q in group)),
        frozenset(q.affiliation for q in group if q.affiliation),
    )


def _fits(p: Person, bearer: Bearer) -> bool:
    if p.gender and bearer.genders and p.gender not in bearer.genders:
        return False
    if p.titles and not p.titles & bearer.titles:
        return False
    return not (
        p.affiliation and bearer.affiliations and not any(_words_agree(p.affiliation, a) for a in bearer.affiliations)
    )


def resolve_people(records: Sequence[NameRecord]) -> dict[RecordKey, str]:
    people = _people(records)
    full = [p for p in people if p.name.first]
    firsts = _first_names(full)
    by_name: dict[str, list[Person]] = defaultdict(list)
    for p in full:
        by_name[f"{firsts[p.name.first]} {p.name.last}"].append(p)
    keys: dict[RecordKey, str] = {}
    bearers: dict[str, dict[str, list[Person]]] = defaultdict(dict)
    for base in sorted(by_name):
        for key, group in _split_namesakes(base, by_name[base]):
            bearers[group[0].name.last][key] = group
            keys.update({p.key: key for p in group})
    # per surname: the bearer a surname alone may join (the one with 5x the articles of any other)
    dominant_bearer: dict[str, Bearer | None] = {}
    for last, groups in bearers.items():
        best = dominant({key: _articles(group) for key, group in groups.items()})
        dominant_bearer[last] = _bearer(best, groups[best]) if best is not None else None
    for p in people:
        if p.name.first:
            continue
        if p.name.last not in bearers:  # no one bears the surname with a first name
            keys[p.key] = p.name.last
            continue
        bearer = dominant_bearer[p.name.last]
        alone = f"{p.name.last}@{p.rec.article_id}/{p.rec.local_id}"  # its own entity, this row only
        keys[p.key] = bearer.key if bearer is not None and _fits(p, bearer) else alone
    return keys


__all__ = ["DOMINANCE", "resolve_people"]
