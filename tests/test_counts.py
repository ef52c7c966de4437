"""What quoteflow counts (counts.py), each input and record once (tally.py), and the promise
that every surface — batch lines, the summary, --json, the artifact, `show`, the report —
gives the same numbers for the same dataset."""

from __future__ import annotations

import dataclasses
import io
import json
import re

import pytest
from rich.console import Console

from quoteflow.console import print_summary, show_dataset, summary_json
from quoteflow.counts import Outcomes, plural, quotation_count
from quoteflow.dataset.reader import open_dataset
from quoteflow.flow import summary_markdown
from quoteflow.pipeline import run
from quoteflow.progress import BatchDone, listening
from quoteflow.report import read_rows, report_view
from quoteflow.settings import Settings

from .conftest import write_articles


@pytest.mark.parametrize(
    ("n", "noun", "nouns", "said"),
    [
        (0, "article", None, "0 articles"),
        (1, "article", None, "1 article"),
        (2, "article", None, "2 articles"),
        (1, "person", "people", "1 person"),
        (3, "person", "people", "3 people"),
        (1, "organization", None, "1 organization"),
        (12_000, "input", None, "12,000 inputs"),
    ],
)
def test_plural(n, noun, nouns, said):
    assert plural(n, noun, nouns) == said


@pytest.mark.parametrize(
    ("outcomes", "line"),
    [
        (Outcomes(new=2, unchanged=7, rejected=1), "9 inputs: 2 new, 0 changed, 7 unchanged, 1 rejected"),
        (Outcomes(new=1), "1 input: 1 new, 0 changed, 0 unchanged, 0 rejected"),
        (  # retried said only when there are some; duplicates with their own singular
            Outcomes(changed=1, retried=2, rejected=1, duplicates=1),
            "3 inputs: 0 new, 1 changed, 2 retried, 0 unchanged, 1 rejected (1 duplicate)",
        ),
    ],
)
def test_outcomes_line(outcomes, line):
    assert outcomes.line("input") == line
    assert outcomes.total == outcomes.new + outcomes.changed + outcomes.retried + outcomes.unchanged


def quote(kind: str, start: int, end: int, speaker: str | None = "per_1", article: str = "a1") -> dict[str, object]:
    return {
        "article_id": article,
        "quote_type": kind,
        "start_char": start,
        "end_char": end,
        "speaker_id": speaker,
        "speaker_mention": "Roe" if speaker else None,
    }


@pytest.mark.parametrize(
    ("rows", "quotations"),
    [
        ([], 0),
        ([quote("direct", 0, 10), quote("direct", 20, 30)], 2),
        # "Roe said the plan was “a betrayal”": the partial inside the indirect row is one quotation with it
        ([quote("indirect", 10, 50), quote("partial", 30, 49)], 1),
        # the partial of another speaker inside it is a quotation of its own
        ([quote("indirect", 10, 50), quote("partial", 30, 49, speaker="per_2")], 2),
        # a partial outside the reported clause counts
        ([quote("indirect", 10, 50), quote("partial", 60, 70)], 2),
        # the same offsets in another article are another quotation
        ([quote("indirect", 10, 50), quote("partial", 30, 49, article="a2")], 2),
        # unresolved speakers: the same words name the same speaker
        ([quote("indirect", 10, 50, speaker=None), quote("partial", 30, 49, speaker=None)], 1),
        # a direct quote inside an indirect row is not a partial: counted
        ([quote("indirect", 10, 50), quote("direct", 30, 49)], 2),
    ],
)
def test_a_quotation_is_counted_once(rows, quotations):
    assert quotation_count(rows) == quotations


NESTED = (
    "Council to vote on budget\n\n"
    'Mayor Jane Roe said on Monday that the plan was "a betrayal of every family in this county." '
    'The council will vote on Friday, said Tom Hale, its clerk. "We are ready," Hale said.\n'
)


def _say(print_fn, *args, **kwargs) -> str:
    buffer = io.StringIO()
    print_fn(Console(file=buffer, width=400), *args, **kwargs)
    return buffer.getvalue()


