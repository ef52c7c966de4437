"""The dataset on any filesystem pyarrow reaches by URI (s3://, gs://, hdfs://, file://).

Object stores have no links, renames or locks, so the local snapshot swap cannot be
used. Instead:

    OUT/.quoteflow/data/<table>/part-*.parquet   data files, immutable, named once
    OUT/.quoteflow/manifest-00000042.parquet     the committed state: the changes commit 42 made to
                                                 what each input became (or, now and then, all of it:
                                                 a base), and in its metadata the live files of every
                                                 table and the base its chain of changes starts from
    OUT/<table>/part-*.parquet                   a copy of the live files, for plain Parquet readers

A commit writes its new data files, then the next manifest (the commit point), then aligns
the table folders with it. A killed run leaves unlisted data files and folders out of line:
the next run (or `repair`) deletes the first and re-aligns the second. Replaced files and
manifests are listed as retired, kept for readers of an earlier version; `vacuum` deletes
them `retention_seconds` later. Each manifest holds its commit record (`objectversions`).

Readers: every file appears whole (object writes are atomic); a reader of the table folders
*during* a commit can see part of a batch, one of the files a manifest lists never does.

Writers: no lock. Manifest N is created only if absent, atomically on the server (S3's
`If-None-Match`; a hard link on a local filesystem; gs://, hdfs://: checked just before,
best effort): that compare-and-swap is the only check between writers, as in pyiceberg. A
commit whose caller planned against an older version, or whose version N another run
created first, raises `CommitConflict`; the run plans the batch again (`conflicts.py`).
Cleanup deletes only data files of version numbers already taken, never a live writer's.
An output an earlier quoteflow wrote (`_quoteflow/`, manifests whole) is converted once (`upgrade.py`).
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from ..errors import CommitConflict, CommitFailed, DatasetDamaged, StoreError
from ..schemas.tables import TABLES
from ..schemas.vocab import TABLE_NAMES
from . import objectversions
from .commit import CommitResult, build_commit, written_by
from .conditional import create_if_absent
from .crashpoints import crash_point
from .derive import Derive, as_given
from .files import EMPTY_PART
from .manifest import (
    Manifest,
    ManifestEntry,
    changes_table,
    compacted,
    compaction_due,
    manifest_from,
    manifest_table,
)
from .parquet import parquet_bytes
from .upgrade import META, OLD_FOLDER, OLD_OBJECT_META, has_old_metadata, move_metadata
from .versions import CommitRecord, Operation, VacuumReport, new_record, rows_replaced

_FILES_KEY = b"quoteflow.files"  # {table: [file, …]}: the live data files
_RETIRED_KEY = b"quoteflow.retired"  # {path: unix time}: replaced files and manifests, kept for readers
_CHAIN_KEY = b"quoteflow.chain"  # {"base": n, "base_rows": r, "change_files": k, "change_rows": m}


@dataclass
class _State:
    """What the newest readable manifest says."""

    number: int | None
    files: dict[str, list[str]] = field(default_factory=dict)
    retired: dict[str, float] = field(default_factory=dict)
    chain: dict[str, int] = field(default_factory=dict)  # base, base_rows, change_files, change_rows


class ObjectStore:
    def __init__(
        self, uri: str, retention_seconds: float = 900.0, *, run_id: str | None = None, derive: Derive = as_given
    ):
        try:
            self.fs, root = pafs.FileSystem.from_uri(uri)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as exc:
            raise StoreError(f"cannot open the output {uri}: {exc}") from exc
        self.uri = uri
        self.root = root.rstrip("/")
        self.meta = f"{self.root}/{META}"
        self.data = f"{self.meta}/data"
        self.retention_seconds = retention_seconds  # how long a retired file is kept (`vacuum`)
        self.run_id = run_id  # written in the commit record of every manifest this store publishes
        self.derive = derive  # the tables a commit derives from the batch and the committed state
        self._pruned = False  # the retired files a vacuum deleted: dropped from the list once per store
        self._cache: tuple[int, Manifest] | None = None  # (version, its manifest), kept by commits

    # ------------------------------------------------------------ set up --
    def open(self) -> None:
        dirs = [
            self.root,
            self.meta,
            *(f"{self.root}/{t}" for t in TABLE_NAMES),
            *(f"{self.data}/{t}" for t in TABLE_NAMES),
        ]
        try:
            for d in dirs:
                self.fs.create_dir(d, recursive=True)
        except OSError as exc:
            raise StoreError(f"cannot create the output {self.uri}: {exc}") from exc

    @contextmanager
    def lock(self, wait_seconds: float = 0.0, *, recover: bool = True) -> Iterator[None]:
        """No lock: the conditional create of each manifest decides between writers (see the
        module's docstring). With `recover`, first upgrade an output an earlier quoteflow wrote
        and clean up after a killed commit (or raise `DatasetDamaged`)."""
        self.open()
        if recover:
            self.recover()
        yield

    def recover(self) -> None:
        """Upgrade an output an earlier quoteflow wrote; delete data files no manifest lists (a
        commit killed before its commit point, or one that lost its version to another writer)
        and bring the table folders in line with the committed manifest.

        Another run may be writing meanwhile: only files of a version number already taken are
        deleted (`written_by`), never those of the next one, which a live writer may commit."""
        self.upgrade()
        state = self._current()
        if state.number is None:
            self._initial_commit()
            return
        for name in TABLE_NAMES:
            live = set(state.files.get(name, ()))
            for info in self._list(f"{self.data}/{name}"):
                base = info.base_name
                if (
                    base.endswith(".parquet")
                    and base != EMPTY_PART  # written alike by every writer: one may be about to list it
                    and base not in live
                    and info.path not in state.retired
                    and 0 <= written_by(base.removesuffix(".parquet")) <= state.number
                ):
                    with contextlib.suppress(FileNotFoundError):  # another run's recover was first
                        self.fs.delete_file(info.path)
        self._publish_newest(state)

    def upgrade(self) -> list[str]:
        """Convert what an earlier quoteflow wrote (run first by every run and by `repair`):
        the metadata folder `_quoteflow` moved to `.quoteflow`, a newest manifest written whole
        (before chains of changes) published again as a base. Returns what was done, one line each."""
        done = []
        if move_metadata(self.fs, self.root, self.meta):
            done.append(f"moved the metadata folder {OLD_OBJECT_META}/ to {META}/ (the name local outputs use)")
        numbers = self._manifests()
        try:
            meta = self._metadata(numbers[-1]) if numbers else {_CHAIN_KEY: b""}
            if _CHAIN_KEY in meta or _FILES_KEY not in meta:
                return done
            table = pq.read_table(self._manifest_path(numbers[-1]), filesystem=self.fs)
        except (DatasetDamaged, OSError, pa.ArrowException):  # damage: for `check` and `repair` to tell
            return done
        entries = sorted(manifest_from([table]).values(), key=lambda e: e.source)
        try:
            new = self.restore(numbers[-1], entries, json.loads(meta[_FILES_KEY]))
        except CommitConflict:  # another run upgraded it first
            return done
        done.append(f"upgraded the manifest of version {numbers[-1]}, written whole, to a base: version {new}")
        return done

    def _metadata(self, number: int) -> dict[bytes, bytes]:
        path = self._manifest_path(number)
        try:
            return dict(pq.read_schema(path, filesystem=self.fs).metadata or {})
        except (OSError, pa.ArrowException) as exc:
            raise DatasetDamaged(self.uri, f"the manifest {path} cannot be read ({exc})") from exc

    def _publish_newest(self, state: _State, *, sizes: bool = True) -> None:
        """Align the table folders with `state`, and again with a newer one another run
        committed meanwhile (whose own alignment this one may have undone)."""
        self._publish_tables(state.files, sizes=sizes)
        newest = self._current()
        if newest.number != state.number:
            self._publish_tables(newest.files, sizes=True)

    def _initial_commit(self) -> None:
        files = {}
        for name in TABLE_NAMES:
            self._write(f"{self.data}/{name}/{EMPTY_PART}", parquet_bytes(TABLES[name].arrow_schema.empty_table()))
            files[name] = [EMPTY_PART]
        record = new_record(0, Operation.INITIAL, self.run_id)
        if self._write_manifest(0, manifest_table([]), files, {}, _base_chain(0, 0), record):
            self._publish_tables(files)

    # ------------------------------------------------------------- state --
    def _list(self, path: str) -> list[pafs.FileInfo]:
        infos: list[pafs.FileInfo] = self.fs.get_file_info(pafs.FileSelector(path, allow_not_found=True))
        return infos

    def _manifests(self) -> list[int]:
        out = []
        for info in self._list(self.meta):
            name = info.base_name
            if name.startswith("manifest-") and name.endswith(".parquet"):
                out.append(int(name[len("manifest-") : -len(".parquet")]))
        return sorted(out)

    def _current(self) -> _State:
        """The newest manifest: the committed state. An unreadable one is damage, never skipped
        (the data files of the commit it recorded would be taken for leftovers and deleted)."""
        numbers = self._manifests()
        if not numbers and has_old_metadata(self.fs, self.root):
            raise DatasetDamaged(self.uri, OLD_FOLDER)
        return self._state(numbers[-1]) if numbers else _State(None)

    def _state(self, number: int) -> _State:
        path = self._manifest_path(number)
        meta = self._metadata(number)
        if _CHAIN_KEY not in meta and _FILES_KEY in meta:
            raise DatasetDamaged(
                self.uri, f"the manifest {path} was written by an earlier quoteflow: `quoteflow repair` upgrades it"
            )
        try:
            chain = json.loads(meta[_CHAIN_KEY])
            return _State(number, json.loads(meta[_FILES_KEY]), json.loads(meta.get(_RETIRED_KEY, b"{}")), chain)
        except (KeyError, ValueError) as exc:
            raise DatasetDamaged(self.uri, f"the manifest {path} cannot be read ({exc})") from exc

    def _manifest_path(self, number: int) -> str:
        return f"{self.meta}/manifest-{number:08d}.parquet"

    def manifest(self) -> Manifest:
        """The state this writer plans against: read once, then kept up to date by its own commits.
        Another run's commit is not picked up here but by `commit` (a `CommitConflict`, after
        which the next call reads the new state): a batch is settled against what it was planned on."""
        if self._cache is not None:
            return self._cache[1]
        number = self._current().number
        if number is None:
            return Manifest()
        self._cache = (number, self.version_manifest(number))
        return self._cache[1]

    # ---------------------------------------------- versions (check, repair) --
    def version_numbers(self) -> list[int]:
        return self._manifests()

    def pointer_problem(self) -> str | None:
        try:
            self._current()
        except DatasetDamaged as exc:
            return exc.what
        return None

    def current_number(self) -> int | None:
        return self._current().number

    def version_manifest(self, number: int) -> Manifest:
        """The base of version `number`'s chain and every change since, applied in order."""
        return manifest_from(self._chain(number, skip_damaged=False))

    def readable_manifest(self, number: int) -> Manifest:
        """Version `number`'s chain without the manifests that cannot be read (for repair to check)."""
        return manifest_from(self._chain(number, skip_damaged=True))

    def _chain(self, number: int, *, skip_damaged: bool) -> list[pa.Table]:
        tables = []
        for n in range(self._state(number).chain["base"], number + 1):
            path = self._manifest_path(n)
            try:
                tables.append(pq.read_table(path, filesystem=self.fs))
            except (OSError, pa.ArrowException) as exc:
                if not skip_damaged:
                    raise DatasetDamaged(self.uri, f"the manifest {path} cannot be read ({exc})") from exc
        return tables

    def version_files(self, number: int) -> dict[str, list[str]]:
        return self._state(number).files

    def files_after(self, number: int) -> dict[str, list[str]]:
        """Data files written by commits after version `number` that it does not list."""
        files = self._state(number).files
        return {
            name: sorted(
                info.base_name
                for info in self._list(f"{self.data}/{name}")
                if info.base_name.endswith(".parquet")
                and info.base_name not in files.get(name, ())
                and written_by(info.base_name.removesuffix(".parquet")) > number
            )
            for name in TABLE_NAMES
        }

    def read_file(self, number: int, table: str, base: str) -> pa.Table:
        return _ObjectFiles(self).read(table, base)

    def folder_problems(self, number: int) -> list[str]:
        problems = []
        for name, (stale, extra) in self._folder_drift(self._state(number).files, sizes=True).items():
            if stale or extra:
                problems.append(
                    f"the table folder {name}/ does not hold the committed version {number} ({len(stale)} of its "
                    f"files missing or different, {len(extra)} of another version): `quoteflow repair` "
                    "or the next run brings it up to date"
                )
        return problems

    def sync_folders(self, number: int) -> None:
        self._publish_tables(self._state(number).files, sizes=True)

    def restore(self, number: int, manifest: list[ManifestEntry], files: Mapping[str, list[str]]) -> int:
        """Publish, as the newest manifest, version `number`'s `files` and `manifest` (repair)."""
        new = max(self._manifests(), default=-1) + 1
        retired = {}
        for old in self._manifests():
            with contextlib.suppress(DatasetDamaged):
                retired.update(self._state(old).retired)
        live = {name: list(files.get(name, ())) for name in TABLE_NAMES}
        for name, bases in live.items():
            if not bases:
                self._write(f"{self.data}/{name}/{EMPTY_PART}", parquet_bytes(TABLES[name].arrow_schema.empty_table()))
                bases.append(EMPTY_PART)
        live_paths = {f"{self.data}/{n}/{b}" for n, bases in live.items() for b in bases}
        now = time.time()
        for name in TABLE_NAMES:  # files of the versions given up: kept for the retention, like replaced ones
            for info in self._list(f"{self.data}/{name}"):
                retired.setdefault(info.path, now)
        for old in self._manifests():
            retired.setdefault(self._manifest_path(old), now)
        kept = {p: t for p, t in retired.items() if p not in live_paths}
        record = new_record(new, Operation.REPAIR, self.run_id)
        if not self._write_manifest(new, manifest_table(manifest), live, kept, _base_chain(new, len(manifest)), record):
            raise self._conflict(new)
        self._cache = None  # this store's next commit builds on the version it just published
        self._publish_tables(live, sizes=True)
        return new

    # ------------------------------------------------------------ commit --
    def commit(
        self,
        new_tables: Mapping[str, pa.Table],
        entries: Iterable[ManifestEntry],
        replaced_sources: Iterable[str] = (),
        retry: Iterable[str] = (),
    ) -> CommitResult:
        state = self._current()
        if state.number is None:
            raise StoreError(f"{self.uri} has no committed manifest")
        if self._cache is not None and self._cache[0] != state.number:
            # the caller planned against the state `manifest()` gave it; another run committed since
            planned, self._cache = self._cache[0], None
            raise self._conflict(planned + 1)
        number = state.number + 1
        io = _ObjectFiles(self)
        manifest = self.manifest()
        try:
            gone = set(replaced_sources)
            built = build_commit(io, number, manifest, state.files, new_tables, entries, gone, retry, self.derive)
        except OSError as exc:  # files written so far are listed by no manifest: the next run deletes them
            raise CommitFailed(self.uri, exc) from exc
        now = time.time()
        live = {f"{self.data}/{name}/{base}" for name, bases in built.files.items() for base in bases}
        # a placeholder file can be retired and later be live again: never delete what is live
        retired = objectversions.still_retired(self, {p: t for p, t in state.retired.items() if p not in live}, now)
        retired.update({path: now for path in io.obsolete if path not in live})  # deleted by `vacuum`, later
        rows = objectversions.footer_rows_of(self)
        replaced = rows_replaced(state.files, built.files, built.rows, rows, rows)
        chain = state.chain
        change_rows = chain.get("change_rows", 0) + len(built.changes)
        if compaction_due(chain.get("base_rows", 0), chain.get("change_files", 0) + 1, change_rows):
            table = compacted(manifest, built.changes)
            new_chain = _base_chain(number, table.num_rows)
            for old in range(chain.get("base", 0), number):  # the old chain: kept for readers, then deleted
                retired[self._manifest_path(old)] = now
        else:
            table = changes_table(built.changes)
            new_chain = {**chain, "change_files": chain.get("change_files", 0) + 1, "change_rows": change_rows}
        crash_point("before_publish")
        try:
            record = new_record(number, Operation.RUN, self.run_id, built.rows, replaced)
            created = self._write_manifest(number, table, built.files, retired, new_chain, record)  # the commit point
        except OSError as exc:
            raise CommitFailed(self.uri, exc) from exc
        if not created:  # another writer committed `number` first: its state stands, this batch does not
            io.discard()  # the files written for it; a version number taken marks any left as garbage
            self._cache = None
            raise self._conflict(number)
        manifest.apply(built.changes)  # the cache follows the committed state
        self._cache = (number, manifest)
        crash_point("after_publish")
        self._publish_newest(_State(number, built.files), sizes=False)
        return built.result()

    def _publish_tables(self, files: Mapping[str, list[str]], *, sizes: bool = False) -> None:
        """Make every table folder hold exactly the live files: plain Parquet readers see the committed rows.
        With `sizes`, a file there under a live name but not as long as the live one is copied again."""
        for name, (stale, extra) in self._folder_drift(files, sizes=sizes).items():
            for base in stale:
                self.fs.copy_file(f"{self.data}/{name}/{base}", f"{self.root}/{name}/{base}")
            for base in extra:
                self.fs.delete_file(f"{self.root}/{name}/{base}")

    def _folder_drift(self, files: Mapping[str, list[str]], *, sizes: bool) -> dict[str, tuple[list[str], list[str]]]:
        """Per table: (live files missing from its folder, or there with another size; files there not live).
        A commit's names are new, so a commit compares names only: sizes cost one more listing."""
        drift = {}
        for name in TABLE_NAMES:
            live = set(files.get(name, ()))
            present = {i.base_name: i.size for i in self._list(f"{self.root}/{name}")}
            present = {base: size for base, size in present.items() if base.endswith(".parquet")}
            want = {i.base_name: i.size for i in self._list(f"{self.data}/{name}")} if sizes else {}
            stale = sorted(b for b in live if b not in present or want.get(b, present[b]) != present[b])
            drift[name] = (stale, sorted(set(present) - live))
        return drift

    # ---------------------------------------------------------- versions --
    def kept_versions(self) -> list[int]:
        return objectversions.kept_versions(self)

    def history(self) -> list[CommitRecord]:
        return objectversions.history(self)

    def vacuum(self, now: float | None = None, *, dry_run: bool = False) -> VacuumReport:
        return objectversions.vacuum(self, time.time() if now is None else now, dry_run=dry_run)

    def _conflict(self, number: int) -> CommitConflict:
        return CommitConflict(f"another run committed version {number} of {self.uri} first", number)

    # ----------------------------------------------------------- helpers --
    def _write(self, path: str, data: bytes) -> None:
        with self.fs.open_output_stream(path) as out:
            out.write(data)

    def _create(self, path: str, data: bytes) -> bool:
        """Write `path` only if it does not exist, atomically where the filesystem can: created?"""
        return create_if_absent(self.fs, self.uri, path, data)

    def _write_manifest(
        self,
        number: int,
        table: pa.Table,
        files: Mapping[str, list[str]],
        retired: dict[str, float],
        chain: dict[str, int],
        record: CommitRecord | None = None,
    ) -> bool:
        """Create manifest `number` (only if no writer created it first): created?"""
        metadata = {
            _FILES_KEY: json.dumps(dict(files)).encode(),
            _RETIRED_KEY: json.dumps(retired).encode(),
            _CHAIN_KEY: json.dumps(chain).encode(),
        }
        if record is not None:
            metadata[objectversions.RECORD_KEY] = record.to_json().encode()
        return self._create(self._manifest_path(number), parquet_bytes(table.replace_schema_metadata(metadata)))


