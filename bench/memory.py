"""Peak memory of one long input, as a ratio to the 2 GB bound (a fresh process per size).

    .venv/bin/python bench/memory.py [MEGABYTES ...]      (make bench; default 1 and 4.9)

Each size runs `batch.extract_batch` (parse, extract, validate) on one article of that
many characters, made of the PolNeAR dev texts when ../shared is there (else the seed),
in a child process, and prints its peak RSS, the model's own, and the growth per MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = Path(os.environ.get("QUOTEFLOW_EVAL_DIR", REPO.parent / "shared" / "eval"))
BOUND_MB = 2048

CHILD = """
import json, resource, sys
from datetime import UTC, datetime
from pathlib import Path
from quoteflow.batch import extract_batch
from quoteflow.extraction.parse import load_pipeline
from quoteflow.records import RunInfo
from quoteflow.settings import Settings
from quoteflow.sources.read import article_from_bytes
chars, folder = int(sys.argv[1]), Path(sys.argv[2])
corpus = "\\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))
text = (corpus * (chars // len(corpus) + 1))[:chars]
load_pipeline(Settings().spacy_model)
model = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
article = article_from_bytes("long.txt", text.encode())
done = extract_batch([article], Settings(), RunInfo("bench", datetime.now(UTC), "0"))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"model_mb": model, "peak_mb": peak, "rows": {k: t.num_rows for k, t in done.tables.items()}}))
"""


def measure(megabytes: float, folder: Path) -> dict[str, float]:
    chars = int(megabytes * 1_000_000)
    done = subprocess.run([sys.executable, "-c", CHILD, str(chars), str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    sizes = [float(a) for a in sys.argv[1:]] or [1.0, 4.9]
    folder = EVAL / "polnear-dev" / "text"
    if not folder.is_dir():
        folder = REPO / "seeds"
    print(f"peak memory of one long input (texts from {folder}); goal: under {BOUND_MB} MB")
    previous: tuple[float, float] | None = None
    for mb in sizes:
        r = measure(mb, folder)
        growth = f", {(r['peak_mb'] - previous[1]) / (mb - previous[0]):.0f} MB more per MB" if previous else ""
        print(
            f"{mb:>4} MB input: peak {r['peak_mb']:.0f} MB = {r['peak_mb'] / BOUND_MB:.2f} of the bound "
            f"(model alone {r['model_mb']:.0f} MB{growth})"
        )
        previous = (mb, r["peak_mb"])


if __name__ == "__main__":
    main()
