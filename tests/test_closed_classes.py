"""Closed-class word lists are stated once: reshape reads punctuation's dashes, and no two
written-out word sets of extraction/ restate each other unless the allow-list says why."""

import ast
import itertools
from pathlib import Path
from typing import Any

import pytest

from quoteflow.extraction import lexicon
from quoteflow.extraction.entities.reshape import dateline_credit, shouting_tokens
from quoteflow.extraction.entities.tokens import TokenView
from quoteflow.extraction.layout import DocumentLayout
from quoteflow.extraction.punctuation import DASHES

EXTRACTION = Path(lexicon.__file__).parent


@pytest.mark.parametrize("dash", [d for d in DASHES if d != "-"])
def test_every_dash_opens_a_dateline(nlp: Any, dash: str) -> None:
    doc = nlp(f"OSTLAKE (XNA) {dash} The minister resigned on Friday.")
    view = TokenView.of(doc)
    assert [doc[c.start].text for c in dateline_credit(view, [])] == ["XNA"]
    assert 0 in shouting_tokens(DocumentLayout.of(doc), view)


# ---- written-out word sets: none restates another --------------------------------------

#: Pairs of written-out sets that share words on purpose: each names a different category
#: that happens to hold the same words, or is read where a shared list would be wrong.
ALLOWED_OVERLAPS = {
    # spaCy's attribute names, POS tags and dependency labels: ids, not words of English
    ("attributes:_REPLAYED", "entities/tokens:_ATTRS"): "attributes replayed vs the columns a TokenView reads",
    ("entities/runs:_NAME_TAGS", "speech/attribution:_NOUN_PHRASE_POS"): "POS tags of a name vs of a noun phrase",
    ("deps:__all__", "speech/features:_ROLES"): "label ids exported vs the ranker's role feature names",
    # function words: each list is a different position in a name or a phrase
    (
        "entities/appositions:_REFERRING_POSSESSIVES",
        "entities/works:_POSSESSIVE_DETERMINERS",
    ): "'its' refers back; 'our' owns a work",
    (
        "entities/candidates:_BEFORE_CAPS_ORG",
        "entities/teams:_RESULT_PREPOSITIONS",
    ): "before an org name vs before a result",
    (
        "entities/candidates:_BEFORE_CAPS_ORG",
        "entities/works:_MINOR",
    ): "before an org name vs lower-case inside a title",
    (
        "entities/candidates:_BEFORE_CAPS_ORG",
        "lexicon:REPORTED_OBJECT_PREPOSITIONS",
    ): "before an org name vs after a verb",
    ("entities/candidates:_APOSTROPHES", "punctuation:SINGLE_QUOTES"): "an apostrophe is typed as a single quote",
    ("entities/candidates:_APOSTROPHES", "punctuation:SENTENCE_END"): "a closing single quote may end a sentence",
    (
        "entities/candidates:_ARTICLES",
        "entities/candidates:_TRAILING_FUNCTION_WORDS",
    ): "articles lead; trailing words close",
    ("entities/candidates:_ARTICLES", "entities/works:_MINOR"): "articles before a name vs inside a title",
    (
        "entities/candidates:_TRAILING_FUNCTION_WORDS",
        "entities/names:_MINOR_WORDS",
    ): "trimmed at a name's end vs kept inside",
    (
        "entities/candidates:_TRAILING_FUNCTION_WORDS",
        "entities/runs:_JOINERS",
    ): "trimmed at the end vs joining two runs",
    ("entities/candidates:_TRAILING_FUNCTION_WORDS", "entities/teams:_LIST_WORDS"): "end of a name vs a list of teams",
    ("entities/candidates:_TRAILING_FUNCTION_WORDS", "entities/works:_MINOR"): "end of a name vs inside a title",
    ("entities/names:_MINOR_WORDS", "entities/runs:_JOINERS"): "words a name keeps vs words that join capitalised runs",
    ("entities/names:_MINOR_WORDS", "entities/works:_MINOR"): "inside a person's or org's name vs a title's rules",
    ("entities/names:_MINOR_WORDS", "lexicon:REPORTED_OBJECT_PREPOSITIONS"): "inside a name vs after a verb",
    ("entities/runs:_JOINERS", "entities/works:_MINOR"): "joining runs vs inside a title",
    ("entities/runs:_JOINERS", "lexicon:REPORTED_OBJECT_PREPOSITIONS"): "joining runs vs after a verb",
    ("entities/teams:_RESULT_PREPOSITIONS", "entities/works:_MINOR"): "before a result vs inside a title",
    ("entities/teams:_RESULT_PREPOSITIONS", "lexicon:REPORTED_OBJECT_PREPOSITIONS"): "a win 'against' vs a call 'for'",
    ("entities/teams:_LIST_WORDS", "entities/works:_MINOR"): "a list of teams vs inside a title",
    ("entities/works:_MINOR", "lexicon:REPORTED_OBJECT_PREPOSITIONS"): "inside a title vs after a verb",
    ("entities/evidence:_HIS_HER", "lexicon:PERSON_PRONOUNS"): "possessive determiners only vs every gendered pronoun",
    ("lexicon:UNGENDERED_SPEAKER_PRONOUNS", "lexicon:SUBJECT_PRONOUNS"): "speakers without a gender vs all subjects",
    (
        "lexicon:UNGENDERED_SPEAKER_PRONOUNS",
        "speech/features:_PLURAL_PRONOUNS",
    ): "'i' speaks too; only the plurals count",
    ("lexicon:SUBJECT_PRONOUNS", "speech/features:_PLURAL_PRONOUNS"): "all subjects vs the ranker's plural feature",
    ("punctuation:SINGLE_QUOTES", "punctuation:SENTENCE_END"): "a closing single quote may end a sentence",
    # content words: the same noun in two categories
    ("entities/evidence:_MODIFIER_TITLES", "lexicon:TITLE_WORDS"): "title words that modify another title",
    (
        "entities/evidence:_MODIFIER_TITLES",
        "lexicon:ORG_OPENING_TITLES",
    ): "a modifier title vs the first word of a body",
    ("entities/evidence:_PEOPLE", "speech/descriptions:_PERSON_NOUNS"): "a person's bearer vs a description of one",
    ("entities/evidence:_MEMBERS", "entities/informal:_STAFF_AT"): "members of an org vs staff 'at' a place",
    ("entities/evidence:_MEMBERS", "lexicon:TITLE_WORDS"): "'X's chairman' marks X an org; a title before a name",
    ("entities/evidence:_MEMBERS", "lexicon:ORG_ROLES"): "plural and singular members vs roles inside an org",
    ("entities/evidence:_MEDIA_PRODUCTS", "lexicon:DOCUMENT_NOUNS"): "an outlet's products vs documents that speak",
    ("entities/evidence:_BUILDING_HEADS", "lexicon:ORG_HEADS"): "a building vs an organisation named by the same head",
    ("entities/evidence:_BUILDING_HEADS", "lexicon:INSTITUTION_HEADS"): "a building vs an institution",
    ("entities/evidence:_BODIES_ALONE", "lexicon:ORG_HEADS"): "a body named by the word alone vs a name's head",
    ("entities/evidence:_BODIES_ALONE", "lexicon:INSTITUTION_HEADS"): "a body named alone vs an institution's head",
    ("entities/informal:_STAFF_AT", "lexicon:ORG_ROLES"): "staff 'at' a place vs roles inside an org",
    ("entities/teams:_RESULT_NOUNS", "lexicon:SPORT_WORDS"): "results vs words that make a text a sport report",
    ("lexicon:TITLE_WORDS", "lexicon:ORG_OPENING_TITLES"): "a title vs the first word of a body ('State Department')",
    ("lexicon:ORG_HEADS", "lexicon:ORG_SUFFIXES"): "a name's head vs its legal suffix (read apart)",
    ("lexicon:ORG_HEADS", "lexicon:INSTITUTION_HEADS"): "every org head vs the institutions generic nouns skip",
    ("lexicon:ORG_HEADS", "lexicon:ORG_DESCRIPTIONS"): "a name's head vs a description that refers back",
    ("lexicon:NAMED_BODIES", "lexicon:ORG_DESCRIPTIONS"): "'the X campaign' is an org; 'the campaign' refers back",
    ("lexicon:NAMING_VERBS", "lexicon:SPEECH_VERBS"): "naming verbs also report speech",
    ("lexicon:SPEECH_VERBS", "lexicon:ADDRESSEE_VERBS"): "verbs of speech that take an addressee",
    ("lexicon:SPEECH_VERBS", "lexicon:CONTINUING_VERBS"): "verbs of speech that continue a speaker",
    ("lexicon:SPEECH_VERBS", "lexicon:REPORTED_OBJECT_VERBS"): "a cue of a quotation vs an indirect report",
    ("lexicon:FINDINGS_DOCUMENTS", "lexicon:DOCUMENT_VERBS"): "documents vs their verbs (a mapping)",
    ("lexicon:DOCUMENT_NOUNS", "lexicon:DOCUMENT_VERBS"): "documents vs their verbs (a mapping)",
    ("lexicon:STREET_HEADS", "lexicon:VENUE_HEADS"): "a street speaking is a government; a venue is a place",
    ("lexicon:INSTITUTION_HEADS", "lexicon:ORG_DESCRIPTIONS"): "a name's head vs a description that refers back",
    ("lexicon:INSTITUTION_HEADS", "lexicon:ORG_NOUNS"): "a name's head vs a noun describing an org",
    ("lexicon:GENERIC_ORG_DESCRIPTIONS", "lexicon:ORG_NOUNS"): "refers back to an org vs makes a name one",
    ("lexicon:ORG_DESCRIPTIONS", "lexicon:ORG_NOUNS"): "refers back to an org vs makes a name one",
    ("lexicon:SPORT_WORDS", "lexicon:TEAM_NOUNS"): "a sport report's words vs nouns a team name modifies",
}


