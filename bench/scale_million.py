"""A run over a million inputs (make bench-scale): no-op and one-article runs at 20k and at N stored.

    .venv/bin/python bench/scale_million.py [--inputs 1000000] [--small 20000] [--state /work/bench-scale]

Extracting a million articles would take hours, so the stored state of N tiny made-up
articles is written directly through the store's own API (`open_store(out, derive=corpus_step)
.commit` with finished Arrow tables, 50,000 rows a commit, the corpus step as a run gives it),
with the matching source folder (each file's size and mtime are its manifest entry's, so a
run finds it unchanged). A state is built once under --state and reused (`--rebuild` builds
it again).

Then, for the small state and for N, medians of 3 of:
- a no-op `quoteflow run SOURCE --out OUT` (the real command), against a Prefect API the
  bench starts itself (PREFECT_API_URL), so the API's start is reported apart; the peak RSS
  of the run's process and, separately, of the API process;
- a one-article run (one new file), its commit alone timed (plain pipeline, no Prefect).
Figures are printed as ratios beside the goals. The machine's cores are printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
from made_up_corpus import NOW, stored_article
from scale import synthetic

BIN = Path(sys.executable).parent
REPEATS = 3
BATCH = 50_000
GOAL_NOOP_S, GOAL_RSS_MB, GOAL_COMMIT_S, GOAL_GROWTH = 30.0, 1024.0, 2.0, 0.20


def source_of(k: int) -> str:
    return f"{k // 1000:04d}/a{k:07d}.txt"


def build_state(folder: Path, n: int) -> None:
    """The source folder and the stored state of `n` made-up articles (in this process)."""
    from quoteflow.corpus.commit_step import corpus_step
    from quoteflow.dataset.manifest import NEW_PART, ManifestEntry
    from quoteflow.dataset.store import open_store
    from quoteflow.schemas.tables import TABLES
    from quoteflow.schemas.vocab import ManifestStatus

    src, out = folder / "src", folder / "out"
    store = open_store(str(out), derive=corpus_step)
    started = time.perf_counter()
    with store.lock():
        for start in range(0, n, BATCH):
            rows, entries = [], []
            for k in range(start, min(n, start + BATCH)):
                text = synthetic(k)
                path = src / source_of(k)
                if k % 1000 == 0:
                    path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                st = path.stat()
                row = stored_article(k, text) | {"source": source_of(k), "run_id": "bench-scale"}
                rows.append(row)
                entries.append(
                    ManifestEntry(
                        row["source"], ManifestStatus.ARTICLE, row["content_sha256"], row["article_id"],
                        st.st_size, st.st_mtime_ns, NEW_PART, "bench-scale", NOW,
                    )
                )  # fmt: skip
            tables = {
                name: pa.Table.from_pylist(rows if name == "articles" else [], schema=c.arrow_schema)
                for name, c in TABLES.items()
            }
            store.commit(tables, entries)
            print(f"  state: {start + len(rows)}/{n} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    (folder / "built").write_text(str(n))


def ensure_state(root: Path, n: int, rebuild: bool) -> Path:
    folder = root / str(n)
    if rebuild or not (folder / "built").exists() or (folder / "built").read_text() != str(n):
        subprocess.run(["rm", "-rf", str(folder)], check=True)
        folder.mkdir(parents=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--child-build", str(folder), "--inputs", str(n)], check=True)
        du = subprocess.run(["du", "-sm", str(folder)], capture_output=True, text=True, check=True).stdout.split()[0]
        print(f"state of {n} inputs built in {time.perf_counter() - started:.0f} s; {du} MB on disk")
    return folder


def _hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def quoteflow_run(folder: Path) -> dict[str, float]:
    """The real command against a Prefect API started here: API start, run seconds, both peaks."""
    from quoteflow.local_api import TemporaryApi

    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"  # no telemetry calls out of the bench
    started = time.perf_counter()
    api = TemporaryApi.launch()
    api.wait_ready(120)
    api_start = time.perf_counter() - started
    try:
        env = {**os.environ, "PREFECT_API_URL": api.url}
        cmd = [str(BIN / "quoteflow"), "run", str(folder / "src"), "--out", str(folder / "out")]
        seconds, rss, _ = _timed_child(cmd, env)
        api_rss = _hwm_mb(api.process.pid)
    finally:
        api.stop()
    return {"api_start": api_start, "seconds": seconds, "rss": rss, "api_rss": api_rss}


def _timed_child(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    out = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, out


def one_article(folder: Path, j: int) -> dict[str, float]:
    """A plain run of one new file (in a child process): its commit's and its whole time, peak RSS."""
    cmd = [sys.executable, __file__, "--child-one", str(folder), "--inputs", str(j)]
    seconds, rss, out = _timed_child(cmd, dict(os.environ))
    got = json.loads(out.strip().splitlines()[-1])
    return {"commit": got["commit"], "run": got["run"], "seconds": seconds, "rss": rss}


