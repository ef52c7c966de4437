"""Damaged output never deletes committed data: a run stops with one line naming the damage and
`quoteflow repair`; `check` finds it; `repair` restores the newest intact version and keeps the
rows of inputs since deleted from SOURCE."""

import json
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from quoteflow.dataset.health import check, repair
from quoteflow.dataset.manifest import NEW_PART, ManifestEntry
from quoteflow.dataset.objectstore import ObjectStore
from quoteflow.dataset.rebuild import container_of
from quoteflow.dataset.snapshots import DatasetStore
from quoteflow.errors import DatasetDamaged
from quoteflow.pipeline import run
from quoteflow.schemas.tables import TABLES
from quoteflow.schemas.vocab import TABLE_NAMES
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
    # the newest snapshot's tables are intact: everything is back (a manifest cut short is rebuilt from them)
    assert {n: comparable(r) for n, r in after.items()} == {n: comparable(r) for n, r in before.items()}
    assert bool(report.rebuilt) == (damage == "manifest-truncated") and not report.skipped
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
    manifests = sorted((out / ".quoteflow").glob("manifest-*.parquet"))
    newest = manifests[-1]
    newest.write_bytes(newest.read_bytes()[:100])
    data_files = sorted(p.name for p in (out / ".quoteflow" / "data").rglob("*.parquet"))

    with pytest.raises(DatasetDamaged, match="quoteflow repair"):
        run(str(src), uri, SETTINGS)
    assert sorted(p.name for p in (out / ".quoteflow" / "data").rglob("*.parquet")) == data_files

    report = repair(ObjectStore(uri))
    assert report.restored_from == int(manifests[-2].stem.split("-")[1])
    # the inputs whose rows only the version given up held are named, each on its own line
    assert report.given_up == ["news/story5.txt", "news/story6.txt"]
    assert [line.strip() for line in report.lines()][-2:] == report.given_up, report.lines()
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


# ------------------------------------------------ a damaged manifest change file (issue 17) --
def damage_oldest_change_file(out: Path) -> Path:
    """The oldest change file, damaged in place: every later snapshot links the same file."""
    (changes, *_later) = sorted((out / ".quoteflow" / "current" / "manifest").glob("changes-*.parquet"))
    size = changes.stat().st_size
    with open(changes, "r+b") as fh:  # in place: the hard links of later snapshots see it too
        fh.seek(size - 16)
        fh.write(b"\0" * 16)
    return changes


def test_a_damaged_change_file_shared_by_later_versions_loses_no_intact_row(dataset):
    src, out = dataset
    before = read_tables(out)
    damage_oldest_change_file(out)
    for path in src.rglob("*.txt"):  # a drop folder emptied after processing: the tables are all there is
        path.unlink()
    assert not check(DatasetStore(out)).ok

    report = repair(DatasetStore(out))
    assert check(DatasetStore(out)).ok, check(DatasetStore(out)).problems
    assert {n: comparable(r) for n, r in read_tables(out).items()} == {n: comparable(r) for n, r in before.items()}
    assert report.to_read_again == [] and not report.skipped
    assert any("rebuilt" in line for line in report.lines()), report.lines()
    manifest = DatasetStore(out).manifest()
    assert sorted(manifest) == sorted(ARTICLES)
    assert all(e.status == "article" and e.part for e in manifest.values())

    emptied = run(str(src), str(out), SETTINGS)  # nothing under SOURCE: the rows stay
    assert emptied.status == "completed" and emptied.rows == {}
    write_articles(src, ARTICLES)  # delivered again: read again, nothing written twice
    again = run(str(src), str(out), SETTINGS)
    assert (again.new, again.changed) == (0, 0)
    assert {n: comparable(r) for n, r in read_tables(out).items()} == {n: comparable(r) for n, r in before.items()}
    assert run(str(src), str(out), SETTINGS).unchanged == len(ARTICLES)  # and then not even read


def test_a_repair_that_rebuilds_the_manifest_names_each_input_whose_rows_are_lost(dataset):
    src, out = dataset
    damage_oldest_change_file(out)
    corrupt_data_file(out)  # the quotes of the first commit: story1 (gone from SOURCE) and story2

    report = repair(DatasetStore(out))
    assert sorted(report.to_read_again) == ["news/story1.txt", "news/story2.txt"]
    named = [line for line in report.lines() if line.strip() in report.to_read_again]
    assert len(named) == 2, report.lines()  # each lost input on a line of its own
    assert check(DatasetStore(out)).ok
    kept = {a["source"] for a in read_tables(out)["articles"]}
    assert kept == set(ARTICLES) - {"news/story1.txt", "news/story2.txt"}

    resumed = run(str(src), str(out), SETTINGS)
    assert resumed.new + resumed.changed == 1  # story2 read again; story1 is gone for good
    articles = read_tables(out)["articles"]
    assert {a["source"] for a in articles} == set(ARTICLES) - {"news/story1.txt"}
    assert len(articles) == len({a["article_id"] for a in articles})


