"""Web archives (`.warc`, `.warc.gz`) through warcio: every HTML response with status 200 is
an article, read through the HTML reader; its target URI is its `url`.

    records(open("crawl.warc.gz", "rb"), ReadOptions("crawl.warc.gz", 5_000_000))
    # -> Record("<urn:uuid:9f2c…>", "Bridge Reopens\\nMayor Jane Roe said …", "utf-8",
    #           Metadata(title="Bridge Reopens", published_at=2024-03-05 …,
    #                    url="https://gazette.example/bridge", …), "warc", 5120)
    #    Skipped("WARC response that is not an HTML page with status 200")   # a 404, an image

A record's key is its WARC-Record-ID (`source` = `crawl.warc.gz#<urn:uuid:…>`). Requests,
metadata and warcinfo records are not articles and are passed over; responses that are
not HTML with status 200 are counted as skipped. The archive is streamed record by record,
and at most `max_bytes` of a record's payload is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO

from ...schemas.vocab import InputFormat, RejectStage
from . import html
from .base import Item, Problem, ReadOptions, Record, Skipped, parse_date

NOT_AN_HTML_PAGE = "WARC response that is not an HTML page with status 200"


def records(fh: BinaryIO, options: ReadOptions) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = False
    try:
        for record in ArchiveIterator(fh):
            found = True
            if record.rec_type != "response":
                continue
            key = record.rec_headers.get_header("WARC-Record-ID") or f"offset-{record.offset}"
            http = record.http_headers
            content_type = (http.get_header("Content-Type") or "") if http is not None else ""
            if http is None or http.get_statuscode() != "200" or "html" not in content_type.lower():
                yield Skipped(NOT_AN_HTML_PAGE)
                continue
            payload = record.content_stream().read(options.max_bytes + 1)
            if len(payload) > options.max_bytes:
                reason = f"record is over the limit of {options.max_bytes:,} bytes (QUOTEFLOW_MAX_INPUT_BYTES)"
                yield Problem(key, RejectStage.READ, reason)
                continue
            target = record.rec_headers.get_header("WARC-Target-URI")
            crawled = parse_date(record.rec_headers.get_header("WARC-Date"))
            for item in html.from_bytes(payload, options, key=key):
                if isinstance(item, Record):
                    meta = replace(
                        item.meta,
                        url=target or item.meta.url,
                        published_at=item.meta.published_at or crawled,
                    )
                    item = item._replace(meta=meta, format=InputFormat.WARC)
                yield item
    except ArchiveLoadFailed as exc:
        yield Problem(None, RejectStage.DECODE, f"not a readable WARC archive ({exc})")
        return
    if not found:
        yield Problem(None, RejectStage.DECODE, "holds no WARC records")
