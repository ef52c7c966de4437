"""Time travel: every version an output keeps reads as it was committed (`open_dataset(out,
version=N)`, `quoteflow snapshot --version N`), `quoteflow history` lists them with their
commit records, commits delete nothing and `vacuum` (explicit, or once at the end of a run)
deletes the versions replaced longer ago than the retention, on both backends."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from quoteflow.dataset.objectstore import ObjectStore
from quoteflow.dataset.reader import open_dataset
from quoteflow.dataset.snapshots import DatasetStore
from quoteflow.dataset.store import open_store
from quoteflow.dataset.versions import RECORD_FILE
from quoteflow.errors import StoreError
from quoteflow.pipeline import run
from quoteflow.schemas.vocab import TABLE_NAMES
from quoteflow.settings import Settings

from .conftest import QUOTEFLOW, REPO, comparable, write_articles
from .test_store import commit

SETTINGS = Settings(batch_size=2)

# made-up articles: three runs, the third edits the first article
FIRST = {
    "desk/alpha.txt": "Harbor chief Mira Quell said the pier would open in June.\n“We have the timber,” Quell said.\n",
    "desk/beta.txt": "Councillor Tobin Aske said the tram fares would fall.\n“Riders asked for it,” Aske said.\n",
}
SECOND = {"desk/gamma.txt": "Engineer Lio Brant said the tunnel was sound.\n“It held all winter,” Brant said.\n"}
EDITED = {"desk/alpha.txt": FIRST["desk/alpha.txt"] + "“June is still the plan,” Quell added.\n"}


def rows_of(pinned) -> dict[str, list]:
    return {name: comparable(pinned[name].to_table().to_pylist()) for name in TABLE_NAMES}


def disk(root: Path) -> dict[str, str]:
    """Every file and link under `root`, with its content's hash (or link target)."""
    out = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            out[key] = "-> " + os.readlink(path)
        elif path.is_file():
            out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[key] = "dir"
    return out


def three_runs(tmp_path: Path, target: str, settings: Settings = SETTINGS) -> dict[int, dict[str, list]]:
    """Three runs into `target`: the rows of every table after each, by the version it committed."""
    src = tmp_path / "in"
    seen = {}
    for articles in (FIRST, SECOND, EDITED):
        write_articles(src, articles)
        summary = run(str(src), target, settings)
        assert summary.status == "completed", summary.message
        pinned = open_dataset(target)
        seen[pinned.version] = rows_of(pinned)
    return seen


def assert_versions_read_as_committed(target: str, seen: dict[int, dict[str, list]]) -> None:
    assert len(seen) == 3 and len({json.dumps(v, default=str) for v in seen.values()}) == 3
    for version, rows in seen.items():
        pinned = open_dataset(target, version=version)
        assert pinned.version == version
        assert rows_of(pinned) == rows, f"version {version} does not read as committed"


@pytest.mark.parametrize("scheme", ["", "file://"])
def test_every_kept_version_reads_exactly_its_tables(tmp_path, scheme):
    target = f"{scheme}{tmp_path / 'out'}"
    seen = three_runs(tmp_path, target)
    assert_versions_read_as_committed(target, seen)
    latest = max(seen)
    assert open_dataset(target).version == latest and open_dataset(target, version=latest).version == latest


