"""People and organizations: clustering, type fixes, roles and affiliations (made-up texts)."""

import itertools

import pytest

from quoteflow.extraction.entities.model import entity_id, normalize_name

from .conftest import organizations, people

# (id, text, person name, expected aliases, expected role, expected organization)
PEOPLE_CASES = [
    (
        "surname-and-honorific-cluster",
        "Mayor Jane Roe spoke on Monday. Roe said the budget was fine. Ms. Roe later left.",
        "Jane Roe",
        {"Jane Roe", "Roe"},
        "Mayor",
        None,
    ),
    (
        "premodifier-title-and-org",
        "Acme Corp. Vice President of Sales John Doe spoke at the event in Chicago.",
        "John Doe",
        {"John Doe"},
        "Vice President of Sales",
        "Acme Corp.",
    ),
    (
        "appositive-role-and-org",
        "Mary Smith, executive director of the Coastal Rivers Alliance, said the plan was flawed.",
        "Mary Smith",
        {"Mary Smith"},
        "executive director",
        "Coastal Rivers Alliance",
    ),
    (
        "appositive-spokesman-for",
        "“It is safe,” said John Doe, a spokesman for Initech.",
        "John Doe",
        {"John Doe"},
        "spokesman",
        "Initech",
    ),
    (
        "name-particle-surname",
        "Anna van der Berg opened the session. Later, van der Berg closed it.",
        "Anna van der Berg",
        {"Anna van der Berg", "van der Berg"},
        None,
        None,
    ),
    (
        "leader-of-a-presidency",
        "Critics of the Roe presidency complained about the delays.",
        "Roe",
        {"Roe"},
        None,
        None,
    ),
    ("named-speaker-misread-as-law", "“Why not?” Roe asked the crowd.", "Roe", {"Roe"}, None, None),
    (
        "shorter-name-ends-the-longer",
        "Mary Ann Roe won the vote. Ann Roe thanked her staff.",
        "Mary Ann Roe",
        {"Mary Ann Roe", "Ann Roe"},
        None,
        None,
    ),
    (
        "capitalised-particle-surname",
        "Anna Chandler Van Voorhis founded the firm. Mr. Van Voorhis said it would grow.",
        "Anna Chandler Van Voorhis",
        {"Anna Chandler Van Voorhis", "Van Voorhis"},
        None,
        None,
    ),
    (
        "title-of-an-organization",
        "Former Secretary of the Treasury Jane Roe spoke on Monday.",
        "Jane Roe",
        {"Jane Roe"},
        "Former Secretary of the Treasury",
        "Treasury",
    ),
    (
        "an-organization-before-the-comma-is-no-post",
        "Voters doubt his ability to continue his campaign, Rhea Moss's rival said on Monday.",
        "Rhea Moss",
        {"Rhea Moss"},
        None,
        None,
    ),
    (
        "a-title-names-the-kind-of-body",
        "The Dunmere City Council met on Monday. Council Member Ada Roe said the budget was late.",
        "Ada Roe",
        {"Ada Roe"},
        "Council Member",
        "Dunmere City Council",
    ),
    # roles and affiliations stated before the name, after it, or a sentence away
    (
        "post-in-a-team-before-the-name",
        "Lakeside coach Dee Mbeki said the team had played well.",
        "Dee Mbeki",
        {"Dee Mbeki"},
        "coach",
        "Lakeside",
    ),
    (
        "its-post-refers-to-the-body-named-before",
        "The Rail Union said its members would strike. Its general secretary, Ivo Marsh, said talks had failed.",
        "Ivo Marsh",
        {"Ivo Marsh"},
        "general secretary",
        "Rail Union",
    ),
    (
        "the-agency-s-post-refers-to-the-agency-not-the-firm",
        "The Halden Space Agency launched the probe, built by the firm Kaldor Systems. The agency's director "
        "general, Piet Oster, said it worked.",
        "Piet Oster",
        {"Piet Oster"},
        "director general",
        "Halden Space Agency",
    ),
    (
        "relative-clause-names-the-employer",
        "Jo Park, who hosts a morning show on KXYZ, said listeners had complained.",
        "Jo Park",
        {"Jo Park"},
        "host",
        "KXYZ",
    ),
    (
        "of-an-organization-after-the-name",
        "Professor Hanne Lund of the University of Eastgate said the figures were wrong.",
        "Hanne Lund",
        {"Hanne Lund"},
        "Professor",
        "University of Eastgate",
    ),
    (
        "appositive-post-ends-before-the-employer",
        "Fenwick Abaddo, retail analyst at the broker Ostrow & Vane, said the chain had been slow.",
        "Fenwick Abaddo",
        {"Fenwick Abaddo"},
        "retail analyst",
        "Ostrow & Vane",
    ),
    ("a-relative-is-no-post", "Her husband, Lorne Vale, died last year.", "Lorne Vale", {"Lorne Vale"}, None, None),
    (
        "a-place-is-no-part-of-the-post",
        "Ohio developer Bram Kessel said he would build.",
        "Bram Kessel",
        {"Bram Kessel"},
        "developer",
        None,
    ),  # fmt: skip
    ("an-age-is-no-post", "The 22-year-old Jo Tamm scored twice.", "Jo Tamm", {"Jo Tamm"}, None, None),
    (
        "hyphenated-post",
        "Replacement fly-half Tiago Ferro kicked the penalty.",
        "Tiago Ferro",
        {"Tiago Ferro"},
        "Replacement fly-half",
        None,
    ),
    # a headline capitalises every word: a word the body never spells beside the surname is
    # the headline's, not a given name, and its capitalised words name no post
    (
        "a-headline-word-glued-to-a-surname",
        "Derelict Marrow and Vale Clash\n\nPresident Marrow said the policy had failed. Marrow spoke for an hour.",
        "Marrow",
        {"Marrow"},
        "President",
        None,
    ),
    (
        "a-headline-word-before-a-name-the-body-gives-in-full",
        "One Tweet Sums Up The Absurd Double Standard Quint And Tarn Face.\n\n"
        "Ada Quint needs to tell more jokes. Quint said so on Monday.",
        "Ada Quint",
        {"Ada Quint", "Quint"},
        None,
        None,
    ),
    (
        "a-given-name-only-the-headline-spells-is-not-trusted",
        "Jane Roe Wins Harbour Vote\n\nRoe won the vote on Monday. Roe said she was pleased.",
        "Roe",
        {"Roe"},
        None,
        None,
    ),
    (
        "a-headline-name-the-body-confirms-is-kept",
        "Jane Roe Wins Harbour Vote\n\nJane Roe won the vote on Monday. Roe said she was pleased.",
        "Jane Roe",
        {"Jane Roe", "Roe"},
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "name", "aliases", "role", "org"), [c[1:] for c in PEOPLE_CASES], ids=[c[0] for c in PEOPLE_CASES]
)
def test_people(analyze, text, name, aliases, role, org):
    _, x = analyze(text)
    found = people(x)
    assert name in found, f"people found: {sorted(found)}"
    person = found[name]
    assert set(person.aliases) == aliases
    assert person.role == role
    assert person.affiliation_name == org


