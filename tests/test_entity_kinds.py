"""What a name is — a person, an organization, or neither — from the evidence of the whole
text, not one model label (made-up texts; each case names the cue it exercises)."""

import pytest

from quoteflow.extraction.entities.names import abbreviates, name_tokens, surname_tokens

from .conftest import organizations, people


def _names(entities: dict[str, object]) -> set[str]:
    return {alias for e in entities.values() for alias in e.aliases} | set(entities)


# (id, text, people that must be found, organizations that must be found, names that must be no entity)
KIND_CASES = [
    # ---- people: a person's cues outvote the model's label
    (
        "occupation-before-the-name-is-no-part-of-it",
        "Composer Marek Olund, 45, said the score was finished. Olund will conduct it himself.",
        {"Marek Olund"},
        set(),
        {"Composer Marek Olund"},
    ),
    (
        "honorific-makes-a-person-of-an-organization-label",
        "Mr Holloway-Pike said the figures were wrong.",
        {"Holloway-Pike"},
        set(),
        set(),
    ),
    (
        "appositive-post-before-the-name",
        "The Rail Union said its members would strike. Its general secretary, Ivo Marsh, said talks had failed.",
        {"Ivo Marsh"},
        {"Rail Union"},
        set(),
    ),
    (
        "title-word-ends-no-organization-name",
        "Liberal MEP Anouk Verlaine warned that the rules were unfair.",
        {"Anouk Verlaine"},
        set(),
        {"Liberal MEP"},
    ),
    (
        "one-word-stage-name-with-a-person-cue",
        "The award went to a track featuring Big Tam and Ludo, and to the singer Zolani, 31, who toured in May.",
        {"Big Tam", "Ludo", "Zolani"},
        set(),
        set(),
    ),
    (
        "honorific-joins-the-pieces-of-a-hyphenated-name",
        "Magnus Etheridge-Fox, the chief executive, said the channel would change. Mr Etheridge-Fox did not say when.",
        {"Magnus Etheridge-Fox"},
        set(),
        {"Fox", "Etheridge", "Mr Etheridge-Fox"},
    ),
    (
        "a-surname-is-the-person-not-the-university-named-after-him",
        "Harlan Voss founded Voss University in 2005. Voss said the university was a success. Voss University "
        "later closed.",
        {"Harlan Voss"},
        {"Voss University"},
        set(),
    ),
    # ---- organizations: structure only organizations have
    (
        "the-retailer-x",
        "Shares in the retailer Marlowe fell on Monday after Marlowe warned on profits.",
        set(),
        {"Marlowe"},
        set(),
    ),
    (
        "company-named-like-its-founder",
        "Shares in the retailer Castellane fell. Gideon Castellane, 88, a grandson of the founder, "
        "still owns 9% of the shares.",
        {"Gideon Castellane"},
        {"Castellane"},
        set(),
    ),
    (
        "legal-form-joins-the-pieces-of-a-firm-name",
        "In a court filing, the administrators, Dunmore Fisk LLP, said creditors would recover little.",
        set(),
        {"Dunmore Fisk LLP"},
        {"Dunmore"},
    ),
    (
        "post-in-a-body-before-its-holder",
        "Lakeside coach Dee Mbeki said the team had played well.",
        {"Dee Mbeki"},
        {"Lakeside"},
        set(),
    ),
    (
        "a-campaign-is-an-organization-not-its-candidate",
        "The Marsh campaign said in a statement that it would appeal the ruling.",
        set(),
        {"Marsh campaign"},
        {"Marsh"},
    ),
    (
        "the-leader-of-an-administration-named-alone-is-a-person",
        "Critics said Amazon was a partner in Vance's deportation machine. Amazon should not sell the Vance "
        "administration its software.",
        {"Vance"},
        {"Amazon", "Vance administration"},
        set(),
    ),
    (
        "a-programme-segment-is-no-organization",
        "The mayor appeared for his weekly KXLR CityDesk segment on Friday. Host Brian Lark asked about the plan "
        "on KXLR.",
        {"Brian Lark"},
        {"KXLR"},
        {"KXLR CityDesk"},
    ),
    (
        "an-administration-is-no-person",
        "Critics of the Roe administration complained about the delays.",
        set(),
        {"Roe administration"},
        {"Roe"},
    ),
    (
        "agency-credited-in-a-dateline",
        "LONDON (XNA) — The minister resigned on Friday.",
        set(),
        {"XNA"},
        {"LONDON"},
    ),
    (
        "possessive-inside-a-firm-name",
        "He joined the supermarket group Hobb's Pantry in 2021. The redevelopment of Tanner's Quay was approved.",
        set(),
        {"Hobb's Pantry"},
        {"Hobb", "Tanner", "Tanner's Quay"},
    ),
    (
        "number-after-a-channel-name",
        "The rival channel Kestrel 9 said it would bid for the rights.",
        set(),
        {"Kestrel 9"},
        {"Kestrel"},
    ),
    (
        "conjoined-name-of-one-body",
        "She was the first woman to lead the Central and East Baltic Coalition, which represents 40 groups.",
        set(),
        {"Central and East Baltic Coalition"},
        {"East Baltic Coalition"},
    ),
    # ---- places: a country is a place unless it speaks or, in a sport report, plays
    (
        "a-country-that-speaks",
        "Canada said it would examine every option. Diamonds cut in Belgium are not affected.",
        set(),
        {"Canada"},
        {"Belgium"},
    ),
    (
        "national-teams-in-a-sport-report",
        "Norway beat Wales 2-1 in their qualifier in Cardiff on Tuesday night. Wales manager Ann Brice said her "
        "side had been punished for missed chances. The goalkeeper made three saves before half-time, and the "
        "substitute scored the winning goal from a penalty. The defeat leaves Wales third in the group. Wales play "
        "Iceland in the final match of the season, and the captain said the squad would be ready.",
        {"Ann Brice"},
        {"Norway", "Wales", "Iceland"},
        {"Cardiff", "Wales 2-1"},
    ),
    (
        "club-letters-after-a-club-name",
        "Stellan Roe joined Brakke IF from the Danish club Osterby in January. The striker said the move was "
        "right, and the coach said the squad, the captain and the manager agreed after the match. The league "
        "season starts with a cup game, a penalty and a goal.",
        {"Stellan Roe"},
        {"Brakke IF", "Osterby"},
        set(),
    ),
    (
        "a-venue-is-no-organization",
        "The opera will be staged at the Corran Street Playhouse in May, the company said.",
        set(),
        set(),
        {"Corran Street Playhouse"},
    ),
    (
        "nationalities-are-neither",
        "Donna Sampson, 59, of Ashton, Md., who watched the ceremony, said it was moving. Americans believe the "
        "economy is weak.",
        {"Donna Sampson"},
        set(),
        {"Md.", "Americans"},
    ),
    # ---- works, characters, awards
    (
        "a-work-described-as-one",
        "His album, Paper Lantern Company, sold two million copies.",
        set(),
        set(),
        {"Paper Lantern Company"},
    ),
    (
        "a-character-a-novel-follows",
        "The novel follows Ada Quill, a ferry pilot on a sea loch. Ada Quill will stay with readers for a long time.",
        set(),
        set(),
        {"Ada Quill"},
    ),
    (
        "a-character-said-to-be-invented",
        'The opera, "Song for Mabel Thorn", follows a midwife in a mill town. Mabel Thorn is invented, the '
        "composer said, but every woman in it is real.",
        set(),
        set(),
        {"Mabel Thorn", "Thorn"},
    ),
    (
        "awards-are-neither",
        "The memory of soul legend Ray Fenn dominated the ceremony as he was given eight posthumous Harrowgate "
        "Awards. She won the Harrowgate Prize for fiction and was nominated for an Oscar.",
        {"Ray Fenn"},
        set(),
        {"Harrowgate Awards", "Harrowgate Prize", "Oscar"},
    ),
    # ---- text that is no name
    (
        "byline-and-credit-name-no-person",
        "By Dana Whit, Local Reporter\nThe council delayed the vote on Tuesday. Councillor Ivo Penn said the "
        "delay was a mistake.\nAdditional reporting by Sam Lerner",
        {"Ivo Penn"},
        set(),
        {"Dana Whit", "Sam Lerner"},
    ),
    (
        "picture-credit-and-social-media-line-name-no-person",
        "The mayor said the vote was fair.\nPhotograph: Lise Dunmore\nFollow Marguerite Dallow on Twitter: @mdallow",
        set(),
        set(),
        {"Lise Dunmore", "Marguerite Dallow", "Follow Marguerite Dallow"},
    ),
    (
        "the-author-s-closing-line-names-no-person",
        "The council delayed the vote on Tuesday.\nCouncillor Ivo Penn said the delay was a mistake.\n"
        "Residents were angry.\nAnn Vale writes about local politics for the Dunmore Courier.",
        {"Ivo Penn"},
        set(),
        {"Ann Vale"},
    ),
    (
        "a-shouted-line-names-nothing",
        "HARBOUR VOTE PUSHED BACK TO MARCH\nThe council delayed the vote on Tuesday, councillor Ivo Penn said.",
        {"Ivo Penn"},
        set(),
        {"HARBOUR VOTE PUSHED BACK", "MARCH"},
    ),
    (
        "capitalised-common-words-opening-sentences",
        "Scholars have long debated the question. Seagrass meadows have grown, and the seagrass now covers the bay.",
        set(),
        set(),
        {"Scholars", "Seagrass"},
    ),
    (
        "a-title-case-line-names-nothing",
        "Poll Shows Voters Abandon Party Over Tax Plan\nThe party said the poll was wrong.",
        set(),
        set(),
        {"Poll Shows Voters Abandon Party", "Shows Voters Abandon Party"},
    ),
]


