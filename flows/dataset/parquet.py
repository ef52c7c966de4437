"""Parquet files written whole and durably (zstd, statistics on).

write_parquet(table, Path("OUT/.quoteflow/tmp/build-…/quotes/part-00000042-1a2b3c4d.parquet"))
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .crashpoints import crash_point, kill_self, write_fault


def parquet_bytes(table: pa.Table) -> bytes:
    """One Parquet file in memory."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write one data file and fsync it."""
    data = parquet_bytes(table)
    write_fault()
    with open(path, "wb") as fh:
        if crash_point(f"mid_file_{path.parent.name}"):
            fh.write(data[: len(data) // 2])  # a writer killed half-way through a file
            fh.flush()
            os.fsync(fh.fileno())
            kill_self()
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
