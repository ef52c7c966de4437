"""Which listed inputs a run need not read: the listing joined with the manifest as Arrow columns.

    unchanged_inputs([InputFile("city/bridge.txt", …, size=812, mtime_ns=17…)], manifest, policy, to_retry)
    # -> [True]: its entry has the same size, mtime and ETag, and an outcome `policy` takes as settled

A run over a million inputs compares them all: one vectorised join of the listing
(source, size, mtime_ns, etag) with the manifest's (size, mtime_ns, etag, status,
extraction_version) columns, not an entry object per input. Only the few inputs the
manifest changed since its table was read, and feeds or archives (whose records may be
due again), are asked one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .dataset.manifest import Manifest, ManifestEntry
from .records import InputFile
from .retry import RetryPolicy
from .schemas.vocab import ManifestStatus
from .sources.inputs import Inputs

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: the manifest's columns compared with a listing
_COLUMNS = ["size", "mtime_ns", "etag", "status", "extraction_version"]

RecordToRetry = Callable[[Mapping[str, ManifestEntry], str, RetryPolicy], bool]


def unchanged_inputs(
    inputs: Sequence[InputFile], manifest: Manifest, retry: RetryPolicy, record_to_retry: RecordToRetry
) -> list[bool]:
    """For each input: is its entry's size, mtime and ETag its own, its outcome settled under
    `retry`, and (a feed or archive) none of its records to be tried again?"""
    if isinstance(inputs, Inputs):  # a folder's listing: its columns, files have no ETag
        sources, size, mtime = inputs.column("source"), inputs.column("size"), inputs.column("mtime_ns")
        etag = pa.nulls(len(inputs), pa.string())
    else:
        sources = pa.array([f.source for f in inputs], pa.string())
        size = pa.array([f.size for f in inputs], pa.int64())
        mtime = pa.array([f.mtime_ns for f in inputs], pa.int64())
        etag = pa.array([f.etag for f in inputs], pa.string())
    stored, since = manifest.stored(sources, _COLUMNS)
    same_etag = pc.or_kleene(pc.equal(stored["etag"], etag), pc.and_(pc.is_null(stored["etag"]), pc.is_null(etag)))
    same = pc.and_kleene(pc.and_kleene(pc.equal(stored["size"], size), pc.equal(stored["mtime_ns"], mtime)), same_etag)
    flags = pc.and_(pc.and_(pc.fill_null(same, False), _settled(stored, retry)), pc.invert(since))
    containers = pc.and_(flags, pc.is_in(sources, value_set=pa.array(sorted(manifest.containers()), pa.string())))
    out: list[bool] = flags.to_pylist()
    for i in _where(since):  # written or removed since the manifest's table was read: asked one by one
        f = inputs[i]
        e = manifest.get(f.source)
        out[i] = (
            e is not None
            and retry.settled(e)
            and (e.size, e.mtime_ns, e.etag) == (f.size, f.mtime_ns, f.etag)
            and not record_to_retry(manifest, f.source, retry)
        )
    for i in _where(containers):  # a feed or archive: read again if one of its records is due
        out[i] = not record_to_retry(manifest, inputs[i].source, retry)
    return out


def _where(flags: pa.Array | pa.ChunkedArray) -> list[int]:
    return [int(i) for i in np.flatnonzero(flags.to_numpy(zero_copy_only=False))]


def _settled(stored: pa.Table, retry: RetryPolicy) -> pa.Array | pa.ChunkedArray:
    """`retry.settled` of each row, asked once per distinct (status, extraction version): the
    rule stays in `RetryPolicy`, written once."""
    pairs = stored.select(["status", "extraction_version"]).group_by(["status", "extraction_version"]).aggregate([])
    out: pa.Array | pa.ChunkedArray = pa.array(np.zeros(stored.num_rows, dtype=bool))
    for status, version in zip(pairs["status"].to_pylist(), pairs["extraction_version"].to_pylist(), strict=True):
        if status is None:  # no entry: new
            continue
        probe = ManifestEntry(
            "", ManifestStatus(status), None, None, 0, 0, None, "", _EPOCH, extraction_version=version
        )
        if not retry.settled(probe):
            continue
        same_version = (
            pc.is_null(stored["extraction_version"])
            if version is None
            else pc.fill_null(pc.equal(stored["extraction_version"], version), False)
        )
        out = pc.or_(out, pc.and_(pc.fill_null(pc.equal(stored["status"], status), False), same_version))
    return out
