"""A batch that lost its version to another run is planned again against the new state: what it
leaves out, what it replaces, what it keeps; and how often it tries."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from quoteflow.batch import ExtractedBatch, Triage, commit_batch
from quoteflow.conflicts import MAX_COMMIT_ATTEMPTS, commit_replanning, replan
from quoteflow.dataset.commit import CommitResult
from quoteflow.dataset.health import check
from quoteflow.dataset.manifest import NEW_PART, Manifest, ManifestEntry
from quoteflow.dataset.objectstore import ObjectStore
from quoteflow.errors import CommitConflict
from quoteflow.pipeline import PLAIN_STEPS, run
from quoteflow.records import Article, Rejection
from quoteflow.retry import RETRY_ALL_FAILURES
from quoteflow.schemas.vocab import ManifestStatus, RejectStage
from quoteflow.settings import Settings

from .conftest import ARTICLES, read_tables, write_articles

NOW = datetime(2026, 2, 1, tzinfo=UTC)
ARTICLE, REJECTED, RETRY = ManifestStatus.ARTICLE, ManifestStatus.REJECTED, ManifestStatus.RETRY


def entry(source, sha, *, status=ARTICLE, size=10, part=NEW_PART, run="ours", container=None):
    aid = sha[:16] if status == ARTICLE else None
    return ManifestEntry(source, status, sha, aid, size, 5, part, run, NOW, None, container)


def article(source, sha):
    return Article(source, f"text of {source}", "utf-8", sha, None, None)


def batch(*entries, records=()):
    arts = [article(e.source, e.content_sha256) for e in entries if e.status == ARTICLE and e.part == NEW_PART]
    rejections = [Rejection(e.source, RejectStage.READ, "unreadable") for e in entries if e.status == REJECTED]
    outcomes = {e.source: "new" for e in entries}
    return Triage(arts, list(entries), rejections, frozenset(), outcomes=outcomes, records=frozenset(records))


def committed(*entries):
    return Manifest(entries)


@pytest.mark.parametrize(
    ("theirs", "left", "replaced", "done"),
    [
        # the other run committed nothing of this batch: the batch stays as it was
        ({}, ["a.txt", "b.txt"], set(), 0),
        # it committed a.txt as this batch read it: a.txt is done
        ({"a.txt": dict(sha="a" * 64, run="theirs")}, ["b.txt"], set(), 1),
        # it committed another text of a.txt (a later edit): this batch's replaces it
        ({"a.txt": dict(sha="c" * 64, size=11, run="theirs")}, ["a.txt", "b.txt"], {"a.txt"}, 0),
        # a.txt ended as `retry` there (not settled): this batch commits it
        ({"a.txt": dict(sha="a" * 64, status=RETRY, run="theirs")}, ["a.txt", "b.txt"], {"a.txt"}, 0),
        # both done: nothing left, the batch stands down
        ({"a.txt": dict(sha="a" * 64), "b.txt": dict(sha="b" * 64, status=REJECTED)}, [], set(), 2),
    ],
)
def test_a_batch_is_planned_again_against_what_the_other_run_committed(theirs, left, replaced, done):
    plan = batch(entry("a.txt", "a" * 64), entry("b.txt", "b" * 64, status=REJECTED))
    extracted = ExtractedBatch({}, [Rejection("a.txt", RejectStage.VALIDATE, "bad row")])
    state = committed(*(entry(s, **kw) for s, kw in theirs.items()))
    again = replan(plan, extracted, state, RETRY_ALL_FAILURES)
    assert again.done == done
    if not left:
        assert again.plan is None
        return
    assert again.plan is not None
    assert [e.source for e in again.plan.entries] == left
    assert again.plan.replaced == frozenset(replaced)
    assert [a.source for a in again.plan.to_extract] == [s for s in left if s == "a.txt"]
    assert [r.source for r in again.plan.rejections] == [s for s in left if s == "b.txt"]
    assert sorted(again.plan.outcomes) == left
    assert [r.source for r in again.extracted.rejections] == [s for s in left if s == "a.txt"]


def test_an_unchanged_record_keeps_its_rows_where_the_new_state_has_them():
    kept = entry("feed.jsonl#r1", "r" * 64, part="part-00000003-aaaaaaaa", container="feed.jsonl")
    plan = batch(entry("feed.jsonl#r2", "s" * 64, container="feed.jsonl"), kept, records={kept.source})
    moved = entry("feed.jsonl#r1", "r" * 64, part="part-00000009-bbbbbbbb", container="feed.jsonl", run="theirs")
    moved = replace(moved, size=99)  # the record as the other run listed it
    again = replan(plan, ExtractedBatch({}), committed(moved), RETRY_ALL_FAILURES)
    assert again.plan is not None
    (record,) = [e for e in again.plan.entries if e.source == kept.source]
    assert (record.part, record.size) == ("part-00000009-bbbbbbbb", kept.size)


def test_a_batch_retries_a_bounded_number_of_times_then_the_conflict_stands():
    plan = batch(entry("a.txt", "a" * 64))
    calls = []

    def always_taken(p, e):
        calls.append(p)
        raise CommitConflict("another run committed version 3 first", 3)

    with pytest.raises(CommitConflict):
        commit_replanning(always_taken, Manifest, plan, ExtractedBatch({}), RETRY_ALL_FAILURES)
    assert len(calls) == MAX_COMMIT_ATTEMPTS


def test_the_loser_says_in_one_line_which_version_it_lost_and_which_it_committed():
    plan = batch(entry("a.txt", "a" * 64))
    outcomes = [CommitConflict("taken", 4), CommitResult(5, {})]

    def commit(p, e):
        out = outcomes.pop(0)
        if isinstance(out, Exception):
            raise out
        return out

    done = commit_replanning(commit, Manifest, plan, ExtractedBatch({}), RETRY_ALL_FAILURES)
    assert done.result is not None and done.result.snapshot == 5
    assert done.message == "another run committed version 4 first; this batch was re-planned and committed as version 5"


OTHER = {f"late/item{k}.txt": text.replace("bridge", "tunnel") for k, text in enumerate(ARTICLES.values())}


@pytest.mark.parametrize(("theirs", "line"), [
    (ARTICLES, "another run committed version 1 first; this batch stood down: every input was already committed"),
    (OTHER, "another run committed version 1 first; this batch was re-planned and committed as version 4"),
])  # fmt: skip
def test_a_run_whose_batches_another_run_overtakes_commits_each_input_once(tmp_path, theirs, line):
    """Two batches are planned on version 0; before the first commits, another run commits three
    versions. The first batch conflicts, the second is planned again before its commit."""
    ours = write_articles(tmp_path / "ours", ARTICLES)
    other = ours if theirs is ARTICLES else write_articles(tmp_path / "theirs", theirs)  # the same files, or others
    uri = f"file://{tmp_path / 'out'}"
    settings = Settings(batch_size=2, workers=2)  # two batches planned before the first commits
    raced = []

    def overtaken(store, plan, extracted, run_info):
        if not raced:
            raced.append(run(str(other), uri, Settings(batch_size=2)))
        return commit_batch(store, plan, extracted, run_info)

    summary = run(str(ours), uri, settings, steps=replace(PLAIN_STEPS, commit=overtaken))
    assert raced[0].status == summary.status == "completed"
    assert summary.message == line
    tables = read_tables(tmp_path / "out")
    sources = [r["source"] for r in tables["articles"]] + [r["source"] for r in tables["rejects"]]
    assert sorted(sources) == sorted({*ARTICLES, *theirs})  # each input once: none lost, none twice
    assert sorted(ObjectStore(uri).manifest()) == sorted({*ARTICLES, *theirs})
    assert check(ObjectStore(uri)).ok
