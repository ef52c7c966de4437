"""The one interface every format reader follows, and the values it yields.

A reader takes an input already opened by `safe_open.open_input` (or an object's bytes)
and yields, one at a time, what each of its records became:

    Record(key=None, text="Bridge Reopens\\nMayor Jane Roe said …", encoding="utf-8",
           meta=Metadata(title="Bridge Reopens", url="https://gazette.example/bridge",
                         outlet="Springfield Gazette", authors=("Jo Writer",)), format="html")
    Problem(key="L3", stage="decode", reason="line 3 is not valid JSON (Expecting value: line 1 column 1 (char 0))")
    Skipped("WARC record that is not an HTML response with status 200")

`key` is None for a file that is one article (text, HTML); for a record of a container
(a line of a JSON Lines feed, a WARC record) it names the record, and the record's
`source` is `path#key`. A reader never holds more than one record (at most `max_bytes`)
in memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import BinaryIO, NamedTuple

from ...schemas.vocab import InputFormat, RejectStage


@dataclass(frozen=True, slots=True)
class Metadata:
    """What an input says about itself besides its text; every field may be missing."""

    title: str | None = None
    published_at: datetime | None = None
    url: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()


class Record(NamedTuple):
    """One article's text and metadata, as its format gives them."""

    key: str | None  # None: the whole file; else the record's id within its container
    text: str
    encoding: str
    meta: Metadata
    format: InputFormat
    size: int  # bytes the record took in the input
    # keys of the container whose rows this record replaces besides its own: the key of its
    # line when it is known by an id (a reject row left by a read while the line was half written)
    replaces: tuple[str, ...] = ()
    # what was read but could not be kept, for the run's summary: "with an unparseable date in field 'date' …"
    warnings: tuple[str, ...] = ()


class Problem(NamedTuple):
    """A record (or, with key None, the whole input) that cannot be an article, and why."""

    key: str | None
    stage: RejectStage
    reason: str
    content_sha256: str | None = None  # of the record's raw bytes, so an unchanged bad record is known again
    replaces: tuple[str, ...] = ()  # as for a `Record`


class Skipped(NamedTuple):
    """A part of a container that is not an article (a WARC request, a redirect): counted, not stored."""

    what: str


Item = Record | Problem | Skipped

#: (name, fields) pairs overriding the JSON field mapping, e.g. (("text", ("body",)),)
FieldMap = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class ReadOptions:
    """What a reader needs besides the input: its stored name, the per-record size cap, the field mapping."""

    name: str  # the input's stored name (for a date in it, and messages)
    max_bytes: int
    fields: FieldMap = field(default=())


Reader = Callable[[BinaryIO, ReadOptions], Iterator[Item]]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def parse_date(value: object) -> datetime | None:
    """A publication date from metadata: an ISO 8601 string (a date alone is midnight UTC),
    or seconds since 1970; a time without a zone is taken as UTC. None when unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        try:
            parsed = datetime.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:;|\||,|\band\b|&)\s*")


def split_authors(value: object) -> tuple[str, ...]:
    """Authors from a list or a byline: "By Jo Doe and Ann Lee" -> ("Jo Doe", "Ann Lee")."""
    if isinstance(value, list | tuple):
        names = [str(v).strip() for v in value if isinstance(v, str | int) and str(v).strip()]
        return tuple(dict.fromkeys(_BY.sub("", n) for n in names))
    if not isinstance(value, str):
        return ()
    parts = (p.strip() for p in _AUTHOR_SEPARATORS.split(_BY.sub("", value)))
    return tuple(dict.fromkeys(p for p in parts if p))


def clean(value: object) -> str | None:
    """A metadata string, stripped; None for anything else or an empty string."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
