"""An article's layout, computed once from its parse and shared by every stage.

    layout = DocumentLayout.of(doc)
    layout.paragraphs.spans      # [(0, 24), (25, 140), …]  paragraph (start, end) offsets
    layout.quote_marks           # [QuoteMarkSpan(start=31, end=58, …), …]  paired quotation marks
    layout.headline              # (0, 24) when the first paragraph reads as a headline
    layout.sentence_of(61)       # 2: the sentence holding offset 61
    layout.inside_quote_marks(40, 44)   # True: those characters lie between a pair of marks

Offsets are Python `str` offsets into the article text (`doc.text`).
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

from spacy.tokens import Doc

from .paragraphs import ParagraphIndex, headline_span, paragraph_spans
from .quotemarks import QuoteMarkSpan, find_quote_marks


@dataclass(frozen=True)
class DocumentLayout:
    text: str
    paragraphs: ParagraphIndex
    quote_marks: tuple[QuoteMarkSpan, ...]
    sentence_starts: tuple[int, ...]  # offset where each sentence starts, in order
    headline: tuple[int, int] | None

    @classmethod
    def of(cls, doc: Doc) -> DocumentLayout:
        text = doc.text  # Doc.text joins every token: compute it once
        spans = paragraph_spans(text)
        return cls(
            text=text,
            paragraphs=ParagraphIndex(spans),
            quote_marks=tuple(find_quote_marks(text, spans)),
            sentence_starts=tuple(s.start_char for s in doc.sents),
            headline=headline_span(text, spans),
        )

    def paragraph_of(self, offset: int) -> int:
        return self.paragraphs.index(offset)

    def sentence_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, offset) - 1)

    def inside_quote_marks(self, start: int, end: int) -> bool:
        """Does [start, end) lie between the opening and the closing mark of one quotation?"""
        k = bisect.bisect_right(self._mark_starts, start) - 1
        return k >= 0 and end <= self.quote_marks[k].close_end

    @functools.cached_property
    def _mark_starts(self) -> list[int]:
        return [q.open_start for q in self.quote_marks]  # the marks come in text order
