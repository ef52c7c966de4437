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
        "passive-subject-of-a-verb-to-say",
        "The debate was calm. Ivo Brandt was prompted to say, “I cannot believe how quiet it is.”",
        {"I cannot believe how quiet it is.": "Ivo Brandt"},
    ),
    (
        "by-saying-under-an-infinitive",
        "The debate was calm. The former mayor appeared to defend his plan by saying, “We are trying to save "
        "the port.”",
        {"We are trying to save the port.": "The former mayor"},
    ),
    (
        "subject-before-an-interrupting-participle",
        "The debate was calm. Ivo Brandt, asked about the port, had said, “It will stay open.”",
        {"It will stay open.": "Ivo Brandt"},
    ),
    (
        "name-whose-verb-the-parser-read-as-a-modifier",
        "The debate was calm. Ivo Brandt, the party's former leader, tweeted in response: “A fine speech.”",
        {"A fine speech.": "Ivo Brandt"},
    ),
    (
        "reporting-sentence-ending-before-its-quote",
        "The debate was calm. Sela Marr, the party's treasurer, said in a statement. “There are no ballots to "
        "recount.”",
        {"There are no ballots to recount.": "Sela Marr"},
    ),
    (
        "name-inside-a-split-quote",
        "The mill closed in May. “The risk,” said Edda Vorn, an economist who runs the forecast, "
        "“is that we lose the young.”",
        {"The risk,": "Edda Vorn", "is that we lose the young.": "Edda Vorn"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in INVERTED_CASES], ids=[c[0] for c in INVERTED_CASES])
def test_inverted_speaker_mention(analyze, text, expected):
    _, x = analyze(text)
    got = mentions(text, x)
    assert {k: got.get(k, "<missing>") for k in expected} == expected


