"""Syndicated copies: MinHash/LSH fingerprints and find_copies on made-up news."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from quoteflow.corpus.copies import (
    BANDS,
    MIN_WORDS,
    SHINGLE_WORDS,
    THRESHOLD,
    Fingerprint,
    candidate_probability,
    find_copies,
    fingerprint,
    in_publication_order,
    jaccard,
    words,
)

# a made-up wire story, six paragraphs (about 420 words)
PARAGRAPHS = [
    "The Velmora city council voted six to three on Tuesday night to close the Old Quay ferry pier "
    "at the end of the year, ending more than eighty years of passenger service across Brindle Bay "
    "and leaving some two thousand daily riders to look for another way to reach the eastern shore.",
    "Council member Oriel Fenwick, who proposed the closure, said the timber pilings under the pier "
    "had rotted beyond repair and that an engineering survey commissioned last spring put the cost "
    "of rebuilding at nearly forty million dollars, more than the city spends on its parks in a decade.",
    '"We cannot ask taxpayers to pour money into a structure that is falling into the water," Fenwick '
    'told a packed chamber. "The honest choice is to plan for what comes next instead of patching '
    'what we have until somebody gets hurt."',
    "Riders and business owners on the eastern shore urged the council to wait. Tamsin Achterberg, "
    "who runs a bakery two blocks from the ferry landing, said her morning trade depends on commuters "
    "walking up from the boats and that a closure would force her to cut staff before the spring.",
    "The council directed the transport office to study an express bus line over the Kessel Bridge "
    "and a smaller floating dock near the fish market, with a report due in March. Transport director "
    "Amadou Lindqvist said the bus could run every twelve minutes at rush hour but would add about "
    "twenty minutes to the trip for most riders coming from the harbour district.",
    "The three members who voted against the closure said they would ask the regional transit board "
    "for emergency money to keep at least one boat running through the summer season. The board meets "
    "again on the first Thursday of next month and has not said whether it will take up the request, "
    "which would need the support of two neighbouring towns that also use the ferry.",
]
ORIGINAL = "Velmora votes to close Old Quay ferry pier\n\n" + "\n\n".join(PARAGRAPHS)

# a reprint: another headline, a dateline and byline, the last paragraph trimmed, wire boilerplate
REPRINT = (
    "Ferry service across Brindle Bay to end as council shuts ageing pier\n\n"
    "By Corla Dunmore\n\nVELMORA, Nov 3 (Coastline Wire) - "
    + "\n\n".join(PARAGRAPHS[:-1])
    + "\n\nReporting by Corla Dunmore; Editing by Piet Harrow\n"
    "Copyright 2026 Coastline Wire. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed."
)

# the same event written separately: the same names, facts and one quotation, other sentences
SEPARATE = """Old Quay pier to shut after eighty years

Velmora's ferry riders will lose their boat across Brindle Bay when the year ends. By a vote of six
to three, the city council on Tuesday approved closing the Old Quay pier, which an engineering survey
found would cost close to forty million dollars to rebuild because its timber pilings have rotted.

Oriel Fenwick, the council member behind the proposal, argued the money was better spent elsewhere.
"We cannot ask taxpayers to pour money into a structure that is falling into the water," she said.

About two thousand people ride the ferry each day, most of them heading to the eastern shore. Several
of them spoke against the plan during the meeting. Bakery owner Tamsin Achterberg warned she might
have to let workers go if the commuters who buy her bread each morning stop coming past her shop.

What replaces the ferry is still open. Transport director Amadou Lindqvist has been asked to look at
two options: express buses over the Kessel Bridge, which he estimated could come every twelve
minutes in the busiest hours, and a small floating dock close to the fish market. His office must
report back by March. Buses would make most trips from the harbour district roughly twenty minutes
longer, Lindqvist told council members.

The minority on the council is not giving up. The three dissenting members plan to ask the regional
transit board for emergency funding to run at least one boat over the summer, a request that two
neighbouring towns served by the ferry would also have to back. The board next meets early next month.

