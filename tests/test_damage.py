"""Damaged output never deletes committed data: a run stops with one line naming the damage and
`quoteflow repair`; `check` finds it; `repair` restores the newest intact version and keeps the
rows of inputs since deleted from SOURCE."""

import os
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from quoteflow.dataset.health import check, repair
from quoteflow.dataset.objectstore import ObjectStore
from quoteflow.dataset.snapshots import DatasetStore
from quoteflow.errors import DatasetDamaged
from quoteflow.pipeline import run
from quoteflow.settings import Settings

from .conftest import ARTICLES, QUOTEFLOW, comparable, read_tables, write_articles

SETTINGS = Settings(batch_size=2)


def snapshots(out: Path) -> list[str]:
    return sorted(p.name for p in (out / ".quoteflow" / "snapshots").iterdir())


def remove_current(out: Path) -> None:
    (out / ".quoteflow" / "current").unlink()


def dangle_current(out: Path) -> None:
    link = out / ".quoteflow" / "current"
    link.unlink()
    os.symlink("snapshots/00000999", link)


def truncate_manifest(out: Path) -> None:
    manifest = sorted((out / ".quoteflow" / "current" / "manifest").glob("*.parquet"))[-1]  # the newest change
    data = manifest.read_bytes()
    manifest.unlink()  # a new inode: older snapshots keep their own manifest
    manifest.write_bytes(data[: len(data) // 2])


def corrupt_data_file(out: Path) -> None:
    (victim,) = sorted(p for p in (out / "quotes").glob("*.parquet") if "empty" not in p.name)[:1]
    data = victim.read_bytes()
    with open(victim, "r+b") as fh:  # in place: every snapshot linking this file sees it
        fh.write(b"\0" * min(len(data), 64))
        fh.seek(len(data) - 16)
        fh.write(b"\0" * 16)


DAMAGE = {
    "current-link-missing": remove_current,
    "current-link-dangling": dangle_current,
    "manifest-truncated": truncate_manifest,
}


@pytest.fixture()
def dataset(tmp_path):
    """Three commits of two articles each; then one input deleted from SOURCE."""
    src = write_articles(tmp_path / "in", ARTICLES)
    out = tmp_path / "out"
    run(str(src), str(out), SETTINGS)
    (src / "news" / "story1.txt").unlink()  # its rows stay (no --prune), and must survive repair
    return src, out


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_pointer_or_manifest_stops_the_run_and_repair_restores_it(dataset, damage):
    src, out = dataset
    before = read_tables(out)
    kept = snapshots(out)
    DAMAGE[damage](out)

    with pytest.raises(DatasetDamaged, match=r"quoteflow repair"):
        run(str(src), str(out), SETTINGS)
    assert snapshots(out) == kept, "a run on a damaged output deleted or added a snapshot"

    problems = check(DatasetStore(out)).problems
    assert problems, "check found nothing wrong"

    report = repair(DatasetStore(out))
    assert report.restored_from is not None and report.lines()
    assert check(DatasetStore(out)).ok
    after = read_tables(out)
    if damage == "manifest-truncated":  # the newest version is given up: the snapshot before it is restored
        assert len(after["articles"]) == 4 and report.skipped
    else:  # the newest snapshot was intact: everything is back
        assert {n: comparable(r) for n, r in after.items()} == {n: comparable(r) for n, r in before.items()}
    assert "news/story1.txt" in {a["source"] for a in after["articles"]}, "repair lost a deleted input's rows"

    resumed = run(str(src), str(out), SETTINGS)  # and the next run completes whatever was lost
    assert resumed.status == "completed"
    final = read_tables(out)
    assert {a["source"] for a in final["articles"]} == {a["source"] for a in before["articles"]}
    assert len(final["articles"]) == len({a["article_id"] for a in final["articles"]})


def test_a_corrupt_data_file_is_found_by_check_and_repair_reads_its_inputs_again(dataset):
    src, out = dataset
    corrupt_data_file(out)
    report = check(DatasetStore(out))
    assert any("cannot be read" in p for p in report.problems), report.problems

    repaired = repair(DatasetStore(out))
    assert repaired.dropped_files and repaired.to_read_again
    assert check(DatasetStore(out)).ok
    rows = read_tables(out)
    assert len(rows["articles"]) == len({a["article_id"] for a in rows["articles"]})

    resumed = run(str(src), str(out), SETTINGS)
    assert resumed.status == "completed"
    present = {p.relative_to(src).as_posix() for p in src.rglob("*.txt")}
    stored = {a["source"] for a in read_tables(out)["articles"]}
    assert present <= stored, "the inputs whose rows were lost were not read again"


def test_a_run_that_meets_a_corrupt_file_it_must_rewrite_stops_without_publishing(dataset):
    src, out = dataset
    corrupt_data_file(out)
    kept = snapshots(out)
    for path in src.rglob("*.txt"):  # every input changes: every data file must be rewritten
        path.write_text(path.read_text() + "“One more thing,” Jane Roe1 said.\n")
    with pytest.raises(DatasetDamaged, match="cannot be read"):
        run(str(src), str(out), Settings(batch_size=10))  # one batch: it meets the damage
    assert snapshots(out) == kept


def test_object_storage_a_truncated_manifest_stops_the_run_and_repair_restores(tmp_path):
    src = write_articles(tmp_path / "in", ARTICLES)
    out = tmp_path / "out"
    uri = f"file://{out}"
    run(str(src), uri, SETTINGS)
    manifests = sorted((out / "_quoteflow").glob("manifest-*.parquet"))
    newest = manifests[-1]
    newest.write_bytes(newest.read_bytes()[:100])
    data_files = sorted(p.name for p in (out / "_quoteflow" / "data").rglob("*.parquet"))

    with pytest.raises(DatasetDamaged, match="quoteflow repair"):
        run(str(src), uri, SETTINGS)
    assert sorted(p.name for p in (out / "_quoteflow" / "data").rglob("*.parquet")) == data_files

    report = repair(ObjectStore(uri))
    assert report.restored_from == int(manifests[-2].stem.split("-")[1])
    assert check(ObjectStore(uri)).ok
    resumed = run(str(src), uri, SETTINGS)
    assert resumed.status == "completed"
    assert sorted(a["source"] for a in read_tables(out)["articles"]) == sorted(ARTICLES)


def test_the_cli_says_what_is_damaged_in_one_line_and_check_and_repair_work(dataset, cli_env, tmp_path):
    src, out = dataset
    remove_current(out)

    def cli(*args):
        return subprocess.run([QUOTEFLOW, *args], capture_output=True, text=True, timeout=300, env=cli_env)

    done = cli("run", str(src), "--out", str(out))
    assert done.returncode == 1, done.stderr
    error_lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1 and "is damaged" in error_lines[0] and "quoteflow repair" in error_lines[0]
    assert "Traceback" not in done.stdout + done.stderr

    checked = cli("check", str(out))
    assert checked.returncode == 1 and "missing" in checked.stderr and "Traceback" not in checked.stderr
    repaired = cli("repair", str(out))
    assert repaired.returncode == 0 and "restored version" in repaired.stdout, repaired.stderr
    healthy = cli("check", str(out))
    assert healthy.returncode == 0 and "is whole" in healthy.stdout
    assert pq.read_table(out / "articles").num_rows == len(ARTICLES)