# 4. documents speak for their filer
DOCUMENT_CASES = [
    (
        "a-grievance-lodged-by",
        "The shop shut in May. The grievance, lodged by Mira Lund, says: “The fee must go.”",
        {"The fee must go.": "Mira Lund"},
    ),
    (
        "a-claim-lodged-by",
        "The shop shut in May. A claim lodged by Mira Lund says: “The fee must go.”",
        {"The fee must go.": "Mira Lund"},
    ),
    (
        "a-notice-posted-by",
        "The shop shut in May. A notice posted by Mira Lund says: “The fee must go.”",
        {"The fee must go.": "Mira Lund"},
    ),
    (
        "a-suit-brought-by",
        "The shop shut in May. The suit, brought by Mira Lund, says the fee is “a tax on breakfast”.",
        {"a tax on breakfast": "Mira Lund", "the fee is “a tax on breakfast”": "Mira Lund"},
    ),
    (
        "a-petition-started-by",
        "The shop shut in May. A petition started by Mira Lund calls the fee “a tax on breakfast”.",
        {"a tax on breakfast": "Mira Lund"},
    ),
    (
        "an-appeal-argues",
        "The shop shut in May. The appeal, lodged by Mira Lund, argues: “The fee must go.”",
        {"The fee must go.": "Mira Lund"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in DOCUMENT_CASES], ids=[c[0] for c in DOCUMENT_CASES])
def test_document_speaks_for_its_filer(analyze, text, expected):
    _, x = analyze(text)
    got = speakers(x)
    assert {k: got.get(k, "<missing>") for k in expected} == expected


# 2. a found speaker gets a name: a proper name that speaks is an entity even when the tagger missed it
NAMED_CASES = [
    (
        "inverted-name-the-tagger-missed",
        "The yard reopened on Monday. “We will build again,” said Marta Day, who runs it.",
        {"We will build again,": "Marta Day"},
    ),
    (
        "name-before-said-the-tagger-missed",
        "The yard reopened on Monday. “We will build again,” Rosette Pambarian said.",
        {"We will build again,": "Rosette Pambarian"},
    ),
    (
        "surname-names-the-full-name-written-earlier",
        "The yard reopened on Monday. Rosette Pambarian runs it with her brother. “We will build again,” "
        "Pambarian said.",
        {"We will build again,": "Rosette Pambarian"},
    ),
    (
        "a-pronoun-goes-to-the-named-speaker",
        "The yard reopened on Monday. “We will build again,” Rosette Pambarian said. “It took a year,” she added.",
        {"We will build again,": "Rosette Pambarian", "It took a year,": "Rosette Pambarian"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in NAMED_CASES], ids=[c[0] for c in NAMED_CASES])
def test_a_speaking_name_is_an_entity(analyze, text, expected):
    _, x = analyze(text)
    got = speakers(x)
    assert {k: got.get(k, "<missing>") for k in expected} == expected


def test_a_speaking_name_is_stored_as_a_person(analyze):
    text = "The yard reopened on Monday. “We will build again,” Rosette Pambarian said."
    _, x = analyze(text)
    person = next(e for e in x.entities if e.name == "Rosette Pambarian")
    assert person.kind == "person"
    assert [text[m.start : m.end] for m in person.mentions] == ["Rosette Pambarian"]


def test_a_speaking_street_is_no_entity(analyze):
    """A government speaking through its address ("Pellham Street said") is neither a person
    nor an organization the article names."""
    _, x = analyze("Ministers met on Monday. Pellham Street said the rift was over.")
    assert not [e.name for e in x.entities]


def test_a_speaking_name_already_found_elsewhere_joins_its_entity(nlp):
    """The tagger missed the name where it speaks and found it elsewhere: one entity, one id
    (two entities of one name would fail the article's validation)."""
    from quoteflow.extraction.entities.model import Entity, EntityIndex, Mention
    from quoteflow.extraction.layout import DocumentLayout
    from quoteflow.extraction.speech.speakernames import with_named_speakers

    text = "The yard reopened on Monday. Rosette Pambarian said it took a year. Rosette Pambarian runs it."
    doc = nlp(text)
    later = text.rindex("Rosette Pambarian")
    span = doc.char_span(later, later + len("Rosette Pambarian"))
    found = Entity(
        kind="person",
        name="Rosette Pambarian",
        aliases=["Rosette Pambarian"],
        mentions=[Mention(span.start_char, span.end_char, span.text, span.start, span.end)],
    )
    index = with_named_speakers(doc, EntityIndex(doc, [found]), [False] * len(doc), DocumentLayout.of(doc))
    assert [e.name for e in index.entities] == ["Rosette Pambarian"]
    assert [m.start for m in index.entities[0].mentions] == [text.index("Rosette Pambarian"), later]
    assert index.at(6) is not None and index.at(6)[0] is found


# (id, text, expected {quoted text: the words naming its speaker})
# 6. a thing that carries words ("a video that said", "a sign that read", "a resolution which
#    says") speaks for whoever issued it, put it out or held it up, named as the subject of the
#    verb it is the object of; "Acme, which said" keeps its pronoun, as "Roe, who said" does, and
#    so does anything no one issued ("a man that said").
RELATIVE_THING_CASES = [
    (
        "released-a-video-that-said",
        "The tours cost a fortune. In selling them, Lem Odra released a promotional video that said, "
        "“We will show you the real coast.”",
        {"We will show you the real coast.": "Lem Odra"},
    ),
    (
        "posted-a-message-that-noted",
        "The Daily Lantern recently posted a message that noted his “tax plan would help the rich more than the poor.”",
        {"tax plan would help the rich more than the poor.": "Daily Lantern"},
    ),
    (
        "voted-for-the-resolution-which-said",
        "The Harwick Council voted 5-2 for the resolution which said the town “rejects the new ring road "
        "and all its works.”",
        {"rejects the new ring road and all its works.": "Harwick Council"},
    ),
    (
        "hoisted-a-sign-that-read",
        "At the rally, Pia Marsh, 9, hoisted a sign that read “Fix our bridge!”",
        {"Fix our bridge!": "Pia Marsh"},
    ),
    (
        "a-paper-that-found-names-its-publisher",
        "Few studies agree. One exception was a 2019 Ostend University paper that found the levy caused "
        "“lasting” harm.",
        {"lasting": "Ostend University"},
    ),
    (
        "a-man-that-said-is-no-thing-issued",
        "Police arrested a man that said “I will be back” as he left.",
        {"I will be back": "that"},
    ),
    (
        "an-organization-which-said-keeps-its-pronoun",
        "Acme Rail, which said “no comment” on Monday, did not reply again.",
        {"no comment": "which"},
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in RELATIVE_THING_CASES], ids=[c[0] for c in RELATIVE_THING_CASES]
)
def test_a_thing_that_says_speaks_for_its_issuer(analyze, text, expected):
    _, x = analyze(text)
    got = mentions(text, x)
    assert {k: got.get(k, "<missing>") for k in expected} == expected


# 7. a dash signature on the line after the quotation ("“…”\n\n-Jo Doe, speaking after the vote.")
#    names the speaker as one on the quotation's own line does
SIGNATURE_LINE_CASES = [
    (
        "hyphen-name-and-description",
        "The mayor spoke for an hour.\n\n“The bridge will open in May. We are ready.”\n\n"
        "-Governor Ada Vell, speaking after the mayor.\n\nThe crowd left early.",
        {"The bridge will open in May. We are ready.": "Ada Vell"},
    ),
    (
        "em-dash-name-and-town",
        "Voices from the fair.\n\n“It is a fine day for the town.”\n\n— Mina Roks, Dunmore.",
        {"It is a fine day for the town.": "Mina Roks"},
    ),
    (
        "a-dash-line-without-a-name-names-no-one",
        "Voices from the fair.\n\n“It is a fine day for the town.”\n\n- more to follow.",
        {"It is a fine day for the town.": None},
    ),
    (
        "a-list-item-under-the-quote-is-no-signature",
        "Voices from the fair.\n\n“It is a fine day for the town.”\n\n- Mina Roks won the cake prize.",
        {"It is a fine day for the town.": None},
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in SIGNATURE_LINE_CASES], ids=[c[0] for c in SIGNATURE_LINE_CASES]
)
def test_a_dash_signature_on_the_next_line(analyze, text, expected):
    _, x = analyze(text)
    got = mentions(text, x)
    assert {k: got.get(k, "<missing>") for k in expected} == expected


# 8. a he or she reporting inside the complement of someone's report ("Roe said he welcomed
#    it and added, “…”", "Roe assures them he will tell the “cranks”") gives the quotation to
#    the outermost reporter, as "Roe said Doe called it “X”" does; a clause of its own
#    ("although she tweeted", "Doe, whom he called") keeps its pronoun
PRONOUN_IN_REPORT_CASES = [
    (
        "said-he-welcomed-and-added",
        "In a phone interview last week, Martin Kellow said he welcomed the audit and added, "
        "“I'll sign anything, no problem.”",
        {"I'll sign anything, no problem.": "Martin Kellow"},
    ),
    (
        "assures-he-will-tell",
        "In his speech to the guild, Vale assures his audience he will tell the “cranks” who oppose the bridge "
        "to “go home.”",
        {"cranks": "Vale", "go home.": "Vale"},
    ),
    (
        "while-she-fears-comparing",
        "Orla Finch, the head of the parish council, has said that while she fears comparing any town to "
        "another, “I have never seen a square like this.”",
        {"I have never seen a square like this.": "Orla Finch"},
    ),
    (
        "although-she-tweeted-keeps-its-pronoun",
        "Kim Orr said late Wednesday that she would go ahead with the meeting, although she tweeted that she "
        "“rejects the plan.”",
        {"rejects the plan.": "she"},
    ),
    (
        "but-he-called-keeps-its-pronoun",
        "Tad Brill, the inspector, recommended that no charges be filed, but he called the works “reckless.”",
        {"reckless.": "he"},
    ),
    (
        "she-said-hung-from-a-later-report-keeps-its-pronoun",
        "Ann Pell watched the debate from her sofa. “I would,” Pell said to the TV.\n\n“You winning?” she said, "
        "but Tom was drifting off again, and as the mayor went on about “how the roads are broken,” and “our own "
        "struggling towns,” Pell said, “I love you,” as if he could hear her.",
        {"You winning?": "she"},
    ),
    (
        "a-pronoun-with-no-report-above-stays",
        "Orla Finch left the hall. “We are done,” she said.",
        {"We are done,": "she"},
    ),
    (
        "after-he-called-is-no-report",
        "Tad Brill walked out after he called the plan “a farce.”",
        {"a farce.": "he"},
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in PRONOUN_IN_REPORT_CASES], ids=[c[0] for c in PRONOUN_IN_REPORT_CASES]
)
def test_a_pronoun_reporting_inside_a_report(analyze, text, expected):
    _, x = analyze(text)
    got = mentions(text, x)
    assert {k: got.get(k, "<missing>") for k in expected} == expected
