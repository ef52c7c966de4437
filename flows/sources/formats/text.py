"""Bare text (`.txt`): the bytes by the decoding rule, the title guessed from a headline line,
the date from an ISO date in the file name. A `.txt` that is an HTML document is read as HTML.

    records(open("wire/2024-03-05_vote.txt", "rb"), ReadOptions("wire/2024-03-05_vote.txt", 5_000_000))
    # -> Record(None, "Council Delays Vote\\nThe council …", "utf-8",
    #           Metadata(title="Council Delays Vote", published_at=2024-03-05 00:00 UTC), "text", 812)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from ...schemas.vocab import InputFormat, RejectStage
from ..decode import decode
from ..metadata import date_from_name, guess_title
from . import html
from .base import Item, Metadata, Problem, ReadOptions, Record

#: what an HTML document starts with, after a byte-order mark, blank space and comments
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.S
)


def looks_like_html(data: bytes) -> bool:
    """Does the input start as an HTML document does (`<!doctype html`, `<html`)?"""
    return _HTML_START.match(data[:4096]) is not None


def records(fh: BinaryIO, options: ReadOptions) -> Iterator[Item]:
    data = fh.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:  # grew after it was listed
        yield Problem(None, RejectStage.READ, f"file is over the limit of {options.max_bytes:,} bytes")
        return
    yield from from_bytes(data, options)


def from_bytes(data: bytes, options: ReadOptions) -> Iterator[Item]:
    """The one article of a text file's bytes (or of an HTML page saved as text)."""
    if looks_like_html(data):
        yield from html.from_bytes(data, options)
        return
    if not data:
        yield Problem(None, RejectStage.DECODE, "empty file")
        return
    decoded = decode(data)
    if isinstance(decoded, str):
        yield Problem(None, RejectStage.DECODE, decoded)
        return
    text, encoding = decoded
    meta = Metadata(title=guess_title(text), published_at=date_from_name(options.name))
    yield Record(None, text, encoding, meta, InputFormat.TEXT, len(data))
