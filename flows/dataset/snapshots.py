"""A local output folder: six Parquet tables that change together, atomically, per batch.

Layout of an output folder OUT (see data/README.md):

    OUT/articles -> .quoteflow/current/articles      one link per table, made once
    OUT/.quoteflow/current -> snapshots/00000042     the committed state
    OUT/.quoteflow/snapshots/00000042/<table>/part-*.parquet
    OUT/.quoteflow/snapshots/00000042/manifest/base-00000040.parquet     what each input became:
    OUT/.quoteflow/snapshots/00000042/manifest/changes-00000041.parquet  a base and the changes
    OUT/.quoteflow/snapshots/00000042/manifest/changes-00000042.parquet  of each commit since
    OUT/.quoteflow/lock                              one writer at a time

A commit builds the next snapshot beside the current one (unchanged data files and
manifest files are hard links, so nothing is copied; the commit writes its own data
files and its manifest changes), then swaps the `current` link with one rename.
Readers that open `OUT/<table>` see the old state or the new one, never a mix; a
process killed at any point leaves the last committed snapshot intact, and the next
run deletes the half-built one. Each snapshot holds its commit record (`commit.json`:
when, which run, rows added and replaced); replaced snapshots stay for readers of an
older version until `vacuum` deletes those replaced longer than the retention ago.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import socket
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import CommitFailed, DatasetDamaged, StoreError, StoreLocked
from ..schemas.tables import TABLES
from ..schemas.vocab import TABLE_NAMES
from .commit import CommitResult, build_commit
from .crashpoints import crash_point
from .derive import Derive, as_given
from .files import EMPTY_PART
from .manifest import (
    Manifest,
    ManifestChanges,
    ManifestEntry,
    changes_table,
    compacted,
    compaction_due,
    manifest_from,
    manifest_table,
)
from .parquet import fsync_dir, write_parquet
from .upgrade import LEGACY_MANIFEST, META, legacy_entries
from .versions import RECORD_FILE, CommitRecord, Operation, VacuumReport, footer_rows, new_record, rows_replaced

META_DIR = META
MANIFEST_DIR = "manifest"


class DatasetStore:
    """A local output folder. All methods but `open` assume the caller holds `lock()`."""

    def __init__(
        self,
        root: str | os.PathLike[str],
        retention_seconds: float = 900.0,
        *,
        run_id: str | None = None,
        derive: Derive = as_given,
    ):
        self.root = Path(root)
        self.meta = self.root / META_DIR
        self.snapshots = self.meta / "snapshots"
        self.tmp = self.meta / "tmp"
        self.current_link = self.meta / "current"
        self.retention_seconds = retention_seconds  # how long a replaced snapshot is kept (`vacuum`)
        self.run_id = run_id  # written in the commit record of every snapshot this store publishes
        self.derive = derive  # the tables a commit derives from the batch and the committed state
        self._locked = False  # this store holds the writer lock (`vacuum` takes it otherwise)
        self._cache: tuple[int, Manifest] | None = None  # (snapshot, its manifest), kept by commits
        self._chain: tuple[int, int, int] | None = None  # (snapshot, base rows, change rows), kept by commits

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
    def lock(self, wait_seconds: float = 0.0, *, recover: bool = True) -> Iterator[None]:
        """Hold the folder's writer lock; raise `StoreLocked` (saying who holds it) after `wait_seconds`.

        With `recover`, first clean up after a killed commit (or raise `DatasetDamaged`)."""
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
            info = json.dumps(
                {
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "since": datetime.now(UTC).isoformat(timespec="seconds"),
                }
            )
            os.ftruncate(fd, 0)
            os.pwrite(fd, info.encode(), 0)
            if recover:
                self.recover()
            self._locked = True
            yield
        finally:
            self._locked = False
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            os.close(fd)  # closing releases the flock

    def recover(self) -> None:
        """Delete what a killed commit left half-built; the committed snapshot is untouched.

        A committed state that is damaged (the `current` link missing or dangling while
        snapshots exist, its manifest unreadable) raises `DatasetDamaged`: nothing is
        deleted and nothing is published, `quoteflow repair` decides what to restore."""
        for leftover in self.tmp.iterdir() if self.tmp.exists() else ():
            shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)
        stale = self.meta / "current.new"
        if stale.is_symlink() or stale.exists():
            stale.unlink()
        current = self.current_number()
        if current is None:
            self._initial_snapshot()
        else:
            for number in self.version_numbers():
                if number > current:  # renamed in place but never made current: a killed commit
                    shutil.rmtree(self._snapshot(number), ignore_errors=True)
            self.upgrade()
            self.manifest()  # readable, or DatasetDamaged
        self._ensure_table_links()

    def upgrade(self) -> list[str]:
        """Publish a committed snapshot whose manifest is one file (an earlier quoteflow wrote it)
        again, its manifest as a base; run first by every run and by `repair`. What was done, one line each."""
        try:
            current = self.current_number()
            entries = legacy_entries(self._snapshot(current), MANIFEST_DIR) if current is not None else None
        except (DatasetDamaged, OSError, pa.ArrowException):
            return []  # damage: for `check` and `repair` to tell
        if current is None or entries is None:
            return []
        new = self.restore(current, entries, self.version_files(current))
        return [f"upgraded the manifest of snapshot {current} (one file) to a base: snapshot {new}"]

    def _initial_snapshot(self) -> None:
        """An empty snapshot with one empty file per table, so readers get the schema, not an error."""
        build = self.tmp / f"build-{uuid.uuid4().hex}"
        for name in TABLE_NAMES:
            (build / name).mkdir(parents=True)
            write_parquet(TABLES[name].arrow_schema.empty_table(), build / name / EMPTY_PART)
        (build / MANIFEST_DIR).mkdir()
        write_parquet(manifest_table([]), build / MANIFEST_DIR / "base-00000000.parquet")
        _write_record(build, new_record(0, Operation.INITIAL, self.run_id))
        self._publish(build, 0)

    # ------------------------------------------------------------- state --
    def version_numbers(self) -> list[int]:
        """Every snapshot on disk, oldest first."""
        if not self.snapshots.is_dir():
            return []
        return sorted(int(p.name) for p in self.snapshots.iterdir() if p.name.isdigit() and p.is_dir())

    def pointer_problem(self) -> str | None:
        """What is wrong with the `current` link, if anything (None also for a new, empty output)."""
        if not self.current_link.is_symlink():
            if self.version_numbers():
                return "the link .quoteflow/current, which names the committed snapshot, is missing"
            return None
        name = Path(os.readlink(self.current_link)).name
        if not name.isdigit() or not (self.snapshots / name).is_dir():
            return f"the link .quoteflow/current names snapshots/{name}, which is missing"
        return None

    def current_number(self) -> int | None:
        """The committed snapshot; None for a new output. `DatasetDamaged` if the link is broken."""
        problem = self.pointer_problem()
        if problem is not None:
            raise DatasetDamaged(str(self.root), problem)
        if not self.current_link.is_symlink():
            return None
        return int(Path(os.readlink(self.current_link)).name)

    def current_dir(self) -> Path:
        number = self.current_number()
        if number is None:
            raise StoreError(f"{self.root} has no committed snapshot")
        return self._snapshot(number)

    def _snapshot(self, number: int) -> Path:
        return self.snapshots / f"{number:08d}"

    def manifest(self) -> Manifest:
        """The committed manifest: read once, then kept up to date by this store's commits (the
        writer holds the lock; nobody else commits meanwhile)."""
        number = self.current_number()
        if number is None:
            return Manifest()
        if self._cache is None or self._cache[0] != number:
            self._cache = (number, self.version_manifest(number))
        return self._cache[1]

    def version_manifest(self, number: int) -> Manifest:
        tables = []
        for path in self._manifest_files(number):
            try:  # in one thread: each thread's allocator would keep the pages it decompressed into
                tables.append(pq.read_table(path, use_threads=False))
            except (OSError, pa.ArrowException) as exc:
                raise DatasetDamaged(str(self.root), f"the manifest {path} cannot be read ({exc})") from exc
        if not tables:
            earlier = (self._snapshot(number) / LEGACY_MANIFEST).exists()
            why = "has the one-file manifest of an earlier quoteflow" if earlier else "has no manifest"
            raise DatasetDamaged(str(self.root), f"snapshot {number:08d} {why}")
        return manifest_from(tables)

    def readable_manifest(self, number: int) -> Manifest:
        """Snapshot `number`'s manifest from its files that read (repair checks each entry against the tables)."""
        tables = []
        for path in self._manifest_files(number):
            with contextlib.suppress(OSError, pa.ArrowException):
                tables.append(pq.read_table(path))
        return manifest_from(tables)

    def _manifest_files(self, number: int) -> list[Path]:
        """The base and then the change files, in commit order."""
        folder = self._snapshot(number) / MANIFEST_DIR
        return sorted(folder.glob("base-*.parquet")) + sorted(folder.glob("changes-*.parquet"))

    def version_files(self, number: int) -> dict[str, list[str]]:
        return {name: sorted(p.name for p in (self._snapshot(number) / name).glob("*.parquet")) for name in TABLE_NAMES}

    def files_after(self, number: int) -> dict[str, list[str]]:
        """None: every snapshot lists its own files, so repair never gives one up unlisted."""
        return {}

    def read_file(self, number: int, table: str, base: str) -> pa.Table:
        return _read_data_file(str(self.root), self._snapshot(number) / table / base)

    def folder_problems(self, number: int) -> list[str]:
        """The table links (`OUT/<table>`), which follow whatever snapshot is committed."""
        return [
            f"the link {self.root / name} to the committed table is missing"
            for name in TABLE_NAMES
            if not (self.root / name).is_symlink()
        ]

    def sync_folders(self, number: int) -> None:
        self._ensure_table_links()

    def restore(self, number: int, manifest: list[ManifestEntry], files: Mapping[str, list[str]]) -> int:
        """Publish a new snapshot made of snapshot `number`'s `files` and `manifest` (repair)."""
        new = max(self.version_numbers(), default=-1) + 1
        build = self.tmp / f"restore-{new:08d}-{uuid.uuid4().hex[:8]}"
        for name in TABLE_NAMES:
            (build / name).mkdir(parents=True)
            for base in files.get(name, ()):
                os.link(self._snapshot(number) / name / base, build / name / base)
            if not files.get(name):
                write_parquet(TABLES[name].arrow_schema.empty_table(), build / name / EMPTY_PART)
        (build / MANIFEST_DIR).mkdir()
        write_parquet(manifest_table(manifest), build / MANIFEST_DIR / f"base-{new:08d}.parquet")
        _write_record(build, new_record(new, Operation.REPAIR, self.run_id))
        self._publish(build, new)
        self._ensure_table_links()
        return new

    # ------------------------------------------------------------ commit --
    def commit(
        self,
        new_tables: Mapping[str, pa.Table],
        entries: Iterable[ManifestEntry],
        replaced_sources: Iterable[str] = (),
        retry: Iterable[str] = (),
    ) -> CommitResult:
        """Publish a new snapshot: the current one plus `new_tables`, minus the rows of
        `replaced_sources`, with the manifest updated by `entries` (one per source) and the
        `retry` sources marked to be read again."""
        current = self.current_dir()
        number = int(current.name) + 1
        build = self.tmp / f"build-{number:08d}-{uuid.uuid4().hex[:8]}"
        try:
            for name in TABLE_NAMES:
                (build / name).mkdir(parents=True)
            live = {name: [p.name for p in sorted((current / name).glob("*.parquet"))] for name in TABLE_NAMES}
            manifest = self.manifest()
            built = build_commit(
                _SnapshotFiles(str(self.root), current, build),
                number,
                manifest,
                live,
                new_tables,
                entries,
                set(replaced_sources),
                retry,
                self.derive,
            )
            self._write_manifest(current, build, number, manifest, built.changes)
            replaced = rows_replaced(
                live,
                built.files,
                built.rows,
                lambda table, base: footer_rows(str(current / table / base)),
                lambda table, base: footer_rows(str(build / table / base)),
            )
            _write_record(build, new_record(number, Operation.RUN, self.run_id, built.rows, replaced))
            crash_point("before_publish")
            self._publish(build, number)
        except OSError as exc:
            if self.current_number() != number:  # the commit point was not reached
                shutil.rmtree(build, ignore_errors=True)  # deleting frees what a full disk needs
                shutil.rmtree(self._snapshot(number), ignore_errors=True)
                raise CommitFailed(str(self.root), exc) from exc
        manifest.apply(built.changes)  # the cache follows the committed state
        self._cache = (number, manifest)
        crash_point("after_publish")
        return built.result()

    def _write_manifest(
        self, current: Path, build: Path, number: int, manifest: Manifest, changes: ManifestChanges
    ) -> None:
        """The manifest of snapshot `number`: the current base and change files (hard links) and
        this commit's changes; or, when they have grown as large as the base, a new base."""
        folder = build / MANIFEST_DIR
        folder.mkdir()
        kept = self._manifest_files(int(current.name))
        bases = [p for p in kept if not p.name.startswith("changes-")]
        change_files = [p for p in kept if p.name.startswith("changes-")]
        if self._chain is not None and self._chain[0] == int(current.name):
            base_rows, change_rows = self._chain[1:]
        else:  # the first commit of this process: counted once from the files' footers
            base_rows = sum(pq.read_metadata(p).num_rows for p in bases)
            change_rows = sum(pq.read_metadata(p).num_rows for p in change_files)
        change_rows += len(changes)
        if not bases or compaction_due(base_rows, len(change_files) + 1, change_rows):
            base = compacted(manifest, changes)
            write_parquet(base, folder / f"base-{number:08d}.parquet")
            self._chain = (number, base.num_rows, 0)
            return
        for path in kept:
            os.link(path, folder / path.name)
        write_parquet(changes_table(changes), folder / f"changes-{number:08d}.parquet")
        self._chain = (number, base_rows, change_rows)

    def _publish(self, build: Path, number: int) -> None:
        for d in [*(build / n for n in TABLE_NAMES if (build / n).exists()), build]:
            fsync_dir(d)
        final = self.snapshots / f"{number:08d}"
        os.rename(build, final)
        crash_point("after_rename")
        new_link = self.meta / "current.new"
        if new_link.is_symlink():
            new_link.unlink()
        os.symlink(Path("snapshots") / final.name, new_link)
        os.replace(new_link, self.current_link)  # the commit point: one atomic rename
        fsync_dir(self.meta)

    # ---------------------------------------------------------- versions --
    def kept_versions(self) -> list[int]:
        """The committed snapshots on disk, oldest first (one newer than `current` is a killed commit's)."""
        current = self.current_number()
        return [n for n in self.version_numbers() if current is not None and n <= current]

    def version_dir(self, number: int) -> Path:
        return self._snapshot(number)

    def record(self, number: int) -> CommitRecord:
        """Snapshot `number`'s commit record; one from before records: its folder's time, or nothing."""
        folder = self._snapshot(number)
        try:
            return CommitRecord.from_json(number, (folder / RECORD_FILE).read_bytes())
        except OSError:
            pass
        try:
            return CommitRecord(number, datetime.fromtimestamp(folder.stat().st_mtime, UTC))
        except OSError:
            return CommitRecord(number)

    def history(self) -> list[CommitRecord]:
        """Every kept version's record, newest first."""
        return [self.record(n) for n in reversed(self.kept_versions())]

    def vacuum(self, now: float | None = None, *, dry_run: bool = False) -> VacuumReport:
        """Delete the snapshots replaced more than `retention_seconds` ago, never the current one,
        oldest first; files they share with a kept snapshot (hard links) stay with it. Each is
        moved out of `snapshots/` in one rename before it is deleted, so a vacuum killed midway
        leaves only whole snapshots (the next run clears what it left in `tmp/`). Takes the
        writer lock unless this store holds it: a commit never races it."""
        if self._locked or dry_run:  # a dry run deletes nothing: it may run beside a commit
            return self._vacuum(time.time() if now is None else now, dry_run)
        with self.lock(recover=False):
            return self._vacuum(time.time() if now is None else now, dry_run)

    def _vacuum(self, now: float, dry_run: bool) -> VacuumReport:
        kept = self.kept_versions()
        doomed = []
        for older, newer in zip(kept, kept[1:], strict=False):  # `newer` replaced `older`
            replaced_at = self.record(newer).committed_at
            if replaced_at is not None and now - replaced_at.timestamp() >= self.retention_seconds:
                doomed.append(older)
        keep = [n for n in kept if n not in doomed]
        shared = {p.stat().st_ino for n in keep for p in self._snapshot(n).glob("*/*.parquet")} if doomed else set()
        freed: dict[int, int] = {}
        for number in doomed:
            for path in self._snapshot(number).rglob("*"):
                with contextlib.suppress(FileNotFoundError):  # a dry run beside a vacuum: gone meanwhile
                    info = path.lstat()
                    if path.is_file() and info.st_ino not in shared:
                        freed[info.st_ino] = info.st_size
        report = VacuumReport(
            tuple(doomed), tuple(str(self._snapshot(n)) for n in doomed), sum(freed.values()), dry_run, tuple(keep)
        )
        if not dry_run:
            for leftover in self.tmp.glob("vacuum-*"):  # a vacuum killed midway
                shutil.rmtree(leftover, ignore_errors=True)
            for number in doomed:
                gone = self.tmp / f"vacuum-{number:08d}-{uuid.uuid4().hex[:8]}"
                os.rename(self._snapshot(number), gone)  # out of sight whole, then deleted
                crash_point("vacuum_moved")
                shutil.rmtree(gone, ignore_errors=True)
        return report


