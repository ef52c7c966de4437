"""The string rules corpus resolution compares names by (flows/corpus/names.py). Made-up names."""

from __future__ import annotations

import pytest

from quoteflow.corpus.names import acronym_of, fold, initials, key_id, org_key, parse_person, party_stem
from quoteflow.corpus.people import short_for


@pytest.mark.parametrize(
    ("name", "first", "middles", "last", "suffix", "gender", "titles"),
    [
        ("Jo A. Doe", "jo", "a", "doe", "", None, set()),
        ("Jo Doe", "jo", "", "doe", "", None, set()),
        ("Sen. Jo Doe Jr.", "jo", "", "doe", "jr", None, {"senator"}),
        ("Senator Jo Doe", "jo", "", "doe", "", None, {"senator"}),
        ("Mrs. Ann Vell", "ann", "", "vell", "", "f", set()),
        ("Mr. Vell", "", "", "vell", "", "m", set()),
        ("Former Vice President Tam Rook", "tam", "", "rook", "", None, {"president"}),
        ("Carl H.W. Brandt", "carl", "hw", "brandt", "", None, set()),
        ("Carl Walter Brandt III", "carl", "w", "brandt", "iii", None, set()),
        ("Ana de la Vega", "ana", "", "de la vega", "", None, set()),
        ("de la Vega", "", "", "de la vega", "", None, set()),
        ("Zoë Doe–Ray", "zoe", "", "doe-ray", "", None, set()),
        ("Doe Says", "", "", "doe", "", None, set()),  # a headline verb glued on
        ("Doe's", "", "", "doe", "", None, set()),
        ("Secretary of State Tam Rook", "tam", "", "rook", "", None, {"secretary"}),
    ],
)
def test_parse_person(
    name: str, first: str, middles: str, last: str, suffix: str, gender: str | None, titles: set[str]
) -> None:
    p = parse_person(name)
    assert p is not None
    assert (p.first, p.middles, p.last, p.suffix, p.gender, set(p.titles)) == (
        first, middles, last, suffix, gender, titles,
    )  # fmt: skip


def test_a_title_alone_is_kept_as_a_name() -> None:
    p = parse_person("Senator")
    assert p is not None and p.last == "senator"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("The Harbour Transit Authority", "harbour transit authority", True),
        ("H.T.A.", "HTA", True),
        ("Harbour Transit Authority's", "Harbour Transit Authority", True),
        ("U.S. Tolls Board", "Tolls Board", True),
        ("Department of Tolls", "Tolls Department", True),
        ("Bay & Dale Works", "Bay and Dale Works", True),
        ("Harbour Transit Authority", "Harbour Transit", False),
        ("Bank of Tolls", "Tolls Bank", False),  # only government heads turn round
    ],
)
def test_org_key(a: str, b: str, same: bool) -> None:
    assert (org_key(a) == org_key(b)) is same


@pytest.mark.parametrize(
    ("form", "acronym"),
    [("HTA", "hta"), ("H.T.A.", "hta"), ("the HTA", "hta"), ("HTA's", "hta"), ("Harbour", None),
     ("Hta", None), ("A", None), ("Harbour Transit", None)],
)  # fmt: skip
def test_acronym_of(form: str, acronym: str | None) -> None:
    assert acronym_of(form) == acronym


def test_initials_with_and_without_minor_words() -> None:
    assert initials("Harbour Transit Authority of Tarn") == {"htat", "htaot"}
    assert initials("U.S. Tolls Board") >= {"tb", "utb"}  # with and without the national qualifier
    assert initials("Harbour") == frozenset()


@pytest.mark.parametrize(
    ("a", "b", "stem"),
    [("Zorbists", "Zorbist Party", True), ("Zorbists", "Zorbist party", True), ("Dale Works", "Dale Party", False)],
)
def test_party_stem(a: str, b: str, stem: bool) -> None:
    assert (party_stem(a) is not None and party_stem(a) == party_stem(b)) is stem


@pytest.mark.parametrize(
    ("short", "full", "expected"),
    [("joe", "joseph", True), ("len", "leonard", True), ("dan", "daniel", True), ("chris", "christopher", True),
     ("jo", "joseph", False), ("ivana", "ivanka", False), ("tom", "thomas", False), ("joseph", "joe", False)],
)  # fmt: skip
def test_short_first_names(short: str, full: str, expected: bool) -> None:
    assert short_for(short, full) is expected


def test_key_ids_follow_the_per_article_scheme() -> None:
    from quoteflow.extraction.entities.model import entity_id

    assert key_id("person", "jo doe") == entity_id("person", "Jo  Doe")
    assert key_id("organization", "hta") == entity_id("organization", "HTA")
    assert key_id("person", "jo doe").startswith("per_") and len(key_id("person", "jo doe")) == 20


def _fold_reference(text: str) -> str:
    """fold as first written: every string through NFKD (the fast path skips it for ASCII)."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return " ".join(text.split()).casefold()


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Jo  A. Doe", "jo a. doe"),
        ("ZOË DOE–RAY", "zoe doe-ray"),
        ("Zoë Doe-Ray", "zoe doe-ray"),
        ("O\u2019Bray\u2019s", "o'bray's"),
        ("\u2018Tam\u2019 Rook\u2212Vell", "'tam' rook-vell"),
        ("Straße Works", "strasse works"),
        ("ﬁnch Tolls", "finch tolls"),  # a ligature: compatibility form
        ("\tKalo\nWorks ", "kalo works"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded == _fold_reference(text)
