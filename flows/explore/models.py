"""What the explore queries return: frozen records, ready for a template or for JSON.

QuoteQuery(q="bridge steel", speaker="jane roe", since=date(2026, 1, 1), limit=20)
QuotePage(total=3, quotes=[QuoteHit(text="The steel is in place.", speaker="Jane Roe", ...)])
to_json(page)   # {"total": 3, "quotes": [{"text": "The steel is in place.", ...}]}
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..report.gender import GenderShares

QUOTE_TYPES = ("direct", "partial", "indirect")
MAX_LIMIT = 200


@dataclass(frozen=True)
class QuoteQuery:
    """A quote search; every filter is optional and they combine with AND."""

    q: str | None = None  # words: every word must be in the quote; ranked by BM25
    speaker: str | None = None  # a corpus entity's canonical name or any alias, case-insensitive
    organization: str | None = None  # the organization speaking, or the speaker's stated affiliation
    outlet: str | None = None  # case-insensitive
    since: date | None = None  # the article's date (published_at, else when it was ingested), inclusive
    until: date | None = None  # inclusive
    quote_type: str | None = None  # direct, partial or indirect
    limit: int = 20
    offset: int = 0
    entity_id: str | None = None  # the speaker's corpus entity (a redirected id resolves)


@dataclass(frozen=True)
class QuoteHit:
    text: str
    sentence: str  # the quote in its sentence, cut from the article's text around the quote's offsets
    sentence_start: int  # where the quote starts in `sentence`
    speaker: str | None  # the article's canonical name for the speaker
    speaker_entity_id: str | None  # the corpus entity, resolved through entity_redirects
    speaker_type: str | None
    role: str | None  # the speaker's role stated in the article
    quote_type: str
    article_id: str
    quote_id: str
    title: str | None
    outlet: str | None
    published_at: datetime | None
    start_char: int
    end_char: int
    score: float | None  # the BM25 score when words were searched


@dataclass(frozen=True)
class QuotePage:
    total: int
    quotes: list[QuoteHit]


@dataclass(frozen=True)
class PersonHit:
    entity_id: str
    name: str
    quote_count: int  # as in `entities`: quotes of the corpus entity, reprints left out
    article_count: int


@dataclass(frozen=True)
class PeoplePage:
    total: int
    people: list[PersonHit]


@dataclass(frozen=True)
class Count:
    """One labelled count: a role, an outlet, an ISO week ("2026-W03"), a person."""

    label: str
    count: int
    entity_id: str | None = None


@dataclass(frozen=True)
class Week:
    week: str  # ISO week, "2026-W03"
    articles: int
    quotes: int


@dataclass(frozen=True)
class Shares:
    """Quotes by who speaks: a person, an organization, or no named speaker."""

    quotes: int
    people: int
    organizations: int
    unnamed: int  # no speaker resolved to a name ("a spokesman said")
    gender: GenderShares  # among the quotes by a named person: women, men, and how many the article genders


@dataclass(frozen=True)
class EntityPage:
    entity_id: str
    kind: str
    name: str
    aliases: list[Count]  # every form the articles use, with the number of articles using it
    article_count: int
    quote_count: int
    roles: list[Count]  # roles stated, by the number of articles stating them
    affiliations: list[Count]
    weeks: list[Count]  # quotes per ISO week, every week from the first to the last
    outlets: list[Count]  # outlets quoting them, by quotes
    alongside: list[Count]  # people quoted in the same articles, by shared articles
    quotes: QuotePage


@dataclass(frozen=True)
class Summary:
    """The overview of the dataset, or of one outlet."""

    outlet: str | None
    articles: int
    quotes: int
    weeks: list[Week]
    top_people: list[Count]
    top_organizations: list[Count]
    shares: Shares
    outlets: list[Count]  # the overview's outlets by articles (empty on an outlet's page)


@dataclass(frozen=True)
class ArticleQuote:
    quote_id: str
    text: str
    quote_type: str
    start_char: int
    end_char: int
    speaker: str | None
    speaker_entity_id: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    cue_start: int | None
    cue_end: int | None


@dataclass(frozen=True)
class Article:
    article_id: str
    title: str | None
    outlet: str | None
    published_at: datetime | None
    url: str | None
    source: str
    authors: list[str]
    text: str
    quotes: list[ArticleQuote]


def to_json(value: Any) -> Any:
    """A record (or list of them) as JSON-ready values: dates in ISO 8601."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
