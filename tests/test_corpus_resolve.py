"""Corpus identity of people and organizations (flows/corpus/resolve.py). Made-up articles only.

Each test corpus is a list of rows as the lead's commit hands them to `resolve`; the figures are
link precision / recall against a made-up gold identity per row.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from quoteflow.corpus import people
from quoteflow.corpus.names import key_id
from quoteflow.corpus.resolve import NameRecord, blocks_of, components, resolve


def person(
    article: str, name: str, *aliases: str, role: str | None = None, affiliation: str | None = None
) -> NameRecord:
    return NameRecord(article, f"p:{name}", "person", name, (name, *aliases), 1, role, affiliation)


def org(article: str, name: str, *aliases: str) -> NameRecord:
    return NameRecord(article, f"o:{name}", "organization", name, (name, *aliases), 1, None, None)


def links(records: list[NameRecord], gold: dict[NameRecord, str]) -> tuple[float, float]:
    """Precision and recall of same-entity pairs across articles."""
    ids = resolve(records)
    pred = right = truth = 0
    for a, b in itertools.combinations(records, 2):
        if a.article_id == b.article_id:
            continue
        same_pred = ids[(a.article_id, a.local_id)] == ids[(b.article_id, b.local_id)]
        same_gold = gold[a] == gold[b]
        pred += same_pred
        truth += same_gold
        right += same_pred and same_gold
    return (right / pred if pred else 1.0), (right / truth if truth else 1.0)


# Two different Ann Vells (a professor, a chief executive), one Ann Vell nobody can place, and a
# bare "Vell": no link between different people.
NAMESAKES = {
    person("a1", "Ann Vell", "Vell", role="professor", affiliation="Northfield University"): "vell-prof",
    person("a2", "Ann Vell", "Vell", role="professor of history", affiliation="Northfield University"): "vell-prof",
    person("a3", "Ann Vell", role="chief executive", affiliation="Brightwater Corp"): "vell-ceo",
    person("a4", "Ann Vell", "Vell", role="executive", affiliation="Brightwater"): "vell-ceo",
    person("a5", "Ann Vell"): "vell-unknown",
    person("a6", "Vell", role="coach"): "vell-bare",
}


def test_two_namesakes_and_a_bare_surname_keep_link_precision_1() -> None:
    precision, recall = links(list(NAMESAKES), NAMESAKES)
    assert precision == 1.0
    assert recall == 1.0  # the professor's rows link, the executive's rows link
    ids = resolve(list(NAMESAKES))
    assert len({ids[("a5", "p:Ann Vell")], ids[("a1", "p:Ann Vell")], ids[("a3", "p:Ann Vell")]}) == 3


def test_campaigns_of_different_people_are_different_affiliations() -> None:
    records = [
        person("b4", "Rafe Quill", role="spokesman", affiliation="Oren Castellan campaign"),
        person("b5", "Rafe Quill", role="pollster", affiliation="Lia Marrow campaign"),
    ]
    ids = resolve(records)
    assert ids[("b4", "p:Rafe Quill")] != ids[("b5", "p:Rafe Quill")]


def test_roles_alone_do_not_split_a_name() -> None:
    """One article calls a candidate a "moderator": the same full name stays one entity."""
    records = [
        person("b1", "Rafe Quill", role="candidate", affiliation="Zorbist Party"),
        person("b2", "Rafe Quill", role="moderator"),
        person("b3", "Rafe Quill", affiliation="Evening Gazette"),
    ]
    assert len(set(resolve(records).values())) == 1


FORMS = {
    person("c1", "Jo A. Tarrant", "Tarrant"): "jo-tarrant",
    person("c2", "Sen. Jo Tarrant", "Tarrant", role="Sen."): "jo-tarrant",
    person("c3", "Jo Tarrant Jr.", "Tarrant"): "jo-tarrant",
    person("c4", "Mira Holt-Ashby", "Holt-Ashby"): "mira-holt-ashby",
    person("c5", "Mira Holt–Ashby"): "mira-holt-ashby",
    person("c6", "Joseph R. Penhallow Jr.", "Penhallow"): "joe-penhallow",
    person("c7", "Joe Penhallow", "Penhallow"): "joe-penhallow",
    person("c8", "Carl H.W. Brandt", "Brandt"): "carl-hw-brandt",
    person("c9", "Carl W. Brandt", "Brandt"): "carl-w-brandt",
    person("c10", "Dell Brandt Jr.", "Brandt Jr."): "dell-brandt-jr",
    person("c11", "Dell Brandt", "Brandt"): "dell-brandt",
    person("c12", "Assail Rafe Quill", "Rafe Quill", "Quill"): "rafe-quill",  # a headline verb glued on
    person("c13", "Rafe Quill", "Quill"): "rafe-quill",
    person("c14", "Tessa Ivana Brook"): "tessa-brook",
    person("c15", "Tessa Brook"): "tessa-brook",
    person("c16", "Ivana Brook"): "ivana-brook",
    person("c17", "Ivanka Brook"): "ivanka-brook",
}


@pytest.mark.parametrize("pair", list(itertools.combinations(FORMS, 2)), ids=lambda p: f"{p[0].name}~{p[1].name}")
def test_name_forms(pair: tuple[NameRecord, NameRecord]) -> None:
    a, b = pair
    ids = resolve(list(FORMS))
    same = ids[(a.article_id, a.local_id)] == ids[(b.article_id, b.local_id)]
    assert same is (FORMS[a] == FORMS[b])


def _bearers(major: int, minor: int, bare: NameRecord) -> list[NameRecord]:
    return (
        [person(f"m{i}", "Oren Castellan", "Castellan", role="Gov.") for i in range(major)]
        + [person(f"n{i}", "Lia Castellan", "Castellan") for i in range(minor)]
        + [bare]
    )


@pytest.mark.parametrize(
    ("major", "minor", "bare", "joins"),
    [
        (5, 1, person("z", "Castellan"), True),  # 5 to 1
        (4, 1, person("z", "Castellan"), False),  # 4 to 1: not enough
        (3, 0, person("z", "Castellan"), True),  # the only bearer
        (5, 1, person("z", "Gov. Castellan", "Castellan"), True),  # the title fits
        (5, 1, person("z", "Mayor Castellan", "Castellan"), False),  # a title no article gives him
        (5, 1, person("z", "Mrs. Castellan", "Castellan"), True),  # no article gives his gender
    ],
)
def test_a_surname_alone_joins_only_a_dominant_fitting_bearer(
    major: int, minor: int, bare: NameRecord, joins: bool
) -> None:
    ids = resolve(_bearers(major, minor, bare))
    assert (ids[("z", bare.local_id)] == ids[("m0", "p:Oren Castellan")]) is joins


def test_a_presidential_candidate_is_not_a_president() -> None:
    records = [person(f"m{i}", "Oren Castellan", "Castellan", role="presidential candidate") for i in range(6)]
    bare = person("z", "President Castellan", "Castellan", role="President")
    ids = resolve([*records, bare])
    assert ids[("z", bare.local_id)] != ids[("m0", records[0].local_id)]


def test_a_surname_alone_does_not_join_a_bearer_of_the_other_gender() -> None:
    records = [person(f"m{i}", "Mr. Oren Castellan", "Castellan") for i in range(6)]
    bare = person("z", "Mrs. Castellan", "Castellan")
    ids = resolve([*records, bare])
    assert ids[("z", bare.local_id)] != ids[("m0", records[0].local_id)]


def test_a_double_surname_alone_joins_the_full_name_written_with_it() -> None:
    full = [person(f"v{i}", "Ramon Ortiz Vela", "Ortiz Vela") for i in range(2)]
    alone = [person("w1", "Ortiz Vela"), person("w2", "President Ortiz Vela", "Ortiz Vela")]
    other = person("w3", "Tessa Vela")  # another bearer of the last word only
    ids = resolve([*full, *alone, other])
    assert len({ids[(r.article_id, r.local_id)] for r in [*full, *alone]}) == 1
    assert ids[("w3", "p:Tessa Vela")] != ids[("v0", "p:Ramon Ortiz Vela")]


def test_honorifics_of_both_genders_on_one_row_give_no_gender() -> None:
    """One article's row that mixes "Mrs. Castellan" and "Mr. Castellan" tells nothing."""
    records = [person(f"m{i}", "Lia Castellan", "Mrs. Castellan") for i in range(3)]
    mixed = person("z", "Lia Castellan", "Mr. Castellan", "Mrs. Castellan")
    assert len(set(resolve([*records, mixed]).values())) == 1


