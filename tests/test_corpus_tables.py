"""The corpus tables through real runs: `entities` and `entity_redirects` committed with the
article tables, kept consistent by `--prune`, and built for a dataset written before them."""

from pathlib import Path

import pyarrow.parquet as pq

from quoteflow.dataset.reader import open_dataset
from quoteflow.pipeline import run
from quoteflow.schemas.contract import SCHEMA_VERSION_KEY, schema_version
from quoteflow.settings import Settings

from .conftest import write_articles

STORIES = {
    "a/bridge.txt": (
        "Harbourton bridge to reopen\n\n"
        "Jane Roe, the mayor of Harbourton, said on Monday that the old bridge would reopen in May. "
        "“We are ready to open it,” Roe said. Engineers from Castell Works inspected it last week.\n"
    ),
    "a/ferry.txt": (
        "Ferry fares frozen\n\n"
        "“Nobody will pay more this year,” said Jane Roe, the mayor of Harbourton. "
        "The ferry operator, Castell Works, agreed to the freeze on Tuesday.\n"
    ),
    "b/market.txt": (
        "Market hall sold\n\n"
        "The market hall was sold to Olwen Tudge, a baker, who said she would keep the stalls. "
        "“It stays a market,” Tudge said.\n"
    ),
}


def tables(out: Path) -> dict[str, list[dict]]:
    data = open_dataset(out)
    return {name: data[name].to_table().to_pylist() for name in ("people", "quotes", "entities", "entity_redirects")}


def entity(t: dict[str, list[dict]], name: str) -> dict:
    (row,) = [e for e in t["entities"] if e["name"] == name]
    return row


def test_people_and_speakers_carry_the_corpus_id_and_entities_count_articles(tmp_path):
    src = write_articles(tmp_path / "in", STORIES)
    run(str(src), str(tmp_path / "out"), Settings(batch_size=1))
    t = tables(tmp_path / "out")
    roe = entity(t, "Jane Roe")
    assert roe["kind"] == "person" and roe["article_count"] == 2 and roe["quote_count"] >= 2
    assert roe["role"] == "mayor of Harbourton"
    assert {p["entity_id"] for p in t["people"] if p["name"] == "Jane Roe"} == {roe["entity_id"]}
    spoken = {q["speaker_entity_id"] for q in t["quotes"] if q["speaker"] == "Jane Roe"}
    assert spoken == {roe["entity_id"]}
    assert entity(t, "Castell Works")["kind"] == "organization"
    ids = {e["entity_id"] for e in t["entities"]}
    assert {p["entity_id"] for p in t["people"]} <= ids  # every row's entity exists
    assert {q["speaker_entity_id"] for q in t["quotes"] if q["speaker_entity_id"]} <= ids


def test_pruning_an_article_updates_the_entities_it_named(tmp_path):
    src = write_articles(tmp_path / "in", STORIES)
    out = tmp_path / "out"
    run(str(src), str(out), Settings(batch_size=1))
    (src / "a" / "ferry.txt").unlink()
    (src / "b" / "market.txt").unlink()
    run(str(src), str(out), Settings(batch_size=1), prune=True)
    t = tables(out)
    assert entity(t, "Jane Roe")["article_count"] == 1
    assert not [e for e in t["entities"] if e["name"] == "Olwen Tudge"]  # nobody names her any more


def test_a_dataset_written_before_version_4_is_upgraded_by_its_next_run(tmp_path):
    """Schema version 3: no corpus tables, no `entity_id` in people / organizations, no
    `quotes.speaker_entity_id`, `mentions.entity_id` for today's `local_id`."""
    src = write_articles(tmp_path / "in", dict(list(STORIES.items())[:2]))
    out = tmp_path / "out"
    run(str(src), str(out), Settings(batch_size=1))
    current = (out / ".quoteflow" / "current").resolve()
    for name, drop in (("people", "entity_id"), ("organizations", "entity_id"), ("quotes", "speaker_entity_id")):
        for path in (current / name).glob("*.parquet"):
            _rewrite(path, pq.read_table(path).drop_columns([drop]))
    for path in (current / "mentions").glob("*.parquet"):
        table = pq.read_table(path)
        _rewrite(path, table.rename_columns(["entity_id" if c == "local_id" else c for c in table.column_names]))
    for name in ("entities", "entity_redirects"):
        for path in (current / name).glob("*.parquet"):
            path.unlink()
    old = open_dataset(out)
    assert old["entities"].to_table().num_rows == 0 and old["people"].to_table().column("entity_id").null_count > 0

    write_articles(src, {"b/market.txt": STORIES["b/market.txt"]})
    summary = run(str(src), str(out), Settings(batch_size=1))
    assert summary.new == 1
    t = tables(out)
    assert entity(t, "Jane Roe")["article_count"] == 2  # from the stored rows, not parsed again
    assert all(p["entity_id"] for p in t["people"])
    assert {q["speaker_entity_id"] for q in t["quotes"] if q["speaker"]} <= {e["entity_id"] for e in t["entities"]}
    mentions = open_dataset(out)["mentions"].to_table()
    assert mentions.column("local_id").null_count == 0
    for name in ("people", "organizations", "quotes", "mentions"):
        for path in (out / name).glob("*.parquet"):
            assert schema_version(pq.read_schema(path)) == 4, path


def _rewrite(path: Path, table) -> None:  # as schema version 3 wrote it, in a new file (snapshots share links)
    metadata = {SCHEMA_VERSION_KEY.encode(): b"3"}
    path.unlink()
    pq.write_table(table.replace_schema_metadata(metadata), path)
