"""Versions of an output: what each commit did (its record), and what vacuuming removes.

Every commit writes a record beside the version it publishes (a local snapshot's
`commit.json`, a manifest's metadata on object storage):

    CommitRecord(version=7, committed_at=datetime(2026, 5, 4, 9, 30, tzinfo=UTC), run_id="3f2a…",
                 operation="run", rows_added={"articles": 12, …}, rows_replaced={"articles": 2, …})

Versions written before records existed read with what is known (the version, the
time of its file, or nothing). `VacuumReport` says what `Store.vacuum` deleted (or,
dry, would delete): `vacuum: 3 versions (5, 6, 7), 3 paths, 1.2 MB deleted; 1 version kept (8)`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from ..counts import plural
from ..errors import StoreError

RECORD_FILE = "commit.json"  # a local snapshot's record, beside its tables


class Operation(StrEnum):
    """What made a version."""

    INITIAL = "initial"  # the empty first version of a new output
    RUN = "run"  # a batch committed (by a run, or a program through the store)
    REPAIR = "repair"  # `quoteflow repair` made an older version's files current again


@dataclass(frozen=True)
class CommitRecord:
    """What one version is: when it was committed, by which run, and what it changed per table.
    A version from before records has only `version` and perhaps `committed_at`."""

    version: int
    committed_at: datetime | None = None
    run_id: str | None = None
    operation: str | None = None
    rows_added: dict[str, int] = field(default_factory=dict)
    rows_replaced: dict[str, int] = field(default_factory=dict)

    @property
    def recorded(self) -> bool:
        return self.operation is not None

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": self.version,
                "committed_at": self.committed_at.isoformat() if self.committed_at else None,
                "run_id": self.run_id,
                "operation": self.operation,
                "rows_added": self.rows_added,
                "rows_replaced": self.rows_replaced,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, version: int, text: str | bytes) -> CommitRecord:
        """The record as written; anything unreadable gives the bare version (history never fails on it)."""
        try:
            value: Any = json.loads(text)
            when = value.get("committed_at")
            return cls(
                version,
                datetime.fromisoformat(when) if when else None,
                value.get("run_id"),
                value.get("operation"),
                {str(k): int(v) for k, v in (value.get("rows_added") or {}).items()},
                {str(k): int(v) for k, v in (value.get("rows_replaced") or {}).items()},
            )
        except (ValueError, TypeError, AttributeError):
            return cls(version)


def new_record(
    version: int,
    operation: Operation,
    run_id: str | None,
    added: Mapping[str, int] | None = None,
    replaced: Mapping[str, int] | None = None,
) -> CommitRecord:
    return CommitRecord(version, datetime.now(UTC), run_id, operation.value, dict(added or {}), dict(replaced or {}))


def rows_replaced(
    before: Mapping[str, Iterable[str]],
    after: Mapping[str, Iterable[str]],
    added: Mapping[str, int],
    rows_before: Callable[[str, str], int],
    rows_after: Callable[[str, str], int],
) -> dict[str, int]:
    """Rows a commit took away per table, from the files it changed only (their footers):
    the rows of the files it gave up, plus the rows it added, minus the rows of the files
    it wrote. A file merged or rewritten keeps its rows in the new file: they cancel out."""
    out = {}
    for table in sorted(set(before) | set(after)):
        old, new = set(before.get(table, ())), set(after.get(table, ()))
        gone = sum(rows_before(table, base) for base in sorted(old - new))
        written = sum(rows_after(table, base) for base in sorted(new - old))
        out[table] = max(0, gone + added.get(table, 0) - written)
    return out


def footer_rows(path: str, filesystem: pafs.FileSystem | None = None) -> int:
    """A data file's row count from its footer; 0 if it cannot be read (a record is never worth a failed commit)."""
    try:
        return int(pq.read_metadata(path, filesystem=filesystem).num_rows)
    except (OSError, pa.ArrowException):
        return 0


@dataclass(frozen=True)
class VacuumReport:
    """What a vacuum deleted (or, with `dry_run`, would delete): whole versions, and files."""

    versions: tuple[int, ...]  # versions no longer readable afterwards, oldest first
    paths: tuple[str, ...]  # what is deleted: snapshot folders (local) or objects, oldest first
    bytes: int
    dry_run: bool = False
    kept: tuple[int, ...] | None = None  # the versions still readable afterwards (None: not looked up)

    def line(self) -> str:
        """`vacuum: 2 versions (4, 5), 2 paths, 3.1 MB deleted; 1 version kept (6)` (or `would delete`)."""
        verb = "would delete" if self.dry_run else "deleted"
        kept = "" if self.kept is None else f"; {plural(len(self.kept), 'version')} kept ({_numbers(self.kept)})"
        if not self.paths:
            return f"vacuum: nothing to delete{kept}"
        versions = f"{plural(len(self.versions), 'version')}"
        if self.versions:
            versions += f" ({_numbers(self.versions)})"
        return f"vacuum: {versions}, {plural(len(self.paths), 'path')}, {size_text(self.bytes)} {verb}{kept}"


def size_text(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1e6:.1f} MB"
    return f"{-(-n // 1000)} kB" if n else "0 kB"


def _numbers(versions: Iterable[int]) -> str:
    """`3, 4, 5`; a long list as its ends: `3, 4, … 98, 99` (a line stays a line)."""
    shown = list(versions)
    if len(shown) > 6:
        return f"{shown[0]}, {shown[1]}, … {shown[-2]}, {shown[-1]}"
    return ", ".join(str(v) for v in shown) if shown else "none"


def not_kept(out: str, version: int, kept: Iterable[int]) -> StoreError:
    """`open_dataset(out, version=N)` for a version vacuumed, or never written."""
    return StoreError(
        f"version {version} of {out} is not kept (vacuumed, or never written); the versions kept are {_numbers(kept)}"
    )
