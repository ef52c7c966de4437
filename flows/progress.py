"""Progress of a run, as events a listener in the same process receives (the command line draws
them: a progress bar on a terminal, one line per batch otherwise).

    with listening(print):
        run("incoming/", "data", Settings())
    # Planned(inputs=12, to_read=12, batches=1)
    # BatchDone(number=1, total=1, inputs=12, articles=11, quotes=57, …, seconds=1.4)

Events are plain values; with no listener they cost nothing. The run emits them from the
process that commits (the flow's), so a listener there sees every batch in order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Planned:
    """What the run is about to do: inputs listed, how many to read, in how many batches."""

    inputs: int
    to_read: int
    batches: int


@dataclass(frozen=True)
class BatchDone:
    """A batch committed (`stage` "batch"), or a batch of stored articles extracted again ("re-extraction")."""

    number: int
    total: int  # batches planned so far (copies read again can add some)
    inputs: int
    articles: int
    quotes: int
    people: int
    organizations: int
    rejected: int
    seconds: float
    stage: str = "batch"

    def line(self) -> str:
        """`batch 3/12: 200 inputs, 180 articles, 950 quotes, … (1.4 s)`"""
        return (
            f"{self.stage} {self.number}/{self.total}: {self.inputs} inputs, {self.articles} articles, "
            f"{self.quotes} quotes, {self.people} people, {self.organizations} organizations, "
            f"{self.rejected} rejected ({self.seconds:.1f} s)"
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
