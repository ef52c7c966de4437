"""The Python API for one text: `extract(text)` gives the rows a run would write for it.

    import quoteflow
    tables = quoteflow.extract("Mayor Jane Roe said the bridge would reopen.\\n“We are ready,” Roe said.\\n")
    tables.quotes.to_pandas()[["speaker", "quote_type", "text"]]
    #     speaker quote_type            text
    # 0  Jane Roe   indirect   the bridge would reopen
    # 1  Jane Roe     direct   We are ready,

The text goes through the code a run uses: the decoding rules of `sources.read` (an empty
or binary text is rejected the same way), then `batch.extract_batch` (parse, extract,
validate). The spaCy pipeline is loaded once per process and kept. A text a run would
reject raises `ArticleRejected`, with the stage and reason its `rejects` row would hold.
Rows a run would reject while keeping the article (a person failing validation, say) are
left out here as there.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple

from .about import __version__
from .batch import extract_batch
from .errors import ArticleRejected
from .records import Article, Rejection, RunInfo
from .settings import Settings
from .sources.read import article_from_bytes

if TYPE_CHECKING:
    import pyarrow as pa

#: `articles.source` of a text given to `extract` (a run stores the input's path there)
TEXT_SOURCE = "<text>"


class Tables(NamedTuple):
    """The tables of one text, as `pyarrow.Table`s with the written schemas (its corpus ids as an
    empty dataset would give them)."""

    articles: pa.Table
    people: pa.Table
    organizations: pa.Table
    quotes: pa.Table
    mentions: pa.Table
    fingerprints: pa.Table


def extract(text: str, *, title: str | None = None, model: str | None = None) -> Tables:
    """The rows a run writes for `text` (one article), or `ArticleRejected` saying why a run would not.

    `title` replaces the headline a run would guess from the text's first line; `model`
    the configured spaCy pipeline (QUOTEFLOW_SPACY_MODEL, default the installed small one)."""
    article = prepare(text, title=title)
    settings = Settings.with_overrides(spacy_model=model)
    run = RunInfo(f"api-{uuid.uuid4()}", datetime.now(UTC), __version__)
    done = extract_batch([article], settings, run)
    own = [r for r in done.rejections if r.table_name in (None, "articles")]
    if own:
        raise _rejected(own[0])
    from .corpus.commit_step import with_entity_ids
    from .corpus.update import resolve_alone

    ids = resolve_alone(done.tables)
    return Tables(**{name: with_entity_ids(name, done.tables[name], ids) for name in Tables._fields})


def prepare(text: str, *, title: str | None = None, source: str = TEXT_SOURCE) -> Article:
    """The `Article` a run would make of a file holding `text` (UTF-8), or `ArticleRejected`."""
    if not isinstance(text, str):
        raise TypeError(f"extract() takes the text as a str, not {type(text).__name__}")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no file holds that as UTF-8
        raise ArticleRejected("decode", "the text holds lone surrogates, which are not characters") from None
    article = article_from_bytes(source, data)
    if isinstance(article, Rejection):
        raise _rejected(article)
    return article if title is None else replace(article, title=title)


def _rejected(rejection: Rejection) -> ArticleRejected:
    return ArticleRejected(str(rejection.stage), rejection.reason)
