"""One safe way to read: `open_dataset` pins a committed version, and reads through it never fail
and never see part of a batch while runs commit, on both backends."""

import subprocess
import threading
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest

from quoteflow.dataset.reader import open_dataset
from quoteflow.pipeline import run
from quoteflow.schemas.evolution import reading_schema
from quoteflow.schemas.tables import TABLES
from quoteflow.schemas.vocab import TABLE_NAMES
from quoteflow.settings import Settings

from .conftest import ARTICLES, QUOTEFLOW, comparable, read_tables, write_articles

SETTINGS = Settings(batch_size=2)


def rows_of(pinned) -> dict[str, list]:
    return {name: comparable(pinned[name].to_table().to_pylist()) for name in TABLE_NAMES}


def edit_all(src: Path, k: int) -> None:
    for path in sorted(src.rglob("*.txt")):
        path.write_text(path.read_text() + f"“Edit number {k},” Jane Roe1 said.\n")


@pytest.mark.parametrize("backend", ["local", "object-storage"])
def test_a_pinned_version_reads_the_same_rows_while_runs_commit(tmp_path, backend):
    src = write_articles(tmp_path / "in", ARTICLES)
    out = tmp_path / "out"
    target = str(out) if backend == "local" else f"file://{out}"
    run(str(src), target, SETTINGS)
    pinned = open_dataset(target)
    before = rows_of(pinned)
    assert len(before["articles"]) == len(ARTICLES)
    for name in TABLE_NAMES:  # every table reads with its contract's schema (the columns a dataset from
        # before version 4 lacks until its next commit read as nullable: schemas/evolution.py)
        assert pinned[name].schema.equals(reading_schema(TABLES[name].arrow_schema))

    for k in range(2):  # every data file of the pinned version is replaced, twice
        edit_all(src, k)
        run(str(src), target, SETTINGS)
    assert rows_of(pinned) == before, "the pinned version changed under its reader"
    latest = open_dataset(target)
    assert latest.version > pinned.version and rows_of(latest) != before
    assert rows_of(latest) == {n: comparable(r) for n, r in read_tables(out).items()}  # OUT/<table> between runs
    quotes = duckdb.sql(f"select count(*) from read_parquet({pinned.files('quotes')!r})").fetchall()
    assert quotes == [(len(before["quotes"]),)]  # DuckDB reads the pinned files too


def test_readers_never_fail_nor_see_a_partial_batch_during_commits(tmp_path):
    src = write_articles(tmp_path / "in", ARTICLES)
    out = tmp_path / "out"
    run(str(src), str(out), SETTINGS)
    errors: list[BaseException] = []
    seen: list[int] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                pinned = open_dataset(out)
                articles = pinned["articles"].to_table()
                quotes = pinned["quotes"].to_table()
                # a whole version: every article once, every quote of a stored article
                assert articles.num_rows == len(ARTICLES), articles.num_rows
                assert set(quotes.column("article_id").to_pylist()) <= set(articles.column("article_id").to_pylist())
                seen.append(pinned.version)
            except BaseException as exc:  # every failure is what this test counts
                errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        for k in range(6):
            edit_all(src, k)
            run(str(src), str(out), SETTINGS)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors, errors[:3]
    assert len(set(seen)) > 3, "the readers did not read across commits"


def test_plain_parquet_readers_see_the_committed_rows_between_runs(tmp_path):
    src = write_articles(tmp_path / "in", dict(list(ARTICLES.items())[:3]))
    out = tmp_path / "out"
    run(str(src), str(out), SETTINGS)
    plain = ds.dataset(str(out / "quotes"), format="parquet").to_table().num_rows
    assert plain == open_dataset(out)["quotes"].count_rows()


def test_the_snapshot_command_prints_the_pinned_folder_and_files(tmp_path):
    src = write_articles(tmp_path / "in", dict(list(ARTICLES.items())[:2]))
    out = tmp_path / "out"
    run(str(src), str(out), SETTINGS)
    done = subprocess.run([QUOTEFLOW, "snapshot", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    folder = Path(done.stdout.strip())
    assert folder.is_dir() and folder == Path(open_dataset(out).location)
    files = subprocess.run(
        [QUOTEFLOW, "snapshot", str(out), "--table", "quotes"], capture_output=True, text=True, timeout=120
    )
    assert files.stdout.split() == open_dataset(out).files("quotes")
    bad = subprocess.run([QUOTEFLOW, "snapshot", str(out), "--table", "nope"], capture_output=True, text=True)
    assert bad.returncode == 2 and "no table 'nope'" in bad.stderr
