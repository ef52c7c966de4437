"""Readers by format, one module each behind one interface (`base.Reader`), chosen by extension.

    reader_for("wire/vote.txt")      # -> text.records   (which reads an HTML document as HTML)
    reader_for("crawl.warc.gz")      # -> warc.records
    reader_for("report.pdf")         # -> None: not an input; counted as skipped
    is_container("feed.jsonl")       # -> True: each record is an input of its own (`feed.jsonl#a1`)

| extension | reader | one input is |
|---|---|---|
| .txt | text (HTML when it is an HTML document: `html.is_html_document`) | the file |
| .html .htm | html (trafilatura) | the file |
| .jsonl .json | jsonl (field mapping, `--field` overrides; jsonscan) | a line (an array element, an object) |
| .warc .warc.gz | warc (warcio) | an HTML response with status 200 |
"""

from __future__ import annotations

from . import html, jsonl, text, warc
from .base import Reader

#: extension (lower case) -> reader, longest first so ".warc.gz" wins over ".gz"
READERS: dict[str, Reader] = {
    ".warc.gz": warc.records,
    ".warc": warc.records,
    ".jsonl": jsonl.records,
    ".json": jsonl.records,
    ".html": html.records,
    ".htm": html.records,
    ".txt": text.records,
}
#: the formats whose records are inputs of their own
CONTAINERS = frozenset({".warc.gz", ".warc", ".jsonl", ".json"})


def suffix_of(name: str) -> str | None:
    """The supported extension `name` ends with (case-insensitive), or None."""
    lower = name.lower()
    return next((s for s in READERS if lower.endswith(s)), None)


def reader_for(name: str) -> Reader | None:
    suffix = suffix_of(name)
    return READERS[suffix] if suffix else None


def is_container(name: str) -> bool:
    return suffix_of(name) in CONTAINERS


def unsupported_kind(name: str) -> str:
    """How a skipped file is counted: its extension (".pdf"), or "(no extension)"."""
    base = name.rsplit("/", 1)[-1]
    _, dot, ext = base.rpartition(".")
    return f".{ext.lower()}" if dot and _ and ext else "(no extension)"