def test_bare_surnames_with_no_bearer_share_one_entity() -> None:
    ids = resolve([person("x1", "Castellan"), person("x2", "Castellan")])
    assert ids[("x1", "p:Castellan")] == ids[("x2", "p:Castellan")]


ORGS = {
    org("d1", "Harbour Transit Authority", "HTA"): "hta",
    org("d2", "HTA"): "hta",
    org("d3", "H.T.A."): "hta",
    org("d4", "the Harbour Transit Authority's"): "hta",
    org("d5", "Northfield Board of Commerce"): "nbc-commerce",
    org("d6", "NBC"): "nbc-other",  # the same initials, never paired with it in an article
    org("e1", "Department of Tolls"): "tolls",
    org("e2", "U.S. Tolls Department"): "tolls",
    org("e3", "Zorbists"): "zorbist-party",
    org("e4", "Zorbist Party"): "zorbist-party",
    org("f1", "Lakeside Water Union"): "lwu",
    org("f1", "LWU"): "lwu",  # two rows of one article pair them
    org("f2", "LWU"): "lwu",
}


def test_organizations() -> None:
    precision, recall = links(list(ORGS), ORGS)
    assert (precision, recall) == (1.0, 1.0)


def test_a_campaign_named_by_surname_joins_the_one_named_in_full() -> None:
    records = [org("k1", "Oren Castellan campaign"), org("k2", "Castellan campaign"), org("k3", "Castellan Campaign")]
    assert len(set(resolve(records).values())) == 1
    two = [*records, org("k4", "Lia Castellan campaign")]  # two candidates, neither 5 times the other
    ids = resolve(two)
    assert len({ids[("k1", "o:Oren Castellan campaign")], ids[("k2", "o:Castellan campaign")],
                ids[("k4", "o:Lia Castellan campaign")]}) == 3  # fmt: skip
    assert ids[("k2", "o:Castellan campaign")] == ids[("k3", "o:Castellan Campaign")]
    lower = resolve([org("k5", "Zorbist presidential campaign"), org("k6", "presidential campaign")])
    assert len(set(lower.values())) == 2  # only a name in capitals stands for a person


