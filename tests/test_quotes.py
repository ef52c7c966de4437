"""Quotations and their speakers on short made-up texts: one behaviour per row."""

import pytest

from quoteflow.extraction.syntax import content_roots

# (id, text, expected rows as (text, quote_type, speaker, speaker_mention, attribution, cue))
CASES = [
    (
        "cue-after",
        "“We will rebuild the bridge,” Jane Roe said.",
        [("We will rebuild the bridge,", "direct", "Jane Roe", "Jane Roe", "explicit", "said")],
    ),
    (
        "said-inversion-with-appositive",
        "“We will rebuild,” said Jane Roe, the mayor of Springfield.",
        [("We will rebuild,", "direct", "Jane Roe", "Jane Roe", "explicit", "said")],
    ),
    (
        "cue-before-colon",
        "Jane Roe told reporters: “The bridge will reopen in May.”",
        [("The bridge will reopen in May.", "direct", "Jane Roe", "Jane Roe", "explicit", "told")],
    ),
    (
        "split-around-one-cue",
        "“The bridge,” Roe said, “will reopen in May.”",
        [
            ("The bridge,", "direct", "Roe", "Roe", "explicit", "said"),
            ("will reopen in May.", "direct", "Roe", "Roe", "explicit", "said"),
        ],
    ),
    (
        "question-before-cue",
        "“Why not?” Roe asked the crowd.",
        [("Why not?", "direct", "Roe", "Roe", "explicit", "asked")],
    ),
    (
        "pronoun-speaker",
        "Jane Roe arrived late. “We are done,” she said.",
        [("We are done,", "direct", "Jane Roe", "she", "explicit", "said")],
    ),
    (
        "description-through-title",
        "Mayor Jane Roe opened the meeting. “We are done,” the mayor said.",
        [("We are done,", "direct", "Jane Roe", "the mayor", "explicit", "said")],
    ),
    (
        "description-without-support",
        "“We are done,” the spokesman said.",
        [("We are done,", "direct", None, "the spokesman", "explicit", "said")],
    ),
    (
        "according-to-quote",
        "According to Jane Roe, “the bridge is safe.”",
        [("the bridge is safe.", "direct", "Jane Roe", "Jane Roe", "explicit", "According to")],
    ),
    (
        "speaker-before-colon",
        "Jane Roe had a warning for the council: “Do not vote yet.”",
        [("Do not vote yet.", "direct", "Jane Roe", "Jane Roe", "explicit", "had")],
    ),
    (
        "continuation-paragraph",
        "Jane Roe spoke on Monday. “We are done,” Roe said.\n“The work starts now.”",
        [
            ("We are done,", "direct", "Jane Roe", "Roe", "explicit", "said"),
            ("The work starts now.", "direct", "Jane Roe", "Roe", "continuation", "said"),
        ],
    ),
    (
        "partial-inside-reported-speech",
        "Jane Roe said the plan was a “total disaster” for the city.",
        [
            ("the plan was a “total disaster” for the city", "indirect", "Jane Roe", "Jane Roe", "explicit", "said"),
            ("total disaster", "partial", "Jane Roe", "Jane Roe", "explicit", "said"),
        ],
    ),
    (
        "indirect-that-clause",
        "Jane Roe said that the bridge would reopen in May.",
        [("the bridge would reopen in May", "indirect", "Jane Roe", "Jane Roe", "explicit", "said")],
    ),
    (
        "indirect-according-to",
        "According to the Springfield Water Board, the reservoir is full.",
        [
            (
                "the reservoir is full",
                "indirect",
                "Springfield Water Board",
                "Springfield Water Board",
                "explicit",
                "According to",
            )
        ],
    ),
    (
        "dash-signature",
        "“We are ready for the storm.” — Jane Roe",
        [("We are ready for the storm.", "direct", "Jane Roe", "Jane Roe", "explicit", "—")],
    ),
    (
        "transcript-label-is-not-quoted",
        'Jane Roe spoke to the council on Monday.\n"ROE: We will rebuild the bridge this year."',
        [("We will rebuild the bridge this year.", "direct", "Jane Roe", "ROE", "explicit", ":")],
    ),
    (
        "appositive-between-quote-and-cue",
        "“It works,” John Doe, vice president of sales at Initech, said.",
        [("It works,", "direct", "John Doe", "John Doe", "explicit", "said")],
    ),
    (
        "organization-pronoun",
        "Initech released its results on Monday. “We grew,” it said.",
        [("We grew,", "direct", "Initech", "it", "explicit", "said")],
    ),
    (
        "company-description",
        "Initech opened a new plant in Ohio. “We are growing,” the company said.",
        [("We are growing,", "direct", "Initech", "the company", "explicit", "said")],
    ),
    (
        "pronoun-gender-learnt-from-the-article",
        "Jane Roe met John Doe on Monday. Doe said his plan was ready.\n“It is done,” he said.",
        [
            ("his plan was ready", "indirect", "John Doe", "Doe", "explicit", "said"),
            ("It is done,", "direct", "John Doe", "he", "explicit", "said"),
        ],
    ),
    (
        "fragment-in-the-speakers-clause",
        "Jane Roe called the plan “a disaster” on Monday.",
        [("a disaster", "partial", "Jane Roe", "Jane Roe", "explicit", "called")],
    ),
    (
        "outermost-report-of-nested-speech",
        "Jane Roe said that John Doe once described the plan as “a disaster.”",
        [
            (
                "John Doe once described the plan as “a disaster.”",
                "indirect",
                "Jane Roe",
                "Jane Roe",
                "explicit",
                "said",
            ),
            ("a disaster.", "partial", "Jane Roe", "Jane Roe", "explicit", "said"),
        ],
    ),
    (
        "headline-quote-takes-the-speaker-of-the-body-quote",
        "Coach hails ‘fearless’ Wanderers\nWanderers won 24-22 on Saturday. “They were fearless,” said Duane "
        "Pell, the coach.",
        [
            ("fearless", "partial", "Duane Pell", "Duane Pell", "continuation", "said"),
            ("They were fearless,", "direct", "Duane Pell", "Duane Pell", "explicit", "said"),
        ],
    ),
    (
        "headline-name-and-colon",
        "Vasko: 'I wrote it for my mother'\nComposer Ilse Vasko, 45, has written an opera. She said it began as "
        "a lullaby.",
        [
            ("I wrote it for my mother", "direct", "Ilse Vasko", "Vasko", "explicit", ":"),
            ("it began as a lullaby", "indirect", "Ilse Vasko", "She", "explicit", "said"),
        ],
    ),
    (
        "headline-quote-with-no-speaker-in-the-body",
        "Council 'had ballot factory'\nThree councillors ran the count.",
        [("had ballot factory", "partial", None, None, None, None)],
    ),
    ("headline-title-is-not-a-quote", "Film of 'The Long Road Home' wins\nThe film won a prize.", []),
    (
        "described-as-with-a-subject-is-speech",
        "The Rail Drivers Union accepted what it described as “a genuinely improved offer”.",
        [("a genuinely improved offer", "partial", "Rail Drivers Union", "it", "explicit", "described")],
    ),
    ("described-as-without-a-subject-is-a-label", "The scheme, described as “Project Lark”, began.", []),
    ("a-label-on-the-next-noun", "Kell Stores holds a patent for its “one-stop shopping” service.", []),
    (
        "an-adjective-before-a-noun-is-said",
        "Jo Ames said she would bring a “common-sense” approach.",
        [
            ("she would bring a “common-sense” approach", "indirect", "Jo Ames", "Jo Ames", "explicit", "said"),
            ("common-sense", "partial", "Jo Ames", "Jo Ames", "explicit", "said"),
        ],
    ),
    (
        "a-defined-term",
        "Jo Ames said the fund needs a “rural enterprise zone,” which is defined as a county with few jobs.",
        [],
    ),
    ("a-term-in-other-words", "Jo Ames wants, in other words, “software inventions” patented.", []),
    ("known-somewhere-as", "The homeware range, known inside the firm as “Project Lark”, sells well.", []),
    (
        "an-event-named-in-a-clause",
        "Jo Ames stressed her record during a “Veterans Leaders Forum” on Monday.",
        [],
    ),
    (
        "a-coinage-the-speaker-fears",
        "Jo Ames said she feared a “Grand Harbour Bargain” with the port.",
        [
            (
                "she feared a “Grand Harbour Bargain” with the port",
                "indirect",
                "Jo Ames",
                "Jo Ames",
                "explicit",
                "said",
            ),
            ("Grand Harbour Bargain", "partial", "Jo Ames", "Jo Ames", "explicit", "said"),
        ],
    ),
    (
        "the-court-heard-names-no-speaker",
        "Two councillors ran a “ballot factory”, the Marlow Crown Court heard.",
        [("ballot factory", "partial", None, None, None, "heard")],
    ),
    (
        "a-reported-clause-around-a-partial-keeps-both",
        "Kell Bank lends to the chain. The bank said it had “every confidence in the board”.",
        [
            ("it had “every confidence in the board”", "indirect", "Kell Bank", "The bank", "explicit", "said"),
            ("every confidence in the board", "partial", "Kell Bank", "The bank", "explicit", "said"),
        ],
    ),
    (
        "a-quote-that-is-the-whole-report-has-no-indirect-twin",
        "Kell Bank lends to the chain. The bank said “every confidence in the board”.",
        [("every confidence in the board", "direct", "Kell Bank", "The bank", "explicit", "said")],
    ),
    ("a-label-on-a-compound-noun", "Ada Kell took calls on his “Keep It Real” radio programme.", []),
    ("a-publication-that-wrote", "Ada Kell spoke late. As “The Evening Ledger” wrote, it was a bad week.", []),
    (
        "a-reporting-clause-inside-the-quoted-clause",
        "Ada Kell spoke at length. Voters, she said, can “rock the vote” and “stir the pot like nobody else.”",
        [
            ("rock the vote", "partial", "Ada Kell", "she", "explicit", "said"),
            ("stir the pot like nobody else.", "partial", "Ada Kell", "she", "continuation", "said"),
        ],
    ),
    (
        "which-someone-called-is-speech",
        "The rule, which Ivo Marsh called “total political nonsense,” was dropped.",
        [("total political nonsense,", "partial", "Ivo Marsh", "Ivo Marsh", "explicit", "called")],
    ),
    ("a-title-is-not-a-quote", "She appeared on “Nightly Report” on Monday.", []),
    ("scare-quotes-are-not-quotes", "The so-called “experts” were wrong again.", []),
    ("a-name-in-quotes-is-not-a-quote", "The county bought a product called “Nimbus,” and tested it.", []),
    ("markup-attribute-is-not-a-quote", 'The post <tweet id="12345">was deleted</tweet> later.', []),
]


