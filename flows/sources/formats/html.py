"""HTML pages (`.html`, `.htm`, and `.txt` files that are HTML): the article's main text and
its metadata through trafilatura, which leaves out navigation, cookie banners, related
links, comments, scripts and footers.

    from_bytes(b"<!doctype html><html><head><title>Bridge Reopens</title>…", ReadOptions("a.html", 5_000_000))
    # -> Record(None, "Bridge Reopens\\nMayor Jane Roe said …", "utf-8",
    #           Metadata(title="Bridge Reopens", published_at=2024-03-05 00:00 UTC,
    #                    url="https://gazette.example/bridge", outlet="Springfield Gazette",
    #                    authors=("Jo Writer",)), "html", 5120)

The bytes are decoded by the decoding rule (so `encoding` means what it means for text);
the text stored is trafilatura's, paragraphs one per line, and every offset indexes into it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from ...schemas.vocab import InputFormat, RejectStage
from ..decode import decode
from .base import Item, Metadata, Problem, ReadOptions, Record, clean, parse_date, split_authors


def records(fh: BinaryIO, options: ReadOptions) -> Iterator[Item]:
    data = fh.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield Problem(None, RejectStage.READ, f"file is over the limit of {options.max_bytes:,} bytes")
        return
    yield from from_bytes(data, options)


def from_bytes(data: bytes, options: ReadOptions, key: str | None = None) -> Iterator[Item]:
    """The article of one HTML page's bytes (`key`: the record it is in a container)."""
    if not data.strip():
        yield Problem(key, RejectStage.DECODE, "empty file" if key is None else "empty HTML page")
        return
    decoded = decode(data)
    if isinstance(decoded, str):
        yield Problem(key, RejectStage.DECODE, decoded)
        return
    page, encoding = decoded
    extracted = extract(page)
    if extracted is None:
        reason = "no article text found in the HTML page (only navigation, links or boilerplate)"
        yield Problem(key, RejectStage.DECODE, reason)
        return
    text, meta = extracted
    yield Record(key, text, encoding, meta, InputFormat.HTML, len(data))


def extract(page: str) -> tuple[str, Metadata] | None:
    """(main text, metadata) of an HTML page, or None when it holds no article text."""
    # trafilatura (and lxml with it) is imported here: a run over text files never loads it
    from trafilatura import bare_extraction

    # trafilatura 2 returns a `Document` (a dict only with the deprecated as_dict=True)
    extracted = bare_extraction(page, with_metadata=True, include_comments=False, include_tables=False)
    if extracted is None:
        return None
    doc = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = doc.get("text")
    if not isinstance(text, str) or not text.strip():
        return None
    meta = Metadata(
        title=clean(doc.get("title")),
        published_at=parse_date(doc.get("date")),
        url=clean(doc.get("url")),
        outlet=clean(doc.get("sitename")),
        authors=split_authors(doc.get("author")),
    )
    return text, meta
