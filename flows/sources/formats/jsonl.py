"""JSON feeds (`.jsonl`, and `.json`: one object per line, an array of objects, or objects
written over several lines): each object is an article, its fields found by a documented
mapping that `--field` overrides.

    feed.jsonl:  {"guid": "a1", "headline": "Bridge Reopens", "body": "Mayor Jane Roe said …",
                  "published": "2024-03-05T10:00:00Z", "byline": "By Jo Writer", "site": "Gazette"}
                 {"guid": "a2", "headline": "No text here"}
                 not json
                 {"id": "L9", "text": "Ann Lee said …", "published": "next Tuesday", "url": "https://www.herald.example/x"}
    records(fh, ReadOptions("feed.jsonl", 5_000_000))
    # -> Record("a1", "Mayor Jane Roe said …", "utf-8", Metadata("Bridge Reopens", 2024-03-05 10:00 UTC,
    #           None, "Gazette", ("Jo Writer",)), "jsonl", 161, replaces=("L1",))
    #    Problem("a2", "decode", "record has no text (no field text, body or content)", replaces=("L2",))
    #    Problem("L3", "decode", "line 3 is not valid JSON (Expecting value: line 1 column 1 (char 0))")
    #    Record("id:L9", "Ann Lee said …", …,
    #           Metadata(url="https://www.herald.example/x", outlet="herald.example"), replaces=("L4", "L9"),
    #           warnings=("with an unparseable date in field 'published' (kept, date left empty)",))

A record's key is its id (`id`, `guid`), else its URL, else `L` and the 1-based line its
value starts on (`L3`; `L3.2` for the second value that starts on line 3, as in an array
written on one line): its `source` is `feed.jsonl#a1` or `feed.jsonl#L3`. Line keys and ids never
meet: an id of the form of a line key (`L9`, or `id:L9` …) is written with `id:` in front
(`feed.jsonl#id:L9`). A record known by its id `replaces` its line's key (the reject row of
a read made while the line was half written goes once the line is whole) and the key an
earlier version gave an id of the form of a line key.

A record whose text is a whole HTML document is read as the HTML reader reads a page, its
own metadata winning over the page's. A record without an outlet takes its URL's host
(`metadata.outlet_from_url`). A date that cannot be read leaves `published_at` empty and
says so in the record's `warnings`. The feed is read value by value (`jsonscan`), at most
`max_bytes` per record, never whole.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any, BinaryIO

from ...schemas.vocab import InputFormat, RejectStage
from ..metadata import outlet_from_url
from . import html, jsonscan
from .base import FieldMap, Item, Metadata, Problem, ReadOptions, Record, clean, parse_date, split_authors

#: article field -> the record fields looked for, in order (the first present wins)
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published_at": ("published", "date", "published_at"),
    "authors": ("authors", "author", "byline"),
    "outlet": ("outlet", "source", "site"),
    "id": ("id", "guid"),
}

#: a line key (`L12`, or `L12.2` for the second record that starts on line 12)
_LINE_KEY = re.compile(r"L[0-9]+(?:\.[0-9]+)?")
#: an id that must be escaped not to look like a line key (`L12`, or `id:L12`, its escaped form)
_ESCAPED = re.compile(r"(?:id:)*" + _LINE_KEY.pattern)
ID_ESCAPE = "id:"


class FieldOptionError(ValueError):
    """A `--field` option that cannot be used (the message says why)."""


def parse_field_options(options: list[str]) -> FieldMap:
    """`["text=body", "authors=meta.writers"]` -> the overrides; dotted names reach into objects,
    commas give alternatives (`text=body,summary`)."""
    out: dict[str, tuple[str, ...]] = {}
    for option in options:
        name, sep, value = option.partition("=")
        name = name.strip()
        fields = tuple(v.strip() for v in value.split(",") if v.strip())
        if not sep or not fields:
            raise FieldOptionError(f"--field {option!r}: expected NAME=FIELD, e.g. --field text=body")
        if name not in DEFAULT_FIELDS:
            raise FieldOptionError(f"--field {option!r}: no article field {name!r}; one of {', '.join(DEFAULT_FIELDS)}")
        out[name] = fields
    return tuple(sorted(out.items()))


def line_key(line: int, nth: int = 1) -> str:
    """The key of a record known by the line it starts on: `L12`; `L12.2` for the second record
    that starts on that line (an array written on one line)."""
    return f"L{line}" if nth == 1 else f"L{line}.{nth}"


def is_line_key(key: str) -> bool:
    """Does a record's key name its line (`L12`, `L12.2`), not an id?"""
    return _LINE_KEY.fullmatch(key) is not None


def id_key(ident: str) -> str:
    """The key of a record known by its id (or URL): the id as it is, unless it has the form of
    a line key, which gets `id:` in front (`L12` -> `id:L12`, `id:L12` -> `id:id:L12`), so no
    id ever takes a line's key and no two ids share one."""
    return ID_ESCAPE + ident if _ESCAPED.fullmatch(ident) else ident