# (id, text, organization name, expected aliases subset)
ORG_CASES = [
    (
        "acronym-in-parentheses",
        "The Federal Widget Administration (FWA) issued new rules on Friday. The FWA said they are final.",
        "Federal Widget Administration",
        {"Federal Widget Administration", "FWA"},
    ),
    (
        "possessive-stripped",
        "Initech's new office opened in Austin. Initech said it would hire 200 people.",
        "Initech",
        {"Initech"},
    ),
    (
        "council-head-is-an-organization",
        "The Springfield City Council voted on Tuesday. The City Council will meet again.",
        "Springfield City Council",
        {"Springfield City Council", "City Council"},
    ),
    ("broadcast-call-sign", "She spoke to KQXR on Tuesday about the storm.", "KQXR", {"KQXR"}),
    ("capitals-after-told-are-an-organization", "She told ZENTRA that she would resign.", "ZENTRA", {"ZENTRA"}),
    (
        "described-as-a-company-and-its-short-name",
        "Zentrix Coal, one of the nation's largest coal companies, filed for bankruptcy. "
        "Zentrix said it would sell its mines.",
        "Zentrix Coal",
        {"Zentrix Coal", "Zentrix"},
    ),
    (
        "a-pollster-is-an-organization",
        "A Widgetwatch poll found the mayor ahead. Widgetwatch said the race is close.",
        "Widgetwatch",
        {"Widgetwatch"},
    ),
    (
        "acronym-with-dots",
        "The Federal Widget Commission fined the firm. The F.W.C. said the fine was final.",
        "Federal Widget Commission",
        {"Federal Widget Commission", "F.W.C."},
    ),
]