def rows(doc, x):
    out = []
    for q in x.quotes:
        mention = doc.text[q.speaker_span[0] : q.speaker_span[1]] if q.speaker_span else None
        out.append(
            (
                q.text,
                q.quote_type,
                q.speaker.name if q.speaker else None,
                mention,
                q.attribution,
                q.cue.text if q.cue else None,
            )
        )
    return out


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_attribution(analyze, text, expected):
    doc, x = analyze(text)
    assert rows(doc, x) == expected


def test_split_quote_rows_share_one_cue(analyze):
    _, x = analyze("“The bridge,” Roe said, “will reopen in May.”")
    assert len({(q.cue.start, q.cue.end) for q in x.quotes}) == 1


def test_every_span_slices_back(analyze):
    quotes = cues = 0
    for _, text, _ in CASES:
        doc, x = analyze(text)
        for q in x.quotes:
            assert doc.text[q.start : q.end] == q.text
            quotes += 1
            if q.cue:
                assert doc.text[q.cue.start : q.cue.end] == q.cue.text
                cues += 1
    # as many as the cases expect: an extraction that found nothing would check nothing
    assert quotes == sum(len(expected) for _, _, expected in CASES)
    assert cues == sum(1 for _, _, expected in CASES for row in expected if row[-1] is not None)


