"""spaCy: load the pipeline once per process, parse texts in batches, whatever their length.

Only the components extraction reads are kept running: tokens, tags, lemmas,
the dependency parse (which also gives sentences) and named entities.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import SpacyModelError
from .attributes import COMPONENT as ATTRIBUTES
from .attributes import replace_attribute_components
from .package import REQUIRED_COMPONENTS, label, not_installed
from .paragraphs import paragraph_spans

PARAGRAPH_BREAKS = "quoteflow_paragraph_breaks"

#: components extraction relies on (any others in a configured pipeline are disabled)
USED_COMPONENTS = frozenset(
    {
        "tok2vec",
        "transformer",
        "tagger",
        "morphologizer",
        "parser",
        "attribute_ruler",
        "lemmatizer",
        "ner",
        PARAGRAPH_BREAKS,
        ATTRIBUTES,
    }
)


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at every paragraph: the parser never joins a caption to the next paragraph."""
    starts = {s for s, _ in paragraph_spans(doc.text)}
    for tok in doc:
        if tok.i > 0 and tok.idx in starts:
            tok.is_sent_start = True
    return doc


@functools.cache
def load_pipeline(name: str) -> Language:
    """Load an installed spaCy pipeline package by name (cached: once per process)."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise not_installed(name) from exc
    missing = [c for c in REQUIRED_COMPONENTS if c not in nlp.pipe_names]
    if missing:
        raise SpacyModelError(f"spaCy pipeline {name!r} has no {', '.join(missing)} component; quoteflow needs both")
    nlp.select_pipes(disable=[p for p in nlp.pipe_names if p not in USED_COMPONENTS])
    nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    replace_attribute_components(nlp)  # the same tags, POS, morphology and lemmas, a fifth faster
    return nlp


def pipeline_label(nlp: Language) -> str:
    """`name==version` of the loaded pipeline, stored with every article."""
    return label(nlp.meta)


def split_for_parsing(text: str, max_chars: int) -> list[str]:
    """Cut `text` into pieces of at most about `max_chars` that concatenate back to it.

    Cuts fall after a newline when there is one in the second half of the window,
    else after a space, else anywhere (a single 'word' longer than the window).
    """
    if len(text) <= max_chars:
        return [text]
    pieces = []
    pos = 0
    while len(text) - pos > max_chars:
        window_end = pos + max_chars
        cut = text.rfind("\n", pos + max_chars // 2, window_end)
        if cut < 0:
            cut = text.rfind(" ", pos + max_chars // 2, window_end)
        cut = window_end if cut < 0 else cut + 1
        pieces.append(text[pos:cut])
        pos = cut
    pieces.append(text[pos:])
    return pieces


def parse_each(
    nlp: Language,
    texts: Sequence[str],
    *,
    batch_chars: int = 100_000,
    chunk_chars: int = 10_000,
) -> Iterator[Doc | Exception]:
    """One Doc per text, in order, with `doc.text == text`; or the exception parsing it raised.

    Memory stays bounded whatever the texts: they are parsed in groups of about
    `batch_chars` characters (a long text alone, cut into pieces of about `chunk_chars`
    that are parsed `batch_chars` at a time and joined back), and the tok2vec tensor,
    which extraction does not read, is dropped. A group that fails is parsed text by
    text, so an error costs only the text that raised it.
    """
    for group in _groups(texts, batch_chars):
        try:
            docs: list[Doc | Exception] = list(_parse_group(nlp, group, batch_chars, chunk_chars))
        except Exception:
            docs = []
            for text in group:
                try:
                    docs.extend(_parse_group(nlp, [text], batch_chars, chunk_chars))
                except Exception as exc:
                    docs.append(exc)
        yield from docs


def parse(nlp: Language, texts: Sequence[str], **options: int) -> list[Doc]:
    """`parse_each`, every text parsed or the first error raised (for tests and tools)."""
    docs = []
    for doc in parse_each(nlp, texts, **options):
        if isinstance(doc, Exception):
            raise doc
        docs.append(doc)
    return docs


def _groups(texts: Sequence[str], batch_chars: int) -> Iterator[list[str]]:
    """Consecutive texts of about `batch_chars` characters in all (a longer text alone)."""
    group: list[str] = []
    size = 0
    for text in texts:
        if group and size + len(text) > batch_chars:
            yield group
            group, size = [], 0
        group.append(text)
        size += len(text)
    if group:
        yield group


def _parse_group(nlp: Language, texts: list[str], batch_chars: int, chunk_chars: int) -> list[Doc]:
    pieces: list[str] = []
    owners: list[int] = []
    for i, text in enumerate(texts):
        for piece in split_for_parsing(text, chunk_chars):
            pieces.append(piece)
            owners.append(i)
    parsed: list[list[Doc]] = [[] for _ in texts]
    per_batch = max(1, batch_chars // chunk_chars) if len(texts) == 1 else len(pieces)
    for owner, doc in zip(owners, nlp.pipe(pieces, batch_size=per_batch), strict=True):
        doc.tensor = doc.tensor[:0].copy()  # extraction never reads it; on a long text it is the largest array
        parsed[owner].append(doc)
    docs = []
    for text, parts in zip(texts, parsed, strict=True):
        doc = parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
        parts.clear()
        if doc.text != text:  # offsets index the stored text; never let them drift
            raise ValueError("the parsed text differs from the input text")
        docs.append(doc)
    return docs
