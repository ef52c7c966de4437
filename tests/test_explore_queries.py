"""The explore queries against a brute-force computation over the pinned Parquet tables (never
against what the code under test produced): search by words (BM25), speaker by name or alias,
organization, outlet, dates, type, paging; people; entity, outlet and overview pages."""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from quoteflow.dataset.reader import open_dataset
from quoteflow.explore.cache import open_cache
from quoteflow.explore.queries import (
    QuoteQuery,
    article,
    entity_page,
    outlet_page,
    overview,
    search_people,
    search_quotes,
    sentence_around,
)

from .explore_data import build


class Truth:
    """The tables of the pinned version, joined by hand."""

    def __init__(self, out: Path):
        pinned = open_dataset(out)
        rows = {t: pinned[t].to_table().to_pylist() for t in ("articles", "quotes", "people", "organizations")}
        self.entities = {e["entity_id"]: e for e in pinned["entities"].to_table().to_pylist()}
        self.redirects = {
            r["entity_id"]: r["current_entity_id"] for r in pinned["entity_redirects"].to_table().to_pylist()
        }
        self.articles = {a["article_id"]: a for a in rows["articles"]}
        self.people = {(p["article_id"], p["person_id"]): p for p in rows["people"]}
        self.orgs = {(o["article_id"], o["organization_id"]): o for o in rows["organizations"]}
        self.quotes = rows["quotes"]
        for q in self.quotes:
            a = self.articles[q["article_id"]]
            q["outlet"] = a["outlet"]
            q["dated_at"] = a["published_at"] or a["ingested_at"]
            q["entity"] = self.resolve(q["speaker_entity_id"])
            person = self.people.get((q["article_id"], q["speaker_id"]))
            q["affiliation"] = person["organization"] if person else None
            org = self.orgs.get((q["article_id"], person["organization_id"])) if person else None
            q["affiliation_entity"] = self.resolve(org["entity_id"]) if org else None
            q["tokens"] = tokens(q["text"])

    def resolve(self, entity_id: str | None) -> str | None:
        return self.redirects.get(entity_id, entity_id) if entity_id else None

    def named(self, name: str, kind: str | None = None) -> set[str]:
        want = name.lower()
        return {
            e["entity_id"]
            for e in self.entities.values()
            if (kind is None or e["kind"] == kind)
            and (e["name"].lower() == want or any(a["form"].lower() == want for a in e["aliases"]))
        }

    def search(self, query: QuoteQuery) -> list[dict[str, Any]]:
        """Every matching quote, in the order the page must list them."""
        words = sorted(set(tokens(query.q or "")))
        found = []
        for q in self.quotes:
            if words and not set(words) <= set(q["tokens"]):
                continue
            if query.speaker and q["entity"] not in self.named(query.speaker):
                continue
            if query.organization:
                orgs = self.named(query.organization, "organization")
                by_org = q["speaker_type"] == "organization" and q["entity"] in orgs
                by_affiliation = (q["affiliation"] or "").lower() == query.organization.lower() or (
                    q["affiliation_entity"] in orgs
                )
                if not (by_org or by_affiliation):
                    continue
            if query.outlet and (q["outlet"] or "").lower() != query.outlet.lower():
                continue
            if query.since and q["dated_at"] < datetime.combine(query.since, datetime.min.time(), UTC):
                continue
            if query.until and q["dated_at"] >= datetime.combine(query.until, datetime.min.time(), UTC) + timedelta(1):
                continue
            if query.quote_type and q["quote_type"] != query.quote_type:
                continue
            found.append(q)
        if words:
            scores = self.bm25(words)
            return sorted(found, key=lambda q: -scores[id(q)])
        return sorted(
            found, key=lambda q: (-q["dated_at"].timestamp(), q["article_id"], q["start_char"], q["quote_id"])
        )

    def bm25(self, words: list[str], k1: float = 1.2, b: float = 0.75) -> dict[int, float]:
        n = len(self.quotes)
        avgdl = sum(len(q["tokens"]) for q in self.quotes) / n
        df = Counter(t for q in self.quotes for t in set(q["tokens"]))
        out = {}
        for q in self.quotes:
            tf = Counter(q["tokens"])
            out[id(q)] = sum(
                math.log(1 + (n - df[w] + 0.5) / (df[w] + 0.5))
                * tf[w] * (k1 + 1) / (tf[w] + k1 * (1 - b + b * len(q["tokens"]) / avgdl))
                for w in words if tf[w]
            )  # fmt: skip
        return out


def tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Truth, Any]:
    tmp = tmp_path_factory.mktemp("explore-queries")
    _, out = build(tmp)
    cache = open_cache(str(out), tmp / "cache")
    yield Truth(out), cache.connection()
    cache.close()


