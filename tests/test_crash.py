"""A run killed with SIGKILL at any point leaves every table readable and consistent, and
the next run completes the work without duplicates; two runs at once never collide."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from quoteflow.dataset.snapshots import DatasetStore
from quoteflow.pipeline import run
from quoteflow.settings import Settings

from .conftest import ARTICLE_TABLES, ARTICLES, REPO, TABLE_NAMES, by_article, comparable, read_tables, write_articles

WRITER = (
    "import json, sys; from quoteflow.pipeline import run; from quoteflow.settings import Settings; "
    "s = run(sys.argv[1], sys.argv[2], Settings(batch_size=2)); print(json.dumps(s.to_dict()))"
)
QUOTEFLOW = str(Path(sys.executable).with_name("quoteflow"))


def writer(src: Path, out: Path | str, crash_at: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "QUOTEFLOW_TEST_CRASH_AT": crash_at} if crash_at else dict(os.environ)
    env.pop("QUOTEFLOW_TEST_CRASH_AT", None) if crash_at is None else None
    return subprocess.run(
        [sys.executable, "-c", WRITER, str(src), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=REPO,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Six articles (three batches of two) and the dataset a clean run makes of them."""
    root = tmp_path_factory.mktemp("crash")
    src = write_articles(root / "in", ARTICLES)
    done = writer(src, root / "reference")
    assert done.returncode == 0, done.stderr
    return src, read_tables(root / "reference")


def assert_consistent(out: Path, reference: dict) -> None:
    """Readable; each article present is complete and identical to the clean run; no orphans."""
    tables = read_tables(out)  # every table opens
    for name in TABLE_NAMES:  # and globbing readers see the same thing
        glob = f"{out}/{name}/**/*.parquet"
        assert duckdb.sql(f"select count(*) from read_parquet('{glob}', hive_partitioning=true)").fetchall() == [
            (len(tables[name]),)
        ]
    present = {a["article_id"] for a in tables["articles"]}
    for name in ("people", "organizations", "quotes", "mentions"):
        assert {r["article_id"] for r in tables[name]} <= present, f"orphan rows in {name}"
    got, want = by_article(tables), by_article(reference)
    assert set(got) == present and present <= set(want)
    for aid in present:
        assert got[aid] == want[aid], f"article {aid} differs from a clean run"
    assert len({a["source"] for a in tables["articles"]}) == len(tables["articles"]), "duplicate articles"


KILL_POINTS = [
    "after_write_people@2",  # between two tables of the second batch
    "mid_file_quotes@2",  # half-way through writing a data file
    "before_publish@2",  # everything written, nothing published
    "after_rename@2",  # the new snapshot is complete but not yet current
    "after_publish@3",  # the last batch published, before old snapshots are cleaned
]


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_sigkill_leaves_a_consistent_dataset_and_the_next_run_completes_it(corpus, tmp_path, kill_at):
    src, reference = corpus
    out = tmp_path / "out"
    killed = writer(src, out, crash_at=kill_at)
    assert killed.returncode == -signal.SIGKILL
    assert_consistent(out, reference)
    resumed = writer(src, out)
    assert resumed.returncode == 0, resumed.stderr
    assert_consistent(out, reference)
    final = read_tables(out)
    assert {n: comparable(final[n]) for n in ARTICLE_TABLES} == {n: comparable(reference[n]) for n in ARTICLE_TABLES}
    summary = json.loads(resumed.stdout.strip().splitlines()[-1])
    assert summary["new"] + summary["unchanged"] == len(ARTICLES)


