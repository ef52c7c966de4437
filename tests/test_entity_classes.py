"""Classes of entity errors seen on unseen news, one table per class (made-up texts): what a
name is, where it starts and ends, and what a person's role is."""

import pytest

from quoteflow.extraction.entities.candidates import Candidate
from quoteflow.extraction.entities.informal import group_cues
from quoteflow.extraction.entities.tokens import TokenView
from quoteflow.extraction.parse import parse

from .conftest import organizations, people


def _names(entities: dict[str, object]) -> set[str]:
    return {alias for e in entities.values() for alias in e.aliases} | set(entities)


def _check(analyze, text, persons, orgs, neither):
    _, x = analyze(text)
    found_people, found_orgs = people(x), organizations(x)
    assert persons <= set(found_people), f"people found: {sorted(found_people)}"
    assert orgs <= set(found_orgs), f"organizations found: {sorted(found_orgs)}"
    named = _names(found_people) | _names(found_orgs)
    assert not neither & named, f"should be no entity: {sorted(neither & named)}"
    return found_people, found_orgs


# ---- class 4: names are names; a role is a post
# (id, text, people that must be found, organizations that must be found, names that must be no entity)
NAME_CASES = [
    (
        "a-name-written-twice-is-one-name-not-a-longer-one",
        "Jo Doe Jo Doe said nothing. Jo Doe said later that the deal was off.",
        {"Jo Doe"},
        set(),
        {"Jo Doe Jo Doe"},
    ),
    (
        "a-pageant-title-after-miss-is-no-part-of-the-name",
        "Miss Galaxy Ana Roe said she was thrilled. Roe, 24, flew home on Sunday.",
        {"Ana Roe"},
        set(),
        {"Galaxy Ana Roe", "Miss Galaxy Ana Roe"},
    ),
    (
        "a-transcript-label-in-capitals-is-the-person-named-before",
        "Host Mia Kern interviewed the mayor, Ana Roe.\nKERN: Why did you resign?\nROE: I had no choice.\n"
        "KERN: Will you run again?\nROE: Not this year.",
        {"Mia Kern", "Ana Roe"},
        set(),
        set(),
    ),
    (
        "a-fact-checking-site-is-an-organization",
        "The fact-checking site Verimetra said the claim was false. Verimetra rated it as misleading.",
        set(),
        {"Verimetra"},
        set(),
    ),
    (
        "a-given-name-with-an-html-character-reference-opens-the-name",
        "Ren&#233; Halloran said the club deserved to win. Club president Ren&#233; Halloran, 61, was pleased.",
        {"Ren&#233; Halloran"},
        set(),
        {"Ren&#233"},
    ),
    (
        "a-name-the-model-ran-into-an-age-ends-at-the-comma",
        "Ana Roe, 31, and her husband Tim Roe run a bakery in Tarrowby. The couple said trade was good.",
        {"Ana Roe", "Tim Roe"},
        set(),
        set(),
    ),
    (
        "a-first-name-the-model-left-untagged-is-part-of-the-name",
        "Ana Roe, last year's champion, said she would defend her title.",
        {"Ana Roe"},
        set(),
        set(),
    ),
]


@pytest.mark.parametrize(
    ("text", "persons", "orgs", "neither"), [c[1:] for c in NAME_CASES], ids=[c[0] for c in NAME_CASES]
)
def test_names_are_names(analyze, text, persons, orgs, neither):
    _check(analyze, text, persons, orgs, neither)


def test_a_transcript_label_is_no_new_entity(analyze):
    _, x = analyze(NAME_CASES[2][1])
    assert {e.name for e in x.entities} == {"Mia Kern", "Ana Roe"}
    aliases = {e.name: set(e.aliases) for e in x.entities}
    assert "KERN" in aliases["Mia Kern"]
    assert "ROE" in aliases["Ana Roe"]


