"""Paragraphs: the unit that bounds a quotation and carries a continuation.

News text arrives either with one paragraph per line, or hard-wrapped (lines of
about 60-80 characters, paragraphs separated by blank lines). A paragraph is a
line in the first case and a blank-line-separated block in the second.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from .punctuation import SENTENCE_END

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_NEWLINE = re.compile(r"\n")


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) moved inwards past whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_hard_wrapped(text: str) -> bool:
    """True when lines look wrapped at a fixed width inside blank-line-separated paragraphs."""
    if not _BLANK_LINE.search(text):
        return False
    lines = [ln.rstrip() for ln in text.split("\n") if ln.strip()]
    if len(lines) < 6:
        return False
    mid_width = sum(40 <= len(ln) <= 100 for ln in lines) / len(lines)
    open_ended = sum(not ln.endswith(SENTENCE_END) for ln in lines) / len(lines)
    return mid_width >= 0.6 and open_ended >= 0.5


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank paragraph, trimmed of surrounding whitespace."""
    separator = _BLANK_LINE if is_hard_wrapped(text) else _NEWLINE
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in separator.finditer(text):
        s, e = trim_span(text, pos, m.start())
        if e > s:
            spans.append((s, e))
        pos = m.end()
    s, e = trim_span(text, pos, len(text))
    if e > s:
        spans.append((s, e))
    return spans


class ParagraphIndex:
    """Which paragraph holds a character offset (an offset between two paragraphs maps to the first)."""

    def __init__(self, spans: Sequence[tuple[int, int]]):
        self.spans = list(spans)
        self._ends = [e for _, e in self.spans]

    def index(self, offset: int) -> int:
        i = bisect.bisect_right(self._ends, offset)
        if i < len(self.spans) and self.spans[i][0] <= offset < self.spans[i][1]:
            return i
        # offset on a separator or past the end: the paragraph before it
        return max(0, min(i, len(self.spans)) - 1) if self.spans else 0


#: a first paragraph ending with one of these reads as a sentence, not a headline
_HEADLINE_END = (*(c for c in SENTENCE_END if c != "'"), ";", ",")


def headline_span(text: str, paragraphs: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The first paragraph when it reads as a headline: short, followed by body text, and
    either in title case or without closing punctuation."""
    if len(paragraphs) < 2:
        return None
    start, end = paragraphs[0]
    first = text[start:end]
    words = first.split()
    if not words or len(first) > 200 or len(words) > 25:
        return None
    long_words = [w for w in words if sum(c.isalpha() for c in w) >= 4]
    # headline style capitalises (nearly) every long word; a sentence full of names does not
    title_case = bool(long_words) and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.9
    if title_case or not first.rstrip().endswith(_HEADLINE_END):
        return start, end
    return None