def test_an_acronym_with_competing_expansions_needs_dominance() -> None:
    records = [org("g1", "Pell Valley Board", "PVB"), org("g2", "Port Vane Bureau", "PVB"), org("g3", "PVB")]
    ids = resolve(records)
    assert len({ids[(r.article_id, r.local_id)] for r in records}) == 3


CORPUS = [*NAMESAKES, *FORMS, *ORGS, *_bearers(5, 1, person("z", "Castellan"))]


def test_order_independent() -> None:
    expected = resolve(CORPUS)
    rng = random.Random(7)
    for _ in range(5):
        shuffled = list(CORPUS)
        rng.shuffle(shuffled)
        assert resolve(shuffled) == expected


def test_blockwise_each_component_resolves_alone_as_in_the_corpus() -> None:
    whole = resolve(CORPUS)
    parts = components(CORPUS)
    assert len(parts) > 5
    for part in parts:
        assert resolve(part) == {(r.article_id, r.local_id): whole[(r.article_id, r.local_id)] for r in part}
    # records of different components share no block
    for a, b in itertools.combinations(parts, 2):
        assert not (frozenset().union(*map(blocks_of, a)) & frozenset().union(*map(blocks_of, b)))


def test_blocks_never_use_first_names() -> None:
    assert blocks_of(person("h", "Ann Vell")) == {"person:surname:vell"}
    assert "organization:acronym:hta" in blocks_of(org("h", "Harbour Transit Authority"))


def test_ids_are_the_hash_of_the_canonical_key_and_survive_new_articles() -> None:
    before = resolve(CORPUS)
    assert before[("c1", "p:Jo A. Tarrant")] == key_id("person", "jo tarrant")
    assert before[("d2", "o:HTA")] == key_id("organization", "harbour transit authority")
    more = [person("q1", "Jo Tarrant"), person("q2", "Tarrant"), org("q3", "HTA"), person("q4", "Nell Ormsby")]
    after = resolve([*CORPUS, *more])
    changed = Counter(before[k] != after[k] for k in before)
    assert changed[True] == 0


def test_resolution_imports_no_parser() -> None:
    """The commit resolves identities without loading spaCy (the lead calls it from the store)."""
    import subprocess
    import sys

    code = "import sys, quoteflow.corpus.resolve; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_rows_without_a_name_stay_apart() -> None:
    records = [person("r1", ""), person("r2", ""), org("r3", "  "), org("r4", "  ")]
    assert len(set(resolve(records).values())) == 4


def test_no_evaluation_name_in_the_resolver() -> None:
    """Rules are linguistic: no person or organization named in the identity gold appears in the
    package's source (word classes such as titles may, as the lexicon's)."""
    import re
    from pathlib import Path

    gold = Path(__file__).resolve().parents[2] / "shared" / "eval" / "identity-dev" / "gold.tsv"
    if not gold.exists():
        pytest.skip("no shared evaluation data here")
    package = Path(__file__).parents[1] / "flows" / "corpus"
    source = " ".join(p.read_text(encoding="utf-8") for p in package.glob("*.py"))
    words = set(re.findall(r"[\w'’.-]+", source.casefold()))
    text = " ".join(source.casefold().split())
    found = set()
    for line in gold.read_text(encoding="utf-8").splitlines()[1:]:
        _, kind, _, names = line.split("\t")[:4]
        for name in names.split("|"):
            folded = name.casefold()
            if (len(name.split()) > 1 and folded in text) or (kind == "person" and " " not in name and folded in words):
                found.add(name)
    assert not found


