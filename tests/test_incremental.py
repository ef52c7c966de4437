"""Scheduled runs over a growing folder: only new or changed inputs are processed, a changed
input replaces its earlier rows, and nothing is ever written twice."""

import logging
import os

import pyarrow.parquet as pq
import pytest

from quoteflow.dataset import snapshots as store_module
from quoteflow.pipeline import run
from quoteflow.settings import Settings

from .conftest import ARTICLES, by_article, comparable, read_tables, write_articles

SETTINGS = Settings(batch_size=2)


@pytest.fixture()
def folders(tmp_path):
    return write_articles(tmp_path / "in", dict(list(ARTICLES.items())[:3])), tmp_path / "out"


def test_second_run_writes_nothing_and_says_so(folders, caplog):
    caplog.set_level(logging.INFO, logger="quoteflow")
    src, out = folders
    first = run(str(src), str(out), SETTINGS)
    before = read_tables(out)
    second = run(str(src), str(out), SETTINGS)
    assert (first.new, second.new, second.changed, second.unchanged, second.rows) == (3, 0, 0, 3, {})
    assert "nothing new" in caplog.text
    assert {n: comparable(r) for n, r in read_tables(out).items()} == {n: comparable(r) for n, r in before.items()}


def test_a_changed_file_replaces_only_its_rows(folders):
    src, out = folders
    run(str(src), str(out), SETTINGS)
    before = read_tables(out)
    old = by_article(before)
    changed = src / "news" / "story2.txt"
    changed.write_text(changed.read_text() + "“One more thing,” Roe2 said.\n")
    summary = run(str(src), str(out), SETTINGS)
    after = read_tables(out)
    new = by_article(after)
    assert (summary.new, summary.changed, summary.unchanged) == (0, 1, 2)
    sources = [a["source"] for a in after["articles"]]
    assert sorted(sources) == sorted(set(sources)) == ["news/story1.txt", "news/story2.txt", "news/story3.txt"]
    old_id = next(a["article_id"] for a in before["articles"] if a["source"] == "news/story2.txt")
    new_id = next(a["article_id"] for a in after["articles"] if a["source"] == "news/story2.txt")
    assert old_id != new_id and old_id not in new  # the earlier version is gone from every table
    assert {aid: t for aid, t in new.items() if aid != new_id} == {aid: t for aid, t in old.items() if aid != old_id}
    assert len(new[new_id]["quotes"]) == len(old[old_id]["quotes"]) + 1


def test_an_added_file_adds_only_its_rows(folders):
    src, out = folders
    run(str(src), str(out), SETTINGS)
    old = by_article(read_tables(out))
    write_articles(src, {"news/story4.txt": ARTICLES["news/story4.txt"]})
    summary = run(str(src), str(out), SETTINGS)
    new = by_article(read_tables(out))
    assert (summary.new, summary.unchanged) == (1, 3)
    assert set(new) - set(old) and {aid: new[aid] for aid in old} == old


def test_a_touched_file_is_read_but_not_rewritten(folders):
    src, out = folders
    run(str(src), str(out), SETTINGS)
    before = read_tables(out)
    touched = src / "news" / "story1.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    summary = run(str(src), str(out), SETTINGS)
    assert (summary.new, summary.changed, summary.unchanged, summary.rows.get("articles", 0)) == (0, 0, 3, 0)
    after = read_tables(out)
    assert comparable(after["articles"]) == comparable(before["articles"])
    assert (summary.duplicates, after["rejects"]) == (0, before["rejects"]), "a touched file became a copy of itself"


def test_the_same_text_under_two_names_is_stored_once(tmp_path):
    text = ARTICLES["news/story1.txt"]
    src = write_articles(tmp_path / "in", {"a.txt": text, "copy/a.txt": text})
    summary = run(str(src), str(tmp_path / "out"), SETTINGS)
    tables = read_tables(tmp_path / "out")
    assert [a["source"] for a in tables["articles"]] == ["a.txt"]
    assert [(r["source"], r["stage"]) for r in tables["rejects"]] == [("copy/a.txt", "dedupe")]
    assert "same text as a.txt" in tables["rejects"][0]["reason"] and summary.duplicates == 1


def test_deciding_what_is_new_reads_the_manifest_not_the_articles(folders, monkeypatch):
    src, out = folders
    run(str(src), str(out), SETTINGS)
    opened = []
    real = pq.read_table

    def spy(path, *args, **kwargs):
        opened.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(store_module.pq, "read_table", spy)
    run(str(src), str(out), SETTINGS)
    assert opened and all("/manifest/" in p for p in opened)  # the base and change files only


def test_deleted_inputs_keep_their_rows_until_a_run_prunes_them(folders):
    src, out = folders
    run(str(src), str(out), SETTINGS)
    before = by_article(read_tables(out))
    gone_id = next(a["article_id"] for a in read_tables(out)["articles"] if a["source"] == "news/story2.txt")
    (src / "news" / "story2.txt").unlink()

    kept = run(str(src), str(out), SETTINGS)  # deleting an input does not delete its rows
    assert (kept.pruned, kept.rows) == (0, {}) and by_article(read_tables(out)) == before

    pruned = run(str(src), str(out), SETTINGS, prune=True)
    assert pruned.pruned == 1
    after = by_article(read_tables(out))
    assert set(after) == set(before) - {gone_id}  # every table lost exactly the deleted input's rows
    assert {aid: t for aid, t in after.items()} == {aid: t for aid, t in before.items() if aid != gone_id}
    assert run(str(src), str(out), SETTINGS, prune=True).pruned == 0