# (id, text, person, role it must have (None: no role))
ROLE_CASES = [
    (
        "an-epithet-is-no-role",
        "Sleepy Jo Doe said the plan was sound. Doe, 71, said he would run again.",
        "Jo Doe",
        None,
    ),
    (
        "a-prepositional-phrase-before-the-name-is-no-role",
        "In a tweet, Jo Doe said the vote was rigged.",
        "Jo Doe",
        None,
    ),
    (
        "a-title-won-is-no-post",
        "Ana Roe, last year's champion, said she would defend her title.",
        "Ana Roe",
        None,
    ),
    (
        "a-post-after-the-name-is-kept",
        "Jo Pike, a spokeswoman for the council, said the rules were clear.",
        "Jo Pike",
        "spokeswoman for the council",
    ),
    ("an-occupation-before-the-name-is-kept", "Economist Ira Colt said prices would rise.", "Ira Colt", "Economist"),
]


@pytest.mark.parametrize(("text", "person", "role"), [c[1:] for c in ROLE_CASES], ids=[c[0] for c in ROLE_CASES])
def test_a_role_is_a_post(analyze, text, person, role):
    _, x = analyze(text)
    found = people(x)
    assert person in found, f"people found: {sorted(found)}"
    assert found[person].role == role


# ---- class 3: organizations by short or informal names; a descriptor is no part of a name
ORG_NAME_CASES = [
    (
        "parties-by-plural-nicknames-are-organizations",
        "Forward said the plan would fail. The Radicals disagreed, and the Greens called for a vote. Jo Penn, "
        "the Forward leader, said the Radicals had broken their promise.",
        {"Jo Penn"},
        {"Radicals", "Greens"},
        set(),
    ),
    (
        "parties-named-by-their-members-are-organizations",
        "The Liberal Federalists and the Regionalists said they would oppose the bill. The Reformists agreed.",
        set(),
        {"Liberal Federalists", "Regionalists", "Reformists"},
        set(),
    ),
    (
        "a-people-named-by-its-demonym-is-no-organization",
        "The Vandians and the Ostlanders said they would sign. The Merovians agreed.",
        set(),
        set(),
        {"Vandians", "Ostlanders", "Merovians"},
    ),
    (
        "a-newspaper-that-reports-is-an-organization",
        "The Morning Courier reported that the deal had collapsed. The Evening Lantern said the talks would resume.",
        set(),
        {"Morning Courier", "Evening Lantern"},
        set(),
    ),
    (
        "a-descriptor-before-a-company-is-no-part-of-its-name",
        "Bakery chain Crumbley said profits rose. State broadcaster Radio Veldt reported the news.",
        set(),
        {"Crumbley", "Radio Veldt"},
        {"Bakery chain Crumbley", "State broadcaster Radio Veldt"},
    ),
    (
        "a-capitalised-descriptor-opening-a-run-in-sentence-is-no-part-of-the-name",
        "Ostmart profits beat forecasts Supermarket group Ostmart has reported better-than-expected profits. "
        "The firm said sales rose 4%.",
        set(),
        {"Ostmart"},
        {"Supermarket group Ostmart"},
    ),
    (
        "a-demonym-before-a-name-is-no-part-of-it",
        "Texan Jo Doe said she was pleased. Canadian Lia Moreau won the race.",
        {"Jo Doe", "Lia Moreau"},
        set(),
        {"Texan Jo Doe", "Canadian Lia Moreau"},
    ),
    (
        "every-name-listed-after-shares-in-is-a-company",
        "Shares in Arvo, Bellcrest and Corrin Foods fell sharply on Monday after the regulator warned about prices.",
        set(),
        {"Arvo", "Bellcrest", "Corrin Foods"},
        set(),
    ),
]


@pytest.mark.parametrize(
    ("text", "persons", "orgs", "neither"), [c[1:] for c in ORG_NAME_CASES], ids=[c[0] for c in ORG_NAME_CASES]
)
def test_organizations_by_short_names(analyze, text, persons, orgs, neither):
    _check(analyze, text, persons, orgs, neither)


