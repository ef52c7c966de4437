"""A failure of quoteflow's own (an extraction that raises) costs one article, not its batch;
it is kept in `rejects` and tried again only when the extraction changes (or when asked), and
its traceback goes to the run's log file, never to the terminal of a scheduled run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quoteflow.extraction import extract as extraction
from quoteflow.extraction import version
from quoteflow.pipeline import run
from quoteflow.settings import Settings

from .conftest import ARTICLES, REPO, read_tables, write_articles

TRIGGER = "Roe4"  # the article that breaks: ARTICLES["news/story4.txt"] names "Jane Roe4"


def _recurse(n: int) -> int:
    return _recurse(n + 1) + 1


def broken_extract(real):
    """extract, except that the trigger article recurses without end: a RecursionError whose
    traceback is a thousand frames long, as a real cycle in the rules makes."""

    def extract(doc, *args):
        if TRIGGER in doc.text:
            _recurse(0)
        return real(doc, *args)

    return extract


@pytest.fixture
def folder(tmp_path):
    return write_articles(tmp_path / "in", ARTICLES)  # six articles, story4 the one that breaks


def test_a_failure_costs_one_article_and_is_not_retried_until_the_extraction_changes(folder, tmp_path, monkeypatch):
    out = str(tmp_path / "out")
    real = extraction.extract
    monkeypatch.setattr(extraction, "extract", broken_extract(real))
    first = run(str(folder), out, Settings(batch_size=10))  # one batch of six: five commit
    tables = read_tables(out)
    assert first.batches == 1 and first.rejected == 1 and first.failed == ["news/story4.txt"]
    assert sorted(a["source"] for a in tables["articles"]) == [f"news/story{k}.txt" for k in (1, 2, 3, 5, 6)]
    (reject,) = tables["rejects"]
    assert (reject["source"], reject["stage"]) == ("news/story4.txt", "extract")
    assert "RecursionError" in reject["reason"] and "--retry-rejects" in reject["reason"]
    log = Path(first.log_file or "")
    assert log.is_file() and "RecursionError" in log.read_text() and "news/story4.txt" in log.read_text()
    assert "Traceback" not in reject["reason"]  # the traceback is in the log, not in the dataset

    # the same extraction: the failed input is settled like any other, the folder unchanged
    again = run(str(folder), out, Settings(batch_size=10))
    assert (again.unchanged, again.retried, again.batches, again.snapshot) == (6, 0, 0, None)

    # another extraction (quoteflow upgraded): the failure is tried again, and now succeeds
    monkeypatch.setattr(extraction, "extract", real)
    monkeypatch.setattr(version, "rules_digest", lambda: "0123456789ab")
    fixed = run(str(folder), out, Settings(batch_size=10))
    assert (fixed.retried, fixed.unchanged, fixed.rejected) == (1, 5, 0)
    assert read_tables(out)["rejects"] == [] and len(read_tables(out)["articles"]) == 6


def test_retry_rejects_reads_a_failure_again_under_the_same_extraction(folder, tmp_path, monkeypatch):
    out = str(tmp_path / "out")
    real = extraction.extract
    monkeypatch.setattr(extraction, "extract", broken_extract(real))
    run(str(folder), out, Settings())
    monkeypatch.setattr(extraction, "extract", real)
    assert run(str(folder), out, Settings()).retried == 0
    retried = run(str(folder), out, Settings(), retry_rejects=True)
    assert (retried.retried, retried.rejected) == (1, 0)
    assert len(read_tables(out)["articles"]) == 6


def test_a_failed_record_of_a_feed_is_not_extracted_again_when_its_feed_grows(tmp_path, monkeypatch):
    import json

    lines = [json.dumps({"id": f"s{k}", "text": ARTICLES[f"news/story{k}.txt"]}) for k in (3, 4)]
    src = write_articles(tmp_path / "in", {"feed.jsonl": "\n".join(lines) + "\n"})
    out = str(tmp_path / "out")
    monkeypatch.setattr(extraction, "extract", broken_extract(extraction.extract))
    first = run(str(src), out, Settings())
    assert first.failed == ["feed.jsonl#s4"] and first.records.rejected == 1
    with (src / "feed.jsonl").open("a") as fh:
        fh.write(json.dumps({"id": "s5", "text": ARTICLES["news/story5.txt"]}) + "\n")
    grown = run(str(src), out, Settings())
    assert (grown.records.new, grown.records.unchanged, grown.failed) == (1, 2, [])


# the CLI with the extraction broken for one article, as a scheduled run would meet it
BROKEN_CLI = f"""
import sys
sys.path.insert(0, {str(REPO)!r})
from quoteflow.extraction import extract as extraction
from tests.test_failures import broken_extract
extraction.extract = broken_extract(extraction.extract)
from quoteflow.cli import main
main()
"""


@pytest.mark.slow
def test_the_command_line_says_one_line_per_failure_and_where_its_traceback_is(folder, tmp_path, cli_env):
    out = tmp_path / "out"

    def quoteflow(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", BROKEN_CLI, "run", str(folder), "--out", str(out), *args],
            capture_output=True, text=True, timeout=300, env={**os.environ, **cli_env},
        )  # fmt: skip

    first = quoteflow()
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr and len(first.stderr.splitlines()) < 10, first.stderr
    (line,) = [ln for ln in first.stderr.splitlines() if "news/story4.txt" in ln]
    logs = list((out / ".quoteflow" / "logs").glob("*.log"))
    assert len(logs) == 1 and str(logs[0].relative_to(tmp_path)) in line.replace(str(tmp_path) + "/", "")
    assert "RecursionError" in logs[0].read_text()
    assert "see why with: quoteflow show" in first.stdout and str(logs[0].name) in first.stdout
    second = quoteflow()
    assert second.returncode == 0 and "nothing new" in second.stdout and second.stderr == "", second.stderr
    verbose = quoteflow("--retry-rejects", "--verbose")
    assert verbose.returncode == 0 and "Traceback" in verbose.stderr  # --verbose shows it


def test_a_log_that_cannot_be_written_keeps_the_traceback_with_the_summary(folder, tmp_path, monkeypatch):
    out = tmp_path / "out"
    (out / ".quoteflow").mkdir(parents=True)
    (out / ".quoteflow" / "logs").write_text("a file where the log folder would be")
    monkeypatch.setattr(extraction, "extract", broken_extract(extraction.extract))
    summary = run(str(folder), str(out), Settings())
    assert summary.status == "completed" and summary.failed == ["news/story4.txt"] and summary.log_file is None
    (details,) = summary.unlogged
    assert details.startswith("--- news/story4.txt\n") and "RecursionError" in details
