"""Quote clusters against hand-labelled pairs: pairwise precision and recall (issue 19).

    .venv/bin/python bench/quote_clusters.py --data OUT [--errors] [--scale 20000]

OUT is a quoteflow dataset of PolNeAR dev (`quoteflow run ../shared/eval/polnear-dev/text OUT`).
The gold, bench/quote_pairs_gold.tsv, holds quote pairs of the same speaker in different
articles, labelled by hand `same` (one utterance, possibly trimmed or partial) or `different`;
each quote is named by its article file and its start/end characters, which must match a
`quotes` row of OUT. Corpus entity ids are not used here: the block is the speaker's
normalized surname (last token of `speaker`), as when the pairs were sampled.

Prints pairwise precision / recall (goal 0.95 / 0.90) on the pairs whose both rows are
quotations (`direct` / `partial`: reported speech takes no part in containment by design) and
on all pairs, the time `cluster_quotes` takes on OUT, and with --scale N the time on N made-up
quotes of one speaker. Without ../shared (QUOTEFLOW_EVAL_DIR) it says so and stops.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sys
import time
from pathlib import Path
from typing import NamedTuple

import pyarrow.parquet as pq

from quoteflow.corpus.quotes import QuoteRecord, cluster_quotes

REPO = Path(__file__).resolve().parents[1]
EVAL = Path(os.environ.get("QUOTEFLOW_EVAL_DIR", REPO.parent / "shared" / "eval")).resolve()
TEXTS = EVAL / "polnear-dev" / "text"
GOLD = REPO / "bench" / "quote_pairs_gold.tsv"
GOALS = {"precision": 0.95, "recall": 0.90}
SUFFIXES = {"jr", "sr", "ii", "iii"}


class Row(NamedTuple):
    record: QuoteRecord
    article: str  # file name of the source
    start: int
    end: int


class Pair(NamedTuple):
    a: tuple[str, int, int]
    b: tuple[str, int, int]
    label: bool  # True: the same quotation


def surname(speaker: str | None) -> str | None:
    tokens = [t for t in re.sub(r"[^\w\s-]", " ", speaker or "").split() if t.lower() not in SUFFIXES]
    return tokens[-1].lower() if tokens else None


def read_gold(path: Path) -> list[Pair]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    pairs = []
    for row in csv.DictReader(lines, delimiter="\t"):
        a = (row["article_a"], int(row["start_a"]), int(row["end_a"]))
        b = (row["article_b"], int(row["start_b"]), int(row["end_b"]))
        pairs.append(Pair(a, b, row["label"] == "same"))
    return pairs


def read_rows(data: Path) -> dict[tuple[str, int, int], Row]:
    sources = pq.read_table(data / "articles", columns=["article_id", "source"]).to_pylist()
    name = {a["article_id"]: Path(a["source"]).name for a in sources}
    columns = ["article_id", "quote_id", "text", "start_char", "end_char", "quote_type", "speaker"]
    rows = {}
    for q in pq.read_table(data / "quotes", columns=columns).to_pylist():
        block = surname(q["speaker"])
        record = QuoteRecord(q["article_id"], q["quote_id"], q["text"], q["quote_type"], block and f"surname:{block}")
        row = Row(record, name[q["article_id"]], q["start_char"], q["end_char"])
        rows[(row.article, row.start, row.end)] = row
    return rows


def check_spans(pairs: list[Pair]) -> int:
    """How many gold spans lie outside their PolNeAR text (the gold must name real spans)."""
    bad = 0
    for article, start, end in {q for p in pairs for q in (p.a, p.b)}:
        path = TEXTS / article
        if not path.is_file() or end > len(path.read_text(encoding="utf-8")) or start >= end:
            bad += 1
    return bad


def score(pairs: list[Pair], clusters: dict[str, str], rows: dict[tuple[str, int, int], Row]) -> dict[str, float]:
    tp = sum(1 for p in pairs if p.label and same(p, clusters, rows))
    predicted = sum(1 for p in pairs if same(p, clusters, rows))
    positives = sum(1 for p in pairs if p.label)
    return {
        "pairs": len(pairs),
        "same": positives,
        "precision": tp / predicted if predicted else 1.0,
        "recall": tp / positives if positives else 1.0,
    }


def same(pair: Pair, clusters: dict[str, str], rows: dict[tuple[str, int, int], Row]) -> bool:
    a, b = rows[pair.a].record.quote_id, rows[pair.b].record.quote_id
    return a in clusters and b in clusters and clusters[a] == clusters[b]


def is_quotation(pair: Pair, rows: dict[tuple[str, int, int], Row]) -> bool:
    return all(rows[q].record.quote_type != "indirect" for q in (pair.a, pair.b))


def show_errors(pairs: list[Pair], clusters: dict[str, str], rows: dict[tuple[str, int, int], Row]) -> None:
    for p in pairs:
        predicted = same(p, clusters, rows)
        if predicted != p.label:
            kind = "joined, gold different" if predicted else "apart, gold same"
            a, b = rows[p.a].record, rows[p.b].record
            print(f"  {kind} [{a.quote_type}/{b.quote_type}] {a.text[:90]!r} || {b.text[:90]!r}")


def scale(n: int) -> float:
    """Seconds cluster_quotes takes on n made-up quotes of one speaker (shared vocabulary)."""
    rng = random.Random(19)
    words = [f"w{k}" for k in range(500)] + ["the", "and", "of", "we", "will", "a", "to"]
    records = [
        QuoteRecord(
            f"a{k // 5}", f"q{k}", " ".join(rng.choice(words) for _ in range(rng.randint(2, 60))), "direct", "e1"
        )
        for k in range(n)
    ]
    started = time.perf_counter()
    cluster_quotes(records)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a quoteflow dataset of PolNeAR dev")
    parser.add_argument("--errors", action="store_true", help="print the pairs scored wrong")
    parser.add_argument("--scale", type=int, default=0, help="also time N made-up quotes of one speaker")
    args = parser.parse_args()
    if args.scale:
        for n in (args.scale // 8, args.scale):
            print(f"cluster_quotes on {n} made-up quotes of one speaker: {scale(n):.2f} s")
    if not TEXTS.is_dir():
        print(f"skipped: {TEXTS} is absent (the PolNeAR dev texts the gold pairs point into)")
        return
    if args.data is None or not (args.data / "quotes").is_dir():
        sys.exit(
            "give --data OUT, a quoteflow dataset of PolNeAR dev (quoteflow run ../shared/eval/polnear-dev/text OUT)"
        )
    pairs, rows = read_gold(GOLD), read_rows(args.data)
    found = [p for p in pairs if p.a in rows and p.b in rows]
    print(
        f"gold: {len(pairs)} pairs, {check_spans(pairs)} spans outside their text; {len(found)} matched in {args.data}"
    )
    records = [r.record for r in rows.values()]
    started = time.perf_counter()
    clusters = cluster_quotes(records)
    took = time.perf_counter() - started
    print(f"cluster_quotes: {len(records)} quotes, {len(set(clusters.values()))} clusters, {took:.3f} s")
    quotations = [p for p in found if is_quotation(p, rows)]
    for title, subset in (("quotations (direct/partial)", quotations), ("all pairs (indirect included)", found)):
        s = score(subset, clusters, rows)
        goals = ", ".join(f"{k} {s[k]:.3f} (goal {GOALS[k]:.2f})" for k in GOALS)
        print(f"{title}: {s['pairs']:.0f} pairs, {s['same']:.0f} same: {goals}")
    if args.errors:
        print("errors:")
        show_errors(found, clusters, rows)
    stored = stored_clusters(args.data)
    if stored is not None:  # what the dataset holds: speakers by corpus entity, copies counted once
        for title, subset in (("stored quote_clusters, quotations", quotations), ("stored, all pairs", found)):
            s = score(subset, stored, rows)
            goals = ", ".join(f"{k} {s[k]:.3f} (goal {GOALS[k]:.2f})" for k in GOALS)
            print(f"{title}: {s['pairs']:.0f} pairs, {s['same']:.0f} same: {goals}")


def stored_clusters(data: Path) -> dict[str, str] | None:
    """quote_id -> quote_cluster_id from the dataset's `quote_clusters` table (a quote in no row: itself)."""
    if not (data / "quote_clusters").is_dir():
        return None
    from quoteflow import open_dataset

    table = open_dataset(data)["quote_clusters"].to_table(columns=["quote_cluster_id", "quote_ids"]).to_pylist()
    out = {q: q for q in open_dataset(data)["quotes"].to_table(columns=["quote_id"]).column("quote_id").to_pylist()}
    out |= {q: row["quote_cluster_id"] for row in table for q in row["quote_ids"]}
    return out


if __name__ == "__main__":
    main()