# ---- class 2: works, characters and prizes are neither people nor organizations
WORK_CASES = [
    (
        "a-novel-and-a-medal-are-no-entities",
        "The novel The Salt Orchard won the Linden Fiction Medal on Tuesday. Its author, Mara Quist, said she "
        "was delighted.",
        {"Mara Quist"},
        set(),
        {"Salt Orchard", "The Salt Orchard", "Linden Fiction Medal"},
    ),
    (
        "a-comic-book-hero-and-his-alter-ego-are-characters",
        "The comic-book hero Captain Meridian returns next month. His alter ego, Tom Vale, is a shy reporter. "
        "The artist Ulla Brandt, 88, said Captain Meridian was her favourite.",
        {"Ulla Brandt"},
        set(),
        {"Meridian", "Captain Meridian", "Tom Vale"},
    ),
    (
        "a-prize-for-a-field-is-no-organization",
        "Author Pia Lund won the Halvard Prize for Poetry for her collection Winter Gulls. Lund, 54, said the "
        "Halvard Prize jury was brave.",
        {"Pia Lund"},
        set(),
        {"Halvard Prize for Poetry", "Halvard Prize"},
    ),
    (
        "the-part-an-actor-plays-is-a-character",
        "The film Copper Sky stars Dara Fenn as Kit Rowe, a pilot. Fenn said Rowe was the hardest part she had played.",
        {"Dara Fenn"},
        set(),
        {"Kit Rowe", "Rowe"},
    ),
    (
        "a-villain-of-a-cartoon-is-a-character",
        "Children love the cartoon villain Baron Grimwald. Voice actor Ned Ashby, 61, said Grimwald was fun to play.",
        {"Ned Ashby"},
        set(),
        {"Baron Grimwald", "Grimwald"},
    ),
    (
        "a-war-hero-is-a-person",
        "The war hero Sam Okafor, 97, said the medal belonged to his unit.",
        {"Sam Okafor"},
        set(),
        set(),
    ),
]


@pytest.mark.parametrize(
    ("text", "persons", "orgs", "neither"), [c[1:] for c in WORK_CASES], ids=[c[0] for c in WORK_CASES]
)
def test_works_characters_and_prizes(analyze, text, persons, orgs, neither):
    _check(analyze, text, persons, orgs, neither)


def test_a_person_named_after_as_in_a_clause_is_no_part(analyze):
    """'as' opening a clause ("as Jo Doe watched") casts nobody."""
    _check(
        analyze,
        "The golfer Ama Reyes, 30, played the last hole as Jo Pike watched from the clubhouse.",
        {"Ama Reyes", "Jo Pike"},
        set(),
        set(),
    )


