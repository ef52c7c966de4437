"""The cached attribute component gives every token exactly what the pipeline's own
attribute ruler and lemmatizer give it: tag, POS, morphology, lemma and dependency."""

import ast

import pytest
import spacy

from quoteflow.extraction.attributes import COMPONENT, LEMMATIZER, RULER, replace_attribute_components
from quoteflow.extraction.parse import PARAGRAPH_BREAKS
from quoteflow.settings import Settings

from .conftest import REPO, SEEDS, eval_path

ATTRIBUTES = REPO / "flows" / "extraction" / "attributes.py"

#: sentences for the ruler's rarer patterns: several tokens, a dependency, IN lists, spaces
SENTENCES = [
    "There's a man who ain't gonna wait, and y'all know it.",
    "Let's go. C'mon, we gotta leave. I don't think so; he does not.",
    "She gave it to me, and I told you: do it, have it, be it.",
    "Whether or not that is true, because it was, the officials said   \n\n  nothing'.",
    "Do they? Did he? He did. They have. It's been done, hasn't it?",
    "The U.S. Senate voted 51-49 on Tuesday; Sen. Ann Lee (D-Ore.) said “no.”",
]


def state(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


@pytest.fixture(scope="module")
def pipelines():
    name = Settings().spacy_model
    original = spacy.load(name)
    original.add_pipe(PARAGRAPH_BREAKS, before="parser")  # the parse quoteflow runs
    cached = spacy.load(name)
    cached.add_pipe(PARAGRAPH_BREAKS, before="parser")
    assert replace_attribute_components(cached)
    assert COMPONENT in cached.pipe_names and RULER not in cached.pipe_names and LEMMATIZER not in cached.pipe_names
    return original, cached


def texts():
    own = sorted((REPO / "tests" / "entity_set" / "text").glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in own] + SENTENCES


def test_every_token_gets_what_the_original_components_give(pipelines):
    original, cached = pipelines
    batch = texts() * 2  # the second pass is served from the cache
    for expected, got in zip(original.pipe(batch), cached.pipe(batch), strict=True):
        assert state(got) == state(expected)


def test_the_same_on_real_news(pipelines):
    original, cached = pipelines
    folder = eval_path("polnear-dev", "text")
    batch = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:30]]
    for expected, got in zip(original.pipe(batch), cached.pipe(batch), strict=True):
        assert state(got) == state(expected)


def test_a_pipeline_it_cannot_stand_in_for_is_left_as_it_is():
    nlp = spacy.blank("en")
    assert not replace_attribute_components(nlp)
    assert nlp.pipe_names == []


def test_only_public_spacy_modules_are_imported():
    """A private module (`spacy.tokens._retokenize`) may move in any release: the component
    writes a token's attributes through `Token`'s public setters instead."""
    tree = ast.parse(ATTRIBUTES.read_text(encoding="utf-8"))
    modules = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    modules += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    spacy_modules = [m for m in modules if m.split(".")[0] == "spacy"]
    assert len(spacy_modules) >= 4  # the walk sees the imports (spacy.language, spacy.tokens …)
    private = [m for m in spacy_modules if any(part.startswith("_") for part in m.split("."))]
    assert not private, private
