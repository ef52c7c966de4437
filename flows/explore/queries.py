"""Every query the explore app runs, as plain typed functions over a DuckDB cursor of the cache.

    cur = open_cache("data").connection()
    search_quotes(cur, QuoteQuery(q="bridge", speaker="jane roe"))   # QuotePage(total=2, quotes=[...])
    search_people(cur, "roe")                                       # PeoplePage(total=1, people=[...])
    entity_page(cur, "per_0123456789abcdef")                        # EntityPage | None
    outlet_page(cur, "example-news.com"); overview(cur); article(cur, "0123456789abcdef")

The searches live in `search.py`, the pages in `pages.py`, the records in `models.py`.
"""

from __future__ import annotations

from .models import (
    Article,
    ArticleQuote,
    Count,
    EntityPage,
    PeoplePage,
    PersonHit,
    QuoteHit,
    QuotePage,
    QuoteQuery,
    Shares,
    Summary,
    Week,
)
from .pages import article, entity_page, outlet_page, overview
from .search import search_people, search_quotes, sentence_around

__all__ = [
    "Article",
    "ArticleQuote",
    "Count",
    "EntityPage",
    "PeoplePage",
    "PersonHit",
    "QuoteHit",
    "QuotePage",
    "QuoteQuery",
    "Shares",
    "Summary",
    "Week",
    "article",
    "entity_page",
    "outlet_page",
    "overview",
    "search_people",
    "search_quotes",
    "sentence_around",
]
