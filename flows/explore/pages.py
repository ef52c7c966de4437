"""The entity, outlet, overview and article pages' data, from the explore cache.

    entity_page(cur, "per_0123456789abcdef")   # EntityPage(name="Jane Roe", weeks=[Count("2026-W02", 3)], ...)
    outlet_page(cur, "example-news.com")       # Summary(articles=12, quotes=40, shares=Shares(...), ...)
    overview(cur)                              # the same over the whole dataset, with its outlets
    article(cur, "0123456789abcdef")           # Article(text=..., quotes=[ArticleQuote(...), ...])

Counts are of `quotes` rows (reprints included, as the search counts them); an id redirected
to an entity counts as that entity. Weeks are ISO weeks of the article's date (published_at,
else when it was ingested), every week from the first to the last.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import duckdb

from ..report.gender import GenderShares
from ..schemas.vocab import Gender
from .models import Article, ArticleQuote, Count, EntityPage, QuoteQuery, Shares, Summary, Week
from .search import RESOLVED, among, entity_ids, search_quotes

TOP = 20
#: a timeline longer than this (a stray date decades off) is drawn with its weeks only, not every week
MAX_FILLED_WEEKS = 1100


def _week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _mondays(found: list[date]) -> list[date]:
    """Every Monday from the first found to the last, or just those found when the span is too long."""
    if not found:
        return []
    first, last = min(found), max(found)
    if (last - first).days // 7 > MAX_FILLED_WEEKS:
        return sorted(set(found))
    return [first + timedelta(days=7 * k) for k in range((last - first).days // 7 + 1)]


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    assert isinstance(value, date)
    return value


def _counts(rows: list[tuple[object, ...]]) -> list[Count]:
    return [Count(str(label), int(str(n)), entity_id=str(e) if e else None) for label, n, e in rows]


def resolve(cur: duckdb.DuckDBPyConnection, entity_id: str) -> str:
    row = cur.execute("SELECT current_entity_id FROM entity_redirects WHERE entity_id = ?", [entity_id]).fetchone()
    return str(row[0]) if row else entity_id


def entity_page(cur: duckdb.DuckDBPyConnection, entity_id: str, limit: int = 20, offset: int = 0) -> EntityPage | None:
    """A person's or organization's page; None when `entity_id` is no entity (nor redirected to one)."""
    current = resolve(cur, entity_id)
    row = cur.execute(
        """SELECT entity_id, kind, name, aliases, alias_counts, article_count, quote_count
           FROM entities WHERE entity_id = ?""",
        [current],
    ).fetchone()
    if row is None:
        return None
    eid, kind, name, aliases, alias_counts, article_count, quote_count = row
    ids = entity_ids(cur, current)
    mine = among("entity_id", ids)
    stated = f"""SELECT {{col}}, count(DISTINCT article_id), NULL FROM people WHERE {mine} AND {{col}} IS NOT NULL
                 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?"""
    roles = _counts(cur.execute(stated.format(col="role"), [*ids, TOP]).fetchall())
    affiliations = _counts(cur.execute(stated.format(col="organization"), [*ids, TOP]).fetchall())
    said = among("speaker_entity_id", ids)
    weekly = cur.execute(
        f"SELECT date_trunc('week', dated_at)::DATE, count(*) FROM quotes WHERE {said} GROUP BY 1", ids
    ).fetchall()
    by_week = {_as_date(d): int(n) for d, n in weekly}
    weeks = [Count(_week_label(m), by_week.get(m, 0)) for m in _mondays(list(by_week))]
    outlets = _counts(
        cur.execute(
            f"""SELECT outlet, count(*), NULL FROM quotes WHERE {said} AND outlet IS NOT NULL
                GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?""",
            [*ids, TOP],
        ).fetchall()
    )
    alongside = _counts(
        cur.execute(
            f"""WITH mine AS (SELECT DISTINCT article_id FROM quotes WHERE {said}),
                     others AS (SELECT {RESOLVED.format(col="p.entity_id")} AS other, p.article_id
                                FROM people p JOIN mine USING (article_id) WHERE p.quote_count > 0)
                SELECT e.name, count(DISTINCT o.article_id), e.entity_id FROM others o
                JOIN entities e ON e.entity_id = o.other WHERE o.other <> ?
                GROUP BY e.entity_id, e.name ORDER BY 2 DESC, 1, 3 LIMIT ?""",
            [*ids, current, TOP],
        ).fetchall()
    )
    return EntityPage(
        entity_id=str(eid),
        kind=str(kind),
        name=str(name),
        aliases=[Count(a, int(n)) for a, n in zip(aliases or [], alias_counts or [], strict=False)],
        article_count=int(article_count or 0),
        quote_count=int(quote_count or 0),
        roles=roles,
        affiliations=affiliations,
        weeks=weeks,
        outlets=outlets,
        alongside=alongside,
        quotes=search_quotes(cur, QuoteQuery(entity_id=current, limit=limit, offset=offset)),
    )


def _summary(cur: duckdb.DuckDBPyConnection, outlet: str | None) -> Summary:
    where = "lower(outlet) = lower(?)" if outlet is not None else "TRUE"
    params: list[object] = [outlet] if outlet is not None else []
    articles = cur.execute(
        f"SELECT date_trunc('week', dated_at)::DATE, count(*) FROM articles WHERE {where} GROUP BY 1", params
    ).fetchall()
    quotes = cur.execute(
        f"SELECT date_trunc('week', dated_at)::DATE, count(*) FROM quotes WHERE {where} GROUP BY 1", params
    ).fetchall()
    a_week = {_as_date(d): int(n) for d, n in articles}
    q_week = {_as_date(d): int(n) for d, n in quotes}
    weeks = [Week(_week_label(m), a_week.get(m, 0), q_week.get(m, 0)) for m in _mondays([*a_week, *q_week])]
    top = f"""SELECT coalesce(e.name, any_value(q.speaker)), count(*), r FROM (
                  SELECT {RESOLVED.format(col="speaker_entity_id")} AS r, speaker FROM quotes
                  WHERE {where} AND speaker_type = ? AND speaker_entity_id IS NOT NULL) q
              LEFT JOIN entities e ON e.entity_id = q.r
              GROUP BY r, e.name ORDER BY 2 DESC, 1, 3 LIMIT ?"""
    top_people = _counts(cur.execute(top, [*params, "person", TOP]).fetchall())
    top_orgs = _counts(cur.execute(top, [*params, "organization", TOP]).fetchall())
    share_row = cur.execute(
        f"""SELECT count(*), count(*) FILTER (speaker_type = 'person' AND speaker_entity_id IS NOT NULL),
                   count(*) FILTER (speaker_type = 'organization' AND speaker_entity_id IS NOT NULL),
                   count(*) FILTER (speaker_entity_id IS NULL),
                   count(speaker_gender), count(*) FILTER (speaker_gender = ?), count(*) FILTER (speaker_gender = ?)
            FROM quotes WHERE {where}""",
        [Gender.FEMALE.value, Gender.MALE.value, *params],
    ).fetchone()
    counts = [int(v) for v in share_row] if share_row else [0] * 7
    total, people, organizations, unnamed, by_person, women, men = counts
    gender = GenderShares(quotes=by_person, known=women + men, women=women, men=men)
    shares = Shares(total, people, organizations, unnamed, gender)
    outlets: list[Count] = []
    if outlet is None:
        outlets = _counts(
            cur.execute(
                """SELECT outlet, count(*), NULL FROM articles WHERE outlet IS NOT NULL
                   GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?""",
                [TOP * 5],
            ).fetchall()
        )
    return Summary(outlet, sum(a_week.values()), shares.quotes, weeks, top_people, top_orgs, shares, outlets)


def overview(cur: duckdb.DuckDBPyConnection) -> Summary:
    """The whole dataset: articles and quotes per week, most quoted, who speaks, the outlets."""
    return _summary(cur, None)


def outlet_page(cur: duckdb.DuckDBPyConnection, outlet: str) -> Summary | None:
    """One outlet (case-insensitive); None when no article has it."""
    row = cur.execute("SELECT outlet FROM articles WHERE lower(outlet) = lower(?) LIMIT 1", [outlet]).fetchone()
    if row is None:
        return None
    return _summary(cur, str(row[0]))


def article(cur: duckdb.DuckDBPyConnection, article_id: str) -> Article | None:
    """One article with its quotes (speakers resolved to their corpus entities); None when unknown."""
    row = cur.execute(
        "SELECT article_id, title, outlet, published_at, url, source, authors, text FROM articles WHERE article_id = ?",
        [article_id],
    ).fetchone()
    if row is None:
        return None
    resolved = RESOLVED.format(col="speaker_entity_id")
    quotes = cur.execute(
        f"""SELECT quote_id, text, quote_type, start_char, end_char, speaker, {resolved},
                   speaker_start, speaker_end, cue, cue_start, cue_end
            FROM quotes WHERE article_id = ? ORDER BY start_char, end_char DESC, quote_id""",
        [article_id],
    ).fetchall()
    aid, title, outlet, published_at, url, source, authors, text = row
    return Article(
        str(aid), title, outlet, published_at, url, str(source), list(authors or []), str(text),
        [ArticleQuote(*q) for q in quotes],
    )  # fmt: skip
