"""Who speaks: pronouns, descriptions, appositions, spokespeople and documents resolved to the
named entity they stand for, on short made-up texts (one behaviour per row)."""

import pytest

# (id, text, expected {quoted or reported text: speaker name or None})
CASES = [
    (
        "apposition-names-the-speaker",
        "Talbot Rail runs the line. Its managing director, Oren Vask, said fares would stay “exactly where they are”.",
        {"exactly where they are": "Oren Vask", "fares would stay “exactly where they are”": "Oren Vask"},
    ),
    (
        "apposition-after-an-organization",
        "Farrow Tools makes drills. Mr Pell's colleague at Farrow Tools, Dana Crewe, said sales could "
        "“take one more bad year”.",
        {"take one more bad year": "Dana Crewe", "sales could “take one more bad year”": "Dana Crewe"},
    ),
    (
        "named-spokesperson-is-the-speaker",
        "Bram Oakes is running for mayor. “The rules are the rules,” said his spokesman, Teo Marrin.",
        {"The rules are the rules,": "Teo Marrin"},
    ),
    (
        "pronoun-passes-through-an-earlier-pronoun-subject",
        "Wenna Hale, 61, chairs the trust. She met Pip Arden on Monday. “We will not sell,” she said.",
        {"We will not sell,": "Wenna Hale"},
    ),
    (
        "paragraph-opening-pronoun-keeps-the-reporting-speaker",
        "“Sales are weak,” said Ivo Brand, an analyst at Kell Partners. He said the chain had been slow "
        "when its rival, which is run by Lars Oden, cut prices.\n“They lost the young shoppers,” he said.",
        {
            "Sales are weak,": "Ivo Brand",
            "They lost the young shoppers,": "Ivo Brand",
            "the chain had been slow when its rival, which is run by Lars Oden, cut prices": "Ivo Brand",
        },
    ),
    (
        "name-beside-the-subject-counts-as-subject",
        "Cross-examining her, Mr Bly's barrister, Ansel Quarry, doubted her account. “You laughed,” he said.",
        {"You laughed,": "Ansel Quarry"},
    ),
    (
        "age-description-finds-the-person-of-that-age",
        "Colm Reddy, 47, runs the club. Ugo Fenn joined it last year. On Monday the 47-year-old said the "
        "season had been “a disaster”.",
        {"a disaster": "Colm Reddy", "the season had been “a disaster”": "Colm Reddy"},
    ),
    (
        "description-refers-to-the-last-main-subject",
        "Ravi Lund, who presents the morning show, said the station was busy. “It has been a mad week,” "
        "the veteran broadcaster said.",
        {"the station was busy": "Ravi Lund", "It has been a mad week,": "Ravi Lund"},
    ),
    (
        "description-with-which-is-an-organization",
        "Lindale Press publishes poetry. Nia Sorrel won the prize with her third book. The independent "
        "publisher, which has six staff, said the prize was “the best news in years”.",
        {"the best news in years": "Lindale Press", "the prize was “the best news in years”": "Lindale Press"},
    ),
    (
        "apposition-that-is-itself-a-description",
        "The novel follows a ferry pilot. The chair of the judges, the poet Ibrahima Ren, called it "
        "“a thriller with patience”.",
        {"a thriller with patience": "Ibrahima Ren"},
    ),
    (
        "main-clause-subject-before-a-subordinate-pronoun",
        "Hebe Llanwarne will star in the drama. Asked whether she would watch it, Nell Marr laughed. "
        "“Only if they let me write the ending,” she said.",
        {"Only if they let me write the ending,": "Nell Marr"},
    ),
    (
        "it-prefers-the-subject-organization",
        "Pellbrook Rail Ltd, which runs trains under a contract with Corve County Council, said fares would "
        "rise. It said the deal was fair.",
        {"fares would rise": "Pellbrook Rail Ltd", "the deal was fair": "Pellbrook Rail Ltd"},
    ),
    (
        "coordinated-after-a-passive-shares-its-subject",
        "Ffion Bale, 24, hit the post. The 24-year-old was named player of the match but said she took "
        "“no pleasure at all” from it.",
        {"no pleasure at all": "Ffion Bale"},
    ),
    (
        "the-company-beyond-the-window",
        "The station belongs to Saltmere Media.\nThe trial began on Monday.\nThe judge sat alone.\n"
        "The caller was not named.\nThe hearing lasted a day.\nIn its written defence, the company says the "
        "broadcast was “a fair account of a live conversation”.",
        {"a fair account of a live conversation": "Saltmere Media"},
    ),
    (
        "unnamed-critic-stays-unresolved",
        "Mara Tull opened the bridge. “It is far too late,” the critic said.",
        {"It is far too late,": None},
    ),
    (
        "plural-description-stays-unresolved",
        "Mara Tull opened the bridge. “It is far too late,” the residents said.",
        {"It is far too late,": None},
    ),
    (
        "spokesperson-for-an-organization",
        "Asked about the price, a spokesman for Quenby Motors said it was “too early to say”.",
        {"too early to say": "Quenby Motors", "it was “too early to say”": "Quenby Motors"},
    ),
    (
        "spokesperson-for-a-described-organization",
        "Kestwick Gems, the largest jewellery chain, said it would hold prices. Asked about the summer, "
        "a spokesman for the chain said it was “too early to say”.",
        {
            "it would hold prices": "Kestwick Gems",
            "too early to say": "Kestwick Gems",
            "it was “too early to say”": "Kestwick Gems",
        },
    ),
    (
        "organization-compounded-with-spokesperson",
        "Dunmere City Council delayed the vote. A council spokesman said it would publish the study "
        "“once the figures are checked”.",
        {
            "once the figures are checked": "Dunmere City Council",
            "it would publish the study “once the figures are checked”": "Dunmere City Council",
        },
    ),
    (
        "officials-then-they",
        "Officials at the Harrow Port Authority said they would appeal. “This ruling is wrong,” they said.",
        {"they would appeal": "Harrow Port Authority", "This ruling is wrong,": "Harrow Port Authority"},
    ),
    (
        "the-statement-speaks-for-whoever-issued-it",
        "Brindle Foods said in a statement that sales were down. “We are disappointed,” the statement said.",
        {"sales were down": "Brindle Foods", "We are disappointed,": "Brindle Foods"},
    ),
    (
        "a-document-sent-by-a-named-issuer",
        "Voters are angry. A letter the Tarn Valley Party sent to its members on Monday called the plan "
        "“a stunt by a desperate council.”",
        {"a stunt by a desperate council.": "Tarn Valley Party"},
    ),
    (
        "description-resolved-gives-way-to-the-outer-reporter",
        "Former governor Ada Quist is suing the board. The former governor said the records showed that "
        "the board had “hidden the meeting”.",
        {"hidden the meeting": "Ada Quist"},
    ),
    (
        "a-dateline-is-not-the-subject",
        "Tessel Bus Union sues county\nMARROW FORD, Kan. - The Tessel Bus Union sued the county on Monday, "
        "arguing that the new rota was unlawful.",
        {"the new rota was unlawful": "Tessel Bus Union"},
    ),
    (
        "a-complaint-filed-by-its-issuer",
        "The firm denies it. According to a 12-count complaint filed by the Marrow Valley Water Board, the "
        "firm “knowingly poisoned” the river.",
        {"knowingly poisoned": "Marrow Valley Water Board"},
    ),
    (
        "the-report-is-the-survey-named-before",
        "Otters are back on the Lenn. The survey, carried out by the Brisco Wildlife Trust, counted 40 holts. "
        "The report said pollution remained “a stubborn problem”.",
        {
            "a stubborn problem": "Brisco Wildlife Trust",
            "pollution remained “a stubborn problem”": "Brisco Wildlife Trust",
        },
    ),
    (
        "a-survey-whose-author-is-named-in-the-next-sentence",
        "According to a survey published on Monday, otters have returned to “almost every river” in the county. "
        "The survey, carried out by the Brisco Wildlife Trust, counted 40 holts.",
        {"almost every river": "Brisco Wildlife Trust"},
    ),
    (
        "the-lawsuit-speaks-for-who-sued",
        "The Ferris Cab Company sued the city on Monday. The lawsuit says the new licence fees are “a tax on drivers”.",
        {"a tax on drivers": "Ferris Cab Company"},
    ),
    (
        "the-company-is-not-the-court",
        "Halden Homes sold plots that did not exist, Wexcombe Crown Court heard. The company had sent buyers "
        "brochures. The brochures promised returns of “12% a year”.",
        {"12% a year": "Halden Homes"},
    ),
    (
        "a-memo-named-after-its-organization",
        "The Department of Coastal Transport changed the timetable. The aim, as a Coastal Transport memo put "
        "it, was “to keep the buses moving”.",
        {"to keep the buses moving": "Department of Coastal Transport"},
    ),
    (
        "inverted-said-opens-the-sentence",
        "Critics say the plan is weak. Said Orla Venn: “It will not survive the winter.”",
        {"It will not survive the winter.": "Orla Venn"},
    ),
    (
        "closing-saying-belongs-to-the-main-clause",
        "Tobias Dace refused to pay a builder who said he had been cheated out of his fee, saying, "
        "“He did a poor job.”",
        {"He did a poor job.": "Tobias Dace"},
    ),
    (
        "footage-of-someone-saying",
        "Mayor Mina Coll wants a second term. The advert uses footage of Coll saying, “I will never raise taxes.”",
        {"I will never raise taxes.": "Mina Coll"},
    ),
    (
        "relative-clause-after-a-list-of-names",
        "Guests included Ada Marsh, Kit Lyle and Ros Penn, who joked of the hall, “It is bigger than my house.”",
        {"It is bigger than my house.": "Ros Penn"},
    ),
    (
        "what-a-named-person-called-is-theirs",
        "Penrose Stores warned on profits after what its chief executive called “the worst Christmas in years”. "
        "Chief executive Hana Brill said sales fell.",
        {"the worst Christmas in years": "Hana Brill"},
    ),
    (
        "what-it-called-stays-with-the-outer-reporter",
        "The Orchard Party condemned the vote. It denounced what it called “a stitch-up”.",
        {"a stitch-up": "Orchard Party"},
    ),
    (
        "letters-after-a-name",
        "Judge Amos Treve, KC told the hearing the case could have serious consequences.",
        {"the case could have serious consequences": "Amos Treve"},
    ),
    (
        "the-chain-is-the-retailer",
        "Shares in Penrose Stores fell. The department store chain said sales fell 6% in December.",
        {"sales fell 6% in December": "Penrose Stores"},
    ),
    (
        "the-reporting-clause-right-before-the-quote",
        "Officials cited the remark when reporters said Ivo Marr had failed to deny claims he had once told "
        "Lena Ross: “I will never trust you.”",
        {"I will never trust you.": "Ivo Marr"},
    ),
    (
        "a-fragment-in-a-sentence-about-someone-else",
        "Nia Roe won the prize. Roe said: “I am so glad.” Singer Ada Kell - who is nominated for a prize for "
        "playing Joan in the film Lark - dedicated a song to “old friends”.",
        {"I am so glad.": "Nia Roe", "old friends": "Ada Kell"},
    ),
    (
        "the-judge-presiding",
        "The judge presiding has indicated the whole voting system is under scrutiny. Judge Ilsa Marr told "
        "the hearing the case was serious.",
        {"the whole voting system is under scrutiny": "Ilsa Marr"},
    ),
    (
        "a-party-poster-speaks-for-the-party",
        "The Green Valley Party launched its campaign. The Green Valley Party's new posters say the town is "
        "enjoying the lowest rents in a decade.",
        {"the town is enjoying the lowest rents in a decade": "Green Valley Party"},
    ),
    (
        "a-parenthetical-reporting-clause",
        "Ansel Crewe chaired the board for a decade. That is why, he argued, the board should be prepared.",
        {"the board should be prepared": "Ansel Crewe"},
    ),
    (
        "a-name-a-dash-and-the-quote",
        "Senator Ada Kell spoke first. Many Republicans have said the same, including the former governor "
        "Ivo Marsh -- ''It is wrong to hide the returns.''",
        {"It is wrong to hide the returns.": "Ivo Marsh"},
    ),
    (
        "an-object-before-a-dash-is-no-speaker",
        "Ada Kell said Ivo Marsh has seemed supportive of Lena Ross -- ''a different man to me.''",
        {"a different man to me.": "Ada Kell"},
    ),
    (
        "after-saying-takes-the-main-subject",
        "Ada Kell fell on the ice. After saying her foot was “too swollen to walk on,” she was taken to hospital.",
        {"too swollen to walk on,": "Ada Kell"},
    ),
    (
        "a-reported-he-is-no-evidence-of-the-subjects-gender",
        "Coach Maya Orr would not blame the referee, Tom Hale. Orr said he had been fair all game. "
        "“We were slow,” she said.",
        {"We were slow,": "Maya Orr"},
    ),
    (
        "a-description-in-apposition-is-the-name",
        "Voters remember Idris Kolb, now the council leader, who in 2019 called the budget “a fantasy”.",
        {"a fantasy": "Idris Kolb"},
    ),
]


