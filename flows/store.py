"""The dataset on disk: six Parquet tables that change together, atomically, per batch.

Layout of an output folder OUT (see data/README.md):

    OUT/articles -> .quoteflow/current/articles      one link per table, made once
    OUT/.quoteflow/current -> snapshots/00000042     the committed state
    OUT/.quoteflow/snapshots/00000042/<table>/part-*.parquet
    OUT/.quoteflow/snapshots/00000042/manifest.parquet   what each input became
    OUT/.quoteflow/lock                              one writer at a time

A commit builds the next snapshot beside the current one (unchanged data files are
hard links, so nothing is copied), then swaps the `current` link with one rename.
Readers that open `OUT/<table>` see the old state or the new one, never a mix; a
process killed at any point leaves the last committed snapshot intact, and the next
run deletes the half-built one. Older snapshots are kept for a while for readers
still using them, then deleted.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import socket
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from quoteflow.schemas import ARTICLE_TABLES, TABLES

META_DIR = ".quoteflow"
TABLE_NAMES = (*ARTICLE_TABLES, "rejects")

MANIFEST_SCHEMA = pa.schema(
    [
        pa.field("source", pa.string(), nullable=False),
        pa.field("status", pa.string(), nullable=False),  # article | rejected | duplicate | retry
        pa.field("content_sha256", pa.string()),
        pa.field("article_id", pa.string()),
        pa.field("size", pa.int64(), nullable=False),
        pa.field("mtime_ns", pa.int64(), nullable=False),
        pa.field("part", pa.string()),  # data-file stem holding the source's rows, in every table
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("processed_at", pa.timestamp("us", tz="UTC"), nullable=False),
    ]
)

#: `ManifestEntry.part` placeholder for "the data files this commit writes"
NEW_PART = "@new"

# Test hook: the name of a commit step at which the process kills itself (crash tests).
_CRASH_AT_ENV = "QUOTEFLOW_TEST_CRASH_AT"


class StoreError(RuntimeError):
    """The output folder cannot be used (a user-fixable problem, said in one line)."""


class StoreLocked(StoreError):
    """Another run holds the output folder."""


@dataclass(frozen=True)
class ManifestEntry:
    source: str
    status: str
    content_sha256: str | None
    article_id: str | None
    size: int
    mtime_ns: int
    part: str | None
    run_id: str
    processed_at: datetime


@dataclass
class CommitResult:
    snapshot: int
    rows: dict[str, int]
    files: dict[str, int] = field(default_factory=dict)


_crash_hits: dict[str, int] = {}


def _crash_point(name: str) -> bool:
    """Crash tests: QUOTEFLOW_TEST_CRASH_AT=name[@n] kills the process the n-th time (default
    first) it reaches that point; returns whether this is the point (for mid-file writes)."""
    wanted = os.environ.get(_CRASH_AT_ENV)
    if not wanted:
        return False
    point, _, nth = wanted.partition("@")
    if point != name:
        return False
    _crash_hits[name] = _crash_hits.get(name, 0) + 1
    if _crash_hits[name] == int(nth or 1):
        if not name.startswith("mid_file"):
            os.kill(os.getpid(), signal.SIGKILL)
        return True
    return False


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def parquet_bytes(table: pa.Table) -> bytes:
    """One Parquet file in memory (zstd, statistics on)."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write one data file durably."""
    data = parquet_bytes(table)
    with open(path, "wb") as fh:
        if _crash_point(f"mid_file_{path.parent.name}"):
            fh.write(data[: len(data) // 2])  # a writer killed half-way through a file
            fh.flush()
            os.fsync(fh.fileno())
            os.kill(os.getpid(), signal.SIGKILL)
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


class DatasetStore:
    """A local output folder. All methods but `open` assume the caller holds `lock()`."""

    def __init__(self, root: str | os.PathLike[str], retention_seconds: float = 900.0):
        self.root = Path(root)
        self.meta = self.root / META_DIR
        self.snapshots = self.meta / "snapshots"
        self.tmp = self.meta / "tmp"
        self.current_link = self.meta / "current"
        self.retention_seconds = retention_seconds

    # ------------------------------------------------------------ set up --
    def open(self) -> None:
        """Create the folder layout if needed and check nobody else's files are in the way."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            for d in (self.meta, self.snapshots, self.tmp):
                d.mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the output folder {self.root}: {exc.strerror or exc}") from exc
        if not os.access(self.root, os.W_OK):
            raise StoreError(f"the output folder {self.root} is not writable")
        for name in TABLE_NAMES:
            link = self.root / name
            target = Path(META_DIR) / "current" / name
            if link.is_symlink():
                if Path(os.readlink(link)) != target:
                    raise StoreError(f"{link} is a link quoteflow did not make; choose another --out folder")
            elif link.exists():
                raise StoreError(
                    f"{link} exists and is not a quoteflow table; use an empty folder or one quoteflow wrote"
                )

    def _ensure_table_links(self) -> None:
        for name in TABLE_NAMES:
            link = self.root / name
            if not link.is_symlink():
                os.symlink(Path(META_DIR) / "current" / name, link)

    @contextmanager
    def lock(self, wait_seconds: float = 0.0) -> Iterator[None]:
        """Hold the folder's writer lock; raise `StoreLocked` (saying who holds it) after `wait_seconds`."""
        self.open()
        path = self.meta / "lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait_seconds
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        holder = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip() or "another process"
                        raise StoreLocked(f"{self.root} is being written by {holder}") from None
                    time.sleep(0.2)
            info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": datetime.now(UTC).isoformat(timespec="seconds")})
            os.ftruncate(fd, 0)
            os.pwrite(fd, info.encode(), 0)
            self.recover()
            yield
        finally:
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass
            os.close(fd)  # closing releases the flock

    def recover(self) -> None:
        """Delete what a killed commit left half-built; the committed snapshot is untouched."""
        for leftover in self.tmp.iterdir() if self.tmp.exists() else ():
            shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)
        stale = self.meta / "current.new"
        if stale.is_symlink() or stale.exists():
            stale.unlink()
        current = self.current_number()
        for snap in self.snapshots.iterdir():
            if snap.name.isdigit() and current is not None and int(snap.name) > current:
                shutil.rmtree(snap, ignore_errors=True)  # renamed in place but never made current
        if current is None:
            self._initial_snapshot()
        self._ensure_table_links()

    def _initial_snapshot(self) -> None:
        """An empty snapshot with one empty file per table, so readers get the schema, not an error."""
        build = self.tmp / f"build-{uuid.uuid4().hex}"
        for name in TABLE_NAMES:
            (build / name).mkdir(parents=True)
            write_parquet(TABLES[name].arrow_schema.empty_table(), build / name / EMPTY_PART)
        write_parquet(MANIFEST_SCHEMA.empty_table(), build / "manifest.parquet")
        self._publish(build, 0)

    # ------------------------------------------------------------- state --
    def current_number(self) -> int | None:
        if not self.current_link.is_symlink():
            return None
        target = self.meta / os.readlink(self.current_link)
        return int(target.name) if target.exists() and target.name.isdigit() else None

    def current_dir(self) -> Path:
        number = self.current_number()
        if number is None:
            raise StoreError(f"{self.root} has no committed snapshot")
        return self.snapshots / f"{number:08d}"

    def manifest(self) -> dict[str, ManifestEntry]:
        table = pq.read_table(self.current_dir() / "manifest.parquet", schema=MANIFEST_SCHEMA)
        return {row["source"]: ManifestEntry(**row) for row in table.to_pylist()}

    def table_files(self, name: str) -> list[Path]:
        return sorted((self.current_dir() / name).glob("*.parquet"))

    # ------------------------------------------------------------ commit --
    def commit(
        self,
        new_tables: Mapping[str, pa.Table],
        entries: Iterable[ManifestEntry],
        replaced_sources: Iterable[str] = (),
    ) -> CommitResult:
        """Publish a new snapshot: the current one plus `new_tables`, minus the rows of
        `replaced_sources`, with the manifest updated by `entries` (one per source)."""
        current = self.current_dir()
        number = int(current.name) + 1
        stem = f"part-{number:08d}-{uuid.uuid4().hex[:8]}"
        build = self.tmp / f"build-{number:08d}-{uuid.uuid4().hex[:8]}"
        entries = list(entries)
        replaced = set(replaced_sources)
        manifest = self.manifest()
        old_ids, parts_to_rewrite = replacement_plan(manifest, replaced)
        for name in TABLE_NAMES:
            (build / name).mkdir(parents=True)

        io = _SnapshotFiles(current, build)
        live = {name: [p.name for p in sorted((current / name).glob("*.parquet"))] for name in TABLE_NAMES}
        rows, renamed_parts, _ = rebuild_tables(io, new_tables, live, number, stem, old_ids, replaced, parts_to_rewrite)
        merged = merge_manifest(manifest, entries, replaced, renamed_parts, stem)
        write_parquet(pa.Table.from_pylist([asdict(e) for e in merged], schema=MANIFEST_SCHEMA), build / "manifest.parquet")
        _crash_point("before_publish")
        self._publish(build, number)
        _crash_point("after_publish")
        self.collect_garbage()
        return CommitResult(snapshot=number, rows=rows, files={n: len(list((self.current_dir() / n).glob("*.parquet"))) for n in TABLE_NAMES})

    def _publish(self, build: Path, number: int) -> None:
        for d in [*(build / n for n in TABLE_NAMES if (build / n).exists()), build]:
            _fsync_dir(d)
        final = self.snapshots / f"{number:08d}"
        os.rename(build, final)
        _crash_point("after_rename")
        new_link = self.meta / "current.new"
        if new_link.is_symlink():
            new_link.unlink()
        os.symlink(Path("snapshots") / final.name, new_link)
        os.replace(new_link, self.current_link)  # the commit point: one atomic rename
        _fsync_dir(self.meta)

    def collect_garbage(self, now: float | None = None) -> None:
        """Delete snapshots replaced more than `retention_seconds` ago (keep the two newest)."""
        now = time.time() if now is None else now
        current = self.current_number()
        snaps = sorted((p for p in self.snapshots.iterdir() if p.name.isdigit()), key=lambda p: int(p.name))
        for older, newer in zip(snaps, snaps[1:]):
            if current is None or int(older.name) >= current - 1:
                continue
            replaced_at = newer.stat().st_mtime
            if now - replaced_at >= self.retention_seconds:
                shutil.rmtree(older, ignore_errors=True)


def replacement_plan(manifest: Mapping[str, ManifestEntry], replaced: set[str]) -> tuple[set[str], set[str]]:
    """(article ids to drop, data-file stems holding their rows) for the replaced sources."""
    known = [manifest[s] for s in replaced if s in manifest]
    return {e.article_id for e in known if e.article_id}, {e.part for e in known if e.part}


def rewritten_name(part: str, number: int) -> str:
    """The stem of a data file rewritten by commit `number` (file names are never reused)."""
    return f"{part.split('.r')[0]}.r{number:08d}"


class TableFiles(Protocol):
    """How a store reads, writes, keeps and drops the data files of a commit."""

    def read(self, table: str, base: str) -> pa.Table: ...

    def write(self, table: str, base: str, data: pa.Table) -> None: ...

    def keep(self, table: str, base: str) -> None: ...

    def drop(self, table: str, base: str) -> None: ...


EMPTY_PART = "part-00000000-empty.parquet"


def rebuild_tables(
    io: TableFiles,
    new_tables: Mapping[str, pa.Table],
    live: Mapping[str, list[str]],
    number: int,
    stem: str,
    old_ids: set[str],
    replaced: set[str],
    parts_to_rewrite: set[str],
) -> tuple[dict[str, int], dict[str, str], dict[str, list[str]]]:
    """The data files of commit `number`, table by table: the batch's new file, every live file
    kept, the files holding replaced rows rewritten without them, an empty placeholder for a
    table left with no file. Returns (rows written, renamed parts, file names per table)."""
    rows: dict[str, int] = {}
    renamed: dict[str, str] = {}
    files: dict[str, list[str]] = {}
    for name in TABLE_NAMES:
        kept: list[str] = []
        table = new_tables.get(name)
        rows[name] = table.num_rows if table is not None else 0
        if rows[name]:
            io.write(name, f"{stem}.parquet", table.cast(TABLES[name].arrow_schema))
            kept.append(f"{stem}.parquet")
        _crash_point(f"after_write_{name}")
        for base in live.get(name, []):
            part = base[: -len(".parquet")]
            if part in parts_to_rewrite:
                new_part = renamed.setdefault(part, rewritten_name(part, number))
                remaining = without_replaced(io.read(name, base), name, old_ids, replaced)
                if remaining.num_rows:
                    io.write(name, f"{new_part}.parquet", remaining)
                    kept.append(f"{new_part}.parquet")
                io.drop(name, base)
            elif base == EMPTY_PART and rows[name]:
                io.drop(name, base)  # the placeholder is no longer needed
            else:
                io.keep(name, base)
                kept.append(base)
        if not kept:
            io.write(name, EMPTY_PART, TABLES[name].arrow_schema.empty_table())
            kept.append(EMPTY_PART)
        files[name] = sorted(kept)
    return rows, renamed, files


class _SnapshotFiles:
    """Local commits: new files written into the snapshot being built, kept ones hard-linked."""

    def __init__(self, current: Path, build: Path):
        self.current, self.build = current, build

    def read(self, table: str, base: str) -> pa.Table:
        return pq.read_table(self.current / table / base)

    def write(self, table: str, base: str, data: pa.Table) -> None:
        write_parquet(data, self.build / table / base)

    def keep(self, table: str, base: str) -> None:
        os.link(self.current / table / base, self.build / table / base)

    def drop(self, table: str, base: str) -> None:
        pass  # not linked into the new snapshot


def merge_manifest(
    manifest: Mapping[str, ManifestEntry],
    entries: Iterable[ManifestEntry],
    replaced: set[str],
    renamed_parts: Mapping[str, str],
    stem: str,
) -> list[ManifestEntry]:
    """The manifest after a commit: replaced sources dropped, rewritten parts renamed, the
    batch's entries added (their `NEW_PART` placeholder becomes the batch's file stem)."""
    merged = {s: e for s, e in manifest.items() if s not in replaced}
    for s, e in merged.items():
        if e.part in renamed_parts:
            merged[s] = replace(e, part=renamed_parts[e.part])
    for e in entries:
        merged[e.source] = replace(e, part=stem) if e.part == NEW_PART else e
    return sorted(merged.values(), key=lambda e: e.source)


class Store(Protocol):
    """What the flow needs from an output, local folder or URI."""

    def open(self) -> None: ...

    def lock(self, wait_seconds: float = 0.0) -> AbstractContextManager[None]: ...

    def manifest(self) -> dict[str, ManifestEntry]: ...

    def commit(
        self, new_tables: Mapping[str, pa.Table], entries: Iterable[ManifestEntry], replaced_sources: Iterable[str] = ()
    ) -> CommitResult: ...


def open_store(out: str, retention_seconds: float = 900.0) -> Store:
    """The store for `out`: a local folder (atomic snapshots), or a filesystem URI."""
    if "://" in out:
        from .store_remote import ObjectStore

        return ObjectStore(out, retention_seconds)
    return DatasetStore(out, retention_seconds)


def without_replaced(table: pa.Table, name: str, article_ids: set[str], sources: set[str]) -> pa.Table:
    """`table` minus the rows of replaced articles (or, in rejects, of replaced sources)."""
    if name == "rejects":
        drop = pc.is_in(table.column("source"), value_set=pa.array(sorted(sources), type=pa.string()))
    else:
        drop = pc.is_in(table.column("article_id"), value_set=pa.array(sorted(article_ids), type=pa.string()))
    return table.filter(pc.invert(pc.fill_null(drop, False)))