@pytest.mark.parametrize(
    ("text", "persons", "orgs", "neither"), [c[1:] for c in KIND_CASES], ids=[c[0] for c in KIND_CASES]
)
def test_kinds(analyze, text, persons, orgs, neither):
    _, x = analyze(text)
    found_people, found_orgs = people(x), organizations(x)
    assert persons <= set(found_people), f"people found: {sorted(found_people)}"
    assert orgs <= set(found_orgs), f"organizations found: {sorted(found_orgs)}"
    named = _names(found_people) | _names(found_orgs)
    assert not neither & named, f"should be no entity: {sorted(neither & named)}"


# (id, text, organization, aliases it must have, names that must be no second organization)
CLUSTER_CASES = [
    (
        "title-case-acronym-and-hyphen-glued-form",
        "The Baltic Amber Trade Organisation (Bato) met on Monday. Bato said non-Bato members could attend.",
        "Baltic Amber Trade Organisation",
        {"Bato"},
        set(),
    ),
    (
        "acronym-for-the-first-words-and-the-head",
        "The United Provinces Water Council said it would act. The U.P. Water Council later added that the "
        "Water Council had met.",
        "United Provinces Water Council",
        {"U.P. Water Council", "Water Council"},
        set(),
    ),
    (
        "chamber-apart-from-its-committee",
        "The House voted on Tuesday. Leaders in the House and the Senate agreed. The Senate Armed Services "
        "Committee met later.",
        "Senate Armed Services Committee",
        set(),
        {"Senate"},
    ),
    (
        "party-apart-from-its-parliamentary-group",
        "The Civic Party won the vote. Civic Party leaders said the Parliamentary Civic Party would meet on "
        "Monday. Civic said it was pleased.",
        "Civic Party",
        {"Civic"},
        {"Parliamentary Civic Party"},
    ),
    (
        "short-form-without-its-head-noun",
        "The developer, Brenwick Lane Homes, bought the site in 2019. A spokeswoman for Brenwick Lane said the "
        "scheme would go ahead.",
        "Brenwick Lane Homes",
        {"Brenwick Lane"},
        set(),
    ),
    (
        "newspaper-by-its-last-word",
        "The mayor told the Dunmore Falls Courier that she would stand again. The Courier said it had seen the letter.",
        "Dunmore Falls Courier",
        {"Courier"},
        set(),
    ),
]


