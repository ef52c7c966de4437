"""Explore at scale: searches and person pages over a made-up dataset of a million quotes.

    .venv/bin/python bench/explore.py                       # 1,000,000 quotes, 50,000 speakers
    .venv/bin/python bench/explore.py --quotes 10000 --check  # CI's size, every answer checked

Builds (once; reused when `--out` already holds it) a dataset of made-up articles through the
store's own commit API (bench/made_up_quotes.py: words and speakers drawn from Zipf laws), syncs
the explore cache from it (timed), then times on one thread, each query on a fresh cursor:
- 200 fixed searches (a seeded draw: half words only, half with a speaker, outlet, date range
  or quote type filter, some with words too), through `search_quotes`;
- 200 person pages (`entity_page`) of speakers drawn as often as they are quoted.
The first query of each kind is reported apart (cold caches); p50 / p95 / max of the rest are
printed with p95 over the 500 ms goal. `--check` compares every answer with a brute-force SQL
query over the dataset's Parquet files (filters, totals, word matches, order).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from made_up_quotes import QuoteCorpus, build  # noqa: E402

from quoteflow.dataset.reader import open_dataset  # noqa: E402
from quoteflow.explore.cache import open_cache  # noqa: E402
from quoteflow.explore.queries import QuoteQuery, entity_page, search_quotes  # noqa: E402

GOAL_P95_S = 0.5
SEED = 20


@dataclass(frozen=True)
class Timing:
    first: float
    warm: list[float]

    def line(self, label: str) -> str:
        w = sorted(self.warm)
        p95 = w[max(0, round(0.95 * len(w)) - 1)]
        return (
            f"{label}: first {1000 * self.first:.0f} ms; warm p50 {1000 * statistics.median(w):.0f} ms, "
            f"p95 {1000 * p95:.0f} ms, max {1000 * w[-1]:.0f} ms; p95 / goal (500 ms) = {p95 / GOAL_P95_S:.2f}"
        )


def searches(corpus: QuoteCorpus, count: int) -> list[QuoteQuery]:
    """`count` fixed queries: words from the whole Zipf range (common to rare), and filters."""
    rng = random.Random(SEED)
    out: list[QuoteQuery] = []
    for i in range(count):
        rank = int(rng.paretovariate(0.6)) % len(corpus.words)  # mostly common words, some rare
        words = " ".join(corpus.words[(rank + k * 37) % len(corpus.words)] for k in range(1 + i % 2))
        if i % 2 == 0:
            out.append(QuoteQuery(q=words))
            continue
        kind = (i // 2) % 4
        speaker = corpus.speakers[int(rng.paretovariate(0.8)) % len(corpus.speakers)]
        if kind == 0:
            out.append(QuoteQuery(speaker=speaker.lower()))  # any case
        elif kind == 1:
            out.append(QuoteQuery(q=words, outlet=corpus.outlets[i % len(corpus.outlets)]))
        elif kind == 2:
            month = 1 + i % 11
            out.append(QuoteQuery(q=words, since=date(2025, month, 1), until=date(2025, month + 1, 1)))
        else:
            out.append(QuoteQuery(q=words.split()[0], speaker=speaker, quote_type="direct"))
    return out


def timed(calls: list[Callable[[], Any]]) -> tuple[Timing, list[Any]]:
    answers, times = [], []
    for call in calls:
        t = time.perf_counter()
        answers.append(call())
        times.append(time.perf_counter() - t)
    return Timing(times[0], times[1:]), answers


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quotes", type=int, default=1_000_000)
    ap.add_argument("--speakers", type=int, default=None, help="default: quotes / 20")
    ap.add_argument("--out", default=None, help="dataset folder, built when empty (default: a temporary one)")
    ap.add_argument("--cache", default=None, help="explore cache folder (default: a temporary one)")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--check", action="store_true", help="compare every answer with brute-force SQL")
    ap.add_argument("--json", default=None, help="write the figures to this file")
    a = ap.parse_args(argv)
    speakers = a.speakers or max(50, a.quotes // 20)
    corpus = QuoteCorpus(a.quotes, speakers, seed=SEED)
    with tempfile.TemporaryDirectory(prefix="explore-bench-") as tmp:
        out = a.out or os.path.join(tmp, "out")
        cache_dir = Path(a.cache or os.path.join(tmp, "cache"))
        t = time.perf_counter()
        if not (Path(out) / ".quoteflow").exists():
            articles = build(out, corpus, batch=5_000)
            took = time.perf_counter() - t
            print(f"dataset: {articles:,} articles, {a.quotes:,} quotes, {speakers:,} speakers: {took:.0f} s")
        t = time.perf_counter()
        cache = open_cache(out, cache_dir)
        print(f"explore cache synced from version {cache.version}: {time.perf_counter() - t:.1f} s")
        queries = searches(corpus, a.queries)
        search_timing, answers = timed([lambda q=q: search_quotes(cache.connection(), q) for q in queries])
        ids = _speaker_ids(cache, corpus, a.queries)
        page_timing, pages = timed([lambda e=e: entity_page(cache.connection(), e) for e in ids])
        print(f"machine: {os.cpu_count()} cores")
        totals = sorted(page.total for page in answers)
        print(
            f"searches with hits: {sum(t > 0 for t in totals)} of {len(totals)}; matches per search: "
            f"median {statistics.median(totals):,.0f}, max {totals[-1]:,}"
        )
        print(search_timing.line(f"{len(queries)} searches (half with filters)"))
        print(page_timing.line(f"{len(ids)} person pages"))
        failures = _check(out, queries, answers) if a.check else []
        if a.check:
            print(f"checked {len(queries)} searches against brute-force SQL: {len(failures)} differ")
            for f in failures[:10]:
                print("  " + f)
        if a.json:
            Path(a.json).write_text(json.dumps({"search": search_timing.__dict__, "pages": page_timing.__dict__}))
        assert all(p is not None for p in pages), "a person page of a quoted speaker is missing"
        return 1 if failures else 0


def _speaker_ids(cache: Any, corpus: QuoteCorpus, count: int) -> list[str]:
    """Entity ids of `count` speakers, drawn as often as they are quoted."""
    rng = random.Random(SEED + 1)
    cur = cache.connection()
    names = [corpus.speakers[int(rng.paretovariate(0.8)) % len(corpus.speakers)] for _ in range(count)]
    found = dict(cur.execute("select name, entity_id from entities where kind = 'person'").fetchall())
    return [found[n] for n in names if n in found]


def _check(out: str, queries: list[QuoteQuery], answers: list[Any]) -> list[str]:
    from explore_check import brute_force, disagreement

    data = open_dataset(out)
    failures = []
    for q, got in zip(queries, answers, strict=True):
        why = disagreement(brute_force(data, q), q, got.total, got.quotes)
        if why is not None:
            failures.append(f"{q}: {why}")
    return failures


if __name__ == "__main__":
    sys.exit(main())