def _write_record(build: Path, record: CommitRecord) -> None:
    with open(build / RECORD_FILE, "w", encoding="utf-8") as fh:
        fh.write(record.to_json())
        fh.flush()
        os.fsync(fh.fileno())


class _SnapshotFiles:
    """Local commits: new files written into the snapshot being built, kept ones hard-linked."""

    def __init__(self, out: str, current: Path, build: Path):
        self.out, self.current, self.build = out, current, build

    def read(self, table: str, base: str, columns: Sequence[str] | None = None) -> pa.Table:
        written = self.build / table / base  # written (or linked) by this commit, e.g. before a merge
        return _read_data_file(self.out, written if written.exists() else self.current / table / base, columns)

    def write(self, table: str, base: str, data: pa.Table) -> None:
        write_parquet(data, self.build / table / base)

    def keep(self, table: str, base: str) -> None:
        os.link(self.current / table / base, self.build / table / base)

    def drop(self, table: str, base: str) -> None:
        (self.build / table / base).unlink(missing_ok=True)  # not in the new snapshot


def _read_data_file(out: str, path: Path, columns: Sequence[str] | None = None) -> pa.Table:
    try:
        return pq.read_table(path, columns=list(columns) if columns is not None else None)
    except (OSError, pa.ArrowException) as exc:
        raise DatasetDamaged(out, f"the data file {path} cannot be read ({exc})") from exc
