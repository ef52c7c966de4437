"""Existing datasets get the improvement: articles extracted by another version of the rules are
extracted again from their stored text, batch by batch, replacing only their rows."""

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from quoteflow.dataset.reader import open_dataset
from quoteflow.extraction.package import model_label
from quoteflow.extraction.version import extraction_version
from quoteflow.pipeline import run
from quoteflow.rows import build as rows_module
from quoteflow.settings import Settings

from .conftest import ARTICLES, by_article, comparable, read_tables, write_articles

SETTINGS = Settings(batch_size=2)
OLD = {"news/story2.txt", "news/story5.txt"}


def write_old_dataset(tmp_path, monkeypatch, old: set[str], out: str | None = None):
    """Six articles, those in `old` extracted by "older rules": recorded as another version, and
    with no quotes found."""
    src = write_articles(tmp_path / "in", ARTICLES)
    out = out or str(tmp_path / "out")
    real_rows, real_version = rows_module.article_rows, rows_module.extraction_version

    def older(article, extraction, run_info, model):
        made = real_rows(article, extraction, run_info, model)
        if article.source in old:
            made.rows["quotes"].clear()
            made.rows["articles"][0]["extraction_version"] = "rules-000000000000/" + model
        return made

    monkeypatch.setattr(rows_module, "article_rows", older)  # batch imports it per call
    run(str(src), out, SETTINGS)
    monkeypatch.setattr(rows_module, "article_rows", real_rows)
    assert real_version is rows_module.extraction_version
    return src, out


@pytest.fixture()
def old_dataset(tmp_path, monkeypatch):
    src, out = write_old_dataset(tmp_path, monkeypatch, OLD)
    return src, Path(out)


def test_reextract_replaces_only_the_rows_of_articles_of_another_version(old_dataset, tmp_path):
    src, out = old_dataset
    fresh = tmp_path / "fresh"
    run(str(write_articles(tmp_path / "fresh-in", ARTICLES)), str(fresh), SETTINGS)
    reference = by_article(read_tables(fresh))
    (src / "news" / "story5.txt").unlink()  # gone from SOURCE: its stored text is extracted again
    before = by_article(read_tables(out))
    tables = read_tables(out)
    old_ids = {a["article_id"] for a in tables["articles"] if a["source"] in OLD}

    plain = run(str(src), str(out), SETTINGS)  # a normal run leaves them alone
    assert (plain.reextracted, plain.rows) == (0, {})

    summary = run(str(src), str(out), SETTINGS, reextract=True)
    assert summary.reextracted == 2 and summary.status == "completed"
    after_tables = read_tables(out)
    after = by_article(after_tables)
    assert set(after) == set(before)  # the same articles (ids come from the text)
    for aid in set(before) - old_ids:  # the others keep their rows, untouched
        assert after[aid] == before[aid]
    for aid in old_ids:  # the stale ones get what the current rules find
        assert before[aid]["quotes"] == [] and after[aid]["quotes"], "no quotes found again"
        assert after[aid] == reference[aid]
    current = extraction_version(model_label(SETTINGS.spacy_model))
    assert {a["extraction_version"] for a in after_tables["articles"]} == {current}
    fresh_tables = read_tables(fresh)
    for name in ("entities", "entity_redirects", "quote_clusters"):  # the corpus follows its rows
        assert comparable(after_tables[name]) == comparable(fresh_tables[name]), name
    assert run(str(src), str(out), SETTINGS, reextract=True).reextracted == 0  # up to date now


def test_a_dataset_written_before_the_column_existed_is_read_appended_and_brought_up_to_date(tmp_path):
    src = write_articles(tmp_path / "in", dict(list(ARTICLES.items())[:3]))
    out = tmp_path / "out"
    run(str(src), str(out), SETTINGS)
    for path in (out / "articles").glob("*.parquet"):  # files as an earlier quoteflow wrote them
        table = pq.read_table(path)
        index = table.schema.get_field_index("extraction_version")
        target = path.resolve()
        target.unlink()  # a new file (snapshots share files by hard links)
        pq.write_table(table.remove_column(index), target)
    assert "extraction_version" not in pq.read_schema(next((out / "articles").glob("*.parquet"))).names

    old = open_dataset(out)["articles"].to_table()
    assert old.column("extraction_version").null_count == 3  # read, the new column null

    write_articles(src, {"news/story4.txt": ARTICLES["news/story4.txt"]})
    (src / "news" / "story1.txt").write_text(ARTICLES["news/story1.txt"] + "“More,” Roe1 said.\n")
    appended = run(str(src), str(out), SETTINGS)  # appended to, and an old file rewritten
    assert (appended.new, appended.changed) == (1, 1)
    articles = open_dataset(out)["articles"].to_table()
    assert articles.num_rows == 4 and articles.column("extraction_version").null_count == 2

    summary = run(str(src), str(out), SETTINGS, reextract=True)
    assert summary.reextracted == 2
    final = open_dataset(out)["articles"].to_table()
    assert final.num_rows == 4 and final.column("extraction_version").null_count == 0


@pytest.mark.parametrize("scheme", ["", "file://"])
def test_a_reextraction_longer_than_the_snapshot_retention_reads_what_it_replaces(tmp_path, monkeypatch, scheme):
    """Versions replaced more than the retention ago may be vacuumed meanwhile: the batches after
    the first must not read the version pinned before the first commit."""
    stale = {f"news/story{k}.txt" for k in range(1, 6)}
    src, out = write_old_dataset(tmp_path, monkeypatch, stale, out=f"{scheme}{tmp_path / 'out'}")
    quick = Settings(batch_size=1, snapshot_retention_seconds=0)

    summary = run(str(src), out, quick, reextract=True)
    assert summary.status == "completed" and summary.reextracted == len(stale)
    articles = read_tables(tmp_path / "out")["articles"]
    current = extraction_version(model_label(SETTINGS.spacy_model))
    assert sorted(a["source"] for a in articles) == sorted(ARTICLES)
    assert {a["extraction_version"] for a in articles} == {current}


def test_an_article_whose_reextraction_fails_keeps_its_rows(old_dataset, monkeypatch):
    from quoteflow.extraction import extract as extraction

    src, out = old_dataset
    before = by_article(read_tables(out))
    real = extraction.extract

    def broken(doc, *args):
        if "Roe5" in doc.text:
            raise RuntimeError("boom")
        return real(doc, *args)

    monkeypatch.setattr(extraction, "extract", broken)
    (src / "news/story5.txt").unlink()  # its text is now only in the dataset
    summary = run(str(src), str(out), SETTINGS, reextract=True)
    tables = read_tables(out)
    assert summary.failed == ["news/story5.txt"] and tables["rejects"] == []
    stored = {a["source"]: a["article_id"] for a in tables["articles"]}
    assert (
        "news/story5.txt" in stored
        and by_article(tables)[stored["news/story5.txt"]] == before[stored["news/story5.txt"]]
    )