# Scale: one surname borne by hundreds of people is one component the commit re-resolves whole.
def _made_up_word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(syllables)).capitalize()


def _first_names_all_pairs(people_: list[people.Person]) -> dict[str, str]:
    """The slow reference: every first name compared with every other."""
    firsts = {p.name.first for p in people_ if p.name.first}
    mapping = {}
    for f in firsts:
        longer = [g for g in firsts if people.short_for(f, g)]
        mapping[f] = longer[0] if len(longer) == 1 else f
    return mapping


def _clashes_all_pairs(one: list[people.Person]) -> list[set[int]]:
    """The slow reference: `conflict` of every ordered pair of profiles."""
    return [{j for j, b in enumerate(one) if people.conflict(a, b)} for a in one]


def _agreeing_union_find(nodes: list[int], against: list[set[int]]) -> list[set[int]]:
    """The slow reference: every pair of nodes that does not conflict linked, sets in the order
    of their first node."""
    parent = {f: f for f in nodes}

    def root(f: int) -> int:
        while parent[f] != f:
            f = parent[f]
        return f

    for i, f in enumerate(nodes):
        for g in nodes[i + 1 :]:
            if g not in against[f] and root(f) != root(g):
                parent[root(g)] = root(f)
    sets: dict[int, set[int]] = {}
    for f in nodes:
        sets.setdefault(root(f), set()).add(f)
    return list(sets.values())


def _random_corpus(seed: int, rows: int) -> list[NameRecord]:
    """Made-up people of a few surnames: full names, short first names ("Bak" for "Bakomi", "Ben"
    for "Bekonu"), middle initials, suffixes, honorifics, roles, affiliations, glued-on words and
    bare surnames."""
    rng = random.Random(seed)
    lasts = [_made_up_word(rng, 3) for _ in range(4)]
    firsts = [_made_up_word(rng, rng.choice((1, 2, 3))) for _ in range(40)]
    firsts += [f[:3] for f in firsts[:10]] + [f[:2] + f[-1] for f in firsts[10:20] if len(f) > 3]
    records = []
    for i in range(rows):
        last, first = rng.choice(lasts), rng.choice(firsts)
        name = rng.choice(
            [f"{first} {last}", f"{first} {last}", f"{first} {rng.choice('ABC')}. {last}", f"{first} {last} Jr.",
             f"Ms. {first} {last}", f"Mr. {first} {last}", f"Sen. {first} {last}", f"Said {first} {last}", last]
        )  # fmt: skip
        aliases = (name, last, *rng.sample([f"{first} {last}", f"{last} Jr.", f"Mrs. {last}"], rng.randint(0, 2)))
        role = rng.choice([None, None, "mayor", "professor of law", "chief executive", "senator"])
        affiliation = rng.choice([None, None, "Tolvan Works", "Brisk Council", "Tolvan"])
        records.append(NameRecord(f"a{i % (rows // 3)}", f"p{i}", "person", name, aliases, 1, role, affiliation))
    return records


@pytest.mark.parametrize("seed", range(6))
def test_fast_first_names_give_the_all_pairs_result(seed: int) -> None:
    records = _random_corpus(seed, 400)
    parsed = people._people(records)
    assert people._first_names(parsed) == _first_names_all_pairs(parsed)


@pytest.mark.parametrize("seed", range(6))
def test_resolution_equals_the_slow_reference_on_a_random_corpus(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    records = _random_corpus(seed, 600)
    fast = resolve(records)
    assert len(set(fast.values())) > 20  # the corpus has namesakes, short forms and bare surnames
    monkeypatch.setattr(people, "_first_names", _first_names_all_pairs)
    monkeypatch.setattr(people, "_clashes", _clashes_all_pairs)
    monkeypatch.setattr(people, "_agreeing", _agreeing_union_find)
    for name in ("_tail_of", "_alias_marks", "_role_words", "_affiliation_words"):
        monkeypatch.setattr(people, name, getattr(people, name).__wrapped__)  # no caches
    assert resolve(records) == fast


def test_first_names_are_found_through_an_index_not_all_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """300 bearers of one surname: first names compared with the few that share their start,
    not with all 300 (all pairs made a one-article commit into a big dataset slow)."""
    rng = random.Random(19)
    firsts = sorted({_made_up_word(rng, 3) for _ in range(300)})
    records = [person(f"a{i}", f"{f} Tadelura") for i, f in enumerate(firsts)]
    calls = Counter[str]()
    short_for = people.short_for

    def counted(short: str, full: str) -> bool:
        calls["short_for"] += 1
        return short_for(short, full)

    monkeypatch.setattr(people, "short_for", counted)
    resolve(records)
    assert calls["short_for"] <= 3 * len(firsts)
