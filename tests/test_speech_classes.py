"""Speech error classes seen on unseen news (issue 18), one table per class, on made-up texts:
who a quotation is given to (the entity) and which words of the text name them (the mention)."""

import pytest


def speakers(x):
    return {q.text: (q.speaker.name if q.speaker else None) for q in x.quotes}


def mentions(text, x):
    return {q.text: (text[q.speaker_span[0] : q.speaker_span[1]] if q.speaker_span else None) for q in x.quotes}


# (id, text, expected {quoted or reported text: speaker name or None})
# 1. the topic's pronoun chain: "he added" goes on with who was speaking, not with the last man named
CHAIN_CASES = [
    (
        "added-goes-on-with-the-speaker-not-the-last-name",
        "Market trader Jo Doe wants the stall fee dropped. Councillor Al Roe defended it last week.\n"
        "Doe told a podcast: “I am done with it.”\n"
        "Doe said he was tired of waiting, and he called the fee “a tax on breakfast”. Roe was not there.\n"
        "“We cannot go on,” he added.",
        {"I am done with it.": "Jo Doe", "a tax on breakfast": "Jo Doe", "We cannot go on,": "Jo Doe"},
    ),
    (
        "a-speaker-of-unstated-gender-beats-a-man-named-since",
        "Kit Arno, a stallholder, wants the market kept open. “It feeds the town,” Arno said. "
        "Mr Bo Lusk owns the car park beside it. “And it always will,” he added.",
        {"It feeds the town,": "Kit Arno", "And it always will,": "Kit Arno"},
    ),
    (
        "continued-goes-on-with-the-speaker",
        "“The pool stays shut,” said Nell Carrow, who chairs the trust. Ms Ada Finch swam there as a child. "
        "“We have no money for it,” she continued.",
        {"The pool stays shut,": "Nell Carrow", "We have no money for it,": "Nell Carrow"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CHAIN_CASES], ids=[c[0] for c in CHAIN_CASES])
def test_pronoun_chain(analyze, text, expected):
    _, x = analyze(text)
    got = speakers(x)
    assert {k: got.get(k, "<missing>") for k in expected} == expected


# (id, text, expected {quoted text: the words naming its speaker})
# 5. a direct quote's speaker after an inverted verb, wherever the parser hung the noun phrase
INVERTED_CASES = [
    (
        "description-with-a-relative-clause",
        "The mill closed in May. “One man came in and said we should leave,” said the woman, who like many "
        "in the town did not want to be named.",
        {"One man came in and said we should leave,": "the woman"},
    ),
    (
        "name-before-a-participle",
        "The mill closed in May. “Is the mill running against the town?” asked Mr. Tamsk, referring to the owners.",
        {"Is the mill running against the town?": "Tamsk"},
    ),
    (
        "name-inside-a-split-quote",
        "The mill closed in May. “The risk,” said Edda Vorn, an economist who runs the forecast, "
        "“is that we lose the young.”",
        {"The risk,": "Edda Vorn", "is that we lose the young.": "Edda Vorn"},
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in INVERTED_CASES], ids=[c[0] for c in INVERTED_CASES]
)
def test_inverted_speaker_mention(analyze, text, expected):
    _, x = analyze(text)
    got = mentions(text, x)
    assert {k: got.get(k, "<missing>") for k in expected} == expected
