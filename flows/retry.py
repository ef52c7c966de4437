"""Which earlier outcomes a run tries again, though their input is unchanged.

An input's manifest entry says what it became. Most outcomes are final until the input
changes; these are not:

    retry     a transient I/O error, or rows a repair lost: read again on the next run
    failed    extraction raised (a quoteflow bug): read again once the extraction (rules or
              model) is another than the one that failed, never in a loop on every run
    rejected  by a judgement of the extraction (not in the pipeline's language, rows that
              failed validation): read again once the extraction changes, as a failure is

`quoteflow run --retry-rejects` reads every rejected or failed input again, whatever
judged it (an input rejected as empty or undecodable is rejected again if it still is).

    policy = RetryPolicy("rules-3f9a2c1b7d4e/en_core_web_sm==3.8.0")
    policy.settled(entry)      # False for a failure under an older extraction: read it again
"""

from __future__ import annotations

from dataclasses import dataclass

from .dataset.manifest import ManifestEntry
from .schemas.vocab import ManifestStatus


@dataclass(frozen=True)
class RetryPolicy:
    """What a run reads again: `extraction_version` is the run's own (extraction.version);
    `retry_rejects` reads every rejected or failed input again."""

    extraction_version: str | None = None  # None: the version is not known (every failure is retried)
    retry_rejects: bool = False

    def settled(self, entry: ManifestEntry) -> bool:
        """Is the entry's outcome final for this run, so that an unchanged input is not read again?"""
        status = entry.status
        if status == ManifestStatus.RETRY:
            return False
        if status not in (ManifestStatus.FAILED, ManifestStatus.REJECTED):
            return True
        if self.retry_rejects:
            return False
        if status == ManifestStatus.REJECTED and entry.extraction_version is None:
            return True  # rejected before extraction (unreadable, empty, too large): final until it changes
        return entry.extraction_version == self.extraction_version


#: the policy of a run that knows no extraction version: every failure is tried again
RETRY_ALL_FAILURES = RetryPolicy()