def _written_words(node: ast.expr) -> set[str] | None:
    """The words of a set, list or tuple of strings, a "... ".split() or a dict's string keys."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"frozenset", "set"}:
        return _written_words(node.args[0]) if node.args else None
    strings = all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in getattr(node, "elts", ()))
    if isinstance(node, ast.Set | ast.List | ast.Tuple) and node.elts and strings:
        return {e.value for e in node.elts if isinstance(e, ast.Constant)}
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "split"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
        and not node.args
    ):
        return set(node.func.value.value.split())
    if (
        isinstance(node, ast.Dict)
        and node.keys
        and all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.keys)
    ):
        return {k.value for k in node.keys if isinstance(k, ast.Constant)}
    return None


def _word_sets(source: str, module: str) -> list[tuple[str, set[str]]]:
    """Module-level names with the first word list written out in their value."""
    out = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        for sub in ast.walk(value):
            words = _written_words(sub) if isinstance(sub, ast.expr) else None
            if words is not None and len(words) >= 2:
                out.append((f"{module}:{target.id}", words))
                break
    return out


def _restatements(sets: list[tuple[str, set[str]]]) -> dict[tuple[str, str], list[str]]:
    """Pairs sharing two words or more, at least half of the smaller: one list written again."""
    found = {}
    for (a, wa), (b, wb) in itertools.combinations(sets, 2):
        shared = wa & wb
        if len(shared) >= 2 and 2 * len(shared) >= min(len(wa), len(wb)):
            found[(a, b)] = sorted(shared)
    return found


def _extraction_word_sets() -> list[tuple[str, set[str]]]:
    out = []
    for path in sorted(EXTRACTION.rglob("*.py")):
        module = path.relative_to(EXTRACTION).with_suffix("").as_posix()
        out += _word_sets(path.read_text(encoding="utf-8"), module)
    return out


def test_the_scan_finds_a_list_written_twice() -> None:
    sets = _word_sets(
        'A = frozenset({"spokesman", "spokeswoman"})\nB = {"x": 1}\nC = "spokesman spokeswoman aide".split()\n'
        'D = frozenset({"aide", "deputy", "envoy", "consul"})\n',
        "m",
    )
    assert _restatements(sets) == {("m:A", "m:C"): ["spokesman", "spokeswoman"]}


def test_no_closed_class_list_of_extraction_restates_another() -> None:
    found = _restatements(_extraction_word_sets())
    assert {pair: words for pair, words in found.items() if pair not in ALLOWED_OVERLAPS} == {}


def test_every_allowed_overlap_still_exists() -> None:
    found = _restatements(_extraction_word_sets())
    assert [pair for pair in ALLOWED_OVERLAPS if pair not in found] == []
