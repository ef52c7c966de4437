"""Quote clusters: one quotation by one speaker in several articles shares one id (made-up texts)."""

from __future__ import annotations

import itertools
import re

import pytest

from quoteflow.corpus.quotes import QuoteRecord, cluster_quotes, quote_clusters, quote_key

MAYOR = "ent_mayor"
CLERK = "ent_clerk"

LONG = "We will rebuild the north pier by spring, and the ferries will run again from the old harbour."
REST = "rebuild the north pier by spring, and the ferries will run again from the old harbour."


def rec(article: str, qid: str, text: str, kind: str = "direct", speaker: str | None = MAYOR) -> QuoteRecord:
    return QuoteRecord(article, qid, text, kind, speaker)


def same(clusters: dict[str, str], a: str, b: str) -> bool:
    return clusters[a] == clusters[b]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("“We’ll Rebuild — the Pier!”", "we ll rebuild the pier"),
        ("the  north\u00a0pier,\n by spring", "the north pier by spring"),
        ("Ferries... ferries!", "ferries ferries"),
        ("snake_case stays apart", "snake case stays apart"),
        ("…", ""),
    ],
)
def test_quote_key_lowercases_drops_punctuation_and_collapses_whitespace(text: str, key: str) -> None:
    assert quote_key(text) == key


@pytest.mark.parametrize(
    ("other", "other_kind", "expected"),
    [
        # identical after quote_key: punctuation and case differ
        (
            "we will rebuild the north pier by spring -- and the ferries will run again from the old harbour",
            "direct",
            True,
        ),
        # a partial quote inside the longer direct quote, at word boundaries
        ("the ferries will run again", "partial", True),
        ("north pier", "partial", True),  # two content words: long enough
        # too short to tell: one content word, or one content word and function words
        ("ferries", "partial", False),
        ("the ferries", "partial", False),
        # not at a word boundary ("pie" is not "pier")
        ("rebuild the north pie", "partial", False),
        # a transcription variant of the same sentence ("we'll" for "we will")
        (
            "We'll rebuild the north pier by spring, and the ferries will run again from the old harbour.",
            "direct",
            True,
        ),
        # another sentence on the same topic
        ("The north pier needs a new deck before the ferries can run from the harbour again.", "direct", False),
        # reported speech stays out of quotation clusters
        (
            "We will rebuild the north pier by spring, and the ferries will run again from the old harbour.",
            "indirect",
            False,
        ),
    ],
)
def test_pairs_across_articles(other: str, other_kind: str, expected: bool) -> None:
    clusters = cluster_quotes([rec("a1", "q1", LONG), rec("a2", "q2", other, other_kind)])
    assert same(clusters, "q1", "q2") is expected


@pytest.mark.parametrize(
    ("fragment", "articles_with_the_full_quote", "expected"),
    [
        # one content word echoes a quotation only once several articles carry it in full
        ("ferries", 1, False),
        ("ferries", 2, True),
        ("the ferries", 2, True),
        # function words alone: too common to point anywhere
        ("and the", 2, False),
    ],
)
def test_short_fragments(fragment: str, articles_with_the_full_quote: int, expected: bool) -> None:
    full = [rec(f"a{k}", f"q{k}", LONG) for k in range(articles_with_the_full_quote)]
    clusters = cluster_quotes([*full, rec("a9", "q9", fragment, "partial")])
    assert same(clusters, "q0", "q9") is expected


def test_five_function_words_are_enough() -> None:
    clusters = cluster_quotes(
        [rec("a1", "q1", "Tell them it is not what we are, and mean it."), rec("a2", "q2", "it is not what we are")]
    )
    assert same(clusters, "q1", "q2")


def test_an_echo_of_a_word_in_two_quotations_stays_apart() -> None:
    clusters = cluster_quotes(
        [
            *(rec(f"a{k}", f"q{k}", LONG) for k in range(2)),
            *(rec(f"b{k}", f"r{k}", "The ferries are late again and nobody answers.") for k in range(2)),
            rec("a9", "q9", "ferries", "partial"),
        ]
    )
    assert not same(clusters, "q0", "q9")
    assert not same(clusters, "r0", "q9")


def test_the_same_words_by_another_speaker_are_another_quotation() -> None:
    clusters = cluster_quotes([rec("a1", "q1", LONG), rec("a2", "q2", LONG, speaker=CLERK)])
    assert not same(clusters, "q1", "q2")


def test_identical_reported_speech_clusters_but_never_by_containment() -> None:
    reported = "the pier would reopen once the council had approved the repairs"
    clusters = cluster_quotes(
        [
            rec("a1", "q1", reported, "indirect"),
            rec("a2", "q2", reported.capitalize() + ".", "indirect"),  # a reprint: identical after quote_key
            rec("a3", "q3", "the pier would reopen", "indirect"),  # contained, but a paraphrase: not joined
            rec("a4", "q4", "the pier would reopen once the council had approved the repairs", "partial"),
        ]
    )
    assert same(clusters, "q1", "q2")
    assert not same(clusters, "q1", "q3")
    assert not same(clusters, "q1", "q4")


