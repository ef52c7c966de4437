"""Quotation-mark pairing on the marks news text really contains."""

import pytest

from quoteflow.extraction.paragraphs import paragraph_spans
from quoteflow.extraction.quotemarks import find_quote_marks

CASES = [
    # (id, text, [(content, closed), ...])
    ("curly", "She said “we will win” today.", [("we will win", True)]),
    ("straight", 'He said "no more" twice.', [("no more", True)]),
    ("backticks", "``We are ready,'' he said.", [("We are ready,", True)]),
    ("doubled-apostrophes-both-sides", "''It works,'' she said. ''Mostly.''", [("It works,", True), ("Mostly.", True)]),
    ("guillemets", "Il a dit «oui» hier.", [("oui", True)]),
    ("single-inside-double", "“He told me ‘never’ to call,” she said.", [("He told me ‘never’ to call,", True)]),
    (
        "multi-paragraph-reopened",
        "“The first part ends here.\n“The second part closes it.”",
        [("The first part ends here.", False), ("The second part closes it.", True)],
    ),
    ("wrong-way-apostrophe-close", "“It was over.’\nThe next paragraph.", [("It was over.", True)]),
    ("wrong-way-opening-close", "She said: “It was over.“\nThe next paragraph.", [("It was over.", True)]),
    ("closer-typed-as-opener", "”Fine,” he said.", [("Fine,", True)]),
    ("inches-are-not-quotes", 'The plank is 5\'11" long and "solid" too.', [("solid", True)]),
    (
        "stray-mark-bounded-by-paragraph",
        "A “stray mark opens here and never closes.\nA “real quote” follows.",
        [("stray mark opens here and never closes.", False), ("real quote", True)],
    ),
    ("stray-spaced-opener-ignored", "Prices “ rose again.\nShe said “yes” then.", [("yes", True)]),
    ("empty-marks", 'An empty "" pair.', []),
    (
        "nested-double-quotes",
        "“I live in what he calls “hell” every day,” she said.",
        [("I live in what he calls “hell” every day,", True)],
    ),
    (
        "reopened-without-enough-closers",
        "“One was never closed. “Two is,” she said.",
        [("One was never closed.", False), ("Two is,", True)],
    ),
    (
        "curly-pair-inside-a-straight-one",
        'He said: "I read the question: “Are you sick?” Forty, yes." Then he left.',
        [("I read the question: “Are you sick?” Forty, yes.", True)],
    ),
    ("single-marks-in-a-headline", "Mayor calls plan 'a fantasy'\nThe mayor spoke.", [("a fantasy", True)]),
    ("curly-single-marks", "Shares slump after ‘brutal’ Christmas", [("brutal", True)]),
    (
        "apostrophes-are-not-quotes",
        "Don't let the players' union's '90s rock 'n' roll stop Jo's plan.",
        [],
    ),
    ("single-marks-after-a-colon", "Roe: 'We will not sell'\nBody.", [("We will not sell", True)]),
    ("a-possessive-does-not-close", "The 'fans' club' said no.", [("fans' club", True)]),
    ("a-word-ending-in-s-closes", "Coach hails ‘fearless’ side", [("fearless", True)]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_pairs(text, expected):
    spans = find_quote_marks(text, paragraph_spans(text))
    assert [(text[s.start : s.end], s.closed) for s in spans] == expected
    for s in spans:  # marks sit outside the content
        assert s.open_start < s.start <= s.end <= s.close_end


def test_quote_never_crosses_a_paragraph():
    text = "“One\ntwo” three\n“four”"
    spans = find_quote_marks(text, paragraph_spans(text))
    assert len(spans) == 2  # "One" (left open where its paragraph ends) and "four": none found passes no loop
    for s in spans:
        assert "\n" not in text[s.open_start : s.close_end]


def test_ten_thousand_marks_stay_bounded():
    text = ('"' * 10_000) + "\nShe said “fine” later."
    spans = find_quote_marks(text, paragraph_spans(text))
    assert spans[-1:] and text[spans[-1].start : spans[-1].end] == "fine"
    assert all(s.close_end <= text.index("\n") or s.open_start > text.index("\n") for s in spans)
