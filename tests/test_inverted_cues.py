"""Inverted reporting verbs ("…, said Roe") whose parse gives them a second subject, on made-up
texts: which words of the text name a quotation's speaker."""

import pytest


def mentions(text, x):
    return {q.text: (text[q.speaker_span[0] : q.speaker_span[1]] if q.speaker_span else None) for q in x.quotes}


# (id, text, expected {quoted text: the words naming its speaker})
# 1. "<a thing> … “X” …, said <Name>": the parser makes the thing the subject of the inverted
#    verb; the name after the verb speaks
THING_BEFORE_INVERTED_CASES = [
    (
        "the-refusal-signals-said-name",
        "The vote was close. The refusal of the levy signals “a turning point” for the council, "
        "said Orla Pennick, leader of the opposition group.",
        {"a turning point": "Orla Pennick"},
    ),
    (
        "the-pledge-appeals-said-name",
        "The vote was close. The pledge to “fix the roads first” appeals to older drivers who "
        "remember the old bypass, said Tobin Haskett, a planner at the county office.",
        {"fix the roads first": "Tobin Haskett"},
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in THING_BEFORE_INVERTED_CASES], ids=[c[0] for c in THING_BEFORE_INVERTED_CASES]
)
def test_name_after_an_inverted_verb_beats_a_thing_parsed_as_its_subject(analyze, text, expected):
    _, x = analyze(text)
    got = mentions(text, x)
    assert {k: got.get(k, "<missing>") for k in expected} == expected
