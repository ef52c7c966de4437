"""The manifest: one entry per input an output has seen, and what it became.

It decides what a run has to do without opening any article: an input whose size and
modification time match its entry is unchanged. It also says which data file holds
each input's rows (`part`), so a changed input's old rows are found and replaced.

    ManifestEntry(source="city/bridge.txt", status="article", content_sha256="9f2c…",
                  article_id="9f2c…", size=812, mtime_ns=1732…, part="part-00000007-1a2b3c4d",
                  run_id="…", processed_at=datetime(…))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

import pyarrow as pa

from ..schemas.vocab import ManifestStatus

MANIFEST_SCHEMA = pa.schema(
    [
        pa.field("source", pa.string(), nullable=False),
        pa.field("status", pa.string(), nullable=False),  # a ManifestStatus
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


@dataclass(frozen=True)
class ManifestEntry:
    source: str
    status: ManifestStatus
    content_sha256: str | None
    article_id: str | None
    size: int
    mtime_ns: int
    part: str | None
    run_id: str
    processed_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ManifestEntry:
        return cls(**{**row, "status": ManifestStatus(row["status"])})


Manifest = dict[str, ManifestEntry]  # source -> entry


def manifest_table(entries: Iterable[ManifestEntry]) -> pa.Table:
    return pa.Table.from_pylist([asdict(e) for e in entries], schema=MANIFEST_SCHEMA)


def manifest_of(table: pa.Table) -> Manifest:
    return {row["source"]: ManifestEntry.from_row(row) for row in table.cast(MANIFEST_SCHEMA).to_pylist()}


def merge_manifest(
    manifest: Mapping[str, ManifestEntry],
    entries: Iterable[ManifestEntry],
    replaced: set[str],
    renamed_parts: Mapping[str, str],
    stem: str,
    retry: Iterable[str] = (),
) -> list[ManifestEntry]:
    """The manifest after a commit: replaced sources dropped, rewritten parts renamed, the
    `retry` sources marked to be read again, the batch's entries added (their `NEW_PART`
    placeholder becomes the batch's file stem)."""
    merged = {s: e for s, e in manifest.items() if s not in replaced}
    for s, e in merged.items():
        if e.part is not None and e.part in renamed_parts:
            merged[s] = replace(e, part=renamed_parts[e.part])
    for s in retry:
        if s in merged:
            merged[s] = replace(merged[s], status=ManifestStatus.RETRY)
    for e in entries:
        merged[e.source] = replace(e, part=stem) if e.part == NEW_PART else e
    return sorted(merged.values(), key=lambda e: e.source)
