"""Web archives (`.warc`, `.warc.gz`) through warcio: every HTML response with status 200 is
an article, read through the HTML reader; its target URI is its `url`.

    records(open("crawl.warc.gz", "rb"), ReadOptions("crawl.warc.gz", 5_000_000))
    # -> Record("<urn:uuid:9f2c…>", "Bridge Reopens\\nMayor Jane Roe said …", "utf-8",
    #           Metadata(title="Bridge Reopens", published_at=2024-03-05 …,
    #                    url="https://gazette.example/bridge", …), "warc", 5120)
    #    Skipped("WARC response that is not an HTML page with status 200")   # a 404, an image
    #    Problem("offset-20480", "decode", "the record at byte 20,480 repeats the WARC-Record-ID <urn:uuid:9f2c…> …")
    #    Problem("<urn:uuid:77ab…>", "decode", "truncated WARC record: the archive ends after 812 of its 5,120 bytes …")

A record's key is its WARC-Record-ID (`source` = `crawl.warc.gz#<urn:uuid:…>`). Requests,
metadata and warcinfo records are not articles and are passed over; responses that are
not HTML with status 200 are counted as skipped. The archive is streamed record by record,
and at most `max_bytes` of a record's payload is read.

Archives as crawlers leave them are checked, so that every record is read once and whole:

- a WARC-Record-ID met again (two archives joined with `cat`) is the same record: the
  first is read, the repeat is a reject keyed by its byte offset (`offset-20480`);
- a record the archive ends inside (a crawl still being written, a copy cut short) is a
  reject saying it is truncated; the records before it are read. An archive that ends
  inside its first record is rejected whole, so it is read again once it has grown.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, BinaryIO

from ...schemas.vocab import InputFormat, RejectStage
from . import html
from .base import Item, Problem, ReadOptions, Record, Skipped, parse_date

if TYPE_CHECKING:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.recordloader import ArcWarcRecord

NOT_AN_HTML_PAGE = "WARC response that is not an HTML page with status 200"
_DRAIN = 1 << 16


def records(fh: BinaryIO, options: ReadOptions) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    archive = ArchiveIterator(fh)
    stream = iter(archive)
    seen: dict[str, int] = {}  # WARC-Record-ID -> byte offset of the record that had it first
    found = False
    while True:
        try:
            record = next(stream)
        except StopIteration:
            break
        except Exception as exc:  # warcio on a cut or damaged archive: ArchiveLoadFailed, AttributeError, zlib.error …
            yield _unreadable(fh, archive, found, exc)
            return
        start = archive.offset
        if not _delimited(record):  # no Content-Length to tell where it ends
            yield _undelimited(fh, archive, record, start, found)
            return
        found = True
        yield from _record_items(record, start, seen, options)
    # warcio ends quietly when the archive ends inside a record's headers: bytes left over say so
    start = archive.offset
    if _size(fh) > start:
        yield _cut_in_headers(start, found)
    elif not found:
        yield Problem(None, RejectStage.DECODE, "holds no WARC records")


def _record_items(record: ArcWarcRecord, start: int, seen: dict[str, int], options: ReadOptions) -> Iterator[Item]:
    """What one record of the archive (at byte `start`) is: an article, a reject, a skip, or nothing."""
    if record.rec_type != "response":
        return
    http = record.http_headers
    status = http.get_statuscode() if http is not None else None
    content_type = http.get_header("Content-Type") if http is not None else None
    page = status == "200" and content_type is not None and "html" in content_type.lower()
    payload = record.content_stream().read(options.max_bytes + 1) if page else b""
    received, length = _block(record)
    cut = received < length
    # a record cut inside its HTTP headers may have lost the headers that would say what it is
    # (no HTTP headers at all: not an http(s) response, so not a page either way)
    headers_whole = http is None or received > http.total_len
    if not page and (not cut or headers_whole):
        yield Skipped(NOT_AN_HTML_PAGE)
        return
    record_id = record.rec_headers.get_header("WARC-Record-ID") or f"offset-{start}"
    if record_id in seen:
        first = seen[record_id]
        reason = f"the record at byte {start:,} repeats the WARC-Record-ID {record_id} of the record at byte {first:,}"
        digest = hashlib.sha256(payload).hexdigest()
        yield Problem(f"offset-{start}", RejectStage.DECODE, f"{reason}: read once, not again", digest)
        return
    seen[record_id] = start
    if cut:
        reason = f"truncated WARC record: the archive ends after {received:,} of its {length:,} bytes; not read"
        yield Problem(record_id, RejectStage.DECODE, reason)
        return
    if len(payload) > options.max_bytes:
        reason = f"record is over the limit of {options.max_bytes:,} bytes (QUOTEFLOW_MAX_INPUT_BYTES)"
        yield Problem(record_id, RejectStage.READ, reason)
        return
    target = record.rec_headers.get_header("WARC-Target-URI")
    crawled = parse_date(record.rec_headers.get_header("WARC-Date"))
    for item in html.from_bytes(payload, options, key=record_id):
        if isinstance(item, Record):
            meta = replace(item.meta, url=target or item.meta.url, published_at=item.meta.published_at or crawled)
            item = item._replace(meta=meta, format=InputFormat.WARC)
        yield item


def _block(record: ArcWarcRecord) -> tuple[int, int]:
    """(bytes of the record's block in the archive, bytes its Content-Length announces), after
    reading the block to its end; equal unless the archive ends inside the record."""
    from warcio.limitreader import LimitReader

    raw = record.raw_stream
    while raw.read(_DRAIN):
        pass
    if not isinstance(raw, LimitReader):  # no Content-Length: nothing to check against
        return 0, 0
    return raw.tell(), raw.tell() + raw.limit


def _delimited(record: ArcWarcRecord) -> bool:
    """Does the record say how long its block is? (Its headers cut before their Content-Length do not.)"""
    length = record.rec_headers.get_header("Content-Length")
    return length is not None and length.strip().isdigit()


def _undelimited(fh: BinaryIO, archive: ArchiveIterator, record: ArcWarcRecord, start: int, found: bool) -> Problem:
    """The reject for a record without a Content-Length: truncated if the archive ends with its
    headers, else damaged (its end is unknown, so nothing after it can be read)."""
    if record.raw_stream.read(1) == b"" and _nothing_after(fh, archive):
        return _cut_in_headers(start, found)
    reason = f"WARC record at byte {start:,} has no valid Content-Length: it and the rest of the archive are not read"
    return Problem(f"offset-{start}" if found else None, RejectStage.DECODE, reason)


def _nothing_after(fh: BinaryIO, archive: ArchiveIterator) -> bool:
    """Has the archive no bytes left to read (decompressed, still compressed, or not yet read)?"""
    try:
        if archive.reader.read(1):
            return False
    except Exception:  # the rest does not even decompress: there is something after, and it is damaged
        return False
    decompressor = archive.reader.decompressor
    if decompressor is not None and decompressor.unused_data:  # another gzip member follows
        return False
    return fh.read(1) == b""


def _unreadable(fh: BinaryIO, archive: ArchiveIterator, found: bool, exc: Exception) -> Problem:
    """The reject for a record warcio cannot parse: truncated if the archive ends inside it, else damaged."""
    start = archive.offset
    if _nothing_after(fh, archive) and (found or _starts_as_warc(fh)):
        return _cut_in_headers(start, found)
    if not found:
        return Problem(None, RejectStage.DECODE, f"not a readable WARC archive ({exc})")
    reason = f"unreadable WARC record at byte {start:,} ({exc}): it and the rest of the archive are not read"
    return Problem(f"offset-{start}", RejectStage.DECODE, reason)


def _cut_in_headers(start: int, found: bool) -> Problem:
    if not found:  # the whole archive is rejected, so it is read again once it has grown
        reason = "truncated WARC archive: it ends inside the headers of its first record; no record to read"
        return Problem(None, RejectStage.DECODE, reason)
    reason = f"truncated WARC record at byte {start:,}: the archive ends inside the record's headers; not read"
    return Problem(f"offset-{start}", RejectStage.DECODE, reason)


def _size(fh: BinaryIO) -> int:
    try:
        return fh.seek(0, io.SEEK_END)
    except (OSError, ValueError):  # not seekable: nothing known to be left over
        return 0


def _starts_as_warc(fh: BinaryIO) -> bool:
    """Do the archive's first bytes (decompressed) begin as a WARC record does, as far as they go?"""
    try:
        fh.seek(0)
        head = fh.read(64)
        if head.startswith(b"\x1f\x8b"):
            head = zlib.decompressobj(wbits=31).decompress(head)
    except (OSError, ValueError, zlib.error):
        return False
    return b"WARC/".startswith(head[:5])
