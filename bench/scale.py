"""Commit cost against dataset size (make bench-scale): it must not grow with the dataset.

    .venv/bin/python bench/scale.py [--articles 20000] [--batch-size 200]

Writes ARTICLES small synthetic articles (every text distinct), runs the plain pipeline
over them (no Prefect) in batches, and prints, as ratios beside their goals:
- the time of a commit at the end of the backfill over one at its start (goal: within 1.5×);
- adding one article to the full dataset over adding one to an empty one (goal: within
  2× + 0.2 s), for the commit alone and for the whole run (listing SOURCE included).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from quoteflow import pipeline
from quoteflow.batch import commit_batch
from quoteflow.pipeline import PLAIN_STEPS, Steps, run
from quoteflow.settings import Settings

FIRST_NAMES = ["Ada", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ike", "Jo", "Kit", "Lu", "Mo", "Ned", "Oz", "Pat"]
SURNAMES = ["Abbot", "Brink", "Crane", "Dunmore", "Eldred", "Fane", "Garrow", "Hext", "Ingle", "Jessop", "Kemble"]


def synthetic(k: int) -> str:
    first, last = FIRST_NAMES[k % len(FIRST_NAMES)], SURNAMES[(k // len(FIRST_NAMES)) % len(SURNAMES)]
    return (
        f"Item {k}: {first} {last} of Harbour Works spoke on Monday.\n"
        f"“The yard will reopen in week {k % 52 + 1},” {last} said.\n"
        f"A spokesman for Harbour Works said {k} people would return.\n"
    )


def write_corpus(folder: Path, n: int) -> None:
    for k in range(n):
        path = folder / f"{k // 1000:03d}" / f"a{k:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(synthetic(k), encoding="utf-8")


def timed_steps(times: list[float]) -> Steps:
    def commit(*args: Any) -> Any:
        start = time.perf_counter()
        result = commit_batch(*args)
        times.append(time.perf_counter() - start)
        return result

    return dataclasses.replace(PLAIN_STEPS, commit=commit)


def one_more(src: Path, out: Path, k: int, settings: Settings) -> tuple[float, float]:
    """(commit seconds, whole-run seconds) of adding one article."""
    (src / "extra").mkdir(parents=True, exist_ok=True)
    (src / "extra" / f"x{k}.txt").write_text(synthetic(10**7 + k), encoding="utf-8")
    times: list[float] = []
    start = time.perf_counter()
    run(str(src), str(out), settings, steps=timed_steps(times))
    return times[-1], time.perf_counter() - start


def _best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return min(r[0] for r in runs), min(r[1] for r in runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--batch-size", type=int, default=200)
    args = ap.parse_args()
    settings = Settings(batch_size=args.batch_size)
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp, "in"), Path(tmp, "out")
        write_corpus(src, args.articles)
        commits: list[float] = []
        started = time.perf_counter()
        pipeline.run(str(src), str(out), settings, steps=timed_steps(commits))
        backfill = time.perf_counter() - started
        k = max(3, len(commits) // 10)
        first, last = statistics.median(commits[:k]), statistics.median(commits[-k:])
        print(f"backfill of {args.articles} articles in {len(commits)} commits: {backfill:.0f} s")
        print(
            f"commit time, end / start of the backfill: {last / first:.2f} (goal ≤ 1.5; {first:.3f} s → {last:.3f} s)"
        )

        # the best of three of each figure (commit, whole run): the machine's noise only adds
        full = _best([one_more(src, out, j, settings) for j in range(3)])
        empty = _best([one_more(Path(tmp, f"in-empty{j}"), Path(tmp, f"out-empty{j}"), j, settings) for j in range(3)])
        for label, i in (("commit", 0), ("whole run", 1)):
            bound = 2 * empty[i] + 0.2
            print(
                f"one article into {args.articles} vs into an empty dataset, {label}: "
                f"{full[i]:.3f} s vs {empty[i]:.3f} s = {full[i] / bound:.2f} of the bound 2× + 0.2 s (goal ≤ 1)"
            )


if __name__ == "__main__":
    main()
