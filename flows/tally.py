"""What a run did to each input and record, each counted once (the words are `counts.py`'s).

A run can meet one input twice: a copy of a text is read again when the input holding
that text gives it up, and a feed is read again with it, all its records included. The
tally keeps the first outcome of each (new stays new) and the last word on whether it
ended in `rejects` (a copy that took a text over is no longer rejected).

    tally = Tally()
    tally.not_read(7)                              # inputs the plan found unchanged
    done = tally.batch(plan, extracted, result)    # this commit's own counts, for its progress line
    inputs, records = tally.totals()               # Outcomes(new=2, …), Outcomes(…)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .batch import BatchCommit, ExtractedBatch, Outcome, Triage, final_entries
from .counts import Outcomes
from .schemas.vocab import ManifestStatus

#: a manifest status that means the input ended in `rejects`
_REJECTED = frozenset({ManifestStatus.REJECTED, ManifestStatus.FAILED, ManifestStatus.RETRY})


@dataclass(frozen=True)
class BatchCounts:
    """One commit: the inputs and records it settled, and how many of them it rejected."""

    inputs: int
    records: int
    rejected: int


class Tally:
    def __init__(self) -> None:
        self._met: dict[str, tuple[bool, Outcome]] = {}  # source -> (a record?, first outcome)
        self._rejected: dict[str, tuple[bool, bool]] = {}  # source -> (a record?, as a duplicate?)
        self._not_read = 0

    def not_read(self, n: int) -> None:
        """`n` inputs left unread (unchanged since the last run)."""
        self._not_read += n

    def read_again(self, n: int) -> None:
        """`n` of the inputs counted as not read are read after all (copies taking a text over)."""
        self._not_read -= n

    def listed(self, sources: Iterable[str], outcomes: Iterable[Outcome]) -> None:
        """Inputs rejected while listing and committed as such."""
        for source, outcome in zip(sources, outcomes, strict=True):
            self._met.setdefault(source, (False, outcome))
            self._rejected[source] = (False, False)

    def batch(self, plan: Triage, extracted: ExtractedBatch, result: BatchCommit) -> BatchCounts:
        for source, outcome in plan.outcomes.items():
            self._met.setdefault(source, (source in plan.records, outcome))
        rejected = 0
        for e in final_entries(plan, extracted):
            if plan.outcomes.get(e.source) in (None, "unchanged"):
                continue  # not read, or read and found as it was: its outcome is the earlier one
            if e.status in _REJECTED or e.source in result.duplicates:
                self._rejected[e.source] = (e.source in plan.records, e.source in result.duplicates)
                rejected += 1
            else:
                self._rejected.pop(e.source, None)  # stored (a copy that took its text over)
        records = sum(1 for s in plan.outcomes if s in plan.records)
        return BatchCounts(len(plan.outcomes) - records, records, rejected)

    def totals(self) -> tuple[Outcomes, Outcomes]:
        """(inputs, records): every input met (read or not), every record read."""
        inputs, records = Outcomes(unchanged=self._not_read), Outcomes()
        for is_record, outcome in self._met.values():
            counts = records if is_record else inputs
            setattr(counts, outcome, getattr(counts, outcome) + 1)
        for is_record, duplicate in self._rejected.values():
            counts = records if is_record else inputs
            counts.rejected += 1
            counts.duplicates += duplicate
        return inputs, records
