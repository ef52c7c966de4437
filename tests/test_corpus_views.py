"""Corpus entities where users see them: the report's people list and `quoteflow show --people`
give one line per corpus entity (ids resolved through `entity_redirects`), and a dataset
without `entities` rows (written before schema version 4) falls back to per-article ids, saying so.

Made-up articles, committed one run at a time, so that the bare "Doe" of the first is merged
into "Jo Doe" by the second (a redirect) and "Jo A. Doe" of the third joins them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quoteflow.dataset.reader import open_dataset
from quoteflow.pipeline import run
from quoteflow.report import build_report, read_rows, report_view
from quoteflow.report.corpus import current_ids, quoted_entities
from quoteflow.settings import Settings

from .conftest import QUOTEFLOW, write_articles

STORIES = [  # (file, outlet, date, title, text): committed in this order, one run each
    (
        "a/fares.jsonl",
        "The Ellin Courier",
        "2024-03-01T09:00:00Z",
        "Ferry fares to rise",
        "The ferry company will raise fares in June, Ms. Doe told reporters on Monday. "
        "“We have no choice,” said Doe, who runs the harbour office. Fuel costs had doubled, Doe said.",
    ),
    (
        "b/plan.jsonl",
        "Port Weekly",
        "2024-03-05T09:00:00Z",
        "Harbour plan approved",
        "Jo Doe, the harbour master of Port Ellin, said on Tuesday that the plan was approved. "
        "“It is a good day for the port,” Doe said.",
    ),
    (
        "c/dredging.jsonl",
        "Port Weekly",
        "2024-03-09T09:00:00Z",
        "Harbour dredging starts",
        "Harbour master Jo A. Doe said the dredging would start in July. “The channel is too shallow,” she said.",
    ),
]


def feed(n: int, outlet: str, published: str, title: str, text: str) -> str:
    return json.dumps({"id": f"s{n}", "title": title, "text": text, "outlet": outlet, "published": published}) + "\n"


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus-views")
    for n, (name, outlet, published, title, text) in enumerate(STORIES):
        write_articles(root / "in", {name: feed(n, outlet, published, title, text)})
        run(str(root / "in"), str(root / "out"), Settings(batch_size=1))
    return root / "out"


@pytest.fixture(scope="module")
def doe(merged: Path) -> dict:
    """The one `entities` row of Jo Doe, after checking the dataset is what the tests need."""
    _, rows = read_rows(merged)
    (row,) = [e for e in rows["entities"] if e["kind"] == "person" and "Doe" in e["name"]]
    redirected = {r["entity_id"]: r["current_entity_id"] for r in rows["entity_redirects"]}
    bare = {p["entity_id"] for p in rows["people"] if p["name"] == "Doe"}
    assert bare and all(redirected.get(b) == row["entity_id"] for b in bare)  # the bare "Doe" was merged later
    assert len({q["speaker_entity_id"] for q in rows["quotes"] if q["speaker_entity_id"]}) >= 2
    return row


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([QUOTEFLOW, *args], capture_output=True, text=True, timeout=600, env=env)


def test_the_report_lists_a_person_named_in_three_forms_once_under_the_current_entity(merged, doe):
    version, rows = read_rows(merged)
    view = report_view(rows, version)
    (line,) = [s for s in view.people if "Doe" in s.name]
    assert (line.entity_id, line.name, line.kind) == (doe["entity_id"], doe["name"], "person")
    assert (line.quotes, line.articles) == (7, 3)  # 3 + 2 + 2 quotations, in three articles
    assert line.role == doe["role"]
    assert view.overview.people == 1 and view.note is None
    html = build_report(merged)
    assert html.count(f'id="{doe["entity_id"]}"') == 1
    links = {q.speaker_id for a in view.articles for q in a.quotes if q.speaker}
    assert links == {doe["entity_id"]}  # every quote's speaker goes to the corpus entity
    assert f'href="#{doe["entity_id"]}"' in html


def test_show_people_gives_one_line_per_corpus_entity_with_outlets_and_dates(merged, doe):
    shown = cli("show", str(merged), "--people")
    assert shown.returncode == 0, shown.stderr
    lines = [line for line in shown.stdout.splitlines() if "Doe" in line]
    assert len(lines) == 1, shown.stdout
    cells = [c.strip() for c in lines[0].strip("│ ").split("│")]
    assert cells[:3] == [doe["name"], "7", "3"], cells
    assert "The Ellin Courier" in lines[0] and "Port Weekly" in lines[0]
    assert "2024-03-01" in lines[0] and "2024-03-09" in lines[0]
    assert "1 person quoted" in shown.stdout
    listing = cli("show", str(merged))
    assert "1 person (3 rows)" in listing.stdout and "(by corpus entity)" in listing.stdout, listing.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--people", "--rejects"], "give one of --article, --rejects, --people"),
        (["--top", "5"], "--top goes with --people"),
        (["--people", "--top", "0"], "--top must be at least 1"),
    ],
)
def test_show_people_options_that_do_not_go_together_are_said_in_one_line(merged, args, says):
    shown = cli("show", str(merged), *args)
    assert shown.returncode == 2 and says in shown.stderr and shown.stderr.count("\n") == 1, shown.stderr


def test_a_dataset_without_entities_rows_falls_back_to_per_article_ids_and_says_so(merged, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(merged, old, symlinks=True)
    current = (old / ".quoteflow" / "current").resolve()
    for name in ("entities", "entity_redirects"):
        for path in (current / name).glob("*.parquet"):
            path.unlink()
    assert open_dataset(old)["entities"].count_rows() == 0
    version, rows = read_rows(old)
    view = report_view(rows, version)
    assert view.note and "entities" in view.note and "next run" in view.note
    assert len([s for s in view.people if "Doe" in s.name]) == 3  # as before: one per per-article id
    assert view.note in build_report(old).replace("\n", " ")
    shown = cli("show", str(old), "--people")
    assert shown.returncode == 0, shown.stderr
    assert "next run" in shown.stdout and len([x for x in shown.stdout.splitlines() if "Doe" in x]) == 3


NOW = datetime(2025, 1, 1, tzinfo=UTC)


def entity(eid: str, name: str, articles: int) -> dict:
    return {
        "entity_id": eid,
        "kind": "person",
        "name": name,
        "article_count": articles,
        "quote_count": 0,
        "first_seen": NOW,
        "last_seen": NOW,
        "role": None,
        "organization": None,
    }


def said(article: str, start: int, eid: str | None, quote_type: str = "direct") -> dict:
    return {
        "article_id": article,
        "quote_type": quote_type,
        "start_char": start,
        "end_char": start + 10,
        "speaker_id": eid,
        "speaker_mention": None,
        "speaker_entity_id": eid,
    }


@pytest.mark.parametrize(
    ("quotes", "redirects", "expected"),
    [
        # a stored id merged later counts for the entity it now points to
        ([said("a1", 0, "per_old"), said("a2", 0, "per_new")], {"per_old": "per_new"}, [("Jo Doe", 2, 2)]),
        # ids that are current already
        ([said("a1", 0, "per_new"), said("a2", 0, "per_new")], {}, [("Jo Doe", 2, 2)]),
        # a partial quote inside a reported clause of its speaker is one quotation with it (counts.py)
        (
            [said("a1", 0, "per_new", "indirect"), {**said("a1", 2, "per_new", "partial"), "end_char": 8}],
            {},
            [("Jo Doe", 1, 2)],
        ),
        # the unquoted are not listed; ties go by articles, then name
        (
            [said("a1", 0, "per_ann"), said("a2", 0, "per_new")],
            {},
            [("Jo Doe", 1, 2), ("Ann Lee", 1, 1)],
        ),
        ([said("a1", 0, None)], {}, []),
    ],
)
def test_quoted_entities_resolve_ids_through_redirects(quotes, redirects, expected):
    entities = [entity("per_new", "Jo Doe", 2), entity("per_ann", "Ann Lee", 1), entity("per_mum", "Mo Mum", 4)]
    redirect_rows = [{"entity_id": k, "current_entity_id": v} for k, v in redirects.items()]
    assert current_ids(redirect_rows) == redirects
    listed = quoted_entities(entities, quotes, redirect_rows, kind="person")
    assert [(e.name, e.quotes, e.articles) for e in listed] == expected


@pytest.mark.parametrize(
    ("top", "title", "rows"),
    [(2, "3 people quoted, the 2 most quoted", 2), (20, "3 people quoted", 3)],
)
def test_show_people_lists_the_top_n(top, title, rows):
    from quoteflow.console import people_table
    from quoteflow.report.corpus import EntityLine

    lines = [EntityLine(f"per_{n}", name, "person", quotes=5 - n, articles=1) for n, name in enumerate("ABC")]
    table = people_table(lines, top=top)
    assert (table.title, table.row_count) == (title, rows)
