"""The output a run writes to, whatever it is: `open_store(out)` chooses the backend.

    open_store("data")                  # a local folder: atomic snapshots (snapshots.py)
    open_store("s3://bucket/news")      # any pyarrow filesystem URI (objectstore.py)

Both backends run the same commit algorithm (commit.py) and keep the same manifest
(manifest.py); they differ in how a commit is made visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from typing import Protocol

import pyarrow as pa

from ..uri import is_uri
from .commit import CommitResult
from .derive import Derive, as_given
from .health import VersionedStore
from .manifest import Manifest, ManifestEntry
from .objectstore import ObjectStore
from .snapshots import DatasetStore
from .versions import CommitRecord, VacuumReport


class Store(VersionedStore, Protocol):
    """What a run needs from an output (and, for `check` and `repair`, its versions)."""

    def open(self) -> None:
        """Create the output if needed; raise `StoreError` (one line) if it cannot be used."""

    def lock(self, wait_seconds: float = 0.0, *, recover: bool = True) -> AbstractContextManager[None]:
        """Hold the output's one-writer lock (raise `StoreLocked` after `wait_seconds`); with
        `recover`, clean up after a killed commit first (or raise `DatasetDamaged`)."""

    def manifest(self) -> Manifest:
        """What each input became, as of the committed state."""

    def commit(
        self,
        new_tables: Mapping[str, pa.Table],
        entries: Iterable[ManifestEntry],
        replaced_sources: Iterable[str] = (),
        retry: Iterable[str] = (),
    ) -> CommitResult:
        """Publish the committed state plus `new_tables` (finished: every row is written), minus
        the rows of `replaced_sources`, with `entries` recorded and the `retry` sources marked
        to be read again."""

    def kept_versions(self) -> list[int]:
        """The versions still readable (`open_dataset(out, version=N)`), oldest first."""

    def history(self) -> list[CommitRecord]:
        """Every kept version's commit record, newest first."""

    def vacuum(self, now: float | None = None, *, dry_run: bool = False) -> VacuumReport:
        """Delete the versions (and their files no kept version uses) replaced more than the
        retention ago, never the current one; with `dry_run`, only say what that would be."""


def open_store(
    out: str, retention_seconds: float = 900.0, *, run_id: str | None = None, derive: Derive | None = None
) -> Store:
    """The store for `out`: a local folder (atomic snapshots), or a filesystem URI. `run_id`
    goes in the commit record of every version it publishes; `derive` gives each commit the
    tables derived from its batch and the committed state (a run passes the corpus step,
    `quoteflow.corpus.commit_step.corpus_step`); without it a commit writes just its tables."""
    given = derive or as_given
    if is_uri(out):
        return ObjectStore(out, retention_seconds, run_id=run_id, derive=given)
    return DatasetStore(out, retention_seconds, run_id=run_id, derive=given)
