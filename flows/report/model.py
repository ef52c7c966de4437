"""What the report shows, computed from the dataset's rows: plain values, no HTML but the
highlighted texts (escaped by `highlight`).

    view = report_view(tables, version=3)      # tables: table name -> rows (dicts)
    view.overview.quotations                   # 57 (counts.py: 60 rows of `quotes`)
    view.people[0]                             # EntityLine("per_2f4a…", "Jo Doe", "person", quotes=6, …)
    view.articles[0].quotes[0].speaker         # "Jo Doe"

Speakers across articles are one row per corpus entity (`entities`: "Jo Doe" in one article
and "Jo A. Doe" in another are one row; ids stored before a merge are resolved through
`entity_redirects`), ranked by quotations, and every quote's speaker links to that row. A
dataset without `entities` rows (written before schema version 4, until its next run) is
shown as before, one row per `person_id` / `organization_id`, and `view.note` says so.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup

from ..counts import quotation_count
from ..schemas.vocab import QuoteType
from .corpus import NO_ENTITIES, EntityLine, by_article_ids, current, current_ids, quoted_entities
from .gender import GenderShares, gender_shares
from .highlight import Span, highlight

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Overview:
    """The dataset in numbers, in the words of `counts.py`."""

    articles: int
    quotations: int
    quote_rows: int
    quotes_by_type: dict[str, int]  # rows of `quotes` by type
    people: int  # distinct: corpus entities (by person_id without them)
    people_rows: int  # rows of `people`: one per article naming one
    organizations: int
    organization_rows: int
    rejects: int
    version: int | None  # the committed version read
    last_run: str | None  # run_id of the latest rows
    last_run_at: datetime | None
    pipeline: str | None  # quoteflow version and spaCy pipeline of the latest rows


@dataclass(frozen=True)
class QuoteView:
    quote_id: str
    quote_type: str
    text: str
    speaker: str | None
    speaker_id: str | None  # the row of the speaker list it links to: its corpus entity
    speaker_mention: str | None
    cue: str | None


@dataclass(frozen=True)
class ArticleView:
    article_id: str
    source: str
    title: str | None
    published_at: datetime | None
    outlet: str | None
    authors: list[str]
    url: str | None
    html: Markup  # the text, escaped, with quotes, speakers and cues marked
    quotes: list[QuoteView]  # every row of `quotes`
    quotations: int  # counts.quotation_count of them
    people: int
    organizations: int


@dataclass(frozen=True)
class RejectView:
    source: str
    stage: str
    reason: str
    table_name: str | None


@dataclass(frozen=True)
class ReportView:
    overview: Overview
    people: list[EntityLine]  # quoted people, most quoted first
    organizations: list[EntityLine]
    articles: list[ArticleView]  # in source order
    rejects: list[RejectView]
    note: str | None = None  # one line on how people are counted, where not by corpus entity
    gender: GenderShares | None = None  # quotes by women and men, beside how many have a stated gender


def quote_spans(quotes: Iterable[Row]) -> list[Span]:
    """Every quote, and the speaker mention and cue it rests on, as spans to mark; a speaker links
    to a row's `speaker_link` (its corpus entity, set by `report_view`), else its `speaker_id`."""
    spans: list[Span] = []
    for q in quotes:
        spans.append(
            Span(
                q["start_char"],
                q["end_char"],
                "quote",
                quote_type=q["quote_type"],
                quote_id=q["quote_id"],
                speaker=q["speaker"],
                speaker_id=q.get("speaker_link", q["speaker_id"]),
            )
        )
        if q["speaker_start"] is not None:
            link = q.get("speaker_link", q["speaker_id"])
            spans.append(Span(q["speaker_start"], q["speaker_end"], "speaker", speaker=q["speaker"], speaker_id=link))
        if q["cue_start"] is not None:
            spans.append(Span(q["cue_start"], q["cue_end"], "cue"))
    return spans


