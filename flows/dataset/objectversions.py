"""The versions of an object-store output: which are still readable, their records, and vacuum.

    kept_versions(store)        # [40, 41, 42]: every manifest whose chain and data files are all there
    history(store)[0]           # CommitRecord(version=42, operation="run", …), newest first
    vacuum(store, time.time())  # VacuumReport: the files retired longer ago than the retention, deleted

A version is a manifest (`.quoteflow/manifest-00000042.parquet`); it stays readable while
its chain of manifests and every data file it lists are there. A commit deletes nothing:
it lists what it replaces as retired, with the time, and `vacuum` deletes what the current
manifest lists as retired longer ago than `retention_seconds`, oldest first. A vacuum
killed midway leaves the current version whole and some older ones no longer readable,
which `kept_versions` no longer lists.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Protocol

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from ..errors import DatasetDamaged
from ..schemas.vocab import TABLE_NAMES
from .crashpoints import crash_point
from .versions import CommitRecord, VacuumReport, footer_rows

RECORD_KEY = b"quoteflow.commit"  # a manifest's metadata key holding its version's commit record


class ManifestState(Protocol):
    """What a manifest says (`objectstore._State`)."""

    number: int | None
    files: dict[str, list[str]]
    retired: dict[str, float]
    chain: dict[str, int]


class ObjectStore(Protocol):
    """What this module uses of `objectstore.ObjectStore` (which imports this module, not the reverse)."""

    fs: pafs.FileSystem
    meta: str
    data: str
    retention_seconds: float
    _pruned: bool

    def version_numbers(self) -> list[int]: ...

    def _state(self, number: int) -> ManifestState: ...

    def _current(self) -> ManifestState: ...

    def _manifest_path(self, number: int) -> str: ...

    def _list(self, path: str) -> list[pafs.FileInfo]: ...


def still_retired(store: ObjectStore, retired: Mapping[str, float], now: float) -> dict[str, float]:
    """The retired files a commit lists again. On a store's first commit, those past the retention
    that are gone (a vacuum deleted them since) are left out, so the list does not grow with
    every vacuum; later commits of the same store copy it (one check per run, not per commit)."""
    kept = dict(retired)
    if store._pruned:
        return kept
    store._pruned = True
    old = sorted(p for p, since in kept.items() if now - since >= store.retention_seconds)
    for info in store.fs.get_file_info(old) if old else ():
        if info.type == pafs.FileType.NotFound:
            kept.pop(info.path, None)
    return kept


def footer_rows_of(store: ObjectStore) -> Callable[[str, str], int]:
    """A data file's row count (table, file name), for the commit record's rows replaced."""
    return lambda table, base: footer_rows(f"{store.data}/{table}/{base}", store.fs)


def _needs(store: ObjectStore) -> dict[int, set[str]]:
    """Every version whose manifest reads, with the paths it needs: its chain of manifests and its data files."""
    out = {}
    for number in store.version_numbers():
        try:
            state = store._state(number)
        except DatasetDamaged:
            continue
        paths = {store._manifest_path(n) for n in range(state.chain.get("base", number), number + 1)}
        paths |= {f"{store.data}/{name}/{base}" for name, bases in state.files.items() for base in bases}
        out[number] = paths
    return out


def _existing(store: ObjectStore) -> set[str]:
    listed = store._list(store.meta) + [info for name in TABLE_NAMES for info in store._list(f"{store.data}/{name}")]
    return {info.path for info in listed}


def kept_versions(store: ObjectStore) -> list[int]:
    """The versions still readable, oldest first."""
    existing = _existing(store)
    return sorted(n for n, paths in _needs(store).items() if paths <= existing)


def history(store: ObjectStore) -> list[CommitRecord]:
    """Every kept version's commit record, newest first; one from before records: its manifest's time."""
    out = []
    for number in reversed(kept_versions(store)):
        path = store._manifest_path(number)
        try:
            meta = pq.read_schema(path, filesystem=store.fs).metadata or {}
        except (OSError, pa.ArrowException):
            meta = {}
        if RECORD_KEY in meta:
            out.append(CommitRecord.from_json(number, meta[RECORD_KEY]))
            continue
        mtime = store.fs.get_file_info(path).mtime
        out.append(CommitRecord(number, mtime.astimezone(UTC) if isinstance(mtime, datetime) else None))
    return out


def vacuum(store: ObjectStore, now: float, *, dry_run: bool = False) -> VacuumReport:
    """Delete what the current manifest lists as retired more than `retention_seconds` before
    `now`, oldest first, never a live file; with `dry_run`, only say what that would be."""
    state = store._current()
    if state.number is None:
        return VacuumReport((), (), 0, dry_run)
    live = {f"{store.data}/{name}/{base}" for name, bases in state.files.items() for base in bases}
    due = sorted(
        (since, path)
        for path, since in state.retired.items()
        if now - since >= store.retention_seconds and path not in live
    )
    infos = store.fs.get_file_info([path for _, path in due]) if due else []
    present = [info for info in infos if info.type != pafs.FileType.NotFound]  # oldest first still
    if not present:  # the common case at the end of a run: no manifest read
        return VacuumReport((), (), 0, dry_run)
    doomed = {info.path for info in present}
    existing = _existing(store)
    needs = _needs(store)
    before = sorted(n for n, paths in needs.items() if paths <= existing)
    after = [n for n in before if not needs[n] & doomed]
    report = VacuumReport(
        tuple(n for n in before if n not in after),
        tuple(info.path for info in present),
        sum(info.size or 0 for info in present),
        dry_run,
        tuple(after),
    )
    if not dry_run:
        for info in present:
            with contextlib.suppress(FileNotFoundError):
                store.fs.delete_file(info.path)
            crash_point("vacuum_deleted")
    return report
