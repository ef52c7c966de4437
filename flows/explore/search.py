"""Quote and people search over the explore cache, every value a `?` parameter.

    search_quotes(cur, QuoteQuery(q="steel bridge", outlet="example-news.com"))
    # QuotePage(total=2, quotes=[QuoteHit(text="The steel for bridge 4 is in place.", ...), ...])
    search_people(cur, "roe")   # PeoplePage(total=1, people=[PersonHit("per_…", "Jane Roe", 2, 1)])

Words: a quote matches when it holds every word of `q` (lower-cased tokens of letters and
digits, as the cache indexes them); hits are ranked by BM25 (k1 1.2, b 0.75) over the quote
texts, else newest first. A speaker matches a corpus entity by its canonical name or any alias,
case-insensitively, and every id redirected to that entity counts as it.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import duckdb

from ..errors import BadQuery
from .cache import TOKEN_PATTERN
from .models import PeoplePage, PersonHit, QuoteHit, QuotePage, QuoteQuery

K1 = 1.2
B = 0.75
MAX_TERMS = 32
#: characters of article text read on each side of a quote to find its sentence
WINDOW = 400

RESOLVED = "coalesce((SELECT current_entity_id FROM entity_redirects r WHERE r.entity_id = {col}), {col})"


def named_ids(cur: duckdb.DuckDBPyConnection, name: str, kind: str | None = None) -> list[str]:
    """Ids of the entities called `name` (canonical name or alias, any case), and the ids redirected to them."""
    rows = cur.execute(
        """WITH named AS (SELECT entity_id FROM entities
                          WHERE (lower(name) = lower(?) OR list_contains([lower(a) FOR a IN aliases], lower(?)))
                          AND (? IS NULL OR kind = ?))
           SELECT entity_id FROM named
           UNION SELECT r.entity_id FROM entity_redirects r JOIN named n ON r.current_entity_id = n.entity_id""",
        [name, name, kind, kind],
    ).fetchall()
    return sorted(str(r[0]) for r in rows)


def entity_ids(cur: duckdb.DuckDBPyConnection, entity_id: str) -> list[str]:
    """The entity `entity_id` stands for now (through a redirect), and every id redirected to it."""
    rows = cur.execute(
        """WITH target AS (
               SELECT coalesce((SELECT current_entity_id FROM entity_redirects WHERE entity_id = ?), ?) AS id)
           SELECT id FROM target
           UNION SELECT r.entity_id FROM entity_redirects r JOIN target t ON r.current_entity_id = t.id""",
        [entity_id, entity_id],
    ).fetchall()
    return sorted(str(r[0]) for r in rows)


def among(column: str, values: list[str]) -> str:
    """`column IN (?, …)` for `values` (constants, so DuckDB's zone maps skip row groups); FALSE for none."""
    return f"{column} IN ({', '.join('?' for _ in values)})" if values else "FALSE"


def terms(cur: duckdb.DuckDBPyConnection, q: str | None) -> list[str]:
    """The distinct word tokens of `q`, tokenized as the cache tokenizes quotes."""
    if not q:
        return []
    row = cur.execute(f"SELECT list_distinct(regexp_extract_all(lower(?), '{TOKEN_PATTERN}'))", [q]).fetchone()
    found = sorted(row[0]) if row and row[0] else []
    if len(found) > MAX_TERMS:
        raise BadQuery(f"q has {len(found)} distinct words; search with at most {MAX_TERMS}")
    return found


def _filters(cur: duckdb.DuckDBPyConnection, query: QuoteQuery) -> tuple[list[str], list[object]]:
    """WHERE conditions on the quote row `q` and their parameters, in order."""
    where: list[str] = []
    params: list[object] = []
    if query.speaker:
        speakers = named_ids(cur, query.speaker)
        where.append(among("q.speaker_entity_id", speakers))
        params += speakers
    if query.organization:
        orgs = named_ids(cur, query.organization, "organization")
        where.append(
            f"((q.speaker_type = 'organization' AND {among('q.speaker_entity_id', orgs)})"
            f" OR lower(q.affiliation) = lower(?) OR {among('q.affiliation_entity_id', orgs)})"
        )
        params += [*orgs, query.organization, *orgs]
    if query.outlet:
        where.append("lower(q.outlet) = lower(?)")
        params.append(query.outlet)
    if query.since:
        where.append("q.dated_at >= ?")
        params.append(_midnight(query.since))
    if query.until:
        where.append("q.dated_at < ?")
        params.append(_midnight(query.until) + timedelta(days=1))
    if query.quote_type:
        where.append("q.quote_type = ?")
        params.append(query.quote_type)
    if query.entity_id:
        ids = entity_ids(cur, query.entity_id)
        where.append(among("q.speaker_entity_id", ids))
        params += ids
    return where, params


def _midnight(day: object) -> datetime:
    from datetime import UTC, date

    assert isinstance(day, date)
    return datetime.combine(day, time(), tzinfo=UTC)


def search_quotes(cur: duckdb.DuckDBPyConnection, query: QuoteQuery) -> QuotePage:
    """One page of the quotes matching `query`, and how many match in all."""
    words = terms(cur, query.q)
    where, params = _filters(cur, query)
    condition = " AND ".join(where) or "TRUE"
    if words:  # BM25 over the postings of the words only (the token table is sorted by token)
        matched = f"""
            WITH stats AS (SELECT count(*) AS n, avg(n_tokens) AS avgdl FROM quotes),
            hits AS (
                SELECT t.qrow, sum(ln(1 + (s.n - d.df + 0.5) / (d.df + 0.5)) * t.tf * {K1 + 1}
                                   / (t.tf + {K1} * (1 - {B} + {B} * t.dl / s.avgdl))) AS score
                FROM tokens t JOIN token_df d USING (token) CROSS JOIN stats s
                WHERE {among("t.token", words)} AND {among("d.token", words)}
                GROUP BY t.qrow HAVING count(*) = ?)
            SELECT q.qrow, h.score, q.dated_at, q.article_id, q.start_char, q.quote_id
            FROM hits h JOIN quotes q USING (qrow) WHERE {condition}"""
        params = [*words, *words, len(words), *params]
        order = "score DESC, qrow"
    else:
        matched = f"""SELECT q.qrow, NULL::DOUBLE AS score, q.dated_at, q.article_id, q.start_char, q.quote_id
                      FROM quotes q WHERE {condition}"""
        order = "dated_at DESC, article_id, start_char, quote_id"
    # one pass: the matching rows once, counted and cut to the page; the article text only for the page
    rows = cur.execute(
        f"""WITH m AS MATERIALIZED ({matched}),
                 page AS (SELECT * FROM m ORDER BY {order} LIMIT ? OFFSET ?)
            SELECT c.total, q.text, q.speaker, {RESOLVED.format(col="q.speaker_entity_id")}, q.speaker_type, q.role,
                   q.quote_type, q.article_id, q.quote_id, q.title, q.outlet, q.published_at, q.start_char,
                   q.end_char, p.score, greatest(q.start_char - {WINDOW}, 0) AS w0,
                   substr(a.text, greatest(q.start_char - {WINDOW}, 0) + 1,
                          q.end_char + {WINDOW} - greatest(q.start_char - {WINDOW}, 0)) AS window
            FROM (SELECT count(*) AS total FROM m) c
            LEFT JOIN (page p JOIN quotes q USING (qrow) JOIN articles a ON a.article_id = q.article_id) ON TRUE
            ORDER BY {", ".join("p." + k.strip() for k in order.split(","))}""",
        [*params, query.limit, query.offset],
    ).fetchall()
    total = int(rows[0][0]) if rows else 0
    return QuotePage(total, [_hit(row[1:]) for row in rows if row[1] is not None])


def _hit(row: tuple[object, ...]) -> QuoteHit:
    (text, speaker, entity_id, speaker_type, role, quote_type, article_id, quote_id, title, outlet, published_at,
     start, end, score, w0, window) = row  # fmt: skip
    assert isinstance(start, int) and isinstance(end, int) and isinstance(w0, int) and isinstance(window, str)
    sentence, offset = sentence_around(window, start - w0, end - w0)
    return QuoteHit(
        text=str(text),
        sentence=sentence,
        sentence_start=offset,
        speaker=speaker if isinstance(speaker, str) else None,
        speaker_entity_id=entity_id if isinstance(entity_id, str) else None,
        speaker_type=speaker_type if isinstance(speaker_type, str) else None,
        role=role if isinstance(role, str) else None,
        quote_type=str(quote_type),
        article_id=str(article_id),
        quote_id=str(quote_id),
        title=title if isinstance(title, str) else None,
        outlet=outlet if isinstance(outlet, str) else None,
        published_at=published_at if isinstance(published_at, datetime) else None,
        start_char=start,
        end_char=end,
        score=float(score) if isinstance(score, int | float) else None,
    )


_ENDS = ".!?"
_CLOSERS = "\"'”’»)]"


def sentence_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence (or sentences) of `text` holding `text[start:end]`, and where the quote starts in it.

    >>> sentence_around("It rained. “We are ready,” Roe said. Then", 12, 24)
    ('“We are ready,” Roe said.', 1)
    """
    begin = start
    while begin > 0:
        before = text[begin - 1]
        if before == "\n":
            break
        if before.isspace():  # a space after a sentence end (with its closing marks) starts a sentence
            k = begin - 2
            while k >= 0 and text[k] in _CLOSERS:
                k -= 1
            if k >= 0 and text[k] in _ENDS:
                break
        begin -= 1
    stop = _sentence_end(text, end)
    while begin < start and text[begin].isspace():
        begin += 1
    return text[begin:stop].rstrip(), start - begin


def _after_closers(text: str, at: int) -> int:
    while at < len(text) and text[at] in _CLOSERS:
        at += 1
    return at


def _sentence_end(text: str, end: int) -> int:
    """Where the sentence holding `text[…:end]` ends: a full stop (with its closing marks) before a space."""
    if end > 0 and text[end - 1] in _ENDS:  # a quote that ends its sentence ("… said “Yes.” Then")
        stop = _after_closers(text, end)
        if stop >= len(text) or text[stop].isspace():
            return stop
    stop = end
    while stop < len(text) and text[stop] != "\n":
        if text[stop] in _ENDS:
            stop = _after_closers(text, stop + 1)
            if stop >= len(text) or text[stop].isspace():
                return stop
            continue
        stop += 1
    return stop


def search_people(cur: duckdb.DuckDBPyConnection, q: str | None, limit: int = 20, offset: int = 0) -> PeoplePage:
    """People whose canonical name or an alias contains `q` (case-insensitive), most quoted first."""
    condition = "kind = 'person'"
    params: list[object] = []
    if q:
        condition += (
            " AND (contains(lower(name), lower(?)) OR len([a FOR a IN aliases IF contains(lower(a), lower(?))]) > 0)"
        )
        params = [q, q]
    total_row = cur.execute(f"SELECT count(*) FROM entities WHERE {condition}", params).fetchone()
    rows = cur.execute(
        f"""SELECT entity_id, name, quote_count, article_count FROM entities WHERE {condition}
            ORDER BY quote_count DESC, article_count DESC, name, entity_id LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    ).fetchall()
    people = [PersonHit(str(e), str(n), int(qc or 0), int(ac or 0)) for e, n, qc, ac in rows]
    return PeoplePage(int(total_row[0]) if total_row else 0, people)