# ---- class 1: team sheets and line-ups
SHEET_REPORT = (
    "Harbour Town 2-1 Kestrel Rovers\n\n"
    "Harbour Town coach Jo Pellow said his side deserved the win over Kestrel Rovers. The striker scored a penalty "
    "and the goalkeeper saved a shot late in the match.\n\n"
    "Harbour Town: Ames; Bell, Cray (Dunn 62), Eady, Fane; Gorman, Hale, Ivers; Jolley, Kemble (Lusk 75), Moray.\n"
    "Subs not used: Nolan, Orme.\n"
    "Goals: Kemble 12, Moray 55.\n\n"
    "Kestrel Rovers: Pryce; Quill, Rusk, Stagg, Tovey; Umber, Vance (Wyatt 70), Yeats; Zane, Abbot, Birt.\n"
    "Booked: Quill.\n"
    "Referee: Carl Deane (Northshire)."
)
# the same sheet run into the text, as a feed without line breaks gives it
SHEET_INLINE = (
    "Wexford City won the cup final on penalties, and coach Ned Alder said the players had earned it. The "
    "goalkeeper made a save and the striker scored in the second half of the match. Wexford City: Tallis, "
    "Morrow, Haig, Pender, Ruddle (Sneyd 80), Crane, Ogle, Faber, Vine, Lydon, Nash. Subs not used: Quayle, "
    "Ostrow. Referee: Ivo Brand."
)
# (id, text, {player: team (None: no team)})
SHEET_CASES = [
    (
        "line-up-names-are-players-of-their-team",
        SHEET_REPORT,
        {
            "Ames": "Harbour Town",
            "Bell": "Harbour Town",
            "Cray": "Harbour Town",
            "Dunn": "Harbour Town",
            "Gorman": "Harbour Town",
            "Hale": "Harbour Town",
            "Kemble": "Harbour Town",
            "Moray": "Harbour Town",
            "Nolan": "Harbour Town",
            "Orme": "Harbour Town",
            "Pryce": "Kestrel Rovers",
            "Quill": "Kestrel Rovers",
            "Wyatt": "Kestrel Rovers",
            "Birt": "Kestrel Rovers",
            "Carl Deane": None,
        },
    ),
    (
        "a-line-up-run-into-the-text",
        SHEET_INLINE,
        {
            "Tallis": "Wexford City",
            "Morrow": "Wexford City",
            "Ruddle": "Wexford City",
            "Sneyd": "Wexford City",
            "Nash": "Wexford City",
            "Quayle": "Wexford City",
            "Ivo Brand": None,
        },
    ),
]


@pytest.mark.parametrize(("text", "players"), [c[1:] for c in SHEET_CASES], ids=[c[0] for c in SHEET_CASES])
def test_team_sheets(analyze, text, players):
    _, x = analyze(text)
    found_people, found_orgs = people(x), organizations(x)
    assert set(players) <= set(found_people), f"missed: {sorted(set(players) - set(found_people))}"
    assert {team for team in players.values() if team} <= set(found_orgs)
    assert {p: found_people[p].affiliation_name for p in players} == players
    # no player is an organization, and no two players are one
    assert not set(found_orgs) & set(players)
    assert not any("," in name for name in found_orgs)


def test_the_referee_has_his_role(analyze):
    _, x = analyze(SHEET_REPORT)
    assert people(x)["Carl Deane"].role == "Referee"


def test_a_short_list_after_a_colon_is_no_team_sheet(analyze):
    """Without a line-up, "Dishes: Lamb, Barley, Quince" says nothing of what the names are."""
    _, x = analyze("The menu was simple. Dishes: Lamb, Barley, Quince. The chef said it would change.")
    assert not {"Lamb", "Barley", "Quince"} & set(people(x))


# (id, text, person, role, affiliation)
AFFILIATION_CASES = [
    (
        "a-body-s-possessive-before-a-name-is-its-member",
        "The Reform Party said the plan would fail. Reform Party's Ada Quint said the vote was close.",
        "Ada Quint",
        None,
        "Reform Party",
    ),
    (
        "a-modifier-of-the-post-is-part-of-it",
        "The Lantern's political editor Nils Rowe said the deal was done. The Lantern is a daily newspaper.",
        "Nils Rowe",
        "political editor",
        "Lantern",
    ),
    (
        "common-words-of-a-run-in-headline-are-no-part-of-the-title",
        "Star wins top award Actress Imogen Vale has won best actress at the Silver Reel Awards.",
        "Imogen Vale",
        "Actress",
        None,
    ),
    (
        "a-post-the-tagger-read-as-a-verb",
        "Harriers striker Ivo Sandor missed a penalty.",
        "Ivo Sandor",
        "striker",
        "Harriers",
    ),
]


@pytest.mark.parametrize(
    ("text", "person", "role", "affiliation"),
    [c[1:] for c in AFFILIATION_CASES],
    ids=[c[0] for c in AFFILIATION_CASES],
)
def test_roles_and_affiliations(analyze, text, person, role, affiliation):
    _, x = analyze(text)
    found = people(x)
    assert person in found, f"people found: {sorted(found)}"
    assert (found[person].role, found[person].affiliation_name) == (role, affiliation)