def records(fh: BinaryIO, options: ReadOptions) -> Iterator[Item]:
    fields = {**DEFAULT_FIELDS, **dict(options.fields)}
    seen: dict[str, int] = {}
    found = False
    line, nth = 0, 0
    for span in jsonscan.spans(fh, options.max_bytes):
        found = True
        line, nth = span.line, (nth + 1 if span.line == line else 1)
        own = line_key(line, nth)
        digest = hashlib.sha256(span.data).hexdigest() if span.data is not None else None
        item = _item(span, own, digest, fields, options)
        if item.key != own:  # known by its id: one record per id
            assert item.key is not None
            if item.key in seen:
                reason = f"{span.where} repeats the id {item.key!r} of line {seen[item.key]}: not read"
                yield Problem(own, RejectStage.DECODE, reason, digest)
                continue
            seen[item.key] = span.line
        yield item
    if not found:
        yield Problem(None, RejectStage.DECODE, "holds no JSON records")


def _item(
    span: jsonscan.Span, own: str, digest: str | None, fields: Mapping[str, tuple[str, ...]], options: ReadOptions
) -> Record | Problem:
    """What one value of the feed is (`own`: its line key): a record, or why it cannot be one."""
    # a value that is not read (cut short, over the cap) is known again by where it is and its
    # size, as its reason says them: an unchanged one is not written again when the feed grows
    if span.problem is not None:
        reason = f"{span.where} {span.problem}"
        return Problem(own, RejectStage.DECODE, reason, _stand_in(reason))
    if span.data is None or digest is None:
        limit = f"over the limit of {options.max_bytes:,} (QUOTEFLOW_MAX_INPUT_BYTES)"
        reason = f"{span.where} is {span.size:,} bytes, {limit}"
        return Problem(own, RejectStage.READ, reason, _stand_in(reason))
    try:
        value = json.loads(span.data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Problem(own, RejectStage.DECODE, f"{span.where} is not UTF-8 (byte {exc.start})", digest)
    except json.JSONDecodeError as exc:  # the decoder's message as it is: "Expecting value: line 1 column 1 (char 0)"
        return Problem(own, RejectStage.DECODE, f"{span.where} is not valid JSON ({exc})", digest)
    except RecursionError:
        return Problem(own, RejectStage.DECODE, f"{span.where} nests arrays or objects too deeply to read", digest)
    if not isinstance(value, dict):
        reason = f"{span.where} is a JSON {type(value).__name__}, not an object"
        return Problem(own, RejectStage.DECODE, reason, digest)
    return _record(value, own, span.size, digest, fields, options)


def _stand_in(reason: str) -> str:
    """The hash a value that is not read is known by: that of its reason."""
    return hashlib.sha256(reason.encode("utf-8")).hexdigest()


def _find(record: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str, Any] | None:
    """The first of `names` present (and not null or empty) in the record, with its value;
    dotted names reach into objects."""
    for name in names:
        value: Any = record
        for part in name.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if value is not None and value != "":
            return name, value
    return None


def _get(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    found = _find(record, names)
    return found[1] if found is not None else None


def _record(
    value: dict[str, Any],
    own: str,
    size: int,
    digest: str,
    fields: Mapping[str, tuple[str, ...]],
    options: ReadOptions,
) -> Record | Problem:
    ident = _get(value, fields["id"])
    name = str(ident).strip() if isinstance(ident, str | int) and not isinstance(ident, bool) else ""
    name = name or clean(_get(value, fields["url"])) or ""
    key = id_key(name) if name else own
    # known by its id, it replaces its line's key, and the key an earlier version gave an id
    # shaped like a line key (`L12` for the id "L12", now `id:L12`)
    replaces = tuple(dict.fromkeys(k for k in (own, name) if k != key)) if name else ()
    text = _get(value, fields["text"])
    if not isinstance(text, str) or not text.strip():
        looked = ", ".join(fields["text"][:-1]) + (" or " if len(fields["text"]) > 1 else "") + fields["text"][-1]
        return Problem(key, RejectStage.DECODE, f"record has no text (no field {looked})", digest, replaces)
    date = _find(value, fields["published_at"])
    meta = Metadata(
        title=clean(_get(value, fields["title"])),
        published_at=parse_date(date[1]) if date is not None else None,
        url=clean(_get(value, fields["url"])),
        outlet=clean(_get(value, fields["outlet"])),
        authors=split_authors(_get(value, fields["authors"])),
    )
    record = Record(key, text, "utf-8", meta, InputFormat.JSONL, size, replaces)
    if html.is_html_document(text):  # a whole page, not text that starts with a tag
        page = _as_html(record, options)
        if isinstance(page, Problem):
            return page._replace(content_sha256=digest, replaces=replaces)
        record = page
    meta = record.meta
    if meta.outlet is None:
        record = record._replace(meta=replace(meta, outlet=outlet_from_url(meta.url)))
    if date is not None and record.meta.published_at is None:  # kept, and said: never silently empty
        return record._replace(warnings=(f"with an unparseable date in field {date[0]!r} (kept, date left empty)",))
    return record


def _as_html(record: Record, options: ReadOptions) -> Record | Problem:
    """A record whose text is a whole HTML document, read as the HTML reader reads a page;
    the record's own metadata wins over the page's where it gives any."""
    page = next(html.from_bytes(record.text.encode("utf-8"), options, key=record.key))
    if not isinstance(page, Record):
        assert isinstance(page, Problem)  # a page's reader yields no `Skipped`
        return page
    own, theirs = record.meta, page.meta
    meta = Metadata(
        title=own.title or theirs.title,
        published_at=own.published_at or theirs.published_at,
        url=own.url or theirs.url,
        outlet=own.outlet or theirs.outlet,
        authors=own.authors or theirs.authors,
    )
    return record._replace(text=page.text, encoding=page.encoding, meta=meta)
