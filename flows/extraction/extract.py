"""The extraction facade: one parsed article in, its entities and quotations out.

doc = parse(nlp, ["Mayor Jane Roe said “the bridge will reopen.”"])[0]
x = extract(doc)
x.entities   # [Entity(kind="person", name="Jane Roe", …)]
x.quotes     # [QuoteRecord(text="the bridge will reopen.", quote_type="direct", speaker=<Jane Roe>, …)]
x.layout     # paragraphs, quotation marks, sentences (DocumentLayout)
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc

from .entities.build import build_entities
from .entities.model import Entity
from .layout import DocumentLayout
from .speech.modes import DEFAULT_SPEAKER_MODEL, SpeakerModel
from .speech.quotes import QuoteRecord, extract_quotes


class Extraction(NamedTuple):
    entities: list[Entity]
    quotes: list[QuoteRecord]
    layout: DocumentLayout
    speaker_model: SpeakerModel = DEFAULT_SPEAKER_MODEL  # who chose the speakers (part of the extraction version)


def extract(doc: Doc, speaker_model: SpeakerModel = DEFAULT_SPEAKER_MODEL) -> Extraction:
    """People, organizations and quotations of one parsed article; `speaker_model` chooses who
    picks each quotation's speaker (`speech.ranker`)."""
    layout = DocumentLayout.of(doc)
    index = build_entities(doc, layout)
    quotes = extract_quotes(doc, index, layout, speaker_model)
    return Extraction(entities=index.entities, quotes=quotes, layout=layout, speaker_model=speaker_model)