@pytest.mark.parametrize(
    ("text", "name", "aliases", "others"), [c[1:] for c in CLUSTER_CASES], ids=[c[0] for c in CLUSTER_CASES]
)
def test_organization_clusters(analyze, text, name, aliases, others):
    _, x = analyze(text)
    found = organizations(x)
    assert name in found, f"organizations found: {sorted(found)}"
    assert aliases <= set(found[name].aliases)
    assert not others & set(found[name].aliases), "a different body was merged in"
    for other in others:
        assert other in found, f"{other} should be an organization of its own: {sorted(found)}"


def test_a_name_glued_to_a_newspaper_is_split(analyze):
    _, x = analyze("The editorial board of the Dunmore Post Vance said on Monday. Mayor Tom Vance later disagreed.")
    assert "Dunmore Post" in organizations(x)
    assert "Dunmore Post Vance" not in _names(organizations(x))


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("n. korea", "north korea", True),
        ("u.n. security council", "united nations security council", True),
        ("security council", "united nations security council", False),  # a tail, not an abbreviation
        ("j. roe", "jane doe", False),
        ("north korea", "north korea", False),
    ],
)
def test_abbreviates(short, long, expected):
    assert abbreviates(short.split(), long.split()) is expected


@pytest.mark.parametrize(
    ("text", "words", "surname"),
    [
        ("Magnus Etheridge-Fox met them.", ["Magnus", "Etheridge-Fox"], ("Etheridge", "-", "Fox")),
        ("Anna de la Cruz met them.", ["Anna", "de", "la", "Cruz"], ("de", "la", "Cruz")),
        ("John Q. Public Jr. met them.", ["John", "Q.", "Public", "Jr."], ("Public",)),
    ],
)
def test_name_words_and_surname_tokens(nlp, text, words, surname):
    from quoteflow.extraction.parse import parse

    doc = parse(nlp, [text])[0]
    span = doc[: len(doc) - 3]  # the name, without "met them."
    assert name_tokens(span) == words
    assert surname_tokens(span) == surname


