"""Query-string parameters checked into typed values; a bad one is a `BadQuery` with a one-line reason.

quote_query({"q": "steel", "since": "2026-01-01", "limit": "50"})
# QuoteQuery(q="steel", since=date(2026, 1, 1), limit=50)
quote_query({"since": "yesterday"})
# BadQuery: since must be a date like 2026-01-31, not 'yesterday'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ..errors import BadQuery
from .models import MAX_LIMIT, QUOTE_TYPES, QuoteQuery

#: longer values are no search anyone types; refused rather than cut
MAX_TEXT = 500


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "…")


def text(params: Mapping[str, str], name: str) -> str | None:
    value = params.get(name)
    if value is None or not value.strip():
        return None
    if len(value) > MAX_TEXT:
        raise BadQuery(f"{name} is {len(value)} characters long; at most {MAX_TEXT}")
    if "\x00" in value:
        raise BadQuery(f"{name} holds a NUL character")
    return value.strip()


def day(params: Mapping[str, str], name: str) -> date | None:
    value = text(params, name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadQuery(f"{name} must be a date like 2026-01-31, not {_shown(value)}") from None


def integer(params: Mapping[str, str], name: str, default: int, low: int, high: int | None = None) -> int:
    value = text(params, name)
    if value is None:
        return default
    if not value.isascii() or not value.lstrip("-").isdigit():
        raise BadQuery(f"{name} must be a whole number, not {_shown(value)}")
    number = int(value)
    if number < low:
        raise BadQuery(f"{name} must be at least {low}, not {number}")
    if high is not None and number > high:
        raise BadQuery(f"{name} must be at most {high}, not {number}")
    return number


def paging(params: Mapping[str, str]) -> tuple[int, int]:
    """(limit, offset): limit 1 to 200 (20 by default), offset 0 or more."""
    return integer(params, "limit", 20, 1, MAX_LIMIT), integer(params, "offset", 0, 0)


def quote_query(params: Mapping[str, str]) -> QuoteQuery:
    quote_type = text(params, "quote_type")
    if quote_type is not None and quote_type not in QUOTE_TYPES:
        raise BadQuery(f"quote_type must be one of {', '.join(QUOTE_TYPES)}, not {_shown(quote_type)}")
    since, until = day(params, "since"), day(params, "until")
    if since and until and since > until:
        raise BadQuery(f"since ({since}) is after until ({until})")
    limit, offset = paging(params)
    return QuoteQuery(
        q=text(params, "q"),
        speaker=text(params, "speaker"),
        organization=text(params, "organization"),
        outlet=text(params, "outlet"),
        since=since,
        until=until,
        quote_type=quote_type,
        limit=limit,
        offset=offset,
    )
