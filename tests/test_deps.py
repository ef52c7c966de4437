"""Dependency labels: rules compare spaCy's symbol ids (`tok.dep`), named sets live in deps.py,
and `subject_of` finds a verb's subject."""

import ast
from pathlib import Path
from typing import Any

import pytest

from quoteflow.extraction import deps
from quoteflow.extraction.deps import ACTIVE_SUBJECTS, NOMINAL_SUBJECTS, SUBJECTS, subject_of

EXTRACTION = Path(deps.__file__).parent


def _is_dep_attr(node: ast.expr, attr: str) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == attr


def _is_literal(node: ast.expr) -> bool:
    """A string constant, or a set/list/tuple (or frozenset(...) call) written out in place."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Set | ast.List | ast.Tuple):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"set", "frozenset"}


def _offences(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        for left, right in zip(sides, sides[1:], strict=False):
            for a, b in ((left, right), (right, left)):
                # `tok.dep_ == "nsubj"`, `tok.dep_ in {"dobj", "dative"}`
                if _is_dep_attr(a, "dep_") and _is_literal(b):
                    found.append(f"line {node.lineno}: dep_ compared with {ast.unparse(b)}")
                # `tok.dep == "nsubj"` is never true: `dep` is an int
                if _is_dep_attr(a, "dep") and isinstance(b, ast.Constant) and isinstance(b.value, str):
                    found.append(f"line {node.lineno}: dep compared with a string")
    return found


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        ('tok.dep_ == "nsubj"', True),
        ('"nsubj" != tok.dep_', True),
        ('tok.dep_ in {"dobj", "dative"}', True),
        ('tok.dep_ not in ("dobj",)', True),
        ('tok.dep_ in frozenset({"dobj"})', True),
        ('tok.dep == "nsubj"', True),
        ("tok.dep == nsubj", False),
        ("tok.dep in OBJECTS", False),
        ("tok.dep in {dobj, dative}", False),
        ('f"role:{tok.dep_}"', False),
    ],
)
def test_the_scan_tells_a_label_literal_from_a_symbol(source: str, bad: bool) -> None:
    assert bool(_offences(source)) is bad


def test_no_dependency_label_is_compared_as_a_string_in_extraction() -> None:
    offences = [
        f"{path.relative_to(EXTRACTION)} {hit}"
        for path in sorted(EXTRACTION.rglob("*.py"))
        for hit in _offences(path.read_text(encoding="utf-8"))
    ]
    assert offences == []


def test_every_label_id_is_what_a_parsed_token_holds(nlp: Any) -> None:
    """The ids deps.py names (spaCy's symbols, or a string's hash where spaCy has no symbol)
    are the `dep` of tokens the pipeline labels so."""
    doc = nlp(
        "The new council leader, Jo Marsh, said on Monday that the old bridge, which was built "
        "by the Acme company, would not reopen. Three of the city's bus drivers were told to wait."
    )
    seen = set()
    for tok in doc:
        label = tok.dep_
        if hasattr(deps, label):
            assert tok.dep == getattr(deps, label), label
            seen.add(label)
    assert {"ROOT", "nsubj", "compound", "amod", "appos", "relcl", "agent", "nsubjpass"} <= seen


@pytest.mark.parametrize(
    ("text", "verb", "kinds", "expected"),
    [
        ("Jo Marsh said it.", "said", None, "Marsh"),
        ("Jo Marsh was told.", "told", None, None),  # the default is the active nominal subject
        ("Jo Marsh was told.", "told", NOMINAL_SUBJECTS, "Marsh"),
        ("There was a vote.", "was", ACTIVE_SUBJECTS, "There"),
        ("There was a vote.", "was", NOMINAL_SUBJECTS, None),
        ("Leave now.", "Leave", SUBJECTS, None),
    ],
)
def test_subject_of_a_verb(nlp: Any, text: str, verb: str, kinds: frozenset[int] | None, expected: str | None) -> None:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == verb)
    found = subject_of(tok) if kinds is None else subject_of(tok, kinds)
    assert (found.text if found is not None else None) == expected


def test_subject_of_skips_what_the_caller_rejects(nlp: Any) -> None:
    doc = nlp("The man who spoke left.")
    spoke = next(t for t in doc if t.text == "spoke")
    assert subject_of(spoke) is not None and subject_of(spoke).text == "who"  # type: ignore[union-attr]
    assert subject_of(spoke, skip=lambda t: t.lower_ == "who") is None