QUERIES = [
    QuoteQuery(),
    QuoteQuery(q="lantern"),
    QuoteQuery(q="Lantern STEEL"),  # every word, any case
    QuoteQuery(q="harbor", limit=2),
    QuoteQuery(q="harbor", limit=2, offset=2),
    QuoteQuery(q="the", quote_type="indirect"),
    QuoteQuery(q="nowhere-to-be-found"),
    QuoteQuery(speaker="dan brightwater"),  # an alias, lower-cased, of an entity that absorbed its id
    QuoteQuery(speaker="DANIEL BRIGHTWATER"),  # the canonical name, upper-cased
    QuoteQuery(speaker="quillfeather"),  # a bare-surname alias
    QuoteQuery(speaker="hlc"),  # an organization's acronym, merged into its expansion by a later article
    QuoteQuery(speaker="Nobody Atall"),
    QuoteQuery(organization="hlc"),
    QuoteQuery(organization="Harbor Lantern Council"),
    QuoteQuery(outlet="harbor gazette"),
    QuoteQuery(outlet="Coastline Courier", q="harbor"),
    QuoteQuery(since=date(2026, 1, 14)),
    QuoteQuery(until=date(2026, 1, 14)),  # inclusive
    QuoteQuery(since=date(2026, 1, 6), until=date(2026, 2, 3), quote_type="direct"),
    QuoteQuery(quote_type="partial"),
    QuoteQuery(limit=5, offset=15),
    QuoteQuery(speaker="mara quillfeather", outlet="coastline courier", q="waves"),
]


@pytest.mark.parametrize("query", QUERIES, ids=[repr(q) for q in QUERIES])
def test_search_quotes_finds_what_a_brute_force_scan_finds(data, query):
    truth, cur = data
    expected = truth.search(query)
    page = search_quotes(cur, query)
    assert page.total == len(expected)
    window = expected[query.offset : query.offset + query.limit]
    got = [(h.article_id, h.quote_id) for h in page.quotes]
    if query.q:  # equal scores may come in either order: compare the scores in order, and the sets
        scores = truth.bm25(sorted(set(tokens(query.q))))
        assert [round(h.score or 0, 9) for h in page.quotes] == [round(scores[id(q)], 9) for q in window]
        assert set(got) <= {(q["article_id"], q["quote_id"]) for q in expected}
    else:
        assert got == [(q["article_id"], q["quote_id"]) for q in window]
    for hit in page.quotes:
        q = next(q for q in expected if (q["article_id"], q["quote_id"]) == (hit.article_id, hit.quote_id))
        text = truth.articles[hit.article_id]["text"]
        assert text[hit.start_char : hit.end_char] == hit.text == q["text"]
        assert hit.sentence[hit.sentence_start : hit.sentence_start + len(hit.text)] == hit.text
        assert hit.sentence in text
        assert hit.speaker_entity_id == q["entity"] and hit.speaker == q["speaker"]
        assert hit.outlet == q["outlet"] and hit.title == truth.articles[hit.article_id]["title"]


def test_the_test_data_holds_what_the_cases_rely_on(data):
    truth, _ = data
    assert len(truth.redirects) >= 2, "the second batch merges a short first name and an acronym"
    assert truth.search(QuoteQuery(speaker="dan brightwater")) == truth.search(QuoteQuery(speaker="daniel brightwater"))
    assert len(truth.search(QuoteQuery(speaker="dan brightwater"))) == 2
    assert any(q["speaker_entity_id"] in truth.redirects for q in truth.search(QuoteQuery(speaker="hlc")))
    assert len({q["outlet"] for q in truth.quotes}) == 2


@pytest.mark.parametrize("q", [None, "", "brightwater", "MARA", "dan", "x"])
def test_search_people_matches_names_and_aliases_case_insensitively(data, q):
    truth, cur = data
    want = (q or "").lower()
    expected = [
        e for e in truth.entities.values()
        if e["kind"] == "person" and (want in e["name"].lower() or any(want in a["form"].lower() for a in e["aliases"]))
    ]  # fmt: skip
    expected.sort(key=lambda e: (-e["quote_count"], -e["article_count"], e["name"], e["entity_id"]))
    page = search_people(cur, q, limit=3)
    assert page.total == len(expected)
    assert [(p.entity_id, p.name, p.quote_count, p.article_count) for p in page.people] == [
        (e["entity_id"], e["name"], e["quote_count"], e["article_count"]) for e in expected[:3]
    ]


def monday(d: datetime) -> date:
    return d.date() - timedelta(days=d.weekday())


