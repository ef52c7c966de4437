"""The brute-force answer to a quote search, straight from a dataset's Parquet files.

    want = brute_force(open_dataset("out"), QuoteQuery(q="harbour bridge", outlet="The Daily"))
    want[0]   # (7.31, ("4be1…", 120)): the best quote's score and (article_id, start_char)
    disagreement(want, query, page.total, page.quotes)   # None when search_quotes agrees

No cache, no token table, no index: every quote's words are extracted from its text in the
query itself, BM25 (k1 1.2, b 0.75) is computed over all quotes, speakers are matched through
the `entities` names and aliases and every id redirected to them. bench/explore.py compares
`search_quotes` with this for every query it times (`--check`); tests/test_explore_bench.py
runs that at 10,000 quotes. Equal scores may come in any order: within a run of equal scores
a hit must have its position's score and be one of the quotes with that score.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import duckdb

from quoteflow.dataset.reader import Dataset
from quoteflow.explore.models import QuoteQuery

TOKEN = r"[\pL\pN]+"  # a word: letters and digits, lower-cased first
K1, B = 1.2, 0.75


def _files(data: Dataset, table: str) -> list[str]:
    return list(data.files(table))


def brute_force(data: Dataset, query: QuoteQuery) -> list[tuple[Any, Any]]:
    """Every quote matching `query`, in rank order: (BM25 score or None, (article_id, start_char))."""
    con = duckdb.connect()
    con.execute(f"CREATE VIEW quotes AS SELECT * FROM read_parquet({_files(data, 'quotes')!r})")
    con.execute(f"CREATE VIEW articles AS SELECT * FROM read_parquet({_files(data, 'articles')!r})")
    con.execute(f"CREATE VIEW entities AS SELECT * FROM read_parquet({_files(data, 'entities')!r})")
    redirects = _files(data, "entity_redirects")
    if redirects:
        con.execute(f"CREATE VIEW redirects AS SELECT * FROM read_parquet({redirects!r})")
    else:
        con.execute("CREATE VIEW redirects AS SELECT NULL::VARCHAR AS entity_id, NULL::VARCHAR AS current_entity_id")
    words = sorted(set(con.execute(f"SELECT regexp_extract_all(lower(?), '{TOKEN}')", [query.q or ""]).fetchone()[0]))
    where, params = ["TRUE"], []
    if query.speaker:
        where.append(
            """coalesce((SELECT current_entity_id FROM redirects r WHERE r.entity_id = q.speaker_entity_id),
                        q.speaker_entity_id) IN (
                   SELECT entity_id FROM entities
                   WHERE lower(name) = lower(?) OR list_contains([lower(a.form) FOR a IN aliases], lower(?)))"""
        )
        params += [query.speaker, query.speaker]
    if query.outlet:
        where.append("lower(a.outlet) = lower(?)")
        params.append(query.outlet)
    day = timedelta(days=1)
    if query.since:
        where.append("coalesce(a.published_at, a.ingested_at) >= ?")
        params.append(datetime.combine(query.since, time(), tzinfo=UTC))
    if query.until:
        where.append("coalesce(a.published_at, a.ingested_at) < ?")
        params.append(datetime.combine(query.until, time(), tzinfo=UTC) + day)
    if query.quote_type:
        where.append("q.quote_type = ?")
        params.append(query.quote_type)
    for w in words:
        where.append("list_contains(regexp_extract_all(lower(q.text), ?), ?)")
        params += [TOKEN, w]
    score = "NULL::DOUBLE"
    if words:
        terms = " + ".join(
            f"""(SELECT ln(1 + (s.n - s.df{i} + 0.5) / (s.df{i} + 0.5)) FROM stats s)
                * len(list_filter(regexp_extract_all(lower(q.text), '{TOKEN}'), lambda x: x = ?)) * {K1 + 1}
                / (len(list_filter(regexp_extract_all(lower(q.text), '{TOKEN}'), lambda x: x = ?))
                   + {K1} * (1 - {B} + {B} * len(regexp_extract_all(lower(q.text), '{TOKEN}'))
                                 / (SELECT avgdl FROM stats)))"""
            for i in range(len(words))
        )
        score = f"({terms})"
        params = [w for w in words for _ in range(2)] + params
        dfs = ", ".join(
            f"count(*) FILTER (WHERE list_contains(regexp_extract_all(lower(text), '{TOKEN}'), ?)) AS df{i}"
            for i in range(len(words))
        )
        con.execute(
            f"""CREATE TEMP TABLE stats AS SELECT count(*) AS n,
                avg(len(regexp_extract_all(lower(text), '{TOKEN}'))) AS avgdl, {dfs} FROM quotes""",
            words,
        )
    rows = con.execute(
        f"""SELECT {score} AS score, coalesce(a.published_at, a.ingested_at) AS dated_at, q.article_id,
                   q.start_char, q.quote_id
            FROM quotes q JOIN articles a USING (article_id) WHERE {" AND ".join(where)}""",
        params,
    ).fetchall()
    if words:
        rows.sort(key=lambda r: (-r[0], r[2], r[3]))
    else:
        rows.sort(key=lambda r: (r[2], r[3], r[4]))
        rows.sort(key=lambda r: r[1], reverse=True)
    return [(r[0], (r[2], r[3])) for r in rows]


def disagreement(want: list[tuple[Any, Any]], query: QuoteQuery, total: int, hits: list[Any]) -> str | None:
    """Why the page `hits` (of `total` matches) is not the brute-force answer `want`, or None.

    Equal scores may come in any order, so at each position the hit must have the brute-force
    score of that position (to 1e-9) and be one of the quotes with that score."""
    if total != len(want):
        return f"total {total}, brute force {len(want)}"
    page = want[query.offset : query.offset + query.limit]
    if len(hits) != len(page):
        return f"{len(hits)} hits on the page, brute force {len(page)}"
    for i, (hit, (score, key)) in enumerate(zip(hits, page, strict=True)):
        got = (hit.article_id, hit.start_char)
        if score is None:
            if got != key:
                return f"hit {i}: {got}, brute force {key}"
            continue
        if hit.score is None or abs(hit.score - score) > 1e-9 * max(1.0, abs(score)):
            return f"hit {i}: score {hit.score}, brute force {score}"
        if got not in {k for s, k in want if abs(s - score) <= 1e-9 * max(1.0, abs(score))}:
            return f"hit {i}: {got} does not have score {score}"
    return None
