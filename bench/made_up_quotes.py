"""Made-up stored articles full of quotations, for the explore bench (bench/explore.py).

    corpus = QuoteCorpus(quotes=10_000, speakers=500, seed=20)
    rows = corpus.article(0)          # {"articles": [...], "people": [...], "quotes": [...]}
    rows["quotes"][0]["text"]         # "Bokadu zetiram malovi …" (words drawn from a Zipf law)
    build(out, corpus, batch=2_000)   # committed through the store's own API

Every article carries `QUOTES_PER_ARTICLE` direct quotations by a few of the corpus's speakers
(a Zipf law too: some are quoted thousands of times, most a handful), in one of 40 outlets, on
a date in 2025. Words are made-up syllables (no real word by design), drawn from a Zipf law over
a 20,000-word vocabulary, so a search for a rare word hits a few quotes and one for a common
word hits hundreds of thousands. Rows are built as the pipeline writes them (each quote's span
slices back to the article text) and pass the table contracts (`rejected` checks a batch).
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from made_up_corpus import ROLES, batch_tables, entries, made_up_words, stored_article

from quoteflow.corpus.commit_step import corpus_step
from quoteflow.corpus.names import key_id
from quoteflow.dataset.store import open_store
from quoteflow.schemas.ids import hex_id

QUOTES_PER_ARTICLE = 10
SPEAKERS_PER_ARTICLE = 4
VOCABULARY = 20_000
OUTLETS = 40
START = datetime(2025, 1, 1, tzinfo=UTC)


def _zipf_cumulative(n: int, s: float) -> list[float]:
    weights = [1 / (k**s) for k in range(1, n + 1)]
    return list(itertools.accumulate(weights))


class QuoteCorpus:
    """A deterministic made-up corpus: article k is the same whatever else is built."""

    def __init__(self, quotes: int, speakers: int, seed: int = 20):
        rng = random.Random(seed)
        self.quotes = quotes
        self.articles = max(1, quotes // QUOTES_PER_ARTICLE)
        self.words = made_up_words(VOCABULARY, rng)
        rng.shuffle(self.words)  # the commonest word is not the alphabetically first
        firsts = made_up_words(max(50, speakers // 40), rng)
        lasts = made_up_words(max(50, speakers // 4), rng)
        names: set[tuple[str, str]] = set()
        while len(names) < speakers:
            names.add((rng.choice(firsts), rng.choice(lasts)))
        self.speakers = sorted(f"{f} {last}" for f, last in names)
        rng.shuffle(self.speakers)
        self.outlets = [f"The {w} Courier" for w in made_up_words(OUTLETS, rng, syllables=2)]
        self.seed = seed
        self._word_cum = _zipf_cumulative(VOCABULARY, 1.07)
        self._speaker_cum = _zipf_cumulative(speakers, 0.9)

    def _draw(self, rng: random.Random, cum: list[float], items: Sequence[str]) -> str:
        return items[bisect.bisect_left(cum, rng.random() * cum[-1])]

    def article(self, k: int) -> dict[str, list[dict[str, Any]]]:
        rng = random.Random(self.seed * 1_000_003 + k)
        cast: list[str] = []
        while len(cast) < SPEAKERS_PER_ARTICLE:
            name = self._draw(rng, self._speaker_cum, self.speakers)
            if name not in cast:
                cast.append(name)
        parts: list[str] = [f"Report {k}.\n\n"]
        pos = len(parts[0])
        quotes = []
        for i in range(QUOTES_PER_ARTICLE):
            speaker = cast[i % len(cast)]
            words = [self._draw(rng, self._word_cum, self.words) for _ in range(rng.randint(6, 24))]
            said = f"{speaker} said: “"
            text = " ".join(words).capitalize() + "."
            paragraph = f"{said}{text}”\n\n"
            start = pos + len(said)
            quotes.append((speaker, text, start, pos, i))
            parts.append(paragraph)
            pos += len(paragraph)
        body = "".join(parts).rstrip("\n")
        article = _article_row(k, body, self.outlets[rng.randrange(OUTLETS)])
        aid = article["article_id"]
        people = {
            name: _person_row(
                aid, name, body.index(name), sum(1 for q in quotes if q[0] == name), ROLES[len(name) % len(ROLES)]
            )
            for name in cast
        }
        quote_rows = [_quote_row(aid, s, text, start, para, i) for i, (s, text, start, para, _) in enumerate(quotes)]
        return {"articles": [article], "people": list(people.values()), "quotes": quote_rows}

    def batches(self, size: int) -> Iterator[list[dict[str, list[dict[str, Any]]]]]:
        for first in range(0, self.articles, size):
            yield [self.article(k) for k in range(first, min(first + size, self.articles))]


def _article_row(k: int, text: str, outlet: str) -> dict[str, Any]:
    return {
        **stored_article(k, text),
        "source": f"made-up/{k // 1000:04d}/q{k:07d}.txt",
        "title": f"Report {k}",
        "published_at": START + timedelta(minutes=5 * k % (365 * 24 * 60)),
        "outlet": outlet,
        "paragraph_count": QUOTES_PER_ARTICLE + 1,
        "sentence_count": QUOTES_PER_ARTICLE + 1,
    }


def _person_row(aid: str, name: str, first: int, quotes: int, role: str) -> dict[str, Any]:
    pid = key_id("person", name)
    return dict(
        article_id=aid,
        person_id=pid,
        entity_id=pid,  # the commit sets the corpus id
        name=name,
        aliases=[name, name.split()[-1]],
        mention_count=quotes,
        quote_count=quotes,
        first_char=first,
        role=role,
        organization=None,
        organization_id=None,
        gender="unknown",  # the made-up articles state no gender
        gender_evidence=[],
    )


def _quote_row(aid: str, speaker: str, text: str, start: int, para_start: int, i: int) -> dict[str, Any]:
    pid = key_id("person", speaker)
    cue = start - len(": “") - len("said")
    return dict(
        article_id=aid,
        quote_id=hex_id(f"{aid}:{start}", "q_"),
        text=text,
        start_char=start,
        end_char=start + len(text),
        quote_type="direct",
        speaker=speaker,
        speaker_id=pid,
        speaker_entity_id=pid,
        speaker_type="person",
        speaker_mention=speaker,
        speaker_start=para_start,
        speaker_end=para_start + len(speaker),
        cue="said",
        cue_start=cue,
        cue_end=cue + len("said"),
        attribution="explicit",
        paragraph_index=i + 1,
        sentence_index=i + 1,
        marks_closed=True,
    )


def build(out: str, corpus: QuoteCorpus, batch: int) -> int:
    """Commit the corpus into `out`, `batch` articles per commit; returns the article count."""
    store = open_store(out, derive=corpus_step)
    count = 0
    with store.lock():
        for articles in corpus.batches(batch):
            tables = batch_tables(articles)
            store.commit(tables, entries(tables))
            count += len(articles)
    return count
