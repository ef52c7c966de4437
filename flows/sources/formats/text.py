"""Bare text (`.txt`): the bytes by the decoding rule, the title guessed from a headline line,
the date from an ISO date in the file name. A `.txt` that is an HTML document (a doctype or an
`<html>` tag, then a document's first tags: `html.is_html_document`) is read as HTML; one
that only starts with a tag in prose ("<html> is the root element …") stays text.

    records(open("wire/2024-03-05_vote.txt", "rb"), ReadOptions("wire/2024-03-05_vote.txt", 5_000_000))
    # -> Record(None, "Council Delays Vote\\nThe council …", "utf-8",
    #           Metadata(title="Council Delays Vote", published_at=2024-03-05 00:00 UTC), "text", 812)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from ...schemas.vocab import InputFormat, RejectStage
from ..decode import decode
from ..metadata import date_from_name, guess_title
from . import html
from .base import Item, Metadata, Problem, ReadOptions, Record


def records(fh: BinaryIO, options: ReadOptions) -> Iterator[Item]:
    data = fh.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:  # grew after it was listed
        yield Problem(None, RejectStage.READ, f"file is over the limit of {options.max_bytes:,} bytes")
        return
    yield from from_bytes(data, options)


def from_bytes(data: bytes, options: ReadOptions) -> Iterator[Item]:
    """The one article of a text file's bytes (or of an HTML document saved as text)."""
    if not data:
        yield Problem(None, RejectStage.DECODE, "empty file")
        return
    decoded = decode(data)
    if isinstance(decoded, str):
        yield Problem(None, RejectStage.DECODE, decoded)
        return
    text, encoding = decoded
    if html.is_html_document(text):
        yield from html.from_bytes(data, options)
        return
    meta = Metadata(title=guess_title(text), published_at=date_from_name(options.name))
    yield Record(None, text, encoding, meta, InputFormat.TEXT, len(data))