def article_view(article: Row, quotes: Sequence[Row], people: int, organizations: int) -> ArticleView:
    ordered = sorted(quotes, key=lambda q: (q["start_char"], -q["end_char"]))
    return ArticleView(
        article_id=article["article_id"],
        source=article["source"],
        title=article["title"],
        published_at=article["published_at"],
        outlet=article.get("outlet"),
        authors=list(article.get("authors") or ()),
        url=article.get("url"),
        html=highlight(article["text"], quote_spans(ordered)),
        quotes=[
            QuoteView(
                q["quote_id"],
                q["quote_type"],
                q["text"],
                q["speaker"],
                q.get("speaker_link", q["speaker_id"]),
                q["speaker_mention"],
                q["cue"],
            )
            for q in ordered
        ],
        quotations=quotation_count(ordered),
        people=people,
        organizations=organizations,
    )


def _grouped(rows: Iterable[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        out[r["article_id"]].append(r)
    return out


def _distinct(rows: Iterable[Row], id_column: str, ids: Mapping[str, str] | None) -> int:
    """Distinct people (or organizations): corpus entities (`ids`: the redirects), else per-article ids."""
    if ids is None:
        return len({r[id_column] for r in rows})
    return len({current(ids, r["entity_id"]) or r[id_column] for r in rows})


def overview(
    tables: Mapping[str, Sequence[Row]], version: int | None, ids: Mapping[str, str] | None = None
) -> Overview:
    """The numbers; `ids` (stored id -> current entity) counts people by corpus entity."""
    articles = tables["articles"]
    latest = max(articles, key=lambda a: a["ingested_at"], default=None)
    return Overview(
        articles=len(articles),
        quotations=quotation_count(tables["quotes"]),
        quote_rows=len(tables["quotes"]),
        quotes_by_type={t.value: sum(q["quote_type"] == t for q in tables["quotes"]) for t in QuoteType},
        people=_distinct(tables["people"], "person_id", ids),
        people_rows=len(tables["people"]),
        organizations=_distinct(tables["organizations"], "organization_id", ids),
        organization_rows=len(tables["organizations"]),
        rejects=len(tables["rejects"]),
        version=version,
        last_run=latest["run_id"] if latest else None,
        last_run_at=latest["ingested_at"] if latest else None,
        pipeline=f"quoteflow {latest['pipeline_version']}, {latest['spacy_model']}" if latest else None,
    )


def report_view(tables: Mapping[str, Sequence[Row]], version: int | None = None) -> ReportView:
    """The report's content from every table's rows (`rejects` and the corpus tables included)."""
    people = Counter(p["article_id"] for p in tables["people"])
    orgs = Counter(o["article_id"] for o in tables["organizations"])
    articles = sorted(tables["articles"], key=lambda a: (a["source"], a["article_id"]))
    entities, redirects = tables.get("entities", ()), tables.get("entity_redirects", ())
    if entities:
        ids = current_ids(redirects)
        links: list[Row] = [{**q, "speaker_link": current(ids, q["speaker_entity_id"])} for q in tables["quotes"]]
        listed = {
            kind: quoted_entities(entities, tables["quotes"], redirects, kind=kind)
            for kind in ("person", "organization")
        }
        note = None
    else:  # before schema version 4: as before, by per-article id
        ids, links = None, list(tables["quotes"])
        note = NO_ENTITIES if tables["people"] or tables["organizations"] else None
        listed = {
            "person": by_article_ids(tables["people"], "person_id", "person", tables["quotes"]),
            "organization": by_article_ids(
                tables["organizations"], "organization_id", "organization", tables["quotes"]
            ),
        }
    quotes = _grouped(links)
    return ReportView(
        overview=overview(tables, version, ids),
        people=listed["person"],
        organizations=listed["organization"],
        articles=[
            article_view(a, quotes.get(a["article_id"], []), people[a["article_id"]], orgs[a["article_id"]])
            for a in articles
        ],
        rejects=[
            RejectView(r["source"], r["stage"], r["reason"], r["table_name"])
            for r in sorted(tables["rejects"], key=lambda r: (r["source"], r["stage"]))
        ],
        note=note,
        gender=gender_shares(tables["people"], tables["quotes"]),
    )