def test_a_version_vacuumed_or_never_written_is_one_line_naming_the_versions_kept(tmp_path):
    store = DatasetStore(tmp_path / "out", retention_seconds=0)
    for k in range(3):
        commit(store, (f"{k}.txt", str(k) * 16))
    report = store.vacuum()
    assert report.versions == (0, 1, 2) and report.kept == (3,)
    for gone in (1, 99):
        with pytest.raises(StoreError, match=f"version {gone} of .* is not kept .*the versions kept are 3$"):
            open_dataset(tmp_path / "out", version=gone)
    done = subprocess.run(
        [QUOTEFLOW, "snapshot", str(tmp_path / "out"), "--version", "1"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "the versions kept are 3" in done.stderr


def test_the_snapshot_command_prints_an_earlier_versions_folder(tmp_path):
    out = tmp_path / "out"
    store = DatasetStore(out)
    commit(store, ("a.txt", "a" * 16))
    commit(store, ("b.txt", "b" * 16))
    done = subprocess.run([QUOTEFLOW, "snapshot", str(out), "--version", "1"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == Path(open_dataset(out, version=1).location)
    files = subprocess.run(
        [QUOTEFLOW, "snapshot", str(out), "--version", "1", "--table", "articles"], capture_output=True, text=True
    )
    assert files.stdout.split() == open_dataset(out, version=1).files("articles")
    assert open_dataset(out, version=1)["articles"].count_rows() == 1


@pytest.mark.parametrize("scheme", ["", "file://"])
def test_vacuum_dry_run_lists_what_it_would_delete_and_deletes_nothing(tmp_path, scheme):
    target = f"{scheme}{tmp_path / 'out'}"
    store = open_store(target, retention_seconds=0)
    for k in range(3):
        commit(store, (f"{k}.txt", str(k) * 16), ("a.txt", "a" * 16), replaced={"a.txt"} if k else ())
    before = disk(tmp_path / "out")
    done = subprocess.run(
        [QUOTEFLOW, "vacuum", target, "--dry-run", "--retention", "0"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert disk(tmp_path / "out") == before, "a dry run changed the output"
    lines = done.stdout.strip().splitlines()
    assert "vacuum: 3 versions (0, 1, 2)" in lines[0] and "would delete" in lines[0], lines[0]
    listed = [line.strip() for line in lines[1:]]
    assert listed and all(target.removeprefix("file://") in p for p in listed)

    report = open_store(target, retention_seconds=0).vacuum()
    assert list(report.paths) == listed and report.versions == (0, 1, 2) and not report.dry_run
    assert all(not Path(p).exists() for p in listed)
    assert open_dataset(target)["articles"].count_rows() == 4  # the current version is whole
    assert open_store(target).kept_versions() == [3]


@pytest.mark.parametrize("scheme", ["", "file://"])
def test_vacuum_keeps_what_was_replaced_within_the_retention(tmp_path, scheme):
    target = f"{scheme}{tmp_path / 'out'}"
    store = open_store(target, retention_seconds=3600)
    for k in range(3):  # each replaces a.txt: a file of every version is replaced by the next
        commit(store, (f"{k}.txt", str(k) * 16), ("a.txt", "a" * 16), replaced={"a.txt"} if k else ())
    before = disk(tmp_path / "out")
    report = store.vacuum()
    assert report.paths == () and report.versions == () and store.kept_versions() == [0, 1, 2, 3]
    assert {k: v for k, v in disk(tmp_path / "out").items() if "lock" not in k} == {
        k: v for k, v in before.items() if "lock" not in k
    }
    late = store.vacuum(now=time.time() + 3600)  # an hour later, every replaced version is due
    assert late.versions == (0, 1, 2) and late.kept == (3,)


@pytest.mark.parametrize("scheme", ["", "file://"])
def test_commits_delete_nothing_and_a_run_ends_with_one_vacuum(tmp_path, scheme, caplog):
    target = f"{scheme}{tmp_path / 'out'}"
    store = open_store(target, retention_seconds=0)
    for k in range(3):
        commit(store, (f"{k}.txt", str(k) * 16), ("a.txt", "a" * 16), replaced={"a.txt"} if k else ())
    assert store.kept_versions() == [0, 1, 2, 3], "a commit deleted an older version"

    src = write_articles(tmp_path / "in", FIRST)
    with caplog.at_level(logging.INFO, logger="quoteflow"):
        summary = run(str(src), target, Settings(batch_size=1, snapshot_retention_seconds=0))
    assert summary.status == "completed" and summary.batches == 2
    vacuums = [r.getMessage() for r in caplog.records if r.getMessage().startswith("vacuum:")]
    assert len(vacuums) == 1 and "5 versions (0, 1, 2, 3, 4)" in vacuums[0], vacuums
    assert open_store(target).kept_versions() == [5]


@pytest.mark.parametrize("scheme", ["", "file://"])
def test_history_lists_every_kept_version_newest_first_with_its_record(tmp_path, scheme):
    target = f"{scheme}{tmp_path / 'out'}"
    run_id = str(uuid.uuid4())
    store = open_store(target, run_id=run_id)
    commit(store, ("a.txt", "a" * 16), ("b.txt", "b" * 16))
    commit(store, ("a.txt", "d" * 16), replaced={"a.txt"})

    done = subprocess.run([QUOTEFLOW, "history", target, "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    versions = json.loads(done.stdout)
    assert [(v["version"], v["current"], v["operation"]) for v in versions] == [
        (2, True, "run"),
        (1, False, "run"),
        (0, False, "initial"),
    ]
    newest = versions[0]
    assert newest["run_id"] == run_id and newest["committed_at"].endswith("+00:00")
    assert newest["tables"]["articles"] == {"added": 1, "replaced": 1}
    assert newest["tables"]["mentions"] == {"added": 1, "replaced": 1}
    assert versions[1]["tables"]["articles"] == {"added": 2, "replaced": 0}
    assert (newest["rows_added"], newest["rows_replaced"]) == (2, 2)

    lines = subprocess.run([QUOTEFLOW, "history", target], capture_output=True, text=True).stdout.splitlines()
    assert len(lines) == 3 and "*current" in lines[0] and "*current" not in lines[1]
    assert lines[0].split()[0] == "2" and run_id in lines[0] and "2 rows added, 2 replaced" in lines[0]


def test_history_of_versions_written_before_records_says_what_it_knows(tmp_path):
    out = tmp_path / "out"
    store = DatasetStore(out)
    commit(store, ("a.txt", "a" * 16))
    (store.version_dir(1) / RECORD_FILE).unlink()  # as a version from before commit records
    done = subprocess.run([QUOTEFLOW, "history", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    newest = done.stdout.splitlines()[0]
    assert newest.split()[0] == "1" and "no commit record" in newest and " UTC " in newest


def test_a_vacuum_killed_midway_leaves_a_readable_dataset_and_the_next_one_finishes(tmp_path):
    out = tmp_path / "out"
    store = DatasetStore(out, retention_seconds=0)
    for k in range(4):
        commit(store, (f"{k}.txt", str(k) * 16))
    _vacuum_killed_at("vacuum_moved@2", str(out))
    assert store.kept_versions() == [2, 3, 4]  # the oldest went first, whole; the rest are whole too
    for version in store.kept_versions():
        assert open_dataset(out, version=version)["articles"].count_rows() == version
    report = DatasetStore(out, retention_seconds=0).vacuum()
    assert report.versions == (2, 3) and not list((out / ".quoteflow" / "tmp").iterdir())
    assert open_dataset(out)["articles"].count_rows() == 4


def test_object_storage_commits_drop_from_their_record_what_a_vacuum_deleted(tmp_path):
    out = tmp_path / "out"
    first = ObjectStore(f"file://{out}", retention_seconds=0)
    for k in range(3):
        commit(first, ("a.txt", str(k) * 16), replaced={"a.txt"} if k else ())
    deleted = first.vacuum().paths
    assert deleted and set(deleted) <= set(first._current().retired)  # the current manifest still lists them
    later = ObjectStore(f"file://{out}", retention_seconds=0)
    commit(later, ("b.txt", "b" * 16))
    retired = later._current().retired
    assert not set(deleted) & set(retired), "the record lists files a vacuum deleted"
    assert all(Path(p).exists() for p in retired)


@pytest.mark.slow
def test_every_kept_version_of_an_s3_output_reads_exactly_its_tables(tmp_path, s3_env):
    import boto3

    bucket = f"qf-{uuid.uuid4().hex[:12]}"
    boto3.client("s3").create_bucket(Bucket=bucket)
    target = f"s3://{bucket}/news"
    seen = three_runs(tmp_path, target)
    assert_versions_read_as_committed(target, seen)
    history = [r.version for r in open_store(target).history()]
    assert history[: len(seen)] == sorted(seen, reverse=True)

    report = open_store(target, retention_seconds=0).vacuum(dry_run=True)
    assert report.dry_run and report.paths and open_store(target).kept_versions()[-3:] == sorted(seen)
    done = open_store(target, retention_seconds=0).vacuum()
    assert done.paths == report.paths
    assert open_store(target).kept_versions()[-1] == max(seen) and min(seen) not in open_store(target).kept_versions()
    with pytest.raises(StoreError, match=f"version {min(seen)} of {target} is not kept"):
        open_dataset(target, version=min(seen))
    assert rows_of(open_dataset(target)) == seen[max(seen)]


def test_an_object_storage_vacuum_killed_midway_leaves_the_current_version_whole(tmp_path):
    out = tmp_path / "out"
    target = f"file://{out}"
    store = ObjectStore(target, retention_seconds=0)
    for k in range(4):
        commit(store, (f"{k}.txt", str(k) * 16), ("a.txt", "a" * 16), replaced={"a.txt"} if k else ())
    due = store.vacuum(dry_run=True).paths
    _vacuum_killed_at("vacuum_deleted@2", target)
    assert [Path(p).exists() for p in due[:3]] == [False, False, True]  # the oldest first
    kept = store.kept_versions()
    assert kept[-1] == 4 and 0 not in kept
    for version in kept:  # every version listed as kept reads whole
        assert open_dataset(target, version=version)["articles"].count_rows() == version + (version > 0)
    report = ObjectStore(target, retention_seconds=0).vacuum()
    assert set(report.paths) == set(due[2:]) and ObjectStore(target).kept_versions() == [4]


@pytest.mark.parametrize(
    ("before", "after", "added", "replaced"),
    [
        ({"t": ["p1"]}, {"t": ["p1", "p2"]}, {"t": 5}, {"t": 0}),  # a new part: nothing taken away
        ({"t": ["p1"]}, {"t": ["p1.r", "p2"]}, {"t": 5}, {"t": 2}),  # p1 (10) rewritten to 8 rows
        ({"t": ["p1", "p2"]}, {"t": ["m"]}, {"t": 5}, {"t": 0}),  # merged with the new rows: they cancel out
        ({"t": ["p1"]}, {"t": ["empty"]}, {}, {"t": 10}),  # every row removed
    ],
)
def test_rows_replaced_counts_what_a_commit_took_away(before, after, added, replaced):
    from quoteflow.dataset.versions import rows_replaced

    sizes = {"p1": 10, "p2": 5, "p1.r": 8, "m": 20, "empty": 0}
    rows = lambda table, base: sizes[base]  # noqa: E731
    assert rows_replaced(before, after, added, rows, rows) == replaced


@pytest.mark.parametrize(
    ("versions", "kept", "dry_run", "line"),
    [
        ((), (3,), False, "vacuum: nothing to delete; 1 version kept (3)"),
        ((1, 2), (3, 4), True, "vacuum: 2 versions (1, 2), 2 paths, 2 kB would delete; 2 versions kept (3, 4)"),
        (tuple(range(10)), (10,), False, "vacuum: 10 versions (0, 1, … 8, 9), 10 paths, 10 kB deleted; 1 version kept"),
    ],
)
def test_a_vacuum_says_what_it_deleted_in_one_line(versions, kept, dry_run, line):
    from quoteflow.dataset.versions import VacuumReport

    report = VacuumReport(versions, tuple(f"p{v}" for v in versions), 1000 * len(versions), dry_run, kept)
    assert report.line().startswith(line)


def _vacuum_killed_at(crash_at: str, target: str) -> None:
    """`quoteflow vacuum TARGET --retention 0` in a process killed at the crash point `crash_at`."""
    killed = subprocess.run(
        [sys.executable, "-m", "quoteflow.cli", "vacuum", target, "--retention", "0"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QUOTEFLOW_TEST_CRASH_AT": crash_at},
        cwd=REPO,
    )
    assert killed.returncode == -9, killed.stderr
