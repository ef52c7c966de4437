"""Create a file only if it does not exist: the object store's compare-and-swap.

    create_if_absent(fs, "s3://news/out", "news/out/.quoteflow/manifest-00000007.parquet", data)
    # True: this writer made version 7; False: another writer made it first, nothing written

A manifest's creation is the commit point of object storage, and the only check between two
writers (as pyiceberg's catalog commit is): S3 has a conditional PUT (`If-None-Match: *`), a
local filesystem a hard link that fails when the name exists. Other filesystems (gs://, hdfs://)
offer neither through pyarrow, so there the check is made just before writing: best effort.
"""

from __future__ import annotations

import contextlib
import os
import uuid

import pyarrow.fs as pafs

from .. import s3


def write_file(fs: pafs.FileSystem, path: str, data: bytes) -> None:
    with fs.open_output_stream(path) as out:
        out.write(data)


def create_if_absent(fs: pafs.FileSystem, uri: str, path: str, data: bytes) -> bool:
    """Write `path` only if it does not exist, atomically where the filesystem can: created?"""
    if isinstance(fs, pafs.S3FileSystem):
        bucket, _, key = path.partition("/")
        return s3.put_if_absent(bucket, key, data, endpoint=s3.endpoint_of(uri))
    if isinstance(fs, pafs.LocalFileSystem):
        staged = f"{path}.{uuid.uuid4().hex}.tmp"
        try:
            write_file(fs, staged, data)
            os.link(staged, path)  # fails if `path` exists, whatever the timing
        except FileExistsError:
            return False
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(staged)
        return True
    if fs.get_file_info(path).type != pafs.FileType.NotFound:  # no atomic way: best effort
        return False
    write_file(fs, path, data)
    return True
