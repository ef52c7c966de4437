"""Quotation marks: pair them into quoted spans, one paragraph at a time.

Handles the marks news text really contains: curly “ ” and straight " double
quotes, `` '' pairs (and '' used on both sides), « » and „ openers. Single quotes
are left alone (they nest inside double quotes and double as apostrophes), except
a ’ or ' typed as the closing mark at the very end of a paragraph.

A quotation never crosses a paragraph boundary: a quote that runs over several
paragraphs, where each paragraph reopens the mark and only the last one closes it,
comes out as one span per paragraph. An opening mark left unclosed ends at the end
of its paragraph, so a stray mark can never swallow the rest of the article.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .paragraphs import trim_span
from .punctuation import CLOSING_QUOTES, DOUBLE_QUOTE_PATTERN, OPENING_QUOTES, SINGLE_QUOTES

_LEFT_BOUNDARY = set("([{—–―-/")
_RIGHT_BOUNDARY = set(".,;:!?)]}—–―-…")


class QuoteMarkSpan(NamedTuple):
    start: int  # first character inside the marks (whitespace trimmed)
    end: int  # end of the quoted content, exclusive
    open_start: int  # offset of the opening mark
    close_end: int  # offset just after the closing mark (== end when unclosed)
    closed: bool  # False when the paragraph ended before a closing mark
    paragraph: int


def _direction(text: str, pos: int, mark: str, para_start: int, para_end: int, is_open: bool) -> str:
    """'open', 'close' or 'skip' for the mark at `pos`, given whether a quote is open."""
    before = text[pos - 1] if pos > para_start else " "
    after_pos = pos + len(mark)
    after = text[after_pos] if after_pos < para_end else " "
    left_space = before.isspace() or before in _LEFT_BOUNDARY
    right_space = after.isspace() or after in _RIGHT_BOUNDARY
    if before.isspace() and after.isspace():
        # a mark floating between spaces closes an open quote, and opens nothing
        return "close" if is_open else "skip"
    if mark in OPENING_QUOTES:
        # “ typed where the closing mark belongs: quote open, nothing word-like after it
        return "close" if is_open and right_space and not left_space else "open"
    if mark in CLOSING_QUOTES:
        # ” typed as the opening mark: no quote open, glued to the word after it
        return "open" if not is_open and left_space and not right_space else "close"
    # straight marks: the surrounding spaces tell, else alternate
    if not is_open and before.isdigit():
        return "skip"  # inches/seconds: 5'11"
    if left_space and not right_space:
        return "open"
    if right_space and not left_space:
        return "close"
    return "close" if is_open else "open"


def find_quote_marks(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[QuoteMarkSpan]:
    """Every quoted span of `text`, in order (linear in the length of the text)."""
    spans: list[QuoteMarkSpan] = []

    def emit(open_pos: int, open_len: int, end: int, close_end: int, closed: bool, para: int) -> None:
        s, e = trim_span(text, open_pos + open_len, end)
        if e > s:
            spans.append(QuoteMarkSpan(s, e, open_pos, close_end, closed, para))

    for p, (ps, pe) in enumerate(paragraphs):
        open_pos: int | None = None
        open_len = 0
        nested = 0  # curly quotes opened inside the open quote ("… he calls “hell” than …")
        marks = list(DOUBLE_QUOTE_PATTERN.finditer(text, ps, pe))
        closers_after = [0] * (len(marks) + 1)
        for i in range(len(marks) - 1, -1, -1):
            closers_after[i] = closers_after[i + 1] + (marks[i].group() in CLOSING_QUOTES)
        for i, m in enumerate(marks):
            mark = m.group()
            role = _direction(text, m.start(), mark, ps, pe, open_pos is not None)
            if role == "skip":
                continue
            if open_pos is None:
                if role == "open":
                    open_pos, open_len = m.start(), len(mark)
                continue  # a closing mark with nothing open: stray, ignored
            if role == "close":
                if nested:
                    nested -= 1
                    continue
                emit(open_pos, open_len, m.start(), m.end(), True, p)
                open_pos = None
            elif mark in OPENING_QUOTES and closers_after[i + 1] >= nested + 2:
                nested += 1  # enough closing marks ahead to close this one and the outer one
            else:  # a new opening mark while one is open: the first was never closed
                emit(open_pos, open_len, m.start(), m.start(), False, p)
                open_pos, open_len = m.start(), len(mark)
                nested = 0
        if open_pos is not None:
            last = pe - 1
            if last > open_pos + open_len and text[last] in SINGLE_QUOTES:
                emit(open_pos, open_len, last, pe, True, p)  # “…’ at the end of the paragraph
            else:
                emit(open_pos, open_len, pe, pe, False, p)
    return spans
