"""Which file names are inputs, by extension, and which hold records that are inputs of their
own: names only, no reader (the store's `repair` needs this much, and imports no reader).

    suffix_of("wire/Vote.HTM")       # -> ".htm"
    suffix_of("report.pdf")          # -> None: not an input
    is_container("crawl.warc.gz")    # -> True: each record is an input (`crawl.warc.gz#<record id>`)
"""

from __future__ import annotations

#: the extensions quoteflow reads (lower case), longest first so ".warc.gz" wins over ".gz";
#: `formats.READERS` gives each its reader
SUFFIXES = (".warc.gz", ".warc", ".jsonl", ".json", ".html", ".htm", ".txt")
#: the formats whose records are inputs of their own
CONTAINERS = frozenset({".warc.gz", ".warc", ".jsonl", ".json"})


def suffix_of(name: str) -> str | None:
    """The supported extension `name` ends with (case-insensitive), or None."""
    lower = name.lower()
    return next((s for s in SUFFIXES if lower.endswith(s)), None)


def is_container(name: str) -> bool:
    return suffix_of(name) in CONTAINERS
