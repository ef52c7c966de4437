"""Duplicated texts never cost data: whatever happens to either copy, every file that still has
text is in `articles`, or in `rejects` as a copy of a text that is stored, and one text is
stored once."""

import hashlib
from pathlib import Path

import pytest

from quoteflow.pipeline import run
from quoteflow.settings import Settings

from .conftest import ARTICLES, read_tables, write_articles

TEXT = ARTICLES["news/story1.txt"]
OTHER = ARTICLES["news/story2.txt"]


def article_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def assert_nothing_lost(src: Path, out: Path) -> None:
    tables = read_tables(out)
    stored = {a["source"]: a["article_id"] for a in tables["articles"]}
    ids = list(stored.values())
    assert len(ids) == len(set(ids)), f"a text is stored twice: {stored}"
    copies = {r["source"]: r for r in tables["rejects"] if r["stage"] == "dedupe"}
    for path in sorted(src.rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            continue
        source = path.relative_to(src).as_posix()
        if source in stored:
            assert stored[source] == article_id(text), f"{source}: the stored text is not the file's"
        else:
            assert source in copies, f"{source} has text but is neither stored nor a copy: lost"
            assert copies[source]["article_id"] == article_id(text)
            assert article_id(text) in ids, f"{source} is a copy of a text nobody stores"


EDITS = {
    "edit": lambda p: p.write_text(OTHER, encoding="utf-8"),
    "empty": lambda p: p.write_text("", encoding="utf-8"),
    "delete": lambda p: p.unlink(),
}


@pytest.mark.parametrize("batch_size", [1, 10], ids=["separate-batches", "one-batch"])
@pytest.mark.parametrize("which", ["a.txt", "b.txt"], ids=["first-copy", "second-copy"])
@pytest.mark.parametrize("change", list(EDITS))
def test_changing_either_copy_of_a_text_loses_nothing(tmp_path, batch_size, which, change):
    src = write_articles(tmp_path / "in", {"a.txt": TEXT, "b.txt": TEXT})
    out = tmp_path / "out"
    settings = Settings(batch_size=batch_size)
    first = run(str(src), str(out), settings)
    assert (first.new, first.duplicates) == (2, 1)
    assert_nothing_lost(src, out)

    EDITS[change](src / which)
    second = run(str(src), str(out), settings)
    assert second.status == "completed"
    assert_nothing_lost(src, out)
    third = run(str(src), str(out), settings)  # settled: a later run has nothing to do
    assert (third.new, third.changed, third.rows) == (0, 0, {}), third
    assert_nothing_lost(src, out)


def test_copies_arriving_in_one_batch_keep_the_first_in_source_order(tmp_path):
    src = write_articles(tmp_path / "in", {"b/copy.txt": TEXT, "a/original.txt": TEXT, "c.txt": OTHER})
    summary = run(str(src), str(tmp_path / "out"), Settings())
    tables = read_tables(tmp_path / "out")
    assert sorted(a["source"] for a in tables["articles"]) == ["a/original.txt", "c.txt"]
    assert [(r["source"], r["stage"]) for r in tables["rejects"]] == [("b/copy.txt", "dedupe")]
    assert "same text as a/original.txt" in tables["rejects"][0]["reason"] and summary.duplicates == 1


def test_a_copy_arriving_later_leaves_the_stored_text_where_it_is(tmp_path):
    src = write_articles(tmp_path / "in", {"z.txt": TEXT})
    out = tmp_path / "out"
    run(str(src), str(out), Settings())
    write_articles(src, {"a.txt": TEXT})  # sorts first, but the text is already held by z.txt
    run(str(src), str(out), Settings())
    tables = read_tables(out)
    assert [a["source"] for a in tables["articles"]] == ["z.txt"]
    assert [(r["source"], r["stage"]) for r in tables["rejects"]] == [("a.txt", "dedupe")]
    assert_nothing_lost(src, out)
