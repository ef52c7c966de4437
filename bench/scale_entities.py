"""One-article commit into a corpus of 20,000 made-up people vs into an empty dataset (make bench-scale).

    .venv/bin/python bench/scale_entities.py [--people 20000] [--batch-articles 1000]

Builds the stored state through the store's own commit API (`open_store(out,
derive=corpus_step).commit`, the corpus step as a run gives it), in batches of made-up rows
(bench/made_up_corpus.py: 300 first names x 800 surnames drawn with a skew, some people
named by surname only, a few hundred organizations), without extracting text. Then prints,
each the median of 3 (one new article each time, the same article into both datasets):
- one article's commit into the corpus over into an empty dataset (goal: <= 2x);
- the same for a whole run (`pipeline.run`, no Prefect) of one small article file, and the
  commit inside it;
- the peak RSS of the process doing each, and the files in entities/ and entity_redirects/;
- a cProfile of one more commit into the corpus (top 15 by cumulative time).
Each article names a bearer of one of the commonest surnames, a new one, a middling surname
and another common surname alone: the largest components the resolver re-reads. A second
commit figure is for a typical article (three people whose surnames a dozen people bear).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pyarrow.parquet as pq
from made_up_corpus import (
    Person,
    article_rows,
    batch_tables,
    entries,
    made_up_orgs,
    made_up_people,
    made_up_words,
    rejected,
)

from quoteflow.corpus.commit_step import corpus_step
from quoteflow.dataset.store import open_store

SEED = 19
REPEATS = 3


def corpus(people: int) -> tuple[list[Person], list[str]]:
    rng = random.Random(SEED)
    orgs = made_up_orgs(400, rng)
    return made_up_people(people, orgs, rng), orgs


def article_plan(people: list[Person], orgs: list[str], rng: random.Random) -> list[dict[str, list[Any]]]:
    """Every person in at least one article (three to an article), then half as many articles
    again naming the first tenth more often; a third of the articles also name someone by
    surname only, and each names one organization."""
    order = list(people)
    rng.shuffle(order)
    groups = [order[i : i + 3] for i in range(0, len(order), 3)]
    popular = people[: max(3, len(people) // 10)]
    groups += [rng.sample(popular, 3) for _ in range(len(groups) // 2)]
    surnames = [p.last for p in people]
    out = []
    for k, group in enumerate(groups):
        mine = {p.last for p in group}
        bare = [s for s in [rng.choice(surnames)] if s not in mine and k % 3 == 0]
        out.append(article_rows(k, group, bare, [rng.choice(orgs)]))
    return out


def build(out: str, people: list[Person], orgs: list[str], batch: int) -> int:
    """The corpus committed into `out`, `batch` articles per commit; returns the article count."""
    plan = article_plan(people, orgs, random.Random(SEED + 1))
    bad = rejected(plan[:batch])
    if bad:
        raise SystemExit(f"made-up rows fail the table contracts: {bad} rejects in the first batch")
    store = open_store(out, derive=corpus_step)
    with store.lock():
        for i in range(0, len(plan), batch):
            tables = batch_tables(plan[i : i + batch])
            store.commit(tables, entries(tables))
    return len(plan)


def extra_article(j: int, people: list[Person], orgs: list[str]) -> dict[str, list[Any]]:
    """Article j of the measurement: a known bearer of the (2j+1)-th commonest surname, a new
    bearer, a person of a middling surname, the next commonest surname alone and an organization.
    Each article touches surnames no earlier one touched (the first touch rewrites their
    entities; a second would find them in the small file the first wrote)."""
    ranked = [s for s, _ in Counter(p.last for p in people).most_common()]
    common, bare, mid = ranked[2 * j], ranked[2 * j + 1], ranked[len(ranked) // 2 + j]
    known = next(p for p in people if p.last == common)
    middling = next(p for p in people if p.last == mid)
    fresh = Person(made_up_words(16, random.Random(-1), syllables=4)[j], common, "mayor", orgs[j])
    return article_rows(10**7 + j, [known, fresh, middling], [bare], [orgs[j]])


def middling_article(j: int, people: list[Person], orgs: list[str]) -> dict[str, list[Any]]:
    """A typical article j: three people of middling surnames (a dozen bearers each), none
    touched by another measured article, and an organization."""
    ranked = [s for s, _ in Counter(p.last for p in people).most_common()]
    group = [next(p for p in people if p.last == ranked[len(ranked) // 2 + 10 + 3 * j + i]) for i in range(3)]
    return article_rows(2 * 10**7 + j, group, [], [orgs[50 + j]])


def article_text(j: int, people: list[Person], orgs: list[str]) -> str:
    rows = extra_article(j, people, orgs)["people"]
    a, b, c, d = (r["name"] for r in rows)
    return (
        f"Item {j}. {a}, the {rows[0]['role']} of the {orgs[j]}, said on Monday that the yard would reopen.\n"
        f"“We will be ready by spring,” {a.split()[-1]} said.\n"
        f"Mrs. {b} and Mr. {c} of the {orgs[j]} said the plan was sound, and Dr. {d} agreed.\n"
    )


def file_count(out: str, table: str) -> int:
    return sum(1 for _ in Path(out, table).resolve().glob("*.parquet"))


def rows_of(out: str, table: str) -> int:
    return int(ds.dataset(str(Path(out, table).resolve())).count_rows())


def commit_one(out: str, rows: dict[str, list[Any]]) -> float:
    tables = batch_tables([rows])
    store = open_store(out, derive=corpus_step)
    with store.lock():
        start = time.perf_counter()
        store.commit(tables, entries(tables))
        return time.perf_counter() - start


def child_commit(full: str, scratch: str, people: list[Person], orgs: list[str], into: str) -> dict[str, Any]:
    """The commit alone of articles 0..2, then of middling articles 0..2, `into` the corpus or
    each into a fresh empty dataset."""
    got: dict[str, Any] = {"times": [], "middling": []}
    for label, make in (("times", extra_article), ("middling", middling_article)):
        for j in range(REPEATS):
            out = full if into == "full" else str(Path(scratch, f"empty-{label}{j}"))
            got[label].append(commit_one(out, make(j, people, orgs)))
    return got


def child_run(full: str, scratch: str, people: list[Person], orgs: list[str], into: str = "") -> dict[str, Any]:
    """A whole run of one small article file (the commit inside it timed too)."""
    from scale import timed_steps  # the same timed commit step as the backfill case

    from quoteflow.pipeline import run
    from quoteflow.settings import Settings

    settings = Settings()
    got: dict[str, list[float]] = {"full": [], "empty": [], "full_commit": [], "empty_commit": []}
    warm = Path(scratch, "warm")  # the first run loads spaCy: not part of either figure
    warm.mkdir()
    (warm / "w.txt").write_text(article_text(0, people, orgs), encoding="utf-8")
    run(str(warm), str(Path(scratch, "warm-out")), settings)
    for j in range(REPEATS):
        for label, out in (("empty", str(Path(scratch, f"empty-run{j}"))), ("full", full)):
            src = Path(scratch, f"{label}-src{j}")
            src.mkdir()
            (src / f"x{j}.txt").write_text(article_text(j + REPEATS, people, orgs), encoding="utf-8")
            commits: list[float] = []
            start = time.perf_counter()
            summary = run(str(src), out, settings, steps=timed_steps(commits))
            got[label].append(time.perf_counter() - start)
            got[f"{label}_commit"].append(commits[-1])
            got.setdefault(f"{label}_people", []).append(rows_of(out, "people"))
            del summary
    return got


def peak_mb() -> float:
    """This process's peak RSS. Not `ru_maxrss`: Linux keeps it across exec, so a child started
    by the process that built the corpus would report the builder's peak."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(mode: str, full: str, scratch: str, people: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", mode, "--out", full, "--scratch", scratch, "--people", str(people)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{mode} measurement failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