MIXED = {  # every outcome an input can have: an article, a copy, a rejection, a feed's records
    "a/copy.txt": ARTICLES["news/story1.txt"],
    "a/empty.txt": "",
    "a/one.txt": ARTICLES["news/story1.txt"],
    "b/feed.jsonl": "\n".join(
        [
            json.dumps({"id": "f1", "text": ARTICLES["news/story2.txt"]}),
            json.dumps({"id": "f2", "text": ARTICLES["news/story3.txt"]}),
            "not json",
        ]
    ),
    "b/two.txt": ARTICLES["news/story4.txt"],
}


def damage_every_manifest_file(out: Path) -> None:
    for path in (out / ".quoteflow" / "current" / "manifest").glob("*.parquet"):
        path.write_bytes(b"\0" * 64)  # in place: nothing of the manifest is left to read


@pytest.mark.parametrize("damage", [damage_oldest_change_file, damage_every_manifest_file])
def test_a_rebuilt_manifest_says_what_every_input_became(tmp_path, damage):
    src = write_articles(tmp_path / "in", MIXED)
    out = tmp_path / "out"
    run(str(src), str(out), SETTINGS)
    before, tables = DatasetStore(out).manifest(), read_tables(out)
    damage(out)

    repair(DatasetStore(out))
    after = DatasetStore(out).manifest()

    def outcome(m):
        return {s: (e.status, e.article_id, e.content_sha256, e.container) for s, e in m.items()}

    assert outcome(after) == outcome(before)
    assert {s for s, e in after.items() if e.status == "container"} == {"b/feed.jsonl"}
    again = run(str(src), str(out), SETTINGS)
    assert again.new == 0 and again.status == "completed"
    assert {n: comparable(r) for n, r in read_tables(out).items()} == {n: comparable(r) for n, r in tables.items()}
    assert outcome(DatasetStore(out).manifest()) == outcome(before)
    assert run(str(src), str(out), SETTINGS).unchanged == len(MIXED)  # and now not even read


def test_object_storage_a_damaged_manifest_in_the_chain_loses_no_row(tmp_path):
    src = write_articles(tmp_path / "in", ARTICLES)
    out = tmp_path / "out"
    uri = f"file://{out}"
    run(str(src), uri, SETTINGS)
    before = read_tables(out)
    damaged = out / ".quoteflow" / "manifest-00000001.parquet"  # every later version's chain reads it
    damaged.write_bytes(damaged.read_bytes()[:100])
    assert not check(ObjectStore(uri)).ok

    report = repair(ObjectStore(uri))
    assert report.to_read_again == []
    assert check(ObjectStore(uri)).ok
    assert {n: comparable(r) for n, r in read_tables(out).items()} == {n: comparable(r) for n, r in before.items()}
    again = run(str(src), uri, SETTINGS)
    assert (again.new, again.changed) == (0, 0)
    assert {n: comparable(r) for n, r in read_tables(out).items()} == {n: comparable(r) for n, r in before.items()}


def test_repair_calls_unreadable_only_the_files_that_cannot_be_read(dataset):
    src, out = dataset
    corrupt_data_file(out)
    report = repair(DatasetStore(out))
    unreadable = [line for line in report.lines() if "unreadable" in line]
    assert len(unreadable) == 1 and "quotes/" in unreadable[0], report.lines()  # only quotes was corrupted
    stem = unreadable[0].split("quotes/")[1].split(".parquet")[0]
    siblings = [line for line in report.lines() if stem in line and line not in unreadable]
    assert siblings and all("intact" in line for line in siblings), report.lines()


# ------------------------------------------------ table folders behind the commit point (issue 17) --
@pytest.mark.parametrize("fix", ["repair", "run"])
def test_object_storage_table_folders_behind_the_committed_version_are_found_and_brought_up_to_date(tmp_path, fix):
    import shutil

    src = write_articles(tmp_path / "in", dict(list(ARTICLES.items())[:4]))
    out = tmp_path / "out"
    uri = f"file://{out}"
    run(str(src), uri, SETTINGS)
    shutil.copytree(out, tmp_path / "previous", ignore=shutil.ignore_patterns(".quoteflow"))
    write_articles(src, ARTICLES)
    run(str(src), uri, SETTINGS)
    for name in TABLE_NAMES:  # as if killed right after the commit point: the folders hold the version before
        shutil.rmtree(out / name)
        shutil.copytree(tmp_path / "previous" / name, out / name)
    assert len(read_tables(out)["articles"]) == 4

    problems = check(ObjectStore(uri)).problems
    assert problems and any("articles" in p for p in problems), problems
    if fix == "repair":
        report = repair(ObjectStore(uri))
        assert report.lines() and "nothing to repair" not in report.lines()[0], report.lines()
    else:
        assert run(str(src), uri, SETTINGS).unchanged == len(ARTICLES)
    assert check(ObjectStore(uri)).ok
    assert sorted(a["source"] for a in read_tables(out)["articles"]) == sorted(ARTICLES)


