"""What the command line prints, without a subprocess: progress events from a run, the lines
and summaries drawn from them, and the JSON summary."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from quoteflow.console import print_summary, run_progress, summary_json
from quoteflow.counts import Outcomes
from quoteflow.pipeline import run
from quoteflow.progress import BatchDone, Planned, emit, listening
from quoteflow.settings import Settings
from quoteflow.summary import RunSummary

from .conftest import ARTICLES, write_articles


def test_a_run_reports_its_plan_and_every_batch(tmp_path):
    src = write_articles(tmp_path / "in", ARTICLES)  # 6 articles, batches of 2
    events: list[object] = []
    with listening(events.append):
        run(str(src), str(tmp_path / "out"), Settings(batch_size=2))
    assert events[0] == Planned(inputs=6, to_read=6, batches=3)
    done = [e for e in events[1:] if isinstance(e, BatchDone)]
    assert [(e.number, e.total, e.inputs, e.articles) for e in done] == [(1, 3, 2, 2), (2, 3, 2, 2), (3, 3, 2, 2)]
    events.clear()
    with listening(events.append):
        run(str(src), str(tmp_path / "out"), Settings(batch_size=2))  # nothing new: a plan of no batch
    assert events == [Planned(inputs=6, to_read=0, batches=0)]
    emit(Planned(1, 1, 1))  # outside `listening`: nobody hears it
    assert len(events) == 1


BATCH = BatchDone(3, 12, 200, 0, 180, 950, 300, 120, 20, 1.44)


@pytest.mark.parametrize(
    ("style", "event", "printed"),
    [
        (
            "lines",
            BATCH,
            "batch 3/12: 200 inputs, 180 articles, 950 quotations, 300 people, 120 organizations, 20 rejected"
            " (1.4 s)\n",
        ),
        (  # records of a feed are named apart from inputs; one of a thing is singular
            "lines",
            BatchDone(1, 1, 1, 7, 1, 1, 1, 1, 0, 0.2),
            "batch 1/1: 1 input, 7 records, 1 article, 1 quotation, 1 person, 1 organization, 0 rejected (0.2 s)\n",
        ),
        ("off", BATCH, ""),
    ],
)
def test_progress_lines(style, event, printed):
    buffer = io.StringIO()
    console = Console(file=buffer, width=200)
    with run_progress(console, style=style):
        emit(Planned(2400, 2400, 12))
        emit(event)
    emit(event)  # after the run: not drawn
    assert buffer.getvalue() == printed


def test_the_bar_ends_without_leaving_anything_behind():
    buffer = io.StringIO()
    with run_progress(Console(file=buffer, width=120, force_terminal=True), style="bar"):
        emit(Planned(2400, 2400, 12))
        emit(BATCH)
    assert "batch 3/12" in buffer.getvalue()  # drawn while running, erased at the end (transient)


def summary(**fields: object) -> RunSummary:
    return RunSummary(run_id="r-1", source="/in", out="/data", **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "lines"),
    [
        (
            summary(inputs=6, unchanged=6),
            ["nothing new under /in since the last run (6 inputs unchanged): no rows written (12.3 s)"],
        ),
        (
            summary(inputs=1, unchanged=1),
            ["nothing new under /in since the last run (1 input unchanged): no rows written (12.3 s)"],
        ),
        (
            summary(inputs=2, new=2, rows={"articles": 2, "quotes": 5}, quotations=4, snapshot=4),
            [
                "quoteflow run r-1 finished in 12.3 s",
                "│ quotes           │            5 │",
                "2 inputs: 2 new, 0 changed, 0 unchanged, 0 rejected\n",
                "stored 2 articles, 4 quotations (5 rows of quotes); 0 rows failed validation",
                "(Parquet, version 4)",
            ],
        ),
        (  # records apart from inputs, a retried input said, singulars singular, where to see rejects
            summary(
                inputs=1,
                retried=1,
                rejected=1,
                records=Outcomes(new=3, rejected=1, duplicates=1),
                rows={"articles": 1, "quotes": 1},
                quotations=1,
                failed=["a.txt"],
                log_file="/data/x.log",
            ),  # fmt: skip
            [
                "1 input: 0 new, 0 changed, 1 retried, 0 unchanged, 1 rejected\n",
                "3 records of the feeds and archives read: 3 new, 0 changed, 0 unchanged, 1 rejected (1 duplicate)",
                "stored 1 article, 1 quotation (1 row of quotes)",
                "extraction failed on 1 input (a quoteflow bug): details in /data/x.log",
                "see why with: quoteflow show /data --rejects",
            ],
        ),
        (
            summary(inputs=0, skipped_files={".pdf": 2}),
            ["no inputs under /in: no rows written (12.3 s)", "skipped 2 files of unsupported types: .pdf 2"],
        ),
        (summary(status="stood_down", message="data is being written by pid 7"), ["data is being written by pid 7"]),
        (
            summary(inputs=2, unchanged=2, message="another run committed version 3 first; this batch stood down"),
            ["another run committed version 3 first; this batch stood down", "nothing new under /in"],
        ),
    ],
)
def test_the_summary(given, lines):
    buffer = io.StringIO()
    print_summary(Console(file=buffer, width=300), given, seconds=12.34)
    text = buffer.getvalue()
    assert all(line in text for line in lines), text
    assert "None" not in text and ("┃" in text) == (given.new + given.retried > 0)


def test_the_json_summary_is_one_object_with_the_commands_seconds():
    data = json.loads(summary_json(summary(inputs=2, new=2, seconds=0.5), seconds=9.87))
    assert (data["seconds"], data["run_seconds"], data["new"], data["nothing_new"]) == (9.87, 0.5, 2, False)
    assert json.loads(summary_json(summary(inputs=1, unchanged=1), seconds=1))["nothing_new"] is True
