"""A DuckDB copy of one committed version of OUT, kept outside OUT and synced incrementally.

    cache = open_cache("data")            # pins the committed version, syncs the cache file
    cache.version                          # 42
    cur = cache.connection()               # one cursor per request (cursors are thread-safe)
    cur.execute("SELECT count(*) FROM quotes").fetchone()
    cache.refresh()                        # True when a newer version was committed and synced

The cache lives in `$XDG_CACHE_HOME/quoteflow/explore/<sha of OUT>/explore.duckdb` (else
`~/.cache/...`; `QUOTEFLOW_EXPLORE_CACHE` or `cache_dir` names the folder instead). Only the
pinned version's files are read, through the dataset's own pyarrow filesystem (local or
`s3://`), never a listing of OUT; queries only ever read the cache, so the app keeps serving
its version while runs commit and the replaced files are deleted.

A sync keeps the rows of articles it already holds (an article is known by its id and the
run that wrote its rows, so a re-extracted article is replaced), inserts the rows of new
articles and deletes those of articles no longer in the version. `entities` and
`entity_redirects` are small and replaced whole. The word index (`tokens`) holds one row
per (token, quote row) with the token's count in the quote and the quote's length, sorted by token so DuckDB's zone
maps skip most of the table for a word; `token_df` holds each token's document frequency.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from ..dataset.reader import Dataset, open_dataset
from ..errors import ExploreCacheError
from ..schemas.vocab import Gender
from ..uri import is_uri

if TYPE_CHECKING:
    import pyarrow as pa

#: bump when the cache's tables change: an older cache file is rebuilt from scratch
CACHE_FORMAT = "3"
#: a word token: letters and digits of any script (the query is tokenized by the same expression)
TOKEN_PATTERN = r"[\pL\pN]+"

_TABLES = ("articles", "quotes", "people", "organizations", "entities", "entity_redirects", "tokens", "token_df")
_SCHEMA = """
CREATE SEQUENCE IF NOT EXISTS qrow_seq;
CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR, signature VARCHAR, source VARCHAR, title VARCHAR, url VARCHAR, outlet VARCHAR,
    authors VARCHAR[], published_at TIMESTAMPTZ, dated_at TIMESTAMPTZ, copy_of VARCHAR, text VARCHAR);
CREATE TABLE IF NOT EXISTS quotes (
    qrow BIGINT, article_id VARCHAR, quote_id VARCHAR, text VARCHAR, start_char INTEGER, end_char INTEGER,
    quote_type VARCHAR, speaker VARCHAR, speaker_id VARCHAR, speaker_entity_id VARCHAR, speaker_type VARCHAR,
    speaker_mention VARCHAR, speaker_start INTEGER, speaker_end INTEGER, cue VARCHAR, cue_start INTEGER,
    cue_end INTEGER, role VARCHAR, affiliation VARCHAR, affiliation_entity_id VARCHAR,
    outlet VARCHAR, title VARCHAR, published_at TIMESTAMPTZ, dated_at TIMESTAMPTZ, n_tokens INTEGER,
    speaker_gender VARCHAR);
CREATE TABLE IF NOT EXISTS people (
    article_id VARCHAR, person_id VARCHAR, entity_id VARCHAR, name VARCHAR, role VARCHAR,
    organization VARCHAR, organization_id VARCHAR, gender VARCHAR, quote_count INTEGER);
CREATE TABLE IF NOT EXISTS organizations (
    article_id VARCHAR, organization_id VARCHAR, entity_id VARCHAR, name VARCHAR, quote_count INTEGER);
CREATE TABLE IF NOT EXISTS entities (
    entity_id VARCHAR, kind VARCHAR, name VARCHAR, aliases VARCHAR[], alias_counts INTEGER[],
    article_count INTEGER, quote_count INTEGER, role VARCHAR, organization VARCHAR);