def _number(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    assert found, (pattern, text)
    return int(found.group(1).replace(",", ""))


def test_every_surface_gives_the_same_counts(tmp_path):
    feed = "\n".join(
        json.dumps(
            {
                "id": f"r{k}",
                "title": f"Story {k}",
                "text": f'Mayor Jo Doe{k} said the bridge reopens. "We are ready," Doe{k} said.',
            }
        )  # fmt: skip
        for k in range(5)
    )
    src = write_articles(
        tmp_path / "in",
        {"nested.txt": NESTED, "empty.txt": "   \n", "feed.jsonl": feed + "\n{not json\n", "notes.pdf": "x"},
    )
    out = tmp_path / "out"
    batches: list[BatchDone] = []
    with listening(lambda e: batches.append(e) if isinstance(e, BatchDone) else None):
        summary = run(str(src), str(out), Settings(batch_size=2))
    # inputs are files (the pdf is skipped, not an input); records are the feed's lines
    assert (summary.inputs, summary.new, summary.rejected) == (3, 3, 1)
    assert (summary.records.total, summary.records.new, summary.records.rejected) == (6, 6, 1)
    # --batch-size 2: no commit holds more than 2 articles, the feed's records included
    assert max(b.articles for b in batches) <= 2 and sum(b.articles for b in batches) == 6
    assert sum(b.inputs for b in batches) == 3 and sum(b.records for b in batches) == 6
    assert sum(b.quotations for b in batches) == summary.quotations
    assert summary.rows["quotes"] == summary.quotations + 1  # the partial inside "said … that the plan was “…”"

    text = _say(print_summary, summary, seconds=1.0)
    as_json = json.loads(summary_json(summary, seconds=1.0))
    artifact = summary_markdown(summary)
    shown = _say(show_dataset, open_dataset(out), None)
    version, rows = read_rows(out)
    overview = report_view(rows, version).overview

    articles = summary.rows["articles"]
    assert articles == 6 == as_json["rows"]["articles"] == overview.articles == _number(r"(\d+) articles,", shown)
    assert _number(r"stored (\d+) articles", text) == articles == _number(r"stored (\d+) articles", artifact)
    quotations = summary.quotations
    assert quotations == as_json["quotations"] == overview.quotations == _number(r"(\d+) quotations \(", shown)
    assert _number(r"(\d+) quotations \(", text) == quotations == _number(r"(\d+) quotations \(", artifact)
    assert overview.quote_rows == summary.rows["quotes"] == _number(r"\((\d+) rows of quotes\)", shown)
    for pattern in (r"(\d+) inputs:", r"(\d+) records of"):
        assert _number(pattern, text) == _number(pattern, artifact)
    assert as_json["inputs"] == summary.inputs and as_json["records"]["rejected"] == summary.records.rejected
    rejected = summary.rejected + summary.records.rejected
    assert overview.rejects == rejected == summary.rows["rejects"] == _number(r"(\d+) rejects;", shown)
    # people: distinct across the dataset, and rows (one per article naming one), both said
    assert overview.people_rows == summary.rows["people"] == _number(r"people \((\d+) rows\)", shown)
    assert overview.people == _number(r"(\d+) people \(", shown) and overview.people <= overview.people_rows
    assert "skipped 1 file of unsupported types: .pdf 1" in text and "see why with: quoteflow show" in text


def test_a_copy_taking_its_text_over_is_counted_once(tmp_path):
    story = "Mayor Jane Roe said the bridge would reopen in May. Nobody else spoke.\n"
    src = write_articles(tmp_path / "in", {"a.txt": story, "b.txt": story, "c.txt": "Another story, with no one.\n"})
    out = str(tmp_path / "out")
    first = run(str(src), out, Settings())
    assert (first.inputs, first.new, first.rejected, first.duplicates) == (3, 3, 1, 1)
    (src / "a.txt").unlink()
    second = run(str(src), out, Settings(), prune=True)
    # b.txt was unchanged, then read again to take the text over: one input, counted once, not rejected
    assert second.pruned == 1 and second.inputs == 2 and second.unchanged + second.retried == 2
    assert (second.rejected, second.duplicates) == (0, 0)


def test_the_pieces_of_a_large_feed_are_extracted_one_commit_at_a_time(tmp_path):
    # with the plain steps, extraction runs where it is called: the pieces of a feed must be
    # extracted after the commit before them, not all at once (holding the whole feed's tables)
    from quoteflow.pipeline import PLAIN_STEPS

    calls: list[str] = []
    steps = dataclasses.replace(
        PLAIN_STEPS,
        extract=lambda arts, settings, info: (calls.append("extract"), PLAIN_STEPS.extract(arts, settings, info))[1],
        commit=lambda *a: (calls.append("commit"), PLAIN_STEPS.commit(*a))[1],
    )
    records = [json.dumps({"id": f"r{k}", "text": f"Mayor Jo Doe{k} said the bridge reopens."}) for k in range(5)]
    src = write_articles(tmp_path / "in", {"feed.jsonl": "\n".join(records) + "\n"})
    run(str(src), str(tmp_path / "out"), Settings(batch_size=2), steps=steps)
    assert calls == ["extract", "commit"] * 3
