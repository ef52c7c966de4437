"""The dataset on any filesystem pyarrow reaches by URI (s3://, gs://, hdfs://, file://).

Object stores have no links, renames or locks, so the local snapshot swap cannot be
used. Instead:

    OUT/_quoteflow/data/<table>/part-*.parquet   data files, immutable, named once
    OUT/_quoteflow/manifest-00000042.parquet     the committed state: the changes commit 42 made to
                                                 what each input became (or, now and then, all of it:
                                                 a base), and in its metadata the live files of every
                                                 table and the base its chain of changes starts from
    OUT/<table>/part-*.parquet                   a copy of the live files, for plain Parquet readers

A commit writes its new data files, then the next manifest version (the commit point),
then brings the table folders in line with it (copying new files in, deleting replaced
ones). A killed run leaves data files no manifest lists and table folders out of line;
the next run deletes the first and re-aligns the second before anything else (`check`
finds folders out of line, `repair` re-aligns them too).
Replaced data files and manifests are kept `retention_seconds` for readers pinned to
an earlier version, then deleted.

What readers see: every file appears whole (object writes are atomic); a reader of
the table folders *during* a commit can see part of a batch, one that reads the files
a manifest lists never does.

One writer at a time: the writer marker `_quoteflow/lock.json` and every manifest are
created only if absent, atomically on the server (S3's conditional `If-None-Match`
write; a hard link on a local filesystem). A second run finds the marker and stands
down; a run whose marker was taken over as abandoned finds its next manifest number
taken and stands down before publishing anything. On a filesystem with no such write
(gs://, hdfs://) the check is made just before writing: best effort.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from .. import s3
from ..errors import CommitConflict, CommitFailed, DatasetDamaged, StoreError, StoreLocked
from ..schemas.tables import TABLES
from ..schemas.vocab import TABLE_NAMES
from .commit import CommitResult, build_commit, written_by
from .crashpoints import crash_point
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

META = "_quoteflow"
_FILES_KEY = b"quoteflow.files"  # {table: [file, …]}: the live data files
_RETIRED_KEY = b"quoteflow.retired"  # {path: unix time}: replaced files and manifests, kept for readers
_CHAIN_KEY = b"quoteflow.chain"  # {"base": n, "base_rows": r, "change_files": k, "change_rows": m}
_LOCK_STALE_SECONDS = 3600  # a writer refreshes its marker after every batch


@dataclass
class _State:
    """What the newest readable manifest says."""

    number: int | None
    files: dict[str, list[str]] = field(default_factory=dict)
    retired: dict[str, float] = field(default_factory=dict)
    chain: dict[str, int] = field(default_factory=dict)  # base, base_rows, change_files, change_rows


class ObjectStore:
    def __init__(self, uri: str, retention_seconds: float = 900.0):
        try:
            self.fs, root = pafs.FileSystem.from_uri(uri)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as exc:
            raise StoreError(f"cannot open the output {uri}: {exc}") from exc
        self.uri = uri
        self.root = root.rstrip("/")
        self.meta = f"{self.root}/{META}"
        self.data = f"{self.meta}/data"
        self.retention_seconds = retention_seconds
        self._marker = f"{self.meta}/lock.json"
        self._token: str | None = None
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
        """Hold the writer marker (created only if absent); one abandoned by a dead writer is
        taken over. With `recover`, first clean up after a killed commit (or raise `DatasetDamaged`)."""
        self.open()
        deadline = time.monotonic() + wait_seconds
        token = uuid.uuid4().hex
        while not self._create(self._marker, _marker(token)):
            holder = self._read_json(self._marker)
            if holder is None or _stale(holder):  # gone meanwhile, or abandoned: take it over
                with contextlib.suppress(OSError):
                    self.fs.delete_file(self._marker)
                continue
            if time.monotonic() >= deadline:
                raise StoreLocked(f"{self.uri} is being written by pid {holder.get('pid')} on {holder.get('host')}")
            time.sleep(0.5)
        self._token = token
        try:
            if recover:
                self.recover()
            yield
        finally:
            if self._holds_marker():
                self.fs.delete_file(self._marker)
            self._token = None

    def _holds_marker(self) -> bool:
        current = self._read_json(self._marker)
        return self._token is not None and current is not None and current.get("token") == self._token

    def _heartbeat(self) -> None:
        """Refresh the writer marker (a marker not refreshed for an hour is abandoned)."""
        self._write(self._marker, _marker(self._token))

    def recover(self) -> None:
        """Delete data files no manifest lists (a commit killed before its commit point) and
        bring the table folders in line with the committed manifest."""
        state = self._current()
        if state.number is None:
            self._initial_commit()
            return
        for name in TABLE_NAMES:
            live = set(state.files.get(name, ()))
            for info in self._list(f"{self.data}/{name}"):
                if (
                    info.base_name.endswith(".parquet")
                    and info.base_name not in live
                    and info.path not in state.retired
                ):
                    self.fs.delete_file(info.path)
        self._publish_tables(state.files, sizes=True)

    def _initial_commit(self) -> None:
        files = {}
        for name in TABLE_NAMES:
            self._write(f"{self.data}/{name}/{EMPTY_PART}", parquet_bytes(TABLES[name].arrow_schema.empty_table()))
            files[name] = [EMPTY_PART]
        if self._write_manifest(0, manifest_table([]), files, {}, _base_chain(0, 0)):
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
        return self._state(numbers[-1]) if numbers else _State(None)

    def _state(self, number: int) -> _State:
        path = self._manifest_path(number)
        try:
            meta = pq.read_schema(path, filesystem=self.fs).metadata or {}
            chain = json.loads(meta.get(_CHAIN_KEY, b"{}")) or {"base": number}  # older: every manifest whole
            return _State(number, json.loads(meta[_FILES_KEY]), json.loads(meta.get(_RETIRED_KEY, b"{}")), chain)
        except (OSError, KeyError, ValueError, pa.ArrowException) as exc:
            raise DatasetDamaged(self.uri, f"the manifest {path} cannot be read ({exc})") from exc

    def _manifest_path(self, number: int) -> str:
        return f"{self.meta}/manifest-{number:08d}.parquet"

    def manifest(self) -> Manifest:
        """The committed manifest: read once, then kept up to date by this store's commits."""
        number = self._current().number
        if number is None:
            return Manifest()
        if self._cache is None or self._cache[0] != number:
            self._cache = (number, self.version_manifest(number))
        return self._cache[1]

    # ---------------------------------------------- versions (check, repair) --
    def version_numbers(self) -> list[int]:
        return self._manifests()

    def pointer_problem(self) -> str | None:
        numbers = self._manifests()
        if not numbers:
            return None
        try:
            self._state(numbers[-1])
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
        if not self._write_manifest(new, manifest_table(manifest), live, kept, _base_chain(new, len(manifest))):
            raise self._conflict(new)
        self._publish_tables(live, sizes=True)
        return new

    # ------------------------------------------------------------ commit --
    def commit(
        self,
        new_tables: Mapping[str, pa.Table],
        entries: Iterable[ManifestEntry],
        replaced_sources: Iterable[str] = (),
    ) -> CommitResult:
        state = self._current()
        if state.number is None:
            raise StoreError(f"{self.uri} has no committed manifest")
        if self._token is not None and not self._holds_marker():
            raise self._conflict(state.number + 1)
        number = state.number + 1
        io = _ObjectFiles(self)
        manifest = self.manifest()
        try:
            built = build_commit(io, number, manifest, state.files, new_tables, entries, set(replaced_sources))
        except OSError as exc:  # files written so far are listed by no manifest: the next run deletes them
            raise CommitFailed(self.uri, exc) from exc
        now = time.time()
        live = {f"{self.data}/{name}/{base}" for name, bases in built.files.items() for base in bases}
        # a placeholder file can be retired and later be live again: never delete what is live
        retired = self._collect_garbage({p: t for p, t in state.retired.items() if p not in live}, now)
        retired.update({path: now for path in io.obsolete if path not in live})
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
            created = self._write_manifest(number, table, built.files, retired, new_chain)  # the commit point
        except OSError as exc:
            raise CommitFailed(self.uri, exc) from exc
        if not created:  # another writer committed `number` first: its state stands, this batch does not
            raise self._conflict(number)
        manifest.apply(built.changes)  # the cache follows the committed state
        self._cache = (number, manifest)
        crash_point("after_publish")
        self._publish_tables(built.files)
        if self._token is not None:
            self._heartbeat()
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

    def _collect_garbage(self, retired: Mapping[str, float], now: float) -> dict[str, float]:
        """Delete what was replaced more than `retention_seconds` ago; return what is still kept."""
        kept = {}
        for path, since in retired.items():
            if now - since >= self.retention_seconds:
                with contextlib.suppress(FileNotFoundError):
                    self.fs.delete_file(path)
            else:
                kept[path] = since
        return kept

    def _conflict(self, number: int) -> CommitConflict:
        return CommitConflict(
            f"another run committed version {number} of {self.uri} while this run was writing "
            "(it took over this run's writer marker as abandoned)"
        )

    # ----------------------------------------------------------- helpers --
    def _write(self, path: str, data: bytes) -> None:
        with self.fs.open_output_stream(path) as out:
            out.write(data)

    def _create(self, path: str, data: bytes) -> bool:
        """Write `path` only if it does not exist, atomically where the filesystem can: created?"""
        if isinstance(self.fs, pafs.S3FileSystem):
            bucket, _, key = path.partition("/")
            return s3.put_if_absent(bucket, key, data, endpoint=s3.endpoint_of(self.uri))
        if isinstance(self.fs, pafs.LocalFileSystem):
            staged = f"{path}.{uuid.uuid4().hex}.tmp"
            try:
                self._write(staged, data)
                os.link(staged, path)  # fails if `path` exists, whatever the timing
            except FileExistsError:
                return False
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(staged)
            return True
        if self.fs.get_file_info(path).type != pafs.FileType.NotFound:  # no atomic way: best effort
            return False
        self._write(path, data)
        return True

    def _write_manifest(
        self,
        number: int,
        table: pa.Table,
        files: Mapping[str, list[str]],
        retired: dict[str, float],
        chain: dict[str, int],
    ) -> bool:
        """Create manifest `number` (only if no writer created it first): created?"""
        metadata = {
            _FILES_KEY: json.dumps(dict(files)).encode(),
            _RETIRED_KEY: json.dumps(retired).encode(),
            _CHAIN_KEY: json.dumps(chain).encode(),
        }
        return self._create(self._manifest_path(number), parquet_bytes(table.replace_schema_metadata(metadata)))

    def _read_json(self, path: str) -> dict[str, Any] | None:
        try:
            with self.fs.open_input_stream(path) as src:
                value = json.loads(src.read())
        except (OSError, ValueError):
            return None
        return value if isinstance(value, dict) else None


