"""The one safe way to read a dataset: pin one committed version, read it lazily.

    data = open_dataset("data")
    data.version                       # 42: the committed version pinned
    data.location                      # "/abs/data/.quoteflow/snapshots/00000042" (local outputs)
    data["quotes"].to_table()          # a pyarrow.dataset.Dataset per table, read when asked
    data.files("quotes")               # the version's files: for DuckDB, Polars or Spark
    open_dataset("data", version=40)   # an earlier version, while it is kept (`quoteflow history`)

A run may commit while you read. The files of a pinned version are never changed, and
they are kept `QUOTEFLOW_SNAPSHOT_RETENTION_SECONDS` (15 minutes by default) after a
newer version replaces them (`quoteflow vacuum`, which every run ends with, deletes
them after that), so reads through a pinned version never fail and never see part of
a batch within that time. Listing `OUT/<table>` and opening its files
yourself can, during a commit: a file listed may be gone when opened (the table folder
moved to the next version), and on object storage a listing may mix two versions.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow.fs as pafs

from ..errors import StoreError
from ..schemas.evolution import reading_schema
from ..schemas.tables import TABLES
from ..schemas.vocab import TABLE_NAMES
from ..uri import is_uri
from .objectstore import ObjectStore
from .snapshots import DatasetStore
from .versions import not_kept

if TYPE_CHECKING:
    import pyarrow.dataset as ds


@dataclass(frozen=True)
class Dataset:
    out: str
    version: int
    location: str  # the pinned snapshot's folder (local), or its manifest (object storage)
    paths: dict[str, list[str]]  # every table's files, in the form `filesystem` reads
    filesystem: pafs.FileSystem

    def __getitem__(self, table: str) -> ds.Dataset:
        import pyarrow.dataset as ds  # with pandas: loaded by a reader, not by every run

        if table not in TABLES:
            raise KeyError(f"no table {table!r}; the tables are {', '.join(TABLE_NAMES)}")
        schema = reading_schema(TABLES[table].arrow_schema)
        return ds.dataset(self.paths[table], schema=schema, format="parquet", filesystem=self.filesystem)

    def files(self, table: str) -> list[str]:
        """The table's files as full paths (local) or URIs (object storage)."""
        if isinstance(self.filesystem, pafs.LocalFileSystem):
            return list(self.paths[table])
        scheme = self.out.split("://", 1)[0]
        return [f"{scheme}://{p}" for p in self.paths[table]]


def open_dataset(out: str | os.PathLike[str], version: int | None = None) -> Dataset:
    """Pin the committed version of the output `out` (a folder or a filesystem URI), or
    `version`, an earlier one still kept: a version vacuumed or never written is a
    `StoreError` naming the versions kept."""
    out = os.fspath(out)
    if is_uri(out):
        store = ObjectStore(out)
        number = store.current_number()
        if number is None:
            raise StoreError(f"{out} holds no quoteflow dataset")
        if version is not None and version != number:
            kept = store.kept_versions()
            if version not in kept:
                raise not_kept(out, version, kept)
            number = version
        files = store.version_files(number)
        paths = {name: [f"{store.data}/{name}/{base}" for base in files[name]] for name in TABLE_NAMES}
        return Dataset(out, number, f"{store.meta}/manifest-{number:08d}.parquet", paths, store.fs)
    local = DatasetStore(out)
    number = local.current_number()
    if number is None:
        raise StoreError(f"{out} holds no quoteflow dataset (run `quoteflow run SOURCE --out {out}` first)")
    if version is not None and version != number:
        kept = local.kept_versions()
        if version not in kept:
            raise not_kept(out, version, kept)
        number = version
    folder = local.version_dir(number).resolve()
    paths = {name: [str(p) for p in sorted((folder / name).glob("*.parquet"))] for name in TABLE_NAMES}
    if not any(paths.values()):  # vacuumed between the listing and now
        raise not_kept(out, number, local.kept_versions())
    return Dataset(out, number, str(folder), paths, pafs.LocalFileSystem())