class _ObjectFiles:
    """Object-store commits: data files written under fresh names; the ones a commit replaces
    are retired (kept for readers of the older version), never overwritten."""

    def __init__(self, store: ObjectStore):
        self.store = store
        self.obsolete: list[str] = []
        self.written: list[str] = []

    def _path(self, table: str, base: str) -> str:
        return f"{self.store.data}/{table}/{base}"

    def read(self, table: str, base: str, columns: Sequence[str] | None = None) -> pa.Table:
        path = self._path(table, base)
        try:
            return pq.read_table(path, filesystem=self.store.fs, columns=list(columns) if columns is not None else None)
        except (OSError, pa.ArrowException) as exc:
            raise DatasetDamaged(self.store.uri, f"the data file {path} cannot be read ({exc})") from exc

    def write(self, table: str, base: str, data: pa.Table) -> None:
        self.written.append(self._path(table, base))
        self.store._write(self.written[-1], parquet_bytes(data))

    def discard(self) -> None:
        """Delete what this commit wrote (it lost its version number), but the shared empty placeholder."""
        for path in self.written:
            if not path.endswith(f"/{EMPTY_PART}"):
                with contextlib.suppress(OSError):
                    self.store.fs.delete_file(path)

    def keep(self, table: str, base: str) -> None:
        pass

    def drop(self, table: str, base: str) -> None:
        self.obsolete.append(self._path(table, base))


def _base_chain(number: int, rows: int) -> dict[str, int]:
    return {"base": number, "base_rows": rows, "change_files": 0, "change_rows": 0}
