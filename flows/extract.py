"""The extraction facade: one parsed article in, its entities and quotations out."""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc

from .entities import Entity, build_entities
from .quotemarks import QuoteMarkSpan, find_quote_marks
from .quotes import QuoteRecord, extract_quotes
from .text import paragraph_spans


class Extraction(NamedTuple):
    entities: list[Entity]
    quotes: list[QuoteRecord]
    paragraphs: list[tuple[int, int]]
    quote_marks: list[QuoteMarkSpan]
    sentence_starts: list[int]  # character offset where each sentence starts


def extract(doc: Doc) -> Extraction:
    """People, organizations and quotations of one parsed article."""
    text = doc.text  # Doc.text joins every token: compute it once
    paragraphs = paragraph_spans(text)
    marks = find_quote_marks(text, paragraphs)
    index = build_entities(doc, paragraphs)
    quotes = extract_quotes(doc, index, paragraphs, marks)
    return Extraction(
        entities=index.entities,
        quotes=quotes,
        paragraphs=paragraphs,
        quote_marks=marks,
        sentence_starts=[s.start_char for s in doc.sents],
    )
