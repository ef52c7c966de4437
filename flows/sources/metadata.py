"""What an input says about itself besides its text: a title, a publication date, an outlet.

date_from_name("wire/2024-03-05_council-vote.txt")   # -> 2024-03-05 00:00 UTC
guess_title("Council Delays Vote\\nThe council voted …")  # -> "Council Delays Vote"
outlet_from_url("https://www.gazette.example/city/vote")  # -> "gazette.example"
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from ..extraction.paragraphs import headline_span, paragraph_spans

_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def date_from_name(source: str) -> datetime | None:
    """`published_at`: an ISO date (YYYY-MM-DD) in the file name, as midnight UTC; else None."""
    m = _ISO_DATE.search(source.rsplit("/", 1)[-1])
    if not m:
        return None
    try:
        return datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=UTC)
    except ValueError:
        return None


def guess_title(text: str) -> str | None:
    """`articles.title`: the headline paragraph, when the text starts with one."""
    span = headline_span(text, paragraph_spans(text))
    return text[span[0] : span[1]] if span else None


def outlet_from_url(url: str | None) -> str | None:
    """`articles.outlet` of an input that names none: its URL's host, lower case, without a
    leading "www." ("https://www.Example-News.com/a" -> "example-news.com"); None without one."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:  # a malformed URL (an unclosed "[" in the host, say)
        return None
    if not host:
        return None
    rest = host.removeprefix("www.")
    return rest if "." in rest else host
