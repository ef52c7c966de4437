"""A million inputs on one machine: the manifest and the listing are held as Arrow columns and
asked by key. Triage looks up the batch's texts and the plan joins the listing with the
manifest, neither walks every entry; neither keeps a Python object per stored entry or per
listed file."""

from __future__ import annotations

import hashlib
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from quoteflow.batch import triage
from quoteflow.dataset.manifest import Manifest, ManifestChanges, ManifestEntry, manifest_from, manifest_table
from quoteflow.pipeline import plan_inputs
from quoteflow.records import Article, InputFile, RunInfo
from quoteflow.schemas.vocab import ManifestStatus
from quoteflow.sources.discover import discover
from quoteflow.sources.read import ReadBatch

T0 = datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC)
RUN = RunInfo("run-scale", T0, "0")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def entry(k: int, status: ManifestStatus = ManifestStatus.ARTICLE, part: str = "part-00000001-aa") -> ManifestEntry:
    digest = sha(f"made-up text {k}")
    return ManifestEntry(f"desk/{k:06d}.txt", status, digest, digest[:16], 100 + k % 7, 10**18 + k, part, "r", T0)


def stored(n: int) -> Manifest:
    """A manifest of `n` stored articles, read back from its base as a run reads it."""
    return manifest_from([manifest_table(entry(k) for k in range(n))])


class NoWalk(Manifest):
    """A manifest that fails a test that walks every entry."""

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("walked every entry")

    def items(self):  # type: ignore[override]
        raise AssertionError("walked every entry")

    def values(self):  # type: ignore[override]
        raise AssertionError("walked every entry")


def no_walk(n: int) -> NoWalk:
    m = stored(n)
    m.__class__ = NoWalk  # the manifest as a run reads it, that fails a walk
    return m  # type: ignore[return-value]


def test_triage_looks_up_the_batch_texts_instead_of_walking_the_manifest():
    m = no_walk(50)
    held = Article("desk/new-copy.txt", "made-up text 7", "utf-8", sha("made-up text 7"), None, None)
    fresh = Article("desk/new.txt", "a made-up new text", "utf-8", sha("a made-up new text"), None, None)
    files = [InputFile(a.source, "/in", (a.source,), 10, 1, 0, 0) for a in (held, fresh)]
    plan = triage(ReadBatch(articles=list(zip(files, [held, fresh], strict=True))), m, RUN)
    assert [a.source for a in plan.to_extract] == ["desk/new.txt"]
    assert [(e.source, e.status) for e in plan.entries] == [
        ("desk/new-copy.txt", ManifestStatus.DUPLICATE),
        ("desk/new.txt", ManifestStatus.ARTICLE),
    ]


def test_the_plan_joins_the_listing_with_the_manifest_without_an_entry_per_input(monkeypatch):
    m = no_walk(300)
    asked: list[str] = []
    real = Manifest.get

    def counted(self: Manifest, source: str, default: object = None) -> object:
        asked.append(source)
        return real(self, source, default)

    monkeypatch.setattr(Manifest, "get", counted)
    listed = [InputFile(e.source, "/in", (e.source,), e.size, e.mtime_ns, 0, 0) for e in map(entry, range(300))]
    touched = InputFile("desk/000005.txt", "/in", ("x",), 1, 2, 0, 0)  # size and mtime differ
    new = InputFile("desk/zz-new.txt", "/in", ("y",), 1, 2, 0, 0)
    plan = plan_inputs([*listed[:5], touched, *listed[6:], new], m)
    assert len(plan.unchanged) == 299 and plan.to_read == [touched, new]
    assert asked == []


@pytest.mark.parametrize(
    "changes",
    [
        ManifestChanges([entry(3, ManifestStatus.DUPLICATE, part="")], []),
        ManifestChanges([entry(900, part="part-00000009-bb")], ["desk/000001.txt"]),
        ManifestChanges([entry(2, ManifestStatus.RETRY)], ["desk/000004.txt", "desk/000002.txt"]),
    ],
)
def test_a_manifest_read_from_a_table_answers_as_one_of_objects(changes):
    objects = Manifest(entry(k) for k in range(6))
    columns = stored(6)
    for m in (objects, columns):
        m.apply(changes)
    assert dict(columns) == dict(objects) and len(columns) == len(objects)
    assert columns.parts() == objects.parts()
    for k in (1, 2, 3, 4, 900):
        e = entry(k)
        assert (e.source in columns, columns.get(e.source)) == (e.source in objects, objects.get(e.source))
        assert columns.holder(e.article_id) == objects.holder(e.article_id)
        assert columns.copies(e.article_id or "") == objects.copies(e.article_id or "")
    assert columns.sources_in("part-00000001-aa") == objects.sources_in("part-00000001-aa")
    assert manifest_from([manifest_table(columns.values())]) == objects


def test_a_stored_manifest_keeps_no_python_object_per_entry():
    table = manifest_table(entry(k) for k in range(50_000))
    tracemalloc.start()
    try:
        m = manifest_from([table])
        kept, _peak = tracemalloc.get_traced_memory()
        assert m.holder(entry(49_999).article_id) == "desk/049999.txt"
    finally:
        tracemalloc.stop()
    assert kept < 2_000_000  # as 50,000 entry objects it is about 30 MB


def test_a_listing_keeps_no_python_object_per_file(tmp_path):
    for k in range(3000):
        (tmp_path / f"{k % 3}").mkdir(exist_ok=True)
        (tmp_path / f"{k % 3}" / f"a{k:05d}.txt").write_text("x")
    tracemalloc.start()
    try:
        listing = discover(tmp_path)
        kept, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(listing.found) == 3000 and listing.found[0].source == "0/a00000.txt"
    assert kept < 150_000  # as 3,000 InputFile objects it is about 1.2 MB