def test_a_fragment_that_fits_two_different_quotations_stays_apart() -> None:
    clusters = cluster_quotes(
        [
            rec("a1", "q1", "The harbour trust has failed this town for ten years."),
            rec("a2", "q2", "I told the minister that the harbour trust has failed us again."),
            rec("a3", "q3", "harbour trust has failed", "partial"),
        ]
    )
    assert len({clusters["q1"], clusters["q2"], clusters["q3"]}) == 3


def test_fragments_of_one_quotation_join_it_through_each_other() -> None:
    clusters = cluster_quotes(
        [
            rec("a1", "q1", LONG),
            rec("a2", "q2", "rebuild the north pier by spring", "partial"),
            rec("a3", "q3", "north pier by spring", "partial"),
            rec("a3", "q4", "old harbour", "partial"),
        ]
    )
    assert len({clusters[q] for q in ("q1", "q2", "q3", "q4")}) == 1


def test_records_without_a_speaker_get_no_cluster_and_empty_texts_stay_alone() -> None:
    clusters = cluster_quotes([rec("a1", "q1", LONG, speaker=None), rec("a1", "q2", "…"), rec("a2", "q3", "...")])
    assert "q1" not in clusters
    assert not same(clusters, "q2", "q3")


def test_cluster_ids_are_qc_and_16_hex() -> None:
    clusters = cluster_quotes([rec("a1", "q1", LONG), rec("a2", "q2", "ferries", "partial")])
    assert all(re.fullmatch(r"qc_[0-9a-f]{16}", cid) for cid in clusters.values())


CORPUS = [
    rec("a1", "q1", LONG),
    rec("a2", "q2", "the ferries will run again", "partial"),
    rec("a3", "q3", LONG.upper()),
    rec("a3", "q4", "The budget is a disgrace to every ratepayer in this town.", "direct", CLERK),
    rec("a4", "q5", "a disgrace to every ratepayer", "partial", CLERK),
    rec("a4", "q6", "the mayor had promised to rebuild the pier", "indirect"),
    rec("a5", "q7", "the mayor had promised to rebuild the pier", "indirect"),
    rec("a5", "q8", "We have no money for the pier this year.", "direct", CLERK),
    rec("a6", "q9", "ferries", "partial", None),
]


def test_clusters_are_a_function_of_the_set_of_records() -> None:
    expected = cluster_quotes(CORPUS)
    for order in itertools.islice(itertools.permutations(CORPUS), 0, 5000, 97):
        assert cluster_quotes(order) == expected
    assert cluster_quotes(CORPUS + CORPUS[:3]) == expected  # a record seen twice changes nothing


def test_a_speaker_block_is_clustered_on_its_own() -> None:
    expected = cluster_quotes(CORPUS)
    blockwise: dict[str, str] = {}
    for speaker in {r.speaker_entity_id for r in CORPUS}:
        blockwise |= cluster_quotes([r for r in CORPUS if r.speaker_entity_id == speaker])
    assert blockwise == expected


def test_a_cluster_keeps_its_id_whatever_else_is_in_the_batch() -> None:
    alone = cluster_quotes(CORPUS[:2])
    with_more = cluster_quotes([*CORPUS, rec("a9", "q10", "A new quotation about the tram.")])
    assert with_more["q1"] == with_more["q2"] == alone["q1"]


def test_quote_clusters_give_canonical_text_speaker_and_members() -> None:
    by_id = {c.cluster_id: c for c in quote_clusters(CORPUS)}
    clusters = cluster_quotes(CORPUS)
    pier = by_id[clusters["q1"]]
    assert pier.speaker_entity_id == MAYOR
    assert pier.canonical_text in (LONG, LONG.upper())  # the longest member's text
    assert pier.quote_ids == ("q1", "q2", "q3")
    assert pier.article_ids == ("a1", "a2", "a3")
    budget = by_id[clusters["q4"]]
    assert budget.canonical_text == "The budget is a disgrace to every ratepayer in this town."
    assert budget.quote_ids == ("q4", "q5")
    assert sum(len(c.quote_ids) for c in by_id.values()) == len(clusters)


def test_the_canonical_member_is_the_longest_and_names_the_cluster() -> None:
    short = "The council has been talking about the harbour wall for a long time now, frankly, and the toll."
    longer = short.replace("toll.", "tolls.")  # as many words, one character more
    (cluster,) = quote_clusters([rec("a1", "q1", short), rec("a2", "q2", longer)])
    assert cluster.quote_ids == ("q1", "q2")
    assert cluster.canonical_text == longer
    assert cluster.cluster_id == quote_clusters([rec("a3", "q3", longer)])[0].cluster_id
