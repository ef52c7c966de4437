"""JSON feeds (`.jsonl`, and `.json`: one object per line, or an array of objects): each
object is an article, its fields found by a documented mapping that `--field` overrides.

    feed.jsonl:  {"guid": "a1", "headline": "Bridge Reopens", "body": "Mayor Jane Roe said …",
                  "published": "2024-03-05T10:00:00Z", "byline": "By Jo Writer", "site": "Gazette"}
                 {"guid": "a2", "headline": "No text here"}
                 not json
    records(fh, ReadOptions("feed.jsonl", 5_000_000))
    # -> Record("a1", "Mayor Jane Roe said …", "utf-8", Metadata("Bridge Reopens", 2024-03-05 10:00 UTC,
    #           None, "Gazette", ("Jo Writer",)), "jsonl", 161)
    #    Problem("a2", "decode", "record has no text (no field text, body or content)")
    #    Problem("L3", "decode", "line 3 is not valid JSON (Expecting value at column 1)")

A record's key is its id (`id`, `guid`), else its URL, else `L` and its 1-based line
number: its `source` is `feed.jsonl#a1` or `feed.jsonl#L3`. The feed is read line by line
(an array element by element), at most `max_bytes` per record, never whole.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from ...schemas.vocab import InputFormat, RejectStage
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

_CHUNK = 1 << 16


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


def records(fh: BinaryIO, options: ReadOptions) -> Iterator[Item]:
    fields = {**DEFAULT_FIELDS, **dict(options.fields)}
    seen: dict[str, int] = {}
    found = False
    for line_no, value, size, digest in _values(fh, options.max_bytes):
        found = True
        if isinstance(value, Problem):
            yield value
            continue
        item = _record(value, line_no, size, digest, fields)
        if isinstance(item, Record) and item.key is not None:
            if item.key in seen:
                reason = f"line {line_no} repeats the id {item.key!r} of line {seen[item.key]}: not read"
                yield Problem(f"L{line_no}", RejectStage.DECODE, reason, digest)
                continue
            seen[item.key] = line_no
        yield item
    if not found:
        yield Problem(None, RejectStage.DECODE, "holds no JSON records")


def _values(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[int, Any, int, str]]:
    """(line number, decoded value or Problem, bytes, SHA-256 of the bytes) of every record."""
    peek = getattr(fh, "peek", None)  # a file opened by safe_open is buffered
    head = peek(64)[:64] if peek is not None else fh.read(0)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
        yield from _array(fh, max_bytes)
        return
    line_no = 0
    while line := fh.readline(max_bytes + 1):
        line_no += 1
        digest = hashlib.sha256(line).hexdigest()
        if len(line) > max_bytes and not line.endswith(b"\n"):
            size = len(line)
            while chunk := fh.readline(_CHUNK):  # the rest of the line, not kept
                size += len(chunk)
                if chunk.endswith(b"\n"):
                    break
            reason = f"line {line_no} is {size:,} bytes, over the limit of {max_bytes:,} (QUOTEFLOW_MAX_INPUT_BYTES)"
            yield line_no, Problem(f"L{line_no}", RejectStage.READ, reason), size, digest
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line.decode("utf-8-sig" if line_no == 1 else "utf-8"))
        except UnicodeDecodeError as exc:
            problem = Problem(
                f"L{line_no}", RejectStage.DECODE, f"line {line_no} is not UTF-8 (byte {exc.start})", digest
            )
            yield line_no, problem, len(line), digest
            continue
        except json.JSONDecodeError as exc:
            reason = f"line {line_no} is not valid JSON ({exc.msg} at column {exc.colno})"
            yield line_no, Problem(f"L{line_no}", RejectStage.DECODE, reason, digest), len(line), digest
            continue
        yield line_no, value, len(line), digest


def _array(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[int, Any, int, str]]:
    """The elements of a top-level JSON array, one at a time (a malformed one ends the array)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    json_decoder = json.JSONDecoder()
    buf, eof, line, opened = "", False, 1, False
    while True:
        stripped = buf.lstrip(" \t\r\n," if opened else " \t\r\n")
        line += buf[: len(buf) - len(stripped)].count("\n")
        buf = stripped
        if not opened and buf.startswith("["):
            buf, opened = buf[1:], True
            continue
        if opened and buf.startswith("]"):
            return
        error = ""
        if buf:
            try:
                value, end = json_decoder.raw_decode(buf)
            except json.JSONDecodeError as exc:
                error = f"{exc.msg} at line {line + exc.lineno - 1}"
            else:
                raw = buf[:end].encode("utf-8")
                yield line, value, len(raw), hashlib.sha256(raw).hexdigest()
                line += buf[:end].count("\n")
                buf = buf[end:]
                continue
        if eof:
            if buf or not opened:
                reason = f"the JSON array is cut short or malformed from line {line} on ({error or 'no closing ]'})"
                yield line, Problem(f"L{line}", RejectStage.DECODE, reason), len(buf), ""
            return
        if len(buf) > max_bytes:
            reason = f"the array element at line {line} is over the limit of {max_bytes:,} bytes or malformed"
            yield line, Problem(f"L{line}", RejectStage.READ, reason), len(buf), ""
            return
        chunk = fh.read(max(_CHUNK, len(buf)))
        try:
            buf += decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            reason = f"the JSON array is not UTF-8 after line {line} (byte {exc.start} of a chunk)"
            yield line, Problem(f"L{line}", RejectStage.DECODE, reason), len(buf), ""
            return
        eof = not chunk


def _get(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    """The first of `names` present (and not null) in the record; dotted names reach into objects."""
    for name in names:
        value: Any = record
        for part in name.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if value is not None and value != "":
            return value
    return None


def _record(value: Any, line_no: int, size: int, digest: str, fields: Mapping[str, tuple[str, ...]]) -> Item:
    if not isinstance(value, dict):
        reason = f"line {line_no} is a JSON {type(value).__name__}, not an object"
        return Problem(f"L{line_no}", RejectStage.DECODE, reason, digest)
    ident = _get(value, fields["id"])
    if not isinstance(ident, str | int) or isinstance(ident, bool) or not str(ident).strip():
        ident = clean(_get(value, fields["url"]))
    key = str(ident).strip() if ident is not None else f"L{line_no}"
    text = _get(value, fields["text"])
    if not isinstance(text, str) or not text.strip():
        looked = ", ".join(fields["text"][:-1]) + (" or " if len(fields["text"]) > 1 else "") + fields["text"][-1]
        return Problem(key, RejectStage.DECODE, f"record has no text (no field {looked})", digest)
    meta = Metadata(
        title=clean(_get(value, fields["title"])),
        published_at=parse_date(_get(value, fields["published_at"])),
        url=clean(_get(value, fields["url"])),
        outlet=clean(_get(value, fields["outlet"])),
        authors=split_authors(_get(value, fields["authors"])),
    )
    return Record(key, text, "utf-8", meta, InputFormat.JSONL, size)