@pytest.mark.slow
def test_the_cli_killed_between_two_tables(corpus, tmp_path):
    src, reference = corpus
    out = tmp_path / "out"
    env = {**os.environ, "QUOTEFLOW_TEST_CRASH_AT": "after_write_quotes@2", "PREFECT_HOME": str(tmp_path / "prefect")}
    killed = subprocess.run(
        # --verbose: Prefect's log names the temporary server's port, checked below
        [QUOTEFLOW, "run", str(src), "--out", str(out), "--batch-size", "2", "--verbose"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert killed.returncode == -signal.SIGKILL  # and returned: no orphan kept its output pipes open
    assert_consistent(out, reference)
    assert 0 < len(read_tables(out)["articles"]) < len(ARTICLES)
    port = int(re.search(r"temporary server on http://127\.0\.0\.1:(\d+)", killed.stderr).group(1))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _listening(port):
        time.sleep(0.2)
    assert not _listening(port), "the temporary Prefect API outlived the killed run"


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_a_run_stands_down_while_another_writes_the_output(tmp_path):
    src = write_articles(tmp_path / "in", dict(list(ARTICLES.items())[:2]))
    store = DatasetStore(tmp_path / "out")
    with store.lock():
        summary = run(str(src), str(tmp_path / "out"), Settings())
    assert summary.status == "stood_down" and "being written by" in summary.message and summary.rows == {}
    assert read_tables(tmp_path / "out")["articles"] == []
    waited = run(str(src), str(tmp_path / "out"), Settings(lock_wait_seconds=5))  # the lock is free again
    assert waited.new == 2


@pytest.mark.slow
def test_two_simultaneous_runs_neither_fail_nor_duplicate(corpus, tmp_path):
    src, reference = corpus
    out = tmp_path / "out"
    results = [None, None]

    def start(k):
        results[k] = writer(src, out)

    threads = [threading.Thread(target=start, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    summaries = [json.loads(r.stdout.strip().splitlines()[-1]) for r in results]
    # one did the work; the other stood down (or, if it started after, found nothing new)
    assert sorted(s["new"] for s in summaries) == [0, len(ARTICLES)]
    loser = next(s for s in summaries if s["new"] == 0)
    assert loser["status"] == "stood_down" and "stood down" in loser["message"] or loser["unchanged"] == len(ARTICLES)
    assert_consistent(out, reference)
    assert len(read_tables(out)["articles"]) == len(ARTICLES)


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", ["after_write_people@2", "after_publish@2"])
def test_object_storage_output_resumes_without_duplicates(corpus, tmp_path, kill_at):
    """On a filesystem URI (here file://) a killed run's stray files are deleted by the next run."""
    src, reference = corpus
    out = tmp_path / "out"
    killed = writer(src, f"file://{out}", crash_at=kill_at)
    assert killed.returncode == -signal.SIGKILL
    resumed = writer(src, f"file://{out}")
    assert resumed.returncode == 0, resumed.stderr
    assert_consistent(out, reference)
    final = read_tables(out)
    assert {n: comparable(final[n]) for n in ARTICLE_TABLES} == {n: comparable(reference[n]) for n in ARTICLE_TABLES}


@pytest.mark.slow
def test_a_feed_larger_than_a_batch_is_committed_in_pieces_and_resumed_after_a_kill(tmp_path):
    # five records, batches of two articles: three commits; killed right after the second is
    # published, the feed's own entry is not committed yet (it comes with the last piece), so
    # the next run reads the feed again and extracts only the record left
    records = [
        json.dumps({"id": f"r{k}", "text": f"Mayor Jane Roe{k} said the bridge would reopen. “Soon,” Roe{k} said."})
        for k in range(5)
    ]
    src = write_articles(tmp_path / "in", {"feed.jsonl": "\n".join(records) + "\n"})
    out = tmp_path / "out"
    killed = writer(src, out, crash_at="after_publish@2")
    assert killed.returncode == -signal.SIGKILL
    assert sorted(a["source"] for a in read_tables(out)["articles"]) == [f"feed.jsonl#r{k}" for k in range(4)]
    resumed = writer(src, out)
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout.strip().splitlines()[-1])
    assert (summary["records"]["unchanged"], summary["records"]["new"], summary["new"]) == (4, 1, 1)
    tables = read_tables(out)
    assert sorted(a["source"] for a in tables["articles"]) == [f"feed.jsonl#r{k}" for k in range(5)]
    assert tables["rejects"] == []
