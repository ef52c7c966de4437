"""What the report shows, computed from the dataset's rows: plain values, no HTML but the
highlighted texts (escaped by `highlight`).

    view = report_view(tables, version=3)      # tables: table name -> rows (dicts)
    view.overview.quotations                   # 57 (counts.py: 60 rows of `quotes`)
    view.people[0]                             # Speaker("per_2f4a…", "Jo Doe", quotes=6, …)
    view.articles[0].quotes[0].speaker         # "Jo Doe"

Speakers across articles are one row per `person_id` / `organization_id` (ids come from
the canonical name, so "Jane Roe" in two articles is one row), ranked by quotes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup

from ..counts import quotation_count, quotations
from ..schemas.vocab import QuoteType
from .highlight import Span, highlight

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Overview:
    """The dataset in numbers, in the words of `counts.py`."""

    articles: int
    quotations: int
    quote_rows: int
    quotes_by_type: dict[str, int]  # rows of `quotes` by type
    people: int  # distinct, by person_id
    people_rows: int  # rows of `people`: one per article naming one
    organizations: int
    organization_rows: int
    rejects: int
    version: int | None  # the committed version read
    last_run: str | None  # run_id of the latest rows
    last_run_at: datetime | None
    pipeline: str | None  # quoteflow version and spaCy pipeline of the latest rows


@dataclass
class Speaker:
    """A person or an organization across the dataset."""

    entity_id: str
    name: str
    kind: str  # person | organization
    quotes: int = 0  # quotations (counts.py)
    articles: int = 0
    roles: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class QuoteView:
    quote_id: str
    quote_type: str
    text: str
    speaker: str | None
    speaker_id: str | None
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
    people: list[Speaker]  # quoted people, most quoted first
    organizations: list[Speaker]
    articles: list[ArticleView]  # in source order
    rejects: list[RejectView]


def quote_spans(quotes: Iterable[Row]) -> list[Span]:
    """Every quote, and the speaker mention and cue it rests on, as spans to mark."""
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
                speaker_id=q["speaker_id"],
            )
        )
        if q["speaker_start"] is not None:
            spans.append(
                Span(q["speaker_start"], q["speaker_end"], "speaker", speaker=q["speaker"], speaker_id=q["speaker_id"])
            )
        if q["cue_start"] is not None:
            spans.append(Span(q["cue_start"], q["cue_end"], "cue"))
    return spans


def speakers(rows: Iterable[Row], id_column: str, kind: str, quoted: Mapping[str, int]) -> list[Speaker]:
    """One row per entity id across articles, with its quotations (`quoted`: speaker id ->
    quotations, counts.py), and the roles and affiliations of all its rows."""
    by_id: dict[str, Speaker] = {}
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    affiliations: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        s = by_id.setdefault(r[id_column], Speaker(r[id_column], r["name"], kind, quotes=quoted.get(r[id_column], 0)))
        s.articles += 1
        if r.get("role"):
            roles[s.entity_id][r["role"]] += 1
        if r.get("organization"):
            affiliations[s.entity_id][r["organization"]] += 1
    for s in by_id.values():
        s.roles = [name for name, _ in roles[s.entity_id].most_common()]
        s.affiliations = [name for name, _ in affiliations[s.entity_id].most_common()]
    said = [s for s in by_id.values() if s.quotes]
    return sorted(said, key=lambda s: (-s.quotes, -s.articles, s.name))


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
                q["quote_id"], q["quote_type"], q["text"], q["speaker"], q["speaker_id"], q["speaker_mention"], q["cue"]
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


def overview(tables: Mapping[str, Sequence[Row]], version: int | None) -> Overview:
    articles = tables["articles"]
    latest = max(articles, key=lambda a: a["ingested_at"], default=None)
    return Overview(
        articles=len(articles),
        quotations=quotation_count(tables["quotes"]),
        quote_rows=len(tables["quotes"]),
        quotes_by_type={t.value: sum(q["quote_type"] == t for q in tables["quotes"]) for t in QuoteType},
        people=len({p["person_id"] for p in tables["people"]}),
        people_rows=len(tables["people"]),
        organizations=len({o["organization_id"] for o in tables["organizations"]}),
        organization_rows=len(tables["organizations"]),
        rejects=len(tables["rejects"]),
        version=version,
        last_run=latest["run_id"] if latest else None,
        last_run_at=latest["ingested_at"] if latest else None,
        pipeline=f"quoteflow {latest['pipeline_version']}, {latest['spacy_model']}" if latest else None,
    )


def report_view(tables: Mapping[str, Sequence[Row]], version: int | None = None) -> ReportView:
    """The report's content from every table's rows (`rejects` included)."""
    quotes = _grouped(tables["quotes"])
    people = Counter(p["article_id"] for p in tables["people"])
    orgs = Counter(o["article_id"] for o in tables["organizations"])
    articles = sorted(tables["articles"], key=lambda a: (a["source"], a["article_id"]))
    quoted = Counter(q["speaker_id"] for q in quotations(tables["quotes"]) if q["speaker_id"])
    return ReportView(
        overview=overview(tables, version),
        people=speakers(tables["people"], "person_id", "person", quoted),
        organizations=speakers(tables["organizations"], "organization_id", "organization", quoted),
        articles=[
            article_view(a, quotes.get(a["article_id"], []), people[a["article_id"]], orgs[a["article_id"]])
            for a in articles
        ],
        rejects=[
            RejectView(r["source"], r["stage"], r["reason"], r["table_name"])
            for r in sorted(tables["rejects"], key=lambda r: (r["source"], r["stage"]))
        ],
    )
