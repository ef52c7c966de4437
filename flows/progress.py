"""Progress of a run, as events a listener in the same process receives (the command line draws
them: a progress bar on a terminal, one line per batch otherwise).

    with listening(print):
        run("incoming/", "data", Settings())
    # Planned(inputs=12, to_read=12, batches=1)
    # BatchDone(number=1, total=1, inputs=12, records=0, articles=11, quotations=57, …, seconds=1.4)

Events are plain values; with no listener they cost nothing. The run emits them from the
process that commits (the flow's), so a listener there sees every batch in order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .counts import plural


@dataclass(frozen=True)
class Planned:
    """What the run is about to do: inputs listed, how many to read, in how many batches."""

    inputs: int
    to_read: int
    batches: int


@dataclass(frozen=True)
class BatchDone:
    """A batch committed (`stage` "batch"), or a batch of stored articles extracted again
    ("re-extraction"). Counted in the words of `counts.py`: `inputs` and `records` settled by
    this commit, of which `rejected` ended in `rejects`; `people` and `organizations` are rows
    (one per article naming one)."""

    number: int
    total: int  # batches planned so far (copies read again, and feeds of many records, can add some)
    inputs: int
    records: int
    articles: int
    quotations: int
    people: int
    organizations: int
    rejected: int
    seconds: float
    stage: str = "batch"

    def line(self) -> str:
        """`batch 3/12: 5 inputs, 40 records, 44 articles, 310 quotations, … (1.4 s)`"""
        records = f"{plural(self.records, 'record')}, " if self.records else ""
        return (
            f"{self.stage} {self.number}/{self.total}: {plural(self.inputs, 'input')}, {records}"
            f"{plural(self.articles, 'article')}, {plural(self.quotations, 'quotation')}, "
            f"{plural(self.people, 'person', 'people')}, {plural(self.organizations, 'organization')}, "
            f"{self.rejected:,} rejected ({self.seconds:.1f} s)"
        )


Event = Planned | BatchDone
Listener = Callable[[Event], None]

_listeners: list[Listener] = []
_lock = threading.Lock()


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Send every event emitted in this process to `listener` for the duration."""
    with _lock:
        _listeners.append(listener)
    try:
        yield
    finally:
        with _lock:
            _listeners.remove(listener)


def emit(event: Event) -> None:
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        listener(event)
