"""The manifest's storage: a base and change files round-trip to the same entries, and
applying changes keeps the indexes a commit asks about in step with the entries."""

from dataclasses import fields
from datetime import UTC, datetime

import pytest

from quoteflow.dataset.manifest import (
    MANIFEST_SCHEMA,
    Manifest,
    ManifestChanges,
    ManifestEntry,
    changes_of,
    changes_table,
    manifest_from,
    manifest_table,
)
from quoteflow.schemas.vocab import ManifestStatus

T0 = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)


def entry(source: str, status: ManifestStatus, aid: str | None, part: str | None) -> ManifestEntry:
    sha = aid * 4 if aid else None
    return ManifestEntry(source, status, sha, aid, len(source), 17, part, "run-1", T0)


A = entry("a.txt", ManifestStatus.ARTICLE, "aa", "part-1")
B = entry("b%E9.txt", ManifestStatus.DUPLICATE, "aa", None)
C = entry("c/d.txt", ManifestStatus.ARTICLE, "cc", "part-1")
E = entry("e.txt", ManifestStatus.REJECTED, None, None)


def test_entries_are_stored_as_the_schema_columns_in_field_order():
    assert [f.name for f in fields(ManifestEntry)] == MANIFEST_SCHEMA.names


@pytest.mark.parametrize(
    "changes",
    [
        ManifestChanges([A, B, C, E], []),
        ManifestChanges([C], ["a.txt", "gone/x.txt"]),
        ManifestChanges([], ["only-removed.txt"]),
        ManifestChanges([], []),
    ],
)
def test_a_change_file_round_trips(changes):
    table = changes_table(changes)
    assert table.num_rows == len(changes)
    back = changes_of(table)
    assert back == changes
    assert all(isinstance(e.status, ManifestStatus) for e in back.entries)


def test_a_base_written_before_change_files_existed_is_read():
    legacy = manifest_table([A, C]).drop_columns(["removed"])
    assert changes_of(legacy) == ManifestChanges([A, C], [])


def test_a_base_then_changes_give_the_latest_entries_and_indexes():
    base = manifest_table([A, B, C, E])
    c_moved = entry("c/d.txt", ManifestStatus.ARTICLE, "cc", "part-2")
    later = changes_table(ManifestChanges([c_moved], ["a.txt"]))
    m = manifest_from([base, later])
    assert dict(m) == {"b%E9.txt": B, "c/d.txt": c_moved, "e.txt": E}
    assert m.holder("aa") is None and m.holder("cc") == "c/d.txt"
    assert m.copies("aa") == {"b%E9.txt"}
    assert m.sources_in("part-1") == frozenset() and m.sources_in("part-2") == {"c/d.txt"}
    assert m.parts() == {"part-2": 1}


def test_indexes_equal_a_manifest_built_from_scratch_after_every_change():
    m = Manifest([A, B, C])
    steps = [
        ManifestChanges([entry("a.txt", ManifestStatus.RETRY, "aa", "part-1")], []),
        ManifestChanges([entry("b%E9.txt", ManifestStatus.ARTICLE, "aa", "part-3")], ["c/d.txt"]),
        ManifestChanges([C, E], ["a.txt"]),
    ]
    for step in steps:
        m.apply(step)
        fresh = Manifest(m.values())
        for aid in ("aa", "cc"):
            assert (m.holder(aid), m.copies(aid)) == (fresh.holder(aid), fresh.copies(aid))
        assert m.parts() == fresh.parts()
    assert dict(manifest_from([manifest_table(m.values())])) == dict(m)  # compaction keeps every entry