def speakers(x):
    return {q.text: (q.speaker.name if q.speaker else None) for q in x.quotes}


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_speaker(analyze, text, expected):
    _, x = analyze(text)
    got = speakers(x)
    assert {k: got.get(k, "<missing>") for k in expected} == expected


# (id, text, quoted text, the mention the attribution rests on: the cue's own subject)
MENTION_CASES = [
    (
        "relative-pronoun-is-the-mention",
        "Guests included Ada Marsh, Kit Lyle and Ros Penn, who joked of the hall, “It is bigger than my house.”",
        "It is bigger than my house.",
        "who",
    ),
    (
        "pronoun-is-the-mention",
        "Ros Penn opened the hall. “It is bigger than my house,” she said.",
        "It is bigger than my house,",
        "she",
    ),
    (
        "document-is-the-mention",
        "The Ferris Cab Company sued the city on Monday. The lawsuit says the fees are “a tax on drivers”.",
        "a tax on drivers",
        "The lawsuit",
    ),
]


@pytest.mark.parametrize(
    ("text", "quoted", "mention"), [c[1:] for c in MENTION_CASES], ids=[c[0] for c in MENTION_CASES]
)
def test_speaker_mention(analyze, text, quoted, mention):
    _, x = analyze(text)
    spans = {q.text: q.speaker_span for q in x.quotes}
    start, end = spans[quoted]
    assert text[start:end] == mention
