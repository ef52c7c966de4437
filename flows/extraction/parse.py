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
    }
)
REQUIRED_ANNOTATIONS = ("parser", "ner")


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
        raise SpacyModelError(
            f"spaCy pipeline {name!r} is not installed: run `make install`, "
            f"or set QUOTEFLOW_SPACY_MODEL to an installed English pipeline"
        ) from exc
    missing = [c for c in REQUIRED_ANNOTATIONS if c not in nlp.pipe_names]
    if missing:
        raise SpacyModelError(f"spaCy pipeline {name!r} has no {', '.join(missing)} component; quoteflow needs both")
    nlp.select_pipes(disable=[p for p in nlp.pipe_names if p not in USED_COMPONENTS])
    nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    return nlp


def pipeline_label(nlp: Language) -> str:
    """`name==version` of the loaded pipeline, stored with every article."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}=={meta.get('version', '0')}"


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


def parse(
    nlp: Language,
    texts: Sequence[str],
    *,
    batch_size: int = 32,
    n_process: int = 1,
    max_chunk_chars: int = 100_000,
) -> list[Doc]:
    """One Doc per text, with `doc.text == text` (long texts parsed in pieces, then joined)."""
    pieces: list[str] = []
    owners: list[int] = []
    for i, text in enumerate(texts):
        for piece in split_for_parsing(text, max_chunk_chars):
            pieces.append(piece)
            owners.append(i)
    parsed: list[list[Doc]] = [[] for _ in texts]
    stream: Iterator[Doc] = nlp.pipe(pieces, batch_size=batch_size, n_process=n_process)
    for owner, doc in zip(owners, stream, strict=True):
        parsed[owner].append(doc)
    docs = []
    for text, parts in zip(texts, parsed, strict=True):
        doc = parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
        if doc.text != text:  # offsets index the stored text; never let them drift
            raise ValueError("the parsed text differs from the input text")
        docs.append(doc)
    return docs