def child_one(folder: Path, j: int) -> None:
    from scale import timed_steps

    from quoteflow.pipeline import run
    from quoteflow.settings import Settings

    extra = folder / "src" / "extra" / f"x{j:04d}-{time.time_ns()}.txt"
    extra.parent.mkdir(parents=True, exist_ok=True)
    extra.write_text(synthetic(10**8 + time.time_ns() % 10**8), encoding="utf-8")
    times: list[float] = []
    started = time.perf_counter()
    summary = run(str(folder / "src"), str(folder / "out"), Settings(), steps=timed_steps(times))
    assert summary.new == 1, summary
    print(json.dumps({"commit": times[-1], "run": time.perf_counter() - started}))


def med(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def measure(folder: Path) -> dict[str, float]:
    noop = [quoteflow_run(folder) for _ in range(REPEATS)]
    one = [one_article(folder, j) for j in range(REPEATS)]
    return {
        "api_start": med(noop, "api_start"),
        "noop": med(noop, "seconds"),
        "noop_rss": med(noop, "rss"),
        "api_rss": med(noop, "api_rss"),
        "commit": med(one, "commit"),
        "one_run": med(one, "run"),
        "one_rss": med(one, "rss"),
    }


def report(n: int, m: dict[str, float]) -> None:
    print(
        f"{n} inputs stored, no-op `quoteflow run`: {m['noop']:.1f} s beyond the API start "
        f"({m['noop'] / GOAL_NOOP_S:.2f} of the goal < {GOAL_NOOP_S:.0f} s; API start {m['api_start']:.1f} s), "
        f"peak RSS {m['noop_rss']:.0f} MB ({m['noop_rss'] / GOAL_RSS_MB:.2f} of the goal < 1 GB), "
        f"Prefect API process {m['api_rss']:.0f} MB"
    )
    print(
        f"{n} inputs stored, one-article run: commit {m['commit']:.2f} s ({m['commit'] / GOAL_COMMIT_S:.2f} of the "
        f"goal < {GOAL_COMMIT_S:.0f} s), whole plain run {m['one_run']:.1f} s, peak RSS {m['one_rss']:.0f} MB "
        "(spaCy loaded)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=20_000)
    ap.add_argument("--state", default="/work/bench-scale")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--child-build")
    ap.add_argument("--child-one")
    args = ap.parse_args()
    if args.child_build:
        build_state(Path(args.child_build), args.inputs)
        return
    if args.child_one:
        child_one(Path(args.child_one), args.inputs)
        return
    print(f"machine: {os.cpu_count()} cores (shared with other work: figures are upper bounds)")
    results = {}
    for n in dict.fromkeys([args.small, args.inputs]):
        folder = ensure_state(Path(args.state), n, args.rebuild)
        results[n] = measure(folder)
        report(n, results[n])
    small, big = results[args.small], results[args.inputs]
    growth = big["noop_rss"] / small["noop_rss"] - 1
    print(
        f"peak RSS of a no-op run, {args.small} → {args.inputs} stored: {small['noop_rss']:.0f} → "
        f"{big['noop_rss']:.0f} MB, +{growth:.0%} ({growth / GOAL_GROWTH:.2f} of the goal < +20%)"
    )


if __name__ == "__main__":
    main()
