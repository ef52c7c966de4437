"""The dataset on any filesystem pyarrow reaches by URI (s3://, gs://, hdfs://, file://).

Object stores have no links, renames or locks, so the local snapshot swap cannot be
used. Instead each commit writes new data files under fresh names, then a new manifest
version (the commit point: it lists the live data file of every table), then deletes
the files the commit replaced. A killed run leaves files no manifest lists; the next
run deletes them before anything else. What readers see: every file appears whole
(object writes are atomic), but a reader listing a table during the seconds of a
commit can see part of a batch, or a replaced article twice; run readers between runs
or read the manifest's file list when that matters. One writer at a time is asked of
the scheduler (the served deployment runs one flow run at a time); a lock marker
catches a second run started by hand, but it is not atomic.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from quoteflow.schemas import TABLES

from .store import (
    EMPTY_PART,
    MANIFEST_SCHEMA,
    TABLE_NAMES,
    CommitResult,
    ManifestEntry,
    StoreError,
    StoreLocked,
    _crash_point,
    merge_manifest,
    parquet_bytes,
    rebuild_tables,
    replacement_plan,
)

META = "_quoteflow"
_FILES_KEY = b"quoteflow.files"
_LOCK_STALE_SECONDS = 3600  # a writer refreshes its marker after every batch


class ObjectStore:
    def __init__(self, uri: str, retention_seconds: float = 900.0):
        try:
            self.fs, root = pafs.FileSystem.from_uri(uri)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as exc:
            raise StoreError(f"cannot open the output {uri}: {exc}") from exc
        self.uri = uri
        self.root = root.rstrip("/")
        self.meta = f"{self.root}/{META}"
        self.retention_seconds = retention_seconds

    # ------------------------------------------------------------ set up --
    def open(self) -> None:
        try:
            for d in (self.root, self.meta, *(f"{self.root}/{t}" for t in TABLE_NAMES)):
                self.fs.create_dir(d, recursive=True)
        except OSError as exc:
            raise StoreError(f"cannot create the output {self.uri}: {exc}") from exc

    @contextmanager
    def lock(self, wait_seconds: float = 0.0) -> Iterator[None]:
        """Best-effort writer marker (object stores have no atomic create-if-absent here)."""
        self.open()
        marker = self._marker = f"{self.meta}/lock.json"
        deadline = time.monotonic() + wait_seconds
        while True:
            holder = self._read_json(marker)
            if holder is None or _stale(holder):
                break
            if time.monotonic() >= deadline:
                raise StoreLocked(f"{self.uri} is being written by pid {holder.get('pid')} on {holder.get('host')}")
            time.sleep(0.5)
        token = self._token = uuid.uuid4().hex
        self._heartbeat()
        try:
            self.recover()
            yield
        finally:
            current = self._read_json(marker)
            if current is not None and current.get("token") == token:
                self.fs.delete_file(marker)

    def _heartbeat(self) -> None:
        """(Re)write the writer marker; a marker not refreshed for an hour is abandoned."""
        info = {"pid": os.getpid(), "host": socket.gethostname(), "at": time.time(), "token": self._token}
        self._write(self._marker, json.dumps(info).encode())

    def recover(self) -> None:
        """Delete data files no manifest lists (a commit killed before its commit point)."""
        number, live = self._current()
        if number is None:
            self._initial_commit()
            return
        for name in TABLE_NAMES:
            for info in self._list(f"{self.root}/{name}"):
                if info.base_name.endswith(".parquet") and info.base_name not in live.get(name, ()):
                    self.fs.delete_file(info.path)

    def _initial_commit(self) -> None:
        files = {}
        for name in TABLE_NAMES:
            self._write(f"{self.root}/{name}/{EMPTY_PART}", parquet_bytes(TABLES[name].arrow_schema.empty_table()))
            files[name] = [EMPTY_PART]
        self._write_manifest(0, [], files)

    # ------------------------------------------------------------- state --
    def _list(self, path: str) -> list[pafs.FileInfo]:
        return self.fs.get_file_info(pafs.FileSelector(path, allow_not_found=True))

    def _manifests(self) -> list[int]:
        out = []
        for info in self._list(self.meta):
            name = info.base_name
            if name.startswith("manifest-") and name.endswith(".parquet"):
                out.append(int(name[len("manifest-") : -len(".parquet")]))
        return sorted(out)

    def _current(self) -> tuple[int | None, dict[str, list[str]]]:
        for number in reversed(self._manifests()):
            try:
                meta = pq.read_schema(self._manifest_path(number), filesystem=self.fs).metadata or {}
                return number, json.loads(meta[_FILES_KEY])
            except (OSError, KeyError, pa.ArrowInvalid):
                continue  # a manifest cut short: the one before it is the committed state
        return None, {}

    def _manifest_path(self, number: int) -> str:
        return f"{self.meta}/manifest-{number:08d}.parquet"

    def manifest(self) -> dict[str, ManifestEntry]:
        number, _ = self._current()
        if number is None:
            return {}
        table = pq.read_table(self._manifest_path(number), filesystem=self.fs)
        return {row["source"]: ManifestEntry(**row) for row in table.cast(MANIFEST_SCHEMA).to_pylist()}

    # ------------------------------------------------------------ commit --
    def commit(
        self,
        new_tables: Mapping[str, pa.Table],
        entries: Iterable[ManifestEntry],
        replaced_sources: Iterable[str] = (),
    ) -> CommitResult:
        current, live = self._current()
        if current is None:
            raise StoreError(f"{self.uri} has no committed manifest")
        number = current + 1
        stem = f"part-{number:08d}-{uuid.uuid4().hex[:8]}"
        replaced = set(replaced_sources)
        manifest = self.manifest()
        old_ids, parts_to_rewrite = replacement_plan(manifest, replaced)
        io = _ObjectFiles(self)
        rows, renamed_parts, files = rebuild_tables(io, new_tables, live, number, stem, old_ids, replaced, parts_to_rewrite)
        merged = merge_manifest(manifest, entries, replaced, renamed_parts, stem)
        _crash_point("before_publish")
        self._write_manifest(number, merged, files)  # the commit point
        _crash_point("after_publish")
        for path in io.obsolete:
            self.fs.delete_file(path)
        if getattr(self, "_token", None):
            self._heartbeat()
        for old in self._manifests():
            if old < number - 1:
                self.fs.delete_file(self._manifest_path(old))
        return CommitResult(snapshot=number, rows=rows, files={n: len(f) for n, f in files.items()})

    # ----------------------------------------------------------- helpers --
    def _write(self, path: str, data: bytes) -> None:
        with self.fs.open_output_stream(path) as out:
            out.write(data)

    def _write_manifest(self, number: int, entries: list[ManifestEntry], files: dict[str, list[str]]) -> None:
        table = pa.Table.from_pylist([asdict(e) for e in entries], schema=MANIFEST_SCHEMA)
        table = table.replace_schema_metadata({_FILES_KEY: json.dumps(files).encode()})
        self._write(self._manifest_path(number), parquet_bytes(table))

    def _read_json(self, path: str) -> dict | None:
        try:
            with self.fs.open_input_stream(path) as src:
                return json.loads(src.read())
        except (OSError, ValueError):
            return None




class _ObjectFiles:
    """Object-store commits: files written in place under fresh names; replaced ones deleted
    only after the manifest that stops listing them is written."""

    def __init__(self, store: ObjectStore):
        self.store = store
        self.obsolete: list[str] = []

    def _path(self, table: str, base: str) -> str:
        return f"{self.store.root}/{table}/{base}"

    def read(self, table: str, base: str) -> pa.Table:
        return pq.read_table(self._path(table, base), filesystem=self.store.fs)

    def write(self, table: str, base: str, data: pa.Table) -> None:
        self.store._write(self._path(table, base), parquet_bytes(data))

    def keep(self, table: str, base: str) -> None:
        pass

    def drop(self, table: str, base: str) -> None:
        self.obsolete.append(self._path(table, base))


def _stale(holder: dict) -> bool:
    """A marker left by a writer that is gone: a dead process on this host, or silent for an hour."""
    if holder.get("host") == socket.gethostname():
        try:
            os.kill(int(holder.get("pid", 0)), 0)
        except ProcessLookupError:
            return True
        except (PermissionError, ValueError, OverflowError):
            pass
    return time.time() - holder.get("at", 0) > _LOCK_STALE_SECONDS
