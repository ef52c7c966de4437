"""Outputs an earlier quoteflow wrote are converted once, by the first run or by `repair`, and read
back identically; and two writers on object storage, where the conditional create of each manifest
is the only thing between them."""

import shutil

import pyarrow.parquet as pq
import pytest

from quoteflow.dataset import objectstore as objectstore_module
from quoteflow.dataset.files import EMPTY_PART
from quoteflow.dataset.health import check, repair
from quoteflow.dataset.manifest import manifest_table
from quoteflow.dataset.objectstore import ObjectStore
from quoteflow.dataset.snapshots import DatasetStore
from quoteflow.errors import CommitConflict
from quoteflow.pipeline import run
from quoteflow.settings import Settings

from .test_store import article, commit, entry, mention, read, tables


def three_commits(store):
    commit(store, ("a.txt", "a" * 16), ("b.txt", "b" * 16))
    commit(store, ("c.txt", "c" * 16))
    commit(store, ("a.txt", "d" * 16), replaced={"a.txt"})
    return dict(store.manifest())


def whole(manifest):
    """The manifest as one table, as an earlier quoteflow wrote it (no `removed` column yet)."""
    table = manifest_table(sorted(manifest.values(), key=lambda e: e.source))
    return table.drop_columns(["removed"]) if "removed" in table.column_names else table


def batch(source, aid):
    """What a commit of one article is given: its tables and its manifest entry."""
    return tables({"articles": [article(aid, source)], "mentions": [mention(aid)]}), [entry(source, aid)]


def upgrade_by(how, store):
    if how == "run":
        with store.lock():  # what a run does first
            pass
        return []
    with store.lock(recover=False):  # as `quoteflow repair` holds it
        return repair(store).lines()


@pytest.mark.parametrize("how", ["run", "repair"])
def test_a_local_snapshot_with_a_one_file_manifest_is_upgraded_and_reads_back_identically(tmp_path, how):
    before = three_commits(DatasetStore(tmp_path))
    rows = sorted(read(tmp_path, "articles").article_id)
    old = DatasetStore(tmp_path).current_dir()
    shutil.rmtree(old / "manifest")
    pq.write_table(whole(before), old / "manifest.parquet")

    store = DatasetStore(tmp_path)
    problems = check(store).problems
    assert any("one-file manifest of an earlier quoteflow" in p for p in problems), problems
    lines = upgrade_by(how, store)
    assert how == "run" or lines[0].startswith("upgraded the manifest of snapshot 3"), lines

    current = DatasetStore(tmp_path).current_dir()
    assert current != old and sorted(p.name for p in (current / "manifest").iterdir()) == ["base-00000004.parquet"]
    assert dict(DatasetStore(tmp_path).manifest()) == before
    assert sorted(read(tmp_path, "articles").article_id) == rows
    assert check(DatasetStore(tmp_path)).ok
    commit(DatasetStore(tmp_path), ("e.txt", "e" * 16))  # and commits go on from it
    assert sorted(DatasetStore(tmp_path).manifest()) == ["a.txt", "b.txt", "c.txt", "e.txt"]


@pytest.mark.parametrize("how", ["run", "repair"])
def test_an_object_store_manifest_written_whole_is_upgraded_and_reads_back_identically(tmp_path, how):
    uri = f"file://{tmp_path}"
    before = three_commits(ObjectStore(uri))
    meta = tmp_path / ".quoteflow"
    *older, newest = sorted(meta.glob("manifest-*.parquet"))
    files = pq.read_schema(newest).metadata[b"quoteflow.files"]
    for path in older:
        path.unlink()
    # every manifest whole, with the live files and nothing else in its metadata
    pq.write_table(whole(before).replace_schema_metadata({b"quoteflow.files": files}), newest)

    store = ObjectStore(uri)
    problems = check(store).problems
    assert any("written by an earlier quoteflow" in p for p in problems), problems
    lines = upgrade_by(how, store)
    assert how == "run" or lines[0].startswith("upgraded the manifest of version 3"), lines

    assert b"quoteflow.chain" in pq.read_schema(meta / "manifest-00000004.parquet").metadata
    assert dict(ObjectStore(uri).manifest()) == before
    assert check(ObjectStore(uri)).ok
    commit(ObjectStore(uri), ("e.txt", "e" * 16))
    assert sorted(ObjectStore(uri).manifest()) == ["a.txt", "b.txt", "c.txt", "e.txt"]


