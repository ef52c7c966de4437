"""Quotation marks: pair them into quoted spans, one paragraph at a time.

Handles the marks news text really contains: curly “ ” and straight " double
quotes, `` '' pairs (and '' used on both sides), « » and „ openers. Single marks
quote too ('No deal' in a headline, ‘brutal’ in a British body) when they pair up
around a few words and cannot be apostrophes; inside a double-quoted span they are
part of it. A ’ or ' typed as the closing mark of a double quote at the very end of
a paragraph closes it.

A quotation never crosses a paragraph boundary: a quote that runs over several
paragraphs, where each paragraph reopens the mark and only the last one closes it,
comes out as one span per paragraph. An opening mark left unclosed ends at the end
of its paragraph, so a stray mark can never swallow the rest of the article.
"""

from __future__ import annotations

import bisect
import re
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
        # index of the next closing mark / opening mark at or after i, and is a straight mark after i
        next_closer, next_opener = [len(marks)] * (len(marks) + 1), [len(marks)] * (len(marks) + 1)
        straight_after = [False] * (len(marks) + 1)
        for i in range(len(marks) - 1, -1, -1):
            closers_after[i] = closers_after[i + 1] + (marks[i].group() in CLOSING_QUOTES)
            next_closer[i] = i if marks[i].group() in CLOSING_QUOTES else next_closer[i + 1]
            next_opener[i] = i if marks[i].group() in OPENING_QUOTES else next_opener[i + 1]
            straight_after[i] = marks[i].group() == '"' or straight_after[i + 1]
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
            elif (
                mark in OPENING_QUOTES
                and text[open_pos] == '"'
                and (closer := next_closer[i + 1]) < len(marks)
                and next_opener[i + 1] > closer
                and straight_after[closer + 1]
            ):
                nested += 1  # "… the question: “…” Forty, yes." a curly pair inside a straight one
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
    doubles = len(spans)
    for p, (ps, pe) in enumerate(paragraphs):
        for open_pos, close_pos in _single_pairs(text, ps, pe):
            emit(open_pos, 1, close_pos, close_pos + 1, True, p)
    if len(spans) > doubles:
        spans = _without_overlaps(spans[:doubles], spans[doubles:])
    return spans


_MAX_SINGLE_QUOTED = 120  # characters: a headline's or a scare quote's few words, not a passage


def _single_pairs(text: str, ps: int, pe: int) -> list[tuple[int, int]]:
    """Single marks used as quotation marks ('No deal', ‘brutal’): an opening mark after a
    space or a boundary and before a letter, closed by the first mark after a letter or
    punctuation and before a space, punctuation or the paragraph's end, on the same stretch
    of text. Apostrophes (don't, the players' union, the '90s) never open a pair.
    Linear in the paragraph: each mark is looked at once, each closing search is bounded."""
    pairs: list[tuple[int, int]] = []
    taken_to = ps
    for m in _SINGLE_MARK.finditer(text, ps, pe):
        open_pos = m.start()
        if open_pos < taken_to or text[open_pos] == "’":
            continue
        before = text[open_pos - 1] if open_pos > ps else " "
        after = text[open_pos + 1] if open_pos + 1 < pe else " "
        if not (before.isspace() or before in _LEFT_BOUNDARY) or not after.isalpha():
            continue
        close_pos = _closing_single(text, open_pos + 1, min(pe, open_pos + _MAX_SINGLE_QUOTED))
        if close_pos is None:
            continue
        if sum(c.isalpha() for c in text[open_pos + 1 : close_pos]) >= 2:  # not rock 'n' roll
            pairs.append((open_pos, close_pos))
        taken_to = close_pos + 1
    return pairs


_SINGLE_MARK = re.compile("[" + "".join(sorted(SINGLE_QUOTES)) + "]")


def _closing_single(text: str, pos: int, end: int) -> int | None:
    """The closing mark: the first after a letter or punctuation and before a space or
    punctuation; one after an "s" might be a possessive ("'our players' union' said"),
    so a later closing mark wins over it."""
    after_s = None
    for i in range(pos, end):
        ch = text[i]
        if ch in '\n"“”':
            break  # a stretch of text ends, or a double quotation starts
        if ch in SINGLE_QUOTES and ch != "‘" and i > pos:
            prev, nxt = text[i - 1], text[i + 1] if i + 1 < len(text) else " "
            if (prev.isalnum() or prev in ".!?,") and (nxt.isspace() or nxt in _RIGHT_BOUNDARY):
                if prev != "s" or nxt in ".,;:!?":
                    return i
                after_s = i if after_s is None else after_s
    return after_s


def _without_overlaps(doubles: list[QuoteMarkSpan], singles: list[QuoteMarkSpan]) -> list[QuoteMarkSpan]:
    """Single-marked spans that do not touch a double-quoted one (a quote within a quote is
    part of it), merged in text order."""
    starts = [q.open_start for q in doubles]  # in text order, not overlapping each other
    kept = []
    for q in singles:
        k = bisect.bisect_left(starts, q.close_end) - 1  # the last double opening before this one ends
        if k < 0 or doubles[k].close_end <= q.open_start:
            kept.append(q)
    return sorted([*doubles, *kept], key=lambda q: q.open_start)
