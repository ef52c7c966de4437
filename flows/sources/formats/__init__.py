"""Readers by format, one module each behind one interface (`base.Reader`), chosen by extension.

    reader_for("wire/vote.txt")      # -> text.records   (which reads an HTML document as HTML)
    reader_for("crawl.warc.gz")      # -> warc.records
    reader_for("report.pdf")         # -> None: not an input; counted as skipped
    # which extensions are inputs, and which hold records (`feed.jsonl#a1`): ../suffixes.py

| extension | reader | one input is |
|---|---|---|
| .txt | text (HTML when it is an HTML document: `html.is_html_document`) | the file |
| .html .htm | html (trafilatura) | the file |
| .jsonl .json | jsonl (field mapping, `--field` overrides; jsonscan) | a line (an array element, an object) |
| .warc .warc.gz | warc (warcio) | an HTML response with status 200 |
"""

from __future__ import annotations

from ..suffixes import suffix_of
from . import html, jsonl, text, warc
from .base import Reader

#: extension (lower case, `suffixes.SUFFIXES`) -> reader
READERS: dict[str, Reader] = {
    ".warc.gz": warc.records,
    ".warc": warc.records,
    ".jsonl": jsonl.records,
    ".json": jsonl.records,
    ".html": html.records,
    ".htm": html.records,
    ".txt": text.records,
}


def reader_for(name: str) -> Reader | None:
    suffix = suffix_of(name)
    return READERS[suffix] if suffix else None


def unsupported_kind(name: str) -> str:
    """How a skipped file is counted: its extension (".pdf"), or "(no extension)"."""
    base = name.rsplit("/", 1)[-1]
    _, dot, ext = base.rpartition(".")
    return f".{ext.lower()}" if dot and _ and ext else "(no extension)"