Ferries first crossed the bay from the Old Quay in the years after the great flood, when the road
bridge was still a plan on paper. For generations of families on the eastern shore the boat was the
only practical way into town, and a small crowd of former crew members sat in the public gallery on
Tuesday, some of them holding photographs of the steamers that once tied up at the pier.
"""

EXCERPT = " ".join(PARAGRAPHS[0].split()[:40])
SHORT = "Velmora council votes to close the Old Quay ferry pier at the end of the year."


def test_the_texts_are_what_the_tests_claim() -> None:
    assert 300 <= len(words(ORIGINAL)) <= 600
    assert 300 <= len(words(SEPARATE)) <= 600
    assert len(words(SHORT)) < MIN_WORDS
    assert len(words(EXCERPT)) < MIN_WORDS


@pytest.mark.parametrize(
    ("text", "is_copy"),
    [
        (REPRINT, True),
        # the same text shouted, re-punctuated and re-wrapped is the same text
        (ORIGINAL.upper().replace(",", " ;").replace("\n\n", "\n \t"), True),
        # a reprint cut to its first four paragraphs, with another headline
        ("Pier to close\n\n" + "\n\n".join(PARAGRAPHS[:4]), True),
        (SEPARATE, False),
        # a reprint cut to its first two paragraphs is no longer the same story as far as counts go
        ("\n\n".join(PARAGRAPHS[:2]), False),
    ],
    ids=["reprint", "normalized", "trimmed-to-two-thirds", "written-separately", "first-third"],
)
def test_a_reprint_is_a_copy_and_a_separate_report_is_not(text: str, is_copy: bool) -> None:
    stored = fingerprint("orig", ORIGINAL)
    assert find_copies([fingerprint("new", text)], [stored]) == ({"new": "orig"} if is_copy else {})


def test_the_estimate_tracks_the_exact_jaccard_of_the_shingle_sets() -> None:
    def shingles(text: str) -> set[str]:
        w = words(text)
        return {" ".join(w[i : i + SHINGLE_WORDS]) for i in range(len(w) - SHINGLE_WORDS + 1)}

    for other in (REPRINT, SEPARATE):
        exact = len(shingles(ORIGINAL) & shingles(other)) / len(shingles(ORIGINAL) | shingles(other))
        estimate = jaccard(fingerprint("a", ORIGINAL), fingerprint("b", other))
        assert abs(estimate - exact) < 0.15, (exact, estimate)
    assert jaccard(fingerprint("a", ORIGINAL), fingerprint("b", REPRINT)) >= 0.6
    assert jaccard(fingerprint("a", ORIGINAL), fingerprint("b", SEPARATE)) < 0.2


@pytest.mark.parametrize(
    ("stored_text", "new_text", "is_copy"),
    [
        (SHORT, SHORT, True),
        (SHORT, "  " + SHORT.upper().replace(".", "!"), True),  # identical after normalization
        (SHORT, SHORT.replace("council", "board"), False),
        (SHORT, SHORT.replace("the year", "the month"), False),
        (ORIGINAL, EXCERPT, False),  # a short excerpt of a stored story
        (EXCERPT, ORIGINAL, False),  # a story that contains a stored short item
        ("", "", False),  # no words: nothing to compare
    ],
)
def test_a_short_article_is_a_copy_only_when_identical(stored_text: str, new_text: str, is_copy: bool) -> None:
    found = find_copies([fingerprint("new", new_text)], [fingerprint("old", stored_text)])
    assert found == ({"new": "old"} if is_copy else {})


def test_fingerprints_fit_int64_columns_and_a_moderate_band_count() -> None:
    fp = fingerprint("a", ORIGINAL)
    assert len(fp.bands) == BANDS <= 32
    assert len(set(fp.bands)) == BANDS
    assert all(-(2**63) <= v < 2**63 for v in fp.bands + fp.signature)
    assert all(isinstance(v, int) for v in fp.bands + fp.signature)


def test_the_same_text_gives_the_same_fingerprint_in_another_process() -> None:
    code = "import sys; from quoteflow.corpus.copies import fingerprint; print(fingerprint('a', sys.stdin.read()))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            input=ORIGINAL,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert outputs == {repr(fingerprint("a", ORIGINAL)) + "\n"}


def test_the_s_curve_keeps_pairs_above_the_threshold() -> None:
    assert candidate_probability(THRESHOLD) > 0.85
    assert candidate_probability(0.7) > 0.999
    assert candidate_probability(0.1) < 0.01


def test_only_articles_sharing_a_band_are_compared() -> None:
    stored = fingerprint("orig", ORIGINAL)
    no_band = Fingerprint("orig", tuple(b + 1 for b in stored.bands), stored.signature)
    assert find_copies([fingerprint("new", REPRINT)], [no_band]) == {}


def test_a_batch_points_to_its_earliest_copy_whatever_order_it_arrives_in() -> None:
    published = {
        "wire": datetime(2026, 11, 3, 8, 0, tzinfo=UTC),
        "paper-b": datetime(2026, 11, 3, 9, 30, tzinfo=UTC),
        "paper-a": datetime(2026, 11, 3, 9, 30, tzinfo=UTC),  # same minute: article_id decides
        "undated": None,  # no date at all: last
        "own-report": datetime(2026, 11, 3, 7, 0, tzinfo=UTC),
    }
    texts = {"wire": ORIGINAL, "paper-b": REPRINT, "paper-a": REPRINT, "undated": ORIGINAL, "own-report": SEPARATE}
    expected = {"paper-a": "wire", "paper-b": "wire", "undated": "wire"}
    for order in (list(texts), list(reversed(texts)), sorted(texts)):
        batch = [fingerprint(article_id, texts[article_id]) for article_id in order]
        ordered = in_publication_order(batch, published)
        assert [fp.article_id for fp in ordered] == ["own-report", "wire", "paper-a", "paper-b", "undated"]
        assert find_copies(ordered, []) == expected


def test_a_copy_points_to_the_root_never_to_another_copy() -> None:
    # stored: "wire" and "reprint-1" (its copy). A new trimmed reprint resembles "reprint-1" more
    # than "wire" but is counted as the same story: it points to "wire".
    wire = fingerprint("wire", ORIGINAL)
    reprint = fingerprint("reprint-1", REPRINT)
    trimmed = fingerprint("new", "\n\n".join(PARAGRAPHS[1:5]) + "\n\nReporting by Corla Dunmore")
    assert find_copies([trimmed], [reprint, wire], stored_copy_of={"reprint-1": "wire"}) == {"new": "wire"}
    # within one batch too: the third copy points to the first, not the second
    found = find_copies([wire, reprint, trimmed], [])
    assert found == {"reprint-1": "wire", "new": "wire"}
    # an article already stored (re-extracted) is not a copy of itself
    assert find_copies([fingerprint("wire", ORIGINAL)], [wire]) == {}
