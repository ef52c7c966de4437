"""The store persists the finished tables it is given; which rows a batch keeps (duplicates)
and every `rejects` row are decided before, in `quoteflow.rows`."""

from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from quoteflow.batch import commit_deduped
from quoteflow.dataset.derive import Derived
from quoteflow.dataset.snapshots import DatasetStore
from quoteflow.dataset.store import open_store
from quoteflow.records import Rejection
from quoteflow.rows.rejects import rejects_row
from quoteflow.schemas.vocab import RejectStage

from .test_store import NOW, article, entry, mention, tables


def batch(*pairs: tuple[str, str]):
    rows = {"articles": [article(a, s) for s, a in pairs], "mentions": [mention(a) for _, a in pairs]}
    return tables(rows), [entry(s, a) for s, a in pairs]


def stored(root, name: str) -> list[dict]:
    return ds.dataset(root / name).to_table().to_pylist()


@pytest.mark.parametrize(
    ("how", "articles", "rejects"),
    [
        # the store writes what it is given: two inputs, one text, two rows
        ("store", ["made/up-a.txt", "made/up-b.txt"], []),
        # the writer settles the batch first: the text stored once, the copy rejected as such
        ("deduped", ["made/up-a.txt"], [("made/up-b.txt", "dedupe")]),
    ],
)
def test_the_store_writes_finished_tables_and_dedupe_is_decided_before(tmp_path, how, articles, rejects):
    store = DatasetStore(tmp_path / "out")
    new_tables, entries = batch(("made/up-b.txt", "a1"))  # the text an earlier commit stored
    with store.lock():
        store.commit(*batch(("made/up-a.txt", "a1")))
        if how == "store":
            result = store.commit(new_tables, entries)
        else:
            result = commit_deduped(store, new_tables, entries)
            assert (result.duplicates, result.orphans) == ({"made/up-b.txt": "made/up-a.txt"}, frozenset())
    assert sorted(r["source"] for r in stored(tmp_path / "out", "articles")) == articles
    assert [(r["source"], r["stage"]) for r in stored(tmp_path / "out", "rejects")] == rejects
    assert result.rows["articles"] == len(articles) - 1


def test_a_dedupe_row_is_made_by_the_one_rejects_row_function(tmp_path):
    store = DatasetStore(tmp_path / "out")
    with store.lock():
        store.commit(*batch(("made/up-a.txt", "a1")))
        commit_deduped(store, *batch(("made/up-b.txt", "a1")))
    (row,) = stored(tmp_path / "out", "rejects")
    reason = "same text as made/up-a.txt (article_id a1); stored once"
    expected = rejects_row(Rejection("made/up-b.txt", RejectStage.DEDUPE, reason, "a1", "a1" * 4), "r", NOW)
    assert row == expected


def test_a_rejects_row_keeps_no_traceback_and_names_its_run():
    when = datetime(2030, 5, 6, tzinfo=UTC)
    rejection = Rejection("made/up.txt", RejectStage.EXTRACT, "extract failed", details="Traceback …")
    row = rejects_row(rejection, "run-9", when)
    assert "details" not in row
    assert (row["source"], row["stage"], row["run_id"], row["rejected_at"]) == ("made/up.txt", "extract", "run-9", when)


def titled(io, live, tables, removed, number) -> Derived:
    """A made-up derivation: every article of the batch gets a title naming the commit."""
    articles = tables["articles"]
    column = articles.schema.get_field_index("title")
    title = pa.array([f"commit {number}, {len(removed)} removed"] * articles.num_rows, type=pa.string())
    return Derived({**tables, "articles": articles.set_column(column, "title", title)})


DERIVED = {"made/up-a.txt": "commit 2, 1 removed", "made/up-b.txt": "commit 3, 0 removed"}


@pytest.mark.parametrize("uri", [False, True], ids=["folder", "object store"])
@pytest.mark.parametrize(
    ("derive", "titles"),
    [
        # a pure table store: the tables it is given, as they are
        (None, {"made/up-a.txt": None, "made/up-b.txt": None}),
        # what a run gives (the corpus step) derives from the batch and the committed state
        (titled, DERIVED),
    ],
)
def test_a_commit_writes_what_the_store_is_given_to_derive(tmp_path, uri, derive, titles):
    out = tmp_path / "out"
    store = open_store(f"file://{out}" if uri else str(out), derive=derive)
    store.open()
    with store.lock():
        store.commit(*batch(("made/up-a.txt", "a1")))
        store.commit(*batch(("made/up-a.txt", "a2")), replaced_sources=["made/up-a.txt"])
        store.commit(*batch(("made/up-b.txt", "b1")))
    assert {r["source"]: r["title"] for r in stored(out, "articles")} == titles
    for keyed in ("entities", "entity_redirects", "quote_clusters"):  # readable either way, empty here
        assert stored(out, keyed) == []