# (id, text, the plural name, the model's label, its (organization, neither) evidence)
GROUP_CASES = [
    ("a-creed-s-members-name-a-party", "The Reformists agreed to the deal.", "Reformists", "NORP", (4.0, 0.0)),
    ("a-demonym-names-a-people", "The Ostlanders agreed to the deal.", "Ostlanders", "NORP", (0.0, 3.0)),
    ("a-surname-in-s-modifying-a-noun-is-neither", "Some of the Marks people want a say.", "Marks", "NORP", (0.0, 0.0)),
    ("a-plural-read-as-a-person-is-a-group", "The Fed Dems said the plan was wrong.", "Fed Dems", "PERSON", (0.0, 3.0)),
]


@pytest.mark.parametrize(
    ("text", "name", "label", "cues"), [c[1:] for c in GROUP_CASES], ids=[c[0] for c in GROUP_CASES]
)
def test_plural_names_of_groups(nlp, text, name, label, cues):
    doc = parse(nlp, [text])[0]
    words = name.split()
    start = next(t.i for t in doc if t.text == words[0])
    cand = Candidate(start, start + len(words), label)
    assert group_cues(TokenView.of(doc), cand, sport=False) == cues


# ---- the largest remaining errors on entity-dev, in made-up form
REMAINING_CASES = [
    (
        "a-law-repealed-is-no-organization",
        "Jo Penn praised Hillcare on Friday. Penn, 70, said Hillcare had cut the cost of cover. Her opponent "
        "has promised a swift repeal of Hillcare if elected.",
        {"Jo Penn"},
        set(),
        {"Hillcare"},
    ),
    (
        "a-side-s-player-makes-it-a-team",
        "Lorland's Gareth Pryce scored twice as Lorland beat Ostland in the match. Merovia's Bram Dunne was hurt in "
        "the game, and the coach said the team would miss the fly-half. The captain, the striker, the penalty, the "
        "league, the goal and the squad were praised.",
        {"Gareth Pryce", "Bram Dunne"},
        {"Lorland", "Merovia"},
        set(),
    ),
    (
        "a-territory-annexed-is-no-organization",
        "Ministers condemned Vandia's conduct, above all the annexation of Crestia last spring. Jo Penn, 70, "
        "said the sanctions would stay.",
        {"Jo Penn"},
        set(),
        {"Crestia"},
    ),
    (
        "every-side-listed-after-wins-over-is-a-team",
        "Ostland coach Jo Pellow said the squad had improved. The side earned wins over Merovia and then "
        "Vandia before they lost heavily against Lorland. The fly-half scored a try and a penalty, and the "
        "league match went to the final whistle with the captain a substitute after a kick-off delay.",
        {"Jo Pellow"},
        {"Ostland", "Merovia", "Vandia", "Lorland"},
        set(),
    ),
]


@pytest.mark.parametrize(
    ("text", "persons", "orgs", "neither"), [c[1:] for c in REMAINING_CASES], ids=[c[0] for c in REMAINING_CASES]
)
def test_remaining_entity_dev_errors(analyze, text, persons, orgs, neither):
    _check(analyze, text, persons, orgs, neither)


def test_a_party_by_a_clipped_plural_is_no_person(analyze):
    """'The Fed Dems said …': a plural after "the" names a group, never one person."""
    _, x = analyze(
        "Radicals attack Forward tax plans The Moderates have accused Forward of planning a tax rise. Shadow "
        "chancellor Oliver Lamb said Forward's plans would cost families 500 a year. Forward's Pol Fenwick said the "
        "claims were nonsense. The Fed Dems said both parties were wrong. Federal Democrat spokesman Vic Cope "
        'said: "This is a phoney war."',
    )
    assert {"Oliver Lamb", "Pol Fenwick", "Vic Cope"} <= set(people(x))
    assert "Fed Dems" not in _names(people(x))
