"""When an HTML page was published, to the second: trafilatura finds the publication date but
returns the day alone, so the time of day and zone are read from the page's own metadata.

    page = '<meta property="article:published_time" content="2024-03-05T18:30:00-05:00">…'
    published_at(document_fromstring(page), "2024-03-05")   # -> 2024-03-05 23:30 UTC
    published_at(document_fromstring(page), "2024-03-07")   # -> 2024-03-07 00:00 UTC (no time of that day)

A timestamp is taken only when its own date, as written (in its own zone), is the day
trafilatura chose, so a modification time or a date in the page's text never replaces it.
Where the page says when it was published, first found first taken:

1. `<meta>` publication fields (`article:published_time`, `datePublished`, `pubdate`, …);
2. JSON-LD `datePublished` (also inside `@graph` and lists);
3. `<time datetime>` (those marked `pubdate` or `itemprop="datePublished"` first).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from .base import parse_date

if TYPE_CHECKING:
    from lxml.html import HtmlElement

#: <meta> names (name, property or itemprop, lower case) that hold the publication time
PUBLISHED_FIELDS = frozenset(
    {
        "article:published_time", "og:published_time", "article.published", "published_time", "datepublished",
        "pubdate", "publishdate", "publish-date", "publish_date", "date", "dc.date.issued", "dcterms.issued",
        "dc.date", "parsely-pub-date", "sailthru.date",
    }
)  # fmt: skip
#: a date with a time of day: "2024-03-05T18:30", "2024-03-05 18:30:00+01:00"
_TIMESTAMP = re.compile(r"^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_MAX_JSON_DEPTH = 8


def published_at(tree: HtmlElement | None, date: object) -> datetime | None:
    """The page's publication time, at the day trafilatura found (`date`, "YYYY-MM-DD"):
    the time of day and zone from the page's metadata when they are there, else midnight UTC."""
    day = parse_date(date)
    if day is None or tree is None or not isinstance(date, str):
        return day
    wanted = date.strip()[:10]
    for value in _candidates(tree):
        if _TIMESTAMP.match(value) and value.strip()[:10] == wanted and (when := parse_date(value)) is not None:
            return when
    return day


def _candidates(tree: HtmlElement) -> Iterator[str]:
    """Every publication timestamp the page states, in the order they are trusted."""
    for meta in tree.iter("meta"):
        names = (meta.get(a) or "" for a in ("property", "name", "itemprop"))
        if any(n.strip().lower() in PUBLISHED_FIELDS for n in names) and meta.get("content"):
            yield meta.get("content")
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        try:
            data = json.loads(script.text_content())
        except ValueError:  # a broken JSON-LD block says nothing
            continue
        yield from _json_dates(data, 0)
    marked = tree.xpath('//time[@datetime][@pubdate or @itemprop="datePublished"]')
    others = [t for t in tree.xpath("//time[@datetime]") if t not in marked]
    for time in [*marked, *others]:
        yield time.get("datetime")


def _json_dates(data: object, depth: int) -> Iterator[str]:
    """Every `datePublished` string in a JSON-LD value (objects, lists, `@graph`)."""
    if depth > _MAX_JSON_DEPTH:
        return
    if isinstance(data, dict):
        value = data.get("datePublished")
        if isinstance(value, str):
            yield value
        for child in data.values():
            if isinstance(child, dict | list):
                yield from _json_dates(child, depth + 1)
    elif isinstance(data, list):
        for child in data:
            yield from _json_dates(child, depth + 1)
