"""What extraction costs next to spaCy parsing, and how it scales with the length of a text.

    .venv/bin/python bench/extraction_cost.py [FOLDER]      (make bench)

Prints ratios rather than seconds, so figures compare across machines:
- extraction time / parse time over a folder of articles (default: seeds/, or the PolNeAR
  dev texts when ../shared is present): the stages after spaCy should cost a fraction of it;
- extraction time per character on a 200k-character text / on a 20k-character one: 1.0 means
  linear; a quadratic step shows as about 10;
- peak memory of the process over the model's own footprint.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from quoteflow.extraction.extract import extract
from quoteflow.extraction.parse import load_pipeline, parse
from quoteflow.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SENTENCE = "Mayor Jane Roe said “the bridge will reopen in May,” and the council agreed with the plan. "


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "eval" / "polnear-dev" / "text"
    if not folder.exists():
        folder = REPO / "seeds"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    nlp = load_pipeline(Settings().spacy_model)
    model_mb = peak_mb()

    docs, parse_s = timed(parse, nlp, texts)
    _, extract_s = timed(lambda ds: [extract(d) for d in ds], docs)
    chars = sum(map(len, texts))
    print(f"{len(texts)} articles, {chars:,} characters from {folder}")
    per_article = 1000 / len(texts)
    print(f"parse: {parse_s * per_article:.0f} ms/article; extraction: {extract_s * per_article:.0f} ms/article")
    print(f"extraction / parse time ratio: {extract_s / parse_s:.2f}")

    per_char = {}
    for size in (20_000, 200_000):
        text = (SENTENCE * (size // len(SENTENCE) + 1))[:size]
        (doc,) = parse(nlp, [text])
        _, seconds = timed(extract, doc)
        per_char[size] = seconds / size
    ratio = per_char[200_000] / per_char[20_000]
    print(f"extraction time per character, 200k text / 20k text: {ratio:.2f} (1.0 = linear)")
    print(f"peak memory / memory with the model loaded: {peak_mb() / model_mb:.2f}")


if __name__ == "__main__":
    main()