def test_pruning_a_text_s_holder_hands_the_text_to_its_copy(tmp_path):
    text = ARTICLES["news/story1.txt"]
    src = write_articles(tmp_path / "in", {"a.txt": text, "b.txt": text})
    out = tmp_path / "out"
    run(str(src), str(out), SETTINGS)
    (src / "a.txt").unlink()
    summary = run(str(src), str(out), SETTINGS, prune=True)
    tables = read_tables(out)
    assert summary.pruned == 1 and [a["source"] for a in tables["articles"]] == ["b.txt"]
    assert tables["rejects"] == []


def test_batches_are_bounded_by_bytes_as_well_as_by_count():
    from quoteflow.batching import batches
    from quoteflow.records import InputFile

    def files(*sizes):
        return [InputFile(f"{k}.txt", "/in", (f"{k}.txt",), size, 0, 0, k) for k, size in enumerate(sizes)]

    near_cap = files(*[4_900_000] * 6)  # six texts near the 5 MB cap: never all in memory at once
    assert [len(b) for b in batches(near_cap, 200, 10_000_000)] == [2, 2, 2]
    assert [len(b) for b in batches(files(*[100] * 5), 2, 10_000_000)] == [2, 2, 1]  # and by count
    assert [len(b) for b in batches(files(20_000_000, 10), 200, 10_000_000)] == [1, 1]  # a larger input alone


# ------------------------------------------------------------------ feeds --
def _feed(path, ids):
    import json

    lines = [json.dumps({"id": k, "title": f"Story {k}", "text": ARTICLES[f"news/story{k}.txt"]}) for k in ids]
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize(
    ("first", "then"), [([1, 2], [1, 2, 3]), ([2, 3], [1, 2, 3])], ids=["at-the-end", "at-the-top"]
)
def test_a_growing_feed_processes_only_its_new_records(tmp_path, first, then):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _feed(src / "feed.jsonl", first)
    run(str(src), str(out), SETTINGS)
    before = by_article(read_tables(out))
    _feed(src / "feed.jsonl", then)
    summary = run(str(src), str(out), SETTINGS)
    tables = read_tables(out)
    # the feed is one input, changed; its records are counted apart
    assert (summary.inputs, summary.changed, summary.rows["articles"]) == (1, 1, 1)
    assert (summary.records.new, summary.records.changed, summary.records.unchanged) == (1, 0, 2)
    assert sorted(a["source"] for a in tables["articles"]) == ["feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#3"]
    after = by_article(tables)
    assert {aid: after[aid] for aid in before} == before  # the records seen before are untouched
    assert run(str(src), str(out), SETTINGS).rows == {}  # an unchanged feed is not even read


def test_an_edited_record_replaces_only_its_rows_and_a_vanished_one_stays_until_pruned(tmp_path):
    import json

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _feed(src / "feed.jsonl", [1, 2, 3])
    run(str(src), str(out), SETTINGS)
    before = by_article(read_tables(out))
    ids = {a["source"]: a["article_id"] for a in read_tables(out)["articles"]}
    lines = (src / "feed.jsonl").read_text().splitlines()
    edited = json.loads(lines[1])
    edited["text"] += "“One more thing,” Roe2 said.\n"
    (src / "feed.jsonl").write_text("\n".join([lines[0], json.dumps(edited)]) + "\n")  # record 3 left the feed

    summary = run(str(src), str(out), SETTINGS)
    tables = read_tables(out)
    after = by_article(tables)
    assert (summary.records.new, summary.records.changed, summary.records.unchanged) == (0, 1, 1)
    new_id = next(a["article_id"] for a in tables["articles"] if a["source"] == "feed.jsonl#2")
    assert (
        ids["feed.jsonl#2"] not in after
        and len(after[new_id]["quotes"]) == len(before[ids["feed.jsonl#2"]]["quotes"]) + 1
    )
    assert {aid: after[aid] for aid in (ids["feed.jsonl#1"], ids["feed.jsonl#3"])} == {
        aid: before[aid] for aid in (ids["feed.jsonl#1"], ids["feed.jsonl#3"])
    }  # the record that left the feed keeps its rows

    assert run(str(src), str(out), SETTINGS, prune=True).pruned == 0  # records of a present feed are not pruned
    (src / "feed.jsonl").unlink()
    pruned = run(str(src), str(out), SETTINGS, prune=True)
    assert pruned.pruned == 4 and read_tables(out)["articles"] == []  # the feed and its three records


def test_a_warc_processes_only_records_it_has_not_seen(tmp_path):
    from .test_formats import write_warc

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    write_warc(src / "crawl.warc")
    first = run(str(src), str(out), SETTINGS)
    assert (first.new, first.records.new) == (1, 2)  # one archive, two records
    os.utime(src / "crawl.warc", ns=(0, (src / "crawl.warc").stat().st_mtime_ns + 10**9))  # touched: read again
    again = run(str(src), str(out), SETTINGS)
    assert (again.changed, again.records.new, again.records.changed, again.records.unchanged) == (1, 0, 0, 2)
    assert again.rows.get("articles", 0) == 0


@pytest.mark.parametrize(
    ("inputs", "batch_size", "workers", "expected"),
    [
        (300, 200, 1, 200),  # one worker: the configured size
        (300, 200, 2, 75),  # two workers: four batches, two each, not 200 then 100
        (10_000, 200, 2, 200),  # enough inputs: the configured size still bounds a batch
        (12, 200, 4, 10),  # never below the floor: a commit per batch has its cost
        (0, 200, 2, 10),
    ],
)
def test_several_workers_get_batches_small_enough_to_share_the_work(inputs, batch_size, workers, expected):
    from quoteflow.batching import batch_size_for

    assert batch_size_for(inputs, batch_size, workers) == expected