class _ObjectFiles:
    """Object-store commits: data files written under fresh names; the ones a commit replaces
    are retired (kept for readers of the older version), never overwritten."""

    def __init__(self, store: ObjectStore):
        self.store = store
        self.obsolete: list[str] = []

    def _path(self, table: str, base: str) -> str:
        return f"{self.store.data}/{table}/{base}"

    def read(self, table: str, base: str, columns: Sequence[str] | None = None) -> pa.Table:
        path = self._path(table, base)
        try:
            return pq.read_table(path, filesystem=self.store.fs, columns=list(columns) if columns is not None else None)
        except (OSError, pa.ArrowException) as exc:
            raise DatasetDamaged(self.store.uri, f"the data file {path} cannot be read ({exc})") from exc

    def write(self, table: str, base: str, data: pa.Table) -> None:
        self.store._write(self._path(table, base), parquet_bytes(data))

    def keep(self, table: str, base: str) -> None:
        pass

    def drop(self, table: str, base: str) -> None:
        self.obsolete.append(self._path(table, base))


def _marker(token: str | None) -> bytes:
    return json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "at": time.time(), "token": token}).encode()


def _base_chain(number: int, rows: int) -> dict[str, int]:
    return {"base": number, "base_rows": rows, "change_files": 0, "change_rows": 0}


def _stale(holder: dict[str, Any]) -> bool:
    """A marker left by a writer that is gone: a dead process on this host, or silent for an hour."""
    if holder.get("host") == socket.gethostname():
        try:
            os.kill(int(holder.get("pid", 0)), 0)
        except ProcessLookupError:
            return True
        except (PermissionError, ValueError, OverflowError):
            pass
    return bool(time.time() - holder.get("at", 0) > _LOCK_STALE_SECONDS)