CREATE TABLE IF NOT EXISTS entity_redirects (entity_id VARCHAR, current_entity_id VARCHAR);
CREATE TABLE IF NOT EXISTS tokens (token VARCHAR, qrow BIGINT, tf INTEGER, dl INTEGER);
CREATE TABLE IF NOT EXISTS token_df (token VARCHAR, df BIGINT);
"""

_ARTICLE_COLUMNS = [
    "article_id", "run_id", "extraction_version", "source", "title", "url", "outlet",
    "authors", "published_at", "ingested_at", "copy_of", "text",
]  # fmt: skip
_QUOTE_COLUMNS = [
    "article_id", "quote_id", "text", "start_char", "end_char", "quote_type", "speaker", "speaker_id",
    "speaker_entity_id", "speaker_type", "speaker_mention", "speaker_start", "speaker_end", "cue",
    "cue_start", "cue_end",
]  # fmt: skip
_PEOPLE_COLUMNS = [
    "article_id", "person_id", "entity_id", "name", "role", "organization", "organization_id", "gender",
]  # fmt: skip
_ORG_COLUMNS = ["article_id", "organization_id", "entity_id", "name"]


def cache_folder(out: str, cache_dir: Path | None = None) -> Path:
    """Where the cache of `out` lives: `cache_dir`, else QUOTEFLOW_EXPLORE_CACHE, else the user's cache."""
    if cache_dir is not None:
        return Path(cache_dir)
    if os.environ.get("QUOTEFLOW_EXPLORE_CACHE"):
        return Path(os.environ["QUOTEFLOW_EXPLORE_CACHE"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "quoteflow" / "explore" / hashlib.sha256(_resolved(out).encode()).hexdigest()[:16]


def _resolved(out: str) -> str:
    return out if is_uri(out) else str(Path(out).resolve())


class ExploreCache:
    """The cache file of one OUT, synced to the version it pins."""

    def __init__(self, out: str, path: Path):
        self.out = out
        self.path = path
        self._db = duckdb.connect(str(path))
        self._db.execute("SET GLOBAL TimeZone = 'UTC'")  # weeks and date filters in UTC, as the tables store
        self._lock = threading.Lock()  # one sync at a time; readers go on meanwhile (MVCC)
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        if _meta(self._db, "format") not in (None, CACHE_FORMAT):  # made by another quoteflow: start afresh
            for table in _TABLES:
                self._db.execute(f"DROP TABLE IF EXISTS {table}")  # our names, never a user's value
            self._db.execute("DROP SEQUENCE IF EXISTS qrow_seq")
            self._db.execute("DELETE FROM meta")
        self._db.execute(_SCHEMA)
        self.version = -1

    def connection(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own for one request: the database connection is not thread-safe, cursors are."""
        return self._db.cursor()

    def refresh(self) -> bool:
        """Pin the newest committed version of OUT and sync to it; True when the version changed."""
        with self._lock:
            pinned = open_dataset(self.out)
            if pinned.version == self.version:
                return False
            _sync(self._db.cursor(), pinned, _resolved(self.out))
            self.version = pinned.version
            return True

    def close(self) -> None:
        self._db.close()


def open_cache(out: str, cache_dir: Path | None = None) -> ExploreCache:
    """Pin the committed version of `out` and bring its cache up to date with it."""
    folder = cache_folder(out, cache_dir)
    if not is_uri(out) and folder.resolve().is_relative_to(Path(out).resolve()):
        raise ExploreCacheError(f"the explore cache {folder} must not be inside {out}: choose another folder")
    open_dataset(out)  # a missing dataset says so before a cache folder is made
    try:
        folder.mkdir(parents=True, exist_ok=True)
        cache = ExploreCache(out, folder / "explore.duckdb")
    except (OSError, duckdb.Error) as exc:
        raise ExploreCacheError(f"cannot open the explore cache in {folder}: {exc}") from None
    cache.refresh()
    return cache


def _meta(cur: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = cur.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def _set_meta(cur: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    cur.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


#: rows read from Parquet and inserted at a time: the sync's memory stays bounded at any size
BATCH_ROWS = 20_000


def _batches(pinned: Dataset, table: str, columns: list[str], ids: list[str] | None) -> Iterator[pa.Table]:
    """The pinned version's rows of `table` (of the articles `ids` only, unless None), a batch at a time."""
    import pyarrow as pa
    import pyarrow.compute as pc

    wanted = None if ids is None else pc.field("article_id").isin(pa.array(ids, pa.string()))
    for batch in pinned[table].to_batches(columns=columns, filter=wanted, batch_size=BATCH_ROWS):
        if batch.num_rows:
            yield pa.Table.from_batches([batch])


def _sync(cur: duckdb.DuckDBPyConnection, pinned: Dataset, out: str) -> None:
    """Bring the cache to the pinned version in one transaction (readers see the old or the new)."""
    cur.execute("BEGIN TRANSACTION")
    try:
        if _meta(cur, "out") != out:  # a cache folder given for another OUT: start afresh
            for table in _TABLES:
                cur.execute(f"DELETE FROM {table}")  # table names are ours, never a user's value
        known = dict(cur.execute("SELECT article_id, signature FROM articles").fetchall())
        heads = pinned["articles"].to_table(columns=["article_id", "run_id", "extraction_version"]).to_pylist()
        wanted = {h["article_id"]: _signature(h) for h in heads}
        gone = [a for a, sig in known.items() if wanted.get(a) != sig]
        new = [a for a, sig in wanted.items() if known.get(a) != sig]
        if gone:
            _delete(cur, gone)
        if new:
            _insert(cur, pinned, None if not known else new)
        _replace_corpus(cur, pinned)
        if gone or new:
            _reindex(cur, len(new))
        _set_meta(cur, "format", CACHE_FORMAT)
        _set_meta(cur, "out", out)
        _set_meta(cur, "version", str(pinned.version))
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise


def _signature(head: dict[str, Any]) -> str:
    """What tells a rewritten article from the one cached: the run and the rules that wrote its rows."""
    return f"{head['run_id']}|{head.get('extraction_version') or ''}"


def _delete(cur: duckdb.DuckDBPyConnection, ids: list[str]) -> None:
    import pyarrow as pa

    gone = pa.table({"article_id": pa.array(ids, pa.string())})
    cur.register("gone_ids", gone)
    cur.execute(
        "DELETE FROM tokens WHERE qrow IN (SELECT qrow FROM quotes WHERE article_id IN (SELECT * FROM gone_ids))"
    )
    for table in ("quotes", "people", "organizations", "articles"):
        cur.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM gone_ids)")
    cur.unregister("gone_ids")


_INSERTS = {
    # an undated article is dated by when it was ingested, as the corpus's first_seen / last_seen are
    "articles": """INSERT INTO articles SELECT article_id, run_id || '|' || coalesce(extraction_version, ''), source,
                   title, url, outlet, authors, published_at, coalesce(published_at, ingested_at), copy_of, text
                   FROM batch""",
    "people": "INSERT INTO people SELECT * FROM batch",
    "organizations": "INSERT INTO organizations SELECT * FROM batch",
    # after the three above: each quote carries its article's outlet and date and its speaker's
    # role and affiliation, so that a search filters one table
    "quotes": f"""INSERT INTO quotes
                  SELECT nextval('qrow_seq'), q.*, p.role, p.organization, o.entity_id, a.outlet, a.title,
                         a.published_at, a.dated_at, len(regexp_extract_all(lower(q.text), '{TOKEN_PATTERN}')),
                         CASE WHEN p.person_id IS NOT NULL  -- a row before schema 5: unknown
                              THEN coalesce(p.gender, '{Gender.UNKNOWN.value}') END
                  FROM batch q JOIN articles a USING (article_id)
                  LEFT JOIN people p ON p.article_id = q.article_id AND p.person_id = q.speaker_id
                  LEFT JOIN organizations o ON o.article_id = p.article_id AND o.organization_id = p.organization_id""",
}
_COLUMNS = {
    "articles": _ARTICLE_COLUMNS,
    "people": [*_PEOPLE_COLUMNS, "quote_count"],
    "organizations": [*_ORG_COLUMNS, "quote_count"],
    "quotes": _QUOTE_COLUMNS,
}


def _insert(cur: duckdb.DuckDBPyConnection, pinned: Dataset, ids: list[str] | None) -> None:
    """Insert the rows of the articles `ids` (every article when None) and index their quotes' words."""
    ((last,),) = cur.execute("SELECT coalesce(max(qrow), -1) FROM quotes").fetchall()
    for table, sql in _INSERTS.items():
        for batch in _batches(pinned, table, _COLUMNS[table], ids):
            cur.register("batch", batch)
            cur.execute(sql)
            cur.unregister("batch")
    cur.execute(
        f"""INSERT INTO tokens
            SELECT token, qrow, count(*)::INTEGER, any_value(n_tokens) FROM (
                SELECT qrow, n_tokens, unnest(regexp_extract_all(lower(text), '{TOKEN_PATTERN}')) AS token
                FROM quotes WHERE qrow > ?)
            GROUP BY token, qrow""",
        [last],
    )


def _replace_corpus(cur: duckdb.DuckDBPyConnection, pinned: Dataset) -> None:
    entities = pinned["entities"].to_table(
        columns=["entity_id", "kind", "name", "aliases", "article_count", "quote_count", "role", "organization"]
    )
    redirects = pinned["entity_redirects"].to_table(columns=["entity_id", "current_entity_id"])
    cur.register("n_e", entities)
    cur.register("n_r", redirects)
    cur.execute("DELETE FROM entities")
    cur.execute(
        """INSERT INTO entities SELECT entity_id, kind, name, [a.form FOR a IN coalesce(aliases, [])],
           [a.count FOR a IN coalesce(aliases, [])], article_count, quote_count, role, organization FROM n_e"""
    )
    cur.execute("DELETE FROM entity_redirects")
    cur.execute("INSERT INTO entity_redirects SELECT * FROM n_r")
    cur.unregister("n_e")
    cur.unregister("n_r")


#: re-sort the tables once this share of their rows was appended since the last sort
RESORT_SHARE = 0.1


def _reindex(cur: duckdb.DuckDBPyConnection, added_articles: int) -> None:
    """Count document frequencies; sort the tables once enough rows were appended unsorted.

    Sorted, DuckDB's zone maps skip the row groups that cannot hold a word (`tokens` by token)
    or an entity (`quotes` by speaker, `people` by entity): a person's page reads a few row
    groups of a million quotes. Rows appended since the last sort sit in their own row groups,
    read by every lookup, so a small sync appends and a large one sorts."""
    unsorted = int(_meta(cur, "unsorted_articles") or 0) + added_articles
    total_row = cur.execute("SELECT count(*) FROM articles").fetchone()
    if unsorted > RESORT_SHARE * (int(total_row[0]) if total_row else 0):
        cur.execute("CREATE OR REPLACE TABLE tokens AS SELECT * FROM tokens ORDER BY token, qrow")
        cur.execute("CREATE OR REPLACE TABLE quotes AS SELECT * FROM quotes ORDER BY speaker_entity_id, qrow")
        cur.execute("CREATE OR REPLACE TABLE people AS SELECT * FROM people ORDER BY entity_id, article_id")
        unsorted = 0
    _set_meta(cur, "unsorted_articles", str(unsorted))
    cur.execute("CREATE OR REPLACE TABLE token_df AS SELECT token, count(*) AS df FROM tokens GROUP BY token")
