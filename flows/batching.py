"""How a run cuts its inputs into batches: by count and by bytes, sized for the workers.

batch_size_for(300, 200, 2)                  # -> 75: four batches, none idle at the end
list(batches(inputs, 75, 50_000_000))        # -> [[InputFile, …75], …]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .records import InputFile

#: with several workers, batches no smaller than this (a commit per batch costs ~50 ms)
MIN_PARALLEL_BATCH = 10


def batch_size_for(n: int, batch_size: int, workers: int) -> int:
    """The batch size for `n` inputs: `batch_size`, or with several workers small enough
    that each gets at least two batches, so that none idles while another finishes a large
    last one (300 inputs on 2 workers: 4 batches of 75, not 200 then 100)."""
    if workers <= 1:
        return batch_size
    return min(batch_size, max(MIN_PARALLEL_BATCH, -(-n // (2 * workers))))


def batches(items: Sequence[InputFile], size: int, max_bytes: int) -> Iterator[list[InputFile]]:
    """Consecutive inputs, at most `size` of them and about `max_bytes` (a larger input alone)."""
    batch: list[InputFile] = []
    total = 0
    for f in items:
        if batch and (len(batch) >= size or total + f.size > max_bytes):
            yield batch
            batch, total = [], 0
        batch.append(f)
        total += f.size
    if batch:
        yield batch