# (id, text, the tagged stretch as words of the text, label, the name that remains)
TRIM_CASES = [
    ("trailing-conjunction", "It featured Lil Jon and Ludo.", "Lil Jon and", "PERSON", "Lil Jon"),
    (
        "trailing-article-of-a-run-in-headline",
        "Soul star Charles The memory lives on.",
        "Charles The",
        "PERSON",
        "Charles",
    ),
    ("letters-after-a-name", "Isidore Fench KC said so.", "Isidore Fench KC", "ORG", "Isidore Fench"),
    ("a-score-after-a-team", "Norway beat Wales 2-1 at home.", "Wales 2-1", "ORG", "Wales"),
    ("a-lower-case-prefix", "The non-Bato members met.", "non-Bato", "PERSON", "Bato"),
    ("a-chant-keeps-its-letters", "They chanted U-S-A loudly.", "U-S-A", "ORG", "U-S-A"),
    (
        "an-occupation-opening-the-sentence",
        "Jeweller Ottla Brack said so.",
        "Jeweller Ottla Brack",
        "PERSON",
        "Ottla Brack",
    ),
]


@pytest.mark.parametrize(
    ("text", "stretch", "label", "name"), [c[1:] for c in TRIM_CASES], ids=[c[0] for c in TRIM_CASES]
)
def test_tagged_stretches_are_trimmed_to_the_name(nlp, text, stretch, label, name):
    from quoteflow.extraction.entities.candidates import clean_candidate
    from quoteflow.extraction.entities.tokens import TokenView
    from quoteflow.extraction.parse import parse

    doc = parse(nlp, [text])[0]
    start_char = text.index(stretch)
    span = doc.char_span(start_char, start_char + len(stretch), alignment_mode="expand")
    found = clean_candidate(TokenView.of(doc), span.start, span.end, label)
    assert [c.span(doc).text for c in found] == [name]