#: where a commit's time goes: (label, function name in the profile)
PARTS = [
    ("commit (build_commit)", "build_commit"),
    ("  corpus: update_entities", "update_entities"),
    ("    read stored tables (_Live.read)", "read"),
    ("    component (match_keys)", "component"),
    ("    stored people/org rows of the component", "_stored_rows"),
    ("    resolve", "resolve"),
    ("    entity rows (_entity_row)", "_entity_row"),
    ("    article dates", "_article_dates"),
    ("  article tables (rebuild_tables)", "rebuild_tables"),
    ("  keyed files (rebuild_keyed)", "rebuild_keyed"),
    ("  merges (merge_parts)", "merge_parts"),
]


def _rows_in(out: str, table: str, names: set[str]) -> int:
    folder = Path(out, table).resolve()
    return sum(pq.ParquetFile(folder / n).metadata.num_rows for n in names)


def profile_commit(full: str, rows: dict[str, list[Any]]) -> str:
    """cProfile of one commit (inside the lock): top 15 by cumulative time, the parts, and the
    rows the commit wrote to entities/ (new files, whether new rows or a rewritten file)."""
    before = {p.name for p in Path(full, "entities").resolve().glob("*.parquet")}
    tables = batch_tables([rows])
    store = open_store(full, derive=corpus_step)
    profiler = cProfile.Profile()
    with store.lock():
        profiler.enable()
        store.commit(tables, entries(tables))
        profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(15)
    cumulative: Counter[str] = Counter()
    for (path, _, func), (_, _, _, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
        if "quoteflow" in path or "/flows/" in path:
            cumulative[func if func != "read" or path.endswith("corpus.py") else "-"] += ct
    for label, func in PARTS:
        text.write(f"{label:45s} {cumulative[func]:.3f} s\n")
    after = {p.name for p in Path(full, "entities").resolve().glob("*.parquet")}
    written = _rows_in(full, "entities", after - before)
    text.write(f"entities rows written by this commit: {written} of {rows_of(full, 'entities')}\n")
    return text.getvalue()


def ratio_line(label: str, full: Sequence[float], empty: Sequence[float], people: int) -> str:
    f, e = statistics.median(full), statistics.median(empty)
    into = f"one article into {people} people vs into an empty dataset, {label}"
    return f"{into}: {f:.3f} s vs {e:.3f} s = {f / e:.2f}x (goal <= 2)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--people", type=int, default=20_000)
    ap.add_argument("--batch-articles", type=int, default=1000)
    ap.add_argument("--child", choices=["commit-full", "commit-empty", "run"])
    ap.add_argument("--out")
    ap.add_argument("--scratch")
    args = ap.parse_args()
    people, orgs = corpus(args.people)
    if args.child:
        measure = child_run if args.child == "run" else child_commit
        got = measure(args.out, args.scratch, people, orgs, args.child.removeprefix("commit-"))
        got["rss_mb"] = peak_mb()
        print(json.dumps(got))
        return
    with tempfile.TemporaryDirectory() as tmp:
        full = str(Path(tmp, "full"))
        started = time.perf_counter()
        n = build(full, people, orgs, args.batch_articles)
        counts = Counter(p.last for p in people)
        print(
            f"corpus: {args.people} people ({len({p.first for p in people})} first names, {len(counts)} surnames, "
            f"commonest borne by {counts.most_common(1)[0][1]}), {len(orgs)} organizations, {n} articles "
            f"in {-(-n // args.batch_articles)} commits: {time.perf_counter() - started:.0f} s; "
            f"{rows_of(full, 'entities')} entities; peak RSS {peak_mb():.0f} MB"
        )
        empty = in_child("commit-empty", full, tmp, args.people)
        commit = in_child("commit-full", full, tmp, args.people)
        print(ratio_line("commit", commit["times"], empty["times"], args.people))
        print(ratio_line("commit of a middling article", commit["middling"], empty["middling"], args.people))
        print(f"  peak RSS of the process: {commit['rss_mb']:.0f} MB vs {empty['rss_mb']:.0f} MB")
        whole = in_child("run", full, tmp, args.people)
        print(ratio_line("whole run", whole["full"], whole["empty"], args.people))
        print(ratio_line("its commit", whole["full_commit"], whole["empty_commit"], args.people))
        print(
            f"  peak RSS of that process (spaCy loaded): {whole['rss_mb']:.0f} MB; "
            f"the article file gave {whole['empty_people'][0]} people rows"
        )
        print(
            f"files: entities/ {file_count(full, 'entities')}, entity_redirects/ {file_count(full, 'entity_redirects')}"
        )
        print("profile of one more one-article commit into the corpus (top 15, cumulative):")
        print(profile_commit(full, extra_article(2 * REPEATS + 1, people, orgs)))


if __name__ == "__main__":
    main()