def test_an_entity_page_by_a_redirected_id_is_its_entity(data):
    truth, cur = data
    old = next(i for i, cur_id in truth.redirects.items() if i.startswith("per_"))
    page = entity_page(cur, old)
    assert page is not None and page.entity_id == truth.redirects[old]
    mine = [q for q in truth.quotes if q["entity"] == page.entity_id]
    assert page.quotes.total == len(mine)
    assert {a.label for a in page.aliases} == {a["form"] for a in truth.entities[page.entity_id]["aliases"]}
    # quotes per week: every week from the first to the last, zeros included
    weeks = Counter(monday(q["dated_at"]) for q in mine)
    first, last = min(weeks), max(weeks)
    expected = [first + timedelta(7 * k) for k in range((last - first).days // 7 + 1)]
    assert [(w.label, w.count) for w in page.weeks] == [
        (f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}", weeks.get(d, 0)) for d in expected
    ]
    assert sum(w.count for w in page.weeks) == len(mine)
    assert Counter({o.label: o.count for o in page.outlets}) == Counter(q["outlet"] for q in mine)
    roles = Counter(p["role"] for p in truth.people.values() if truth.resolve(p["entity_id"]) == page.entity_id)
    assert {r.label: r.count for r in page.roles} == {k: v for k, v in roles.items() if k}


def test_an_entity_page_lists_the_people_quoted_in_the_same_articles(data):
    truth, cur = data
    mara = next(iter(truth.named("mara quillfeather")))
    page = entity_page(cur, mara)
    assert page is not None
    articles = {q["article_id"] for q in truth.quotes if q["entity"] == mara}
    shared: Counter[str] = Counter()
    for (aid, _), p in truth.people.items():
        other = truth.resolve(p["entity_id"])
        if aid in articles and p["quote_count"] > 0 and other != mara:
            shared[other] += 1
    assert {c.entity_id: c.count for c in page.alongside} == dict(shared)


@pytest.mark.parametrize("entity_id", ["per_0000000000000000", "", "org_' OR '1'='1"])
def test_an_unknown_entity_has_no_page(data, entity_id):
    assert entity_page(data[1], entity_id) is None


@pytest.mark.parametrize("outlet", [None, "Harbor Gazette", "coastline courier"])
def test_overview_and_outlet_pages_count_what_the_tables_hold(data, outlet):
    truth, cur = data
    summary = overview(cur) if outlet is None else outlet_page(cur, outlet)
    assert summary is not None
    mine = [q for q in truth.quotes if outlet is None or (q["outlet"] or "").lower() == outlet.lower()]
    articles = [a for a in truth.articles.values() if outlet is None or (a["outlet"] or "").lower() == outlet.lower()]
    assert (summary.articles, summary.quotes) == (len(articles), len(mine))
    named = [q for q in mine if q["speaker_entity_id"]]
    assert summary.shares.people == sum(q["speaker_type"] == "person" for q in named)
    assert summary.shares.organizations == sum(q["speaker_type"] == "organization" for q in named)
    assert summary.shares.unnamed == len(mine) - len(named)
    people = Counter(q["entity"] for q in named if q["speaker_type"] == "person")
    assert {c.entity_id: c.count for c in summary.top_people} == dict(people)
    assert [c.count for c in summary.top_people] == sorted(people.values(), reverse=True)
    assert sum(w.quotes for w in summary.weeks) == len(mine)
    assert sum(w.articles for w in summary.weeks) == len(articles)
    # gender shares: among quotes by a person of the article, what the people rows state
    genders = [
        truth.people[(q["article_id"], q["speaker_id"])]["gender"]
        for q in mine
        if q["speaker_type"] == "person" and (q["article_id"], q["speaker_id"]) in truth.people
    ]
    g = summary.shares.gender
    assert (g.quotes, g.women, g.men) == (len(genders), genders.count("female"), genders.count("male"))
    assert g.known == g.women + g.men
    assert outlet is not None or 0 < g.known < g.quotes  # the made-up data states some genders, not all


def test_an_unknown_outlet_has_no_page(data):
    assert outlet_page(data[1], "Nowhere Weekly") is None


def test_an_article_carries_its_text_and_every_quote_with_resolved_speakers(data):
    truth, cur = data
    for aid, row in truth.articles.items():
        found = article(cur, aid)
        assert found is not None and found.text == row["text"]
        want = sorted((q["quote_id"], q["entity"]) for q in truth.quotes if q["article_id"] == aid)
        assert sorted((q.quote_id, q.speaker_entity_id) for q in found.quotes) == want
        for q in found.quotes:
            assert found.text[q.start_char : q.end_char] == q.text
    assert article(cur, "0000000000000000") is None


@pytest.mark.parametrize(
    ("text", "quote", "sentence"),
    [
        ("It rained. “We are ready,” Roe said. Then it stopped.", "We are ready,", "“We are ready,” Roe said."),
        ("First line\nRoe said the plan was “a mess” today. Next.", "a mess", "Roe said the plan was “a mess” today."),
        ("“Stop. Now.” Roe said.", "Stop. Now.", "“Stop. Now.”"),  # a quote ending in a full stop ends it
        ("no end at all “here” and on", "here", "no end at all “here” and on"),
        ("Mr. Roe said “yes.” Then", "yes.", "Roe said “yes.”"),  # an abbreviation ends a "sentence": accepted
    ],
)
def test_sentence_around_cuts_the_sentence_holding_the_quote(text, quote, sentence):
    start = text.index(quote)
    got, offset = sentence_around(text, start, start + len(quote))
    assert got == sentence and got[offset : offset + len(quote)] == quote
