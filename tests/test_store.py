"""The snapshot store: atomic commits, replacement of a changed source, readable by every reader."""

from datetime import UTC, datetime

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from quoteflow.dataset import manifest as manifest_module
from quoteflow.dataset.manifest import NEW_PART, ManifestEntry
from quoteflow.dataset.snapshots import DatasetStore
from quoteflow.errors import StoreError, StoreLocked
from quoteflow.schemas.tables import TABLES

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def article(aid: str, source: str) -> dict:
    text = f"text of {source}"
    return dict(
        article_id=aid,
        source=source,
        title=None,
        published_at=None,
        text=text,
        char_count=len(text),
        paragraph_count=1,
        sentence_count=1,
        content_sha256=aid * 4,
        encoding="utf-8",
        run_id="r",
        ingested_at=NOW,
        pipeline_version="0",
        spacy_model="m",
    )


def mention(aid: str) -> dict:
    return dict(
        article_id=aid,
        local_id="per_" + "0" * 16,
        entity_type="person",
        start_char=0,
        end_char=4,
        text="text",
        paragraph_index=0,
        sentence_index=0,
        in_quote=False,
    )


def entry(source: str, aid: str) -> ManifestEntry:
    return ManifestEntry(source, "article", aid * 4, aid, 1, 1, NEW_PART, "r", NOW)


def tables(rows: dict[str, list[dict]]) -> dict[str, pa.Table]:
    return {name: pa.Table.from_pylist(rows.get(name, []), schema=TABLES[name].arrow_schema) for name in TABLES}


def commit(store, *pairs, replaced=()):
    rows = {"articles": [article(a, s) for s, a in pairs], "mentions": [mention(a) for _, a in pairs]}
    with store.lock():
        return store.commit(tables(rows), [entry(s, a) for s, a in pairs], replaced)


def read(root, name):
    return pd.read_parquet(root / name)


def test_a_new_folder_is_readable_and_empty_with_the_schema(tmp_path):
    store = DatasetStore(tmp_path / "out")
    with store.lock():
        pass
    for name, contract in TABLES.items():
        table = ds.dataset(tmp_path / "out" / name).to_table()
        assert table.num_rows == 0 and table.schema.names == contract.arrow_schema.names


def test_commits_accumulate_and_replacement_drops_the_old_version(tmp_path):
    store = DatasetStore(tmp_path)
    commit(store, ("a.txt", "a" * 16), ("b.txt", "b" * 16))
    commit(store, ("c.txt", "c" * 16))
    assert sorted(read(tmp_path, "articles").source) == ["a.txt", "b.txt", "c.txt"]
    result = commit(store, ("a.txt", "d" * 16), replaced={"a.txt"})
    arts = read(tmp_path, "articles")
    expected = [("a.txt", "d" * 16), ("b.txt", "b" * 16), ("c.txt", "c" * 16)]
    assert sorted(zip(arts.source, arts.article_id, strict=True)) == expected
    assert sorted(read(tmp_path, "mentions").article_id) == sorted(["b" * 16, "c" * 16, "d" * 16])
    assert result.snapshot == 3
    manifest = store.manifest()
    assert manifest["a.txt"].article_id == "d" * 16
    # b.txt's part was rewritten without a.txt: the manifest follows it to the new file
    for name in ("articles", "mentions"):
        files = {p.stem for p in (store.current_dir() / name).glob("*.parquet")}
        assert {manifest[s].part for s in ("a.txt", "b.txt", "c.txt")} <= files


def test_readers_see_the_same_rows(tmp_path):
    store = DatasetStore(tmp_path)
    commit(store, ("a.txt", "a" * 16))
    commit(store, ("b.txt", "b" * 16))
    glob = str(tmp_path / "articles" / "**" / "*.parquet")
    via_duckdb = duckdb.sql(f"select source from read_parquet('{glob}', hive_partitioning=true) order by 1").fetchall()
    via_polars = pl.read_parquet(glob).sort("source")["source"].to_list()
    assert [r[0] for r in via_duckdb] == via_polars == ["a.txt", "b.txt"]
    types = {r[0]: r[1] for r in duckdb.sql(f"describe select * from read_parquet('{glob}')").fetchall()}
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE" and types["char_count"] == "INTEGER"


def test_one_writer_at_a_time(tmp_path):
    first, second = DatasetStore(tmp_path), DatasetStore(tmp_path)
    with first.lock(), pytest.raises(StoreLocked, match="being written by"), second.lock(wait_seconds=0.3):
        pass
    with second.lock():  # released when the first is done
        pass


def test_refuses_a_folder_with_foreign_table_directories(tmp_path):
    (tmp_path / "quotes").mkdir()
    with pytest.raises(StoreError, match="not a quoteflow table"):
        DatasetStore(tmp_path).open()


def test_old_snapshots_are_vacuumed_after_the_retention(tmp_path):
    store = DatasetStore(tmp_path, retention_seconds=0)
    for k in range(5):
        commit(store, (f"{k}.txt", str(k) * 16))
    assert len(list(store.snapshots.iterdir())) == 6  # a commit deletes nothing
    store.vacuum()
    kept = sorted(p.name for p in store.snapshots.iterdir())
    assert kept == ["00000005"]
    assert len(read(tmp_path, "articles")) == 5


def test_object_storage_keeps_replaced_files_for_the_retention_then_deletes_them(tmp_path, monkeypatch):
    """On a filesystem URI the table folders hold only the committed files (plain Parquet readers
    see the committed rows), while replaced data files and manifests stay for readers of an older
    version until `retention_seconds` have passed and a vacuum deletes them."""
    from quoteflow.dataset.objectstore import ObjectStore

    out = tmp_path / "out"
    store = ObjectStore(f"file://{out}", retention_seconds=3600)
    commit(store, ("a.txt", "a" * 16))
    first_files = {p.name for p in (out / ".quoteflow" / "data" / "articles").glob("*.parquet")}
    commit(store, ("a.txt", "d" * 16), replaced={"a.txt"})
    assert list(read(out, "articles").article_id) == ["d" * 16]
    kept = {p.name for p in (out / ".quoteflow" / "data" / "articles").glob("*.parquet")}
    assert first_files < kept, "a replaced file was deleted before the retention"
    manifests = sorted(p.name for p in (out / ".quoteflow").glob("manifest-*.parquet"))
    assert manifests == ["manifest-00000000.parquet", "manifest-00000001.parquet", "manifest-00000002.parquet"]

    store.retention_seconds = 0
    monkeypatch.setattr(manifest_module, "MAX_CHANGE_FILES", 1)  # the next commit writes a new base
    commit(store, ("b.txt", "b" * 16))  # retires the manifests of the old chain
    commit(store, ("c.txt", "c" * 16))  # a new base again: manifest 3 retired too
    manifests = sorted(p.name for p in (out / ".quoteflow").glob("manifest-*.parquet"))
    assert len(manifests) == 5, "a commit deleted a manifest"
    store.vacuum()  # and, the retention passed, a vacuum deletes them
    live = {p.name for p in (out / "articles").glob("*.parquet")}
    assert {p.name for p in (out / ".quoteflow" / "data" / "articles").glob("*.parquet")} == live
    manifests = sorted(p.name for p in (out / ".quoteflow").glob("manifest-*.parquet"))
    assert manifests == ["manifest-00000004.parquet"]
    assert sorted(read(out, "articles").article_id) == ["b" * 16, "c" * 16, "d" * 16]