# ------------------------------------------------ one row per source (issue 17) --
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def article_row(source: str, aid: str) -> dict:
    text = f"Text of {source}."
    return dict(
        article_id=aid, source=source, text=text, char_count=len(text), paragraph_count=1, sentence_count=1,
        content_sha256=aid * 4, encoding="utf-8", run_id="r", ingested_at=NOW, pipeline_version="0", spacy_model="m",
    )  # fmt: skip


def reject_row(source: str, stage: str = "read", table: str | None = None) -> dict:
    return dict(source=source, stage=stage, reason="made up", table_name=table, run_id="r", rejected_at=NOW)


def table_of(name: str, rows: list[dict]) -> dict[str, pa.Table]:
    return {name: pa.Table.from_pylist(rows, schema=TABLES[name].arrow_schema)}


SOURCE_ROWS = {  # commits, each (table, rows): what the dataset holds for "a.txt"
    "in both tables": [("articles", [article_row("a.txt", "aa")]), ("rejects", [reject_row("a.txt")])],
    "twice in articles": [("articles", [article_row("a.txt", "aa")]), ("articles", [article_row("a.txt", "bb")])],
    "twice in rejects": [("rejects", [reject_row("a.txt")]), ("rejects", [reject_row("a.txt", "decode")])],
    "an article and a row it lost to validation": [
        ("articles", [article_row("a.txt", "aa")]),
        ("rejects", [reject_row("a.txt", "validate", "quotes")]),
    ],
}


@pytest.mark.parametrize("case", list(SOURCE_ROWS))
def test_check_reports_a_source_with_more_than_one_row(tmp_path, case):
    store = DatasetStore(tmp_path / "out")
    with store.lock():
        for name, rows in SOURCE_ROWS[case]:
            # an article is written with its entry (a commit writes the texts its entries hold); nothing
            # is replaced: the rows are what two inputs of one name would leave
            entries = [
                ManifestEntry(r["source"], "article", r["content_sha256"], r["article_id"], 1, 1, NEW_PART, "r", NOW)
                for r in rows
                if name == "articles"
            ]
            store.commit(table_of(name, rows), entries, ())
    problems = check(DatasetStore(tmp_path / "out")).problems
    if case.startswith("an article and"):  # a row rejected from another table is not the input's own
        assert problems == []
        return
    assert len(problems) == 1 and "a.txt" in problems[0], problems
    # repair cannot tell which row is the input's: it says so, and publishes nothing
    versions = DatasetStore(tmp_path / "out").version_numbers()
    report = repair(DatasetStore(tmp_path / "out"))
    assert report.version is None and DatasetStore(tmp_path / "out").version_numbers() == versions
    assert [line for line in report.lines() if line.startswith("not repaired") and "a.txt" in line], report.lines()
    cli = subprocess.run([QUOTEFLOW, "repair", str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert cli.returncode == 1 and "is not whole" in cli.stderr and "not repaired: " in cli.stdout, cli.stderr


@pytest.mark.parametrize(
    ("source", "container"),
    [
        ("feed.jsonl#a1", "feed.jsonl"),
        ("city/news.warc.gz#urn:uuid:1", "city/news.warc.gz"),
        ("dir/x#y.jsonl#L3", "dir/x#y.jsonl"),  # a "#" in the feed's own name
        ("notes#1.txt", None),  # a file, not a record
        ("feed.jsonl", None),
    ],
)
def test_a_rebuilt_record_finds_its_feed_by_its_name(source, container):
    assert container_of(source) == container


def test_a_missing_table_link_is_found_by_check_and_made_by_repair(tmp_path):
    store = DatasetStore(tmp_path / "out")
    with store.lock():
        pass
    (tmp_path / "out" / "quotes").unlink()
    assert any("quotes" in p for p in check(DatasetStore(tmp_path / "out")).problems)
    assert "up to date" in repair(DatasetStore(tmp_path / "out")).lines()[0]
    assert check(DatasetStore(tmp_path / "out")).ok and (tmp_path / "out" / "quotes").is_symlink()