@pytest.mark.parametrize(("text", "name", "aliases"), [c[1:] for c in ORG_CASES], ids=[c[0] for c in ORG_CASES])
def test_organizations(analyze, text, name, aliases):
    _, x = analyze(text)
    found = organizations(x)
    assert name in found, f"organizations found: {sorted(found)}"
    assert aliases <= set(found[name].aliases)


@pytest.mark.parametrize(
    "text",
    [
        "We sell our Nimbus service to many cities.",  # a product after a possessive determiner
        "The county bought a product called “Nimbus,” and tested it.",  # a name given in quotes
        "She appeared on “Nimbus Tonight,” the weekly show, on Monday.",  # a title filling the marks
    ],
)
def test_products_and_titles_are_neither_people_nor_organizations(analyze, text):
    _, x = analyze(text)
    assert [e.name for e in x.entities if "Nimbus" in e.name] == []


def test_acronym_mentions_point_to_the_expansion(analyze):
    _, x = analyze("The Federal Widget Administration (FWA) issued new rules. The FWA said they are final.")
    org = organizations(x)["Federal Widget Administration"]
    assert [m.text for m in org.mentions] == ["Federal Widget Administration", "FWA", "FWA"]


def test_mentions_slice_back_and_do_not_overlap(analyze):
    doc, x = analyze("Mayor Jane Roe spoke on Monday. Roe said the budget was fine. Ms. Roe later left.")
    spans = sorted((m.start, m.end) for e in x.entities for m in e.mentions)
    assert len(spans) == 3  # "Jane Roe", "Roe", "Roe": none found would check nothing below
    for e in x.entities:
        for m in e.mentions:
            assert doc.text[m.start : m.end] == m.text
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_ids_are_stable_across_articles_and_spelling_noise():
    assert entity_id("person", "Jane Roe") == entity_id("person", "jane  roe")
    assert entity_id("person", "Jane O’Roe") == entity_id("person", "Jane O'Roe")
    assert entity_id("person", "Jane Roe") != entity_id("organization", "Jane Roe")
    assert entity_id("person", "Jane Roe").startswith("per_")
    assert normalize_name(" Jane\nRoe ") == "jane roe"


@pytest.mark.parametrize(
    ("role", "capitals", "names_a_post"),
    [
        ("Absurd Double Standard", True, True),  # in the body, capitals mark a longer title
        ("Absurd Double Standard", False, False),  # in a headline every word is capitalised
        ("Deputy Mayor", False, True),  # a post by its words, wherever it stands
        ("Chief Negotiator", False, True),  # an agent noun
    ],
)
def test_a_headline_role_must_name_a_post_by_its_words(role, capitals, names_a_post):
    from quoteflow.extraction.entities.roles import _names_a_post

    assert _names_a_post(role, capitals=capitals) is names_a_post
