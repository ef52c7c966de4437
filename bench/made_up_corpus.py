"""Made-up stored rows for the entity-scale bench: many people who share surnames and first names.

    people = made_up_people(20_000, seed=19)     # ("Bakomi", "Tadelura"), ... distinct pairs
    rows = article_rows(k=7, people=[people[0], people[5]], bare=["Tadelura"], orgs=[...])
    rows["people"][0]["name"]                    # "Bakomi Tadelura"

Names are syllables drawn at random (three to a name, so none is a real name by design).
Surnames are drawn with a Zipf skew: the commonest has hundreds of bearers (up to the
number of first names), the rarest a handful. Rows are built as the pipeline writes them
(article id from the text's SHA-256, a person's per-article id from the name), so they pass
the table contracts (`validated` checks a batch with the pipeline's own validation).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa

from quoteflow.corpus.names import key_id
from quoteflow.dataset.manifest import NEW_PART, ManifestEntry
from quoteflow.rows.build import TableRows
from quoteflow.rows.validate import validate_batch
from quoteflow.schemas.tables import TABLES
from quoteflow.schemas.vocab import ManifestStatus

ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "tr", "kl", "st"]
VOWELS = ["a", "e", "i", "o", "u"]
ROLES = ["minister", "director", "spokeswoman", "mayor", "chair", "treasurer", "inspector", "judge"]
ORG_KINDS = ["Transit Authority", "Works", "Council", "Savings Bank", "Workers Union", "Institute"]
START = datetime(2025, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    role: str
    affiliation: str  # an organization's name

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def made_up_words(count: int, rng: random.Random, syllables: int = 3) -> list[str]:
    """`count` distinct capitalised words of `syllables` syllables."""
    out: set[str] = set()
    while len(out) < count:
        out.add("".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables)).capitalize())
    return sorted(out)


def made_up_orgs(count: int, rng: random.Random) -> list[str]:
    words = made_up_words(count, rng, syllables=2)
    return [f"{w} {ORG_KINDS[i % len(ORG_KINDS)]}" for i, w in enumerate(words)]


def made_up_people(
    count: int, orgs: Sequence[str], rng: random.Random, first_names: int = 300, surnames: int = 800
) -> list[Person]:
    """`count` people with distinct full names; surnames drawn with weight 1/rank."""
    firsts, lasts = made_up_words(first_names, rng), made_up_words(surnames, rng)
    rng.shuffle(lasts)  # the rank of a surname is not its alphabetical place
    weights = [1 / (r + 1) for r in range(len(lasts))]
    seen: set[tuple[str, str]] = set()
    people: list[Person] = []
    while len(people) < count:
        for last in rng.choices(lasts, weights=weights, k=count):
            first = rng.choice(firsts)
            if (first, last) in seen or len(people) >= count:
                continue
            seen.add((first, last))
            people.append(Person(first, last, rng.choice(ROLES), rng.choice(orgs)))
    return people


def acronym(org: str) -> str:
    return "".join(w[0] for w in org.split()).upper()


def stored_article(k: int, text: str) -> dict[str, Any]:
    """The `articles` row of made-up article `k` holding `text` (undated by outlet, hourly dates)."""
    sha = hashlib.sha256(text.encode()).hexdigest()
    return dict(
        article_id=sha[:16],
        source=f"made-up/{k // 1000:03d}/a{k:07d}.txt",
        title=None,
        published_at=START + timedelta(hours=k),
        url=None,
        outlet=None,
        authors=None,
        language="en",
        format=None,
        text=text,
        char_count=len(text),
        paragraph_count=1,
        sentence_count=1,
        content_sha256=sha,
        encoding="utf-8",
        run_id="bench",
        ingested_at=NOW,
        pipeline_version="0",
        spacy_model="made-up",
        extraction_version=None,
    )


def article_rows(k: int, people: Sequence[Person], bare: Sequence[str], orgs: Sequence[str]) -> dict[str, list[Any]]:
    """The rows of made-up article `k`: its people (full names), people named by surname only
    (`bare`), and organizations (each with its acronym as an alias)."""
    names = [p.name for p in people] + list(bare) + list(orgs)
    text = f"Item {k}: " + "; ".join(names) + "."
    art = stored_article(k, text)
    aid = art["article_id"]
    people_rows = []
    for p in people:
        pid = key_id("person", p.name)
        people_rows.append(
            _person(aid, pid, p.name, [p.name, p.last], text.index(p.name), p.role, p.affiliation, k % 3 == 0)
        )
    for last in bare:
        people_rows.append(_person(aid, key_id("person", last), last, [last], text.index(last), None, None, False))
    org_rows = [
        dict(
            article_id=aid,
            organization_id=key_id("organization", o),
            entity_id=key_id("organization", o),
            name=o,
            aliases=[o, acronym(o)],
            mention_count=2,
            quote_count=0,
            first_char=text.index(o),
        )
        for o in orgs
    ]
    return {"articles": [art], "people": people_rows, "organizations": org_rows}


def _person(
    aid: str, pid: str, name: str, aliases: list[str], first: int, role: str | None, org: str | None, quoted: bool
) -> dict[str, Any]:
    return dict(
        article_id=aid,
        person_id=pid,
        entity_id=pid,  # the commit sets the corpus id
        name=name,
        aliases=list(dict.fromkeys(aliases)),
        mention_count=len(aliases),
        quote_count=int(quoted),
        first_char=first,
        role=role,
        organization=org,
        organization_id=None,
        gender="unknown",  # the made-up rows state no gender
        gender_evidence=[],
    )


def batch_tables(articles: Sequence[Mapping[str, list[Any]]]) -> dict[str, pa.Table]:
    """Every table of the store, holding the rows of `articles` (others empty)."""
    merged: dict[str, list[Any]] = {}
    for rows in articles:
        for name, table_rows in rows.items():
            merged.setdefault(name, []).extend(table_rows)
    return {name: pa.Table.from_pylist(merged.get(name, []), schema=c.arrow_schema) for name, c in TABLES.items()}


def entries(tables: Mapping[str, pa.Table]) -> list[ManifestEntry]:
    arts = tables["articles"].select(["source", "content_sha256", "article_id", "char_count"]).to_pylist()
    return [
        ManifestEntry(
            a["source"], ManifestStatus.ARTICLE, a["content_sha256"], a["article_id"], 1, 1, NEW_PART, "bench", NOW
        )
        for a in arts
    ]


def rejected(articles: Sequence[Mapping[str, list[Any]]]) -> int:
    """How many rows of `articles` the pipeline's validation rejects (0: they pass the contracts)."""
    rows = TableRows()
    for a in articles:
        for name, table_rows in a.items():
            rows.rows[name].extend(table_rows)
    sources = {r["article_id"]: r["source"] for r in rows.rows["articles"]}
    return len(validate_batch(rows, sources).rejections)