def test_unbalanced_mark_does_not_swallow_the_next_paragraph(analyze):
    text = "Jane Roe said “the vote is off and left the room.\n“We will try again,” John Doe said."
    _, x = analyze(text)
    second = [q for q in x.quotes if q.text == "We will try again,"]
    assert second and second[0].speaker is not None and second[0].speaker.name == "John Doe"
    assert all("\n" not in q.text for q in x.quotes)


def test_a_sentence_root_inside_a_span_is_one_of_its_roots(analyze):
    doc, _ = analyze("Voters can rock the vote.")
    roots = content_roots(doc[0 : len(doc)])
    assert [t.dep_ for t in roots] == ["ROOT"]


# One rule types a quotation in marks (speech/quotetype.py): `direct` when the quoted words are
# a complete utterance (the whole of what their cue reports, a clause of the speaker's, or a
# sentence on their own), `partial` when the writer's own words complete them.
# (id, text, expected [(quoted text, quote_type)])
QUOTE_TYPES = [
    (
        "standalone-sentence-continues",
        "Ilsa Varn runs the farm. “We will not sell,” Varn said. “The farm stays with the family.”",
        [("We will not sell,", "direct"), ("The farm stays with the family.", "direct")],
    ),
    (
        "cue-and-colon-before",
        "Ilsa Varn said: “We will not sell the farm.”",
        [("We will not sell the farm.", "direct")],
    ),
    ("cue-after", "“We will not sell the farm,” Ilsa Varn said.", [("We will not sell the farm,", "direct")]),
    ("a-fragment-that-is-the-whole-utterance", "“A disgrace,” Ilsa Varn said.", [("A disgrace,", "direct")]),
    (
        "that-introduces-the-quoted-clause",
        "Ilsa Varn said that “the plan will fail.”",
        [("the plan will fail.", "direct")],
    ),
    ("the-whole-complement", "Ilsa Varn told the hall “the count is over.”", [("the count is over.", "direct")]),
    ("according-to", "According to Ilsa Varn, “the plan will fail.”", [("the plan will fail.", "direct")]),
    (
        "split-around-the-cue",
        "“The plan,” Ilsa Varn said, “will fail within a year.”",
        [("The plan,", "direct"), ("will fail within a year.", "direct")],
    ),
    (
        "two-quoted-clauses-joined-by-and",
        "Ilsa Varn said “we will fight” and “we will win.”",
        [("we will fight", "direct"), ("we will win.", "direct")],
    ),
    ("a-verb-the-lexicon-lacks", "Ilsa Varn boomed, “We won the vote.”", [("We won the vote.", "direct")]),
    ("a-quoted-clause-as-subject", "“We will win” was the message Ilsa Varn gave.", [("We will win", "direct")]),
    (
        "fragment-ending-the-sentence",
        "Ilsa Varn said the plan was “a betrayal of every family in this county.”",
        [("a betrayal of every family in this county.", "partial")],
    ),
    (
        "the-same-fragment-mid-sentence",
        "Ilsa Varn said on Monday that the plan was “a betrayal of every family in this county,” and left.",
        [("a betrayal of every family in this county,", "partial")],
    ),
    (
        "a-fragment-holding-a-relative-clause",
        "Ilsa Varn said the plan was “a betrayal of every family who lives here.”",
        [("a betrayal of every family who lives here.", "partial")],
    ),
    ("called-it", "Ilsa Varn called it “a mess”.", [("a mess", "partial")]),
    (
        "called-the-plan-a-clause-like-fragment",
        "Ilsa Varn called the plan “a mess that nobody asked for.”",
        [("a mess that nobody asked for.", "partial")],
    ),
    (
        "a-fragment-starting-the-sentence",
        "“A betrayal of every family” was how Ilsa Varn described the plan.",
        [("A betrayal of every family", "partial")],
    ),
    (
        "the-subject-is-the-writers",
        "Ilsa Varn said the plan “will fail within a year.”",
        [("will fail within a year.", "partial")],
    ),
    (
        "subject-outside-around-a-cue",
        "Voters, Ilsa Varn said, can “see through the plan.”",
        [("see through the plan.", "partial")],
    ),
    (
        "described-as",
        "Ilsa Varn described the plan as “a betrayal of every family.”",
        [("a betrayal of every family.", "partial")],
    ),
    (
        "two-fragments-of-one-clause",
        "Ilsa Varn said the council had “lost its way” and “forgotten the farmers.”",
        [("lost its way", "partial"), ("forgotten the farmers.", "partial")],
    ),
    (
        "a-fragment-then-a-sentence",
        "Ilsa Varn said the plan was “a betrayal. We will fight it in court.”",
        [("a betrayal. We will fight it in court.", "partial")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in QUOTE_TYPES], ids=[c[0] for c in QUOTE_TYPES])
def test_quote_type(analyze, text, expected):
    _, x = analyze(text)
    assert [(q.text, q.quote_type) for q in x.quotes if q.quote_type != "indirect"] == expected


# Reported speech through a verb's object or infinitive: an intention is reported as an action,
# a rejection only of content or of someone; the thing a plain noun names is nobody's words.
# (id, text, the indirect rows expected as [(text, cue)])
REPORTED_THROUGH_OBJECTS = [
    (
        "intention-with-an-infinitive",
        "Ilsa Varn plans to sell the farm in the spring.",
        [("sell the farm in the spring", "plans")],
    ),
    (
        "intention-with-a-gerund",
        "Ilsa Varn is planning on selling the farm in the spring.",
        [("selling the farm in the spring", "planning")],
    ),
    (
        "refusal-with-an-infinitive",
        "Ilsa Varn refused to sell the farm to the council.",
        [("sell the farm to the council", "refused")],
    ),
    (
        "rejected-a-claim",
        "Ilsa Varn rejected the claim that the farm had been sold.",
        [("the claim that the farm had been sold", "rejected")],
    ),
    (
        "rejected-an-offer",
        "Ilsa Varn rejected an offer from Kelmar Group on Monday.",
        [("an offer from Kelmar Group", "rejected")],
    ),
    (
        "a-demand-through-for",
        "Ilsa Varn called for an inquiry into the sale.",
        [("an inquiry into the sale", "called")],
    ),
    (
        "urged-someone-to-act",
        "Ilsa Varn urged the council to delay the vote.",
        [("the council to delay the vote", "urged")],
    ),
    ("rejected-a-plain-thing", "The Dunmore Board rejected any delay to the vote.", []),
    ("rejected-a-fee", "Ilsa Varn rejected the late fee on Monday.", []),
    ("declined-a-plain-thing", "Ilsa Varn declined the second helping of pie.", []),
    ("planning-for-an-event", "The Harlow Hawks are planning for the county finals in May.", []),
    ("hoping-for-weather", "Ilsa Varn hopes for rain before the harvest.", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in REPORTED_THROUGH_OBJECTS], ids=[c[0] for c in REPORTED_THROUGH_OBJECTS]
)
def test_reported_through_objects(analyze, text, expected):
    _, x = analyze(text)
    assert [(q.text, q.cue.text) for q in x.quotes if q.quote_type == "indirect"] == expected