def test_an_object_store_output_under_the_old_folder_name_is_moved_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    uri = f"file://{out}"
    before = three_commits(ObjectStore(uri))
    rows = sorted(read(out, "articles").article_id)
    (out / ".quoteflow").rename(out / "_quoteflow")  # the layout of before, writer marker included
    (out / "_quoteflow" / "lock.json").write_text('{"pid": 1}')
    # a move killed halfway: some files are already under the new name
    shutil.copytree(out / "_quoteflow" / "data", out / ".quoteflow" / "data")

    assert check(ObjectStore(uri)).problems == [
        "its metadata is in _quoteflow/, as an earlier quoteflow wrote it: `quoteflow repair` or the next run "
        "moves it to .quoteflow/"
    ]
    (tmp_path / "empty").mkdir()
    summary = run(str(tmp_path / "empty"), uri, Settings())  # nothing to read: the run's start
    assert summary.status == "completed"
    assert not (out / "_quoteflow").exists()
    assert not (out / ".quoteflow" / "lock.json").exists()
    assert dict(ObjectStore(uri).manifest()) == before
    assert sorted(read(out, "articles").article_id) == rows
    assert check(ObjectStore(uri)).ok
    commit(ObjectStore(uri), ("e.txt", "e" * 16))
    assert sorted(ObjectStore(uri).manifest()) == ["a.txt", "b.txt", "c.txt", "e.txt"]


def test_an_object_store_commit_planned_against_an_older_state_conflicts_and_writes_nothing(tmp_path):
    uri = f"file://{tmp_path}"
    first, second = ObjectStore(uri), ObjectStore(uri)
    with first.lock(), second.lock():  # no lock: both runs start
        assert len(first.manifest()) == len(second.manifest()) == 0
        commit(second, ("x.txt", "x" * 16))  # version 1
        written = sorted(p.name for p in (tmp_path / ".quoteflow" / "data").rglob("*.parquet"))
        with pytest.raises(CommitConflict, match="another run committed version 1") as conflict:
            first.commit(*batch("y.txt", "y" * 16))  # planned on version 0
        assert conflict.value.version == 1
        assert sorted(p.name for p in (tmp_path / ".quoteflow" / "data").rglob("*.parquet")) == written
        assert "x.txt" in first.manifest()  # read again: now it plans on version 1
        assert first.commit(*batch("y.txt", "y" * 16)).snapshot == 2
    assert sorted(ObjectStore(uri).manifest()) == ["x.txt", "y.txt"]
    assert check(ObjectStore(uri)).ok


def test_of_two_object_store_writers_creating_one_version_the_loser_conflicts_and_leaves_no_file(tmp_path, monkeypatch):
    """Both planned on version 0 and wrote their files; the second creates manifest 1 while the first
    is about to: the first's create fails, and it deletes the files it wrote for version 1."""
    uri = f"file://{tmp_path}"
    first, second = ObjectStore(uri), ObjectStore(uri)
    with first.lock():
        pass
    first.manifest(), second.manifest()
    crash_point = objectstore_module.crash_point
    raced = []

    def other_run_first(name: str) -> bool:
        if name == "before_publish" and not raced:
            raced.append(name)
            commit(second, ("x.txt", "x" * 16))
        return crash_point(name)

    monkeypatch.setattr(objectstore_module, "crash_point", other_run_first)
    with pytest.raises(CommitConflict, match="another run committed version 1"):
        first.commit(*batch("y.txt", "y" * 16))
    assert raced
    live = {p.name for p in (tmp_path / "articles").glob("*.parquet")}
    data = {p.name for p in (tmp_path / ".quoteflow" / "data" / "articles").glob("*.parquet")}
    assert data - live <= {EMPTY_PART}, "the loser's files were left behind"  # version 0's, kept a while
    assert sorted(ObjectStore(uri).manifest()) == ["x.txt"]
    assert check(ObjectStore(uri)).ok
