"""The corpus tables through real runs: `entities` and `entity_redirects` committed with the
article tables, kept consistent by `--prune`, and built for a dataset written before them."""

import signal
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from quoteflow.dataset.reader import open_dataset
from quoteflow.pipeline import run
from quoteflow.schemas.contract import SCHEMA_VERSION, SCHEMA_VERSION_KEY, schema_version
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
            # … and no `people.gender` / `gender_evidence` (schema version 5)
            extra = ["gender", "gender_evidence"] if name == "people" else []
            _rewrite(path, pq.read_table(path).drop_columns([drop, *extra]))
    for path in (current / "mentions").glob("*.parquet"):
        table = pq.read_table(path)
        _rewrite(path, table.rename_columns(["entity_id" if c == "local_id" else c for c in table.column_names]))
    for path in (current / "articles").glob("*.parquet"):
        _rewrite(path, pq.read_table(path).drop_columns(["copy_of"]))
    for name in ("fingerprints", "entities", "entity_redirects", "quote_clusters"):  # tables new in version 4
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
            assert schema_version(pq.read_schema(path)) == SCHEMA_VERSION, path
    assert {p["gender"] for p in t["people"]} <= {"female", "male", "unknown"}  # never null once rewritten


def _rewrite(path: Path, table) -> None:  # as schema version 3 wrote it, in a new file (snapshots share links)
    metadata = {SCHEMA_VERSION_KEY.encode(): b"3"}
    path.unlink()
    pq.write_table(table.replace_schema_metadata(metadata), path)


WIRE = (
    "Harbourton council voted on Tuesday to close the old ferry pier at the end of the summer, "
    "ending more than a century of crossings from the town centre to the island of Kell. "
    "Jane Roe, the mayor of Harbourton, said the pier could no longer be repaired at a cost the town could bear. "
    "“We kept it open as long as we safely could,” Roe said after the vote. "
    "Islanders will be offered a bus link and a new landing stage two miles to the north, "
    "which Castell Works expects to finish by next spring. "
    "Residents who opposed the closure handed the council a petition with four thousand names last month.\n"
    "The council will meet again in June to set the fares for the new service.\n"
)
COPIES = {
    "1/wire.txt": "Ferry pier to close\n\n" + WIRE,
    # a reprint: another headline, a dateline and a credit added, the last paragraph trimmed
    "2/reprint.txt": (
        "Kell islanders lose their pier\n\nHARBOURTON (Coast Wire) - " + WIRE.rsplit("\n", 2)[0] + "\n"
        "Reporting by Ola Brand; editing by Pip Sloane\n"
    ),
    # the same event, written separately: same people and facts, other sentences
    "3/own.txt": (
        "Island crossing ends after a century\n\n"
        "The last ferry from the town centre to Kell will sail this summer. Mayor Jane Roe told councillors "
        "on Tuesday that repairs to the pier were beyond the town's budget, and the vote to close it passed. "
        "“We kept it open as long as we safely could,” Roe said. A bus link and a landing stage further north, "
        "to be built by Castell Works, will replace it; four thousand people had signed a petition against "
        "the plan, and fares for the new service are to be set in June.\n"
    ),
}


def test_a_reprint_is_flagged_as_a_copy_and_counted_once(tmp_path):
    src = write_articles(tmp_path / "in", COPIES)
    out = tmp_path / "out"
    run(str(src), str(out), Settings(batch_size=1))
    data = open_dataset(out)
    articles = {Path(a["source"]).parent.name: a for a in data["articles"].to_table().to_pylist()}
    assert articles["2"]["copy_of"] == articles["1"]["article_id"]
    assert articles["1"]["copy_of"] is None and articles["3"]["copy_of"] is None
    roe = entity(tables(out), "Jane Roe")
    assert roe["article_count"] == 2  # the wire story and the separate report; the reprint is the wire story


def test_copies_within_one_batch_point_to_the_same_first_copy(tmp_path):
    src = write_articles(tmp_path / "in", {**COPIES, "4/again.txt": "Pier vote\n\n" + WIRE})
    out = tmp_path / "out"
    run(str(src), str(out), Settings(batch_size=10))
    articles = open_dataset(out)["articles"].to_table().to_pylist()
    roots = {a["copy_of"] for a in articles if a["copy_of"]}
    assert len([a for a in articles if a["copy_of"]]) == 2 and len(roots) == 1
    (root,) = roots
    assert root in {a["article_id"] for a in articles if a["copy_of"] is None}


QUOTED_AGAIN = {
    # Roe's line from a/bridge.txt again, in part, in another outlet's story
    "c/radio.txt": (
        "Mayor on the radio\n\n"
        "Speaking on local radio on Wednesday, Jane Roe, the mayor of Harbourton, said the town was "
        "“ready to open it” as soon as the inspectors signed off.\n"
    ),
    # the same words from someone else: another quotation
    "c/letters.txt": (
        "Letters\n\nA reader, Bram Osei, wrote that his shop was “ready to open it” too, if only customers came.\n"
    ),
}


def test_a_quotation_carried_by_two_stories_is_one_quote_cluster(tmp_path):
    src = write_articles(tmp_path / "in", {**STORIES, **QUOTED_AGAIN})
    out = tmp_path / "out"
    run(str(src), str(out), Settings(batch_size=1))
    data = open_dataset(out)
    clusters = data["quote_clusters"].to_table().to_pylist()
    quotes = {q["quote_id"]: q for q in data["quotes"].to_table().to_pylist()}
    roe = entity(tables(out), "Jane Roe")
    (cluster,) = [c for c in clusters if c["speaker_entity_id"] == roe["entity_id"]]
    assert cluster["text"] == "We are ready to open it,"
    assert sorted(quotes[q]["text"] for q in cluster["quote_ids"]) == ["We are ready to open it,", "ready to open it"]
    assert (cluster["article_count"], cluster["quote_count"]) == (2, 2)
    assert not [c for c in clusters if c["speaker_entity_id"] != roe["entity_id"]]  # Osei's words are his own


MERGING = {  # one article per batch: the second names in full the man the first calls only "Doe"
    "1/first.txt": (
        "Pier talks\n\nThe harbour committee met on Monday. “We will not sell the pier,” said Mr. Doe, "
        "who chairs the committee.\n"
    ),
    "2/second.txt": (
        "Pier stays\n\nCouncillor Tam Doe said on Tuesday that the pier would stay in public hands. "
        "“It belongs to the town,” Doe said.\n"
    ),
}


def corpus_state(out: Path) -> dict[str, list]:
    from .conftest import comparable

    data = open_dataset(out)
    return {n: comparable(data[n].to_table().to_pylist()) for n in ("people", "entities", "entity_redirects")}


@pytest.mark.slow
def test_a_commit_killed_while_it_merges_entities_leaves_the_previous_state(tmp_path):
    from .test_crash import writer

    src = write_articles(tmp_path / "in", MERGING)
    write_articles(tmp_path / "in1", {"1/first.txt": MERGING["1/first.txt"]})
    for folder, name in ((tmp_path / "in1", "before"), (tmp_path / "in1", "clean"), (src, "clean")):
        assert writer(folder, tmp_path / name).returncode == 0  # "clean": the first article, then the second
    clean = corpus_state(tmp_path / "clean")
    assert any(clean["entity_redirects"]), "the second article must merge an id committed by the first"
    out = tmp_path / "out"
    assert writer(tmp_path / "in1", out).returncode == 0
    killed = writer(src, out, crash_at="after_write_entity_redirects@1")  # the commit of the merge
    assert killed.returncode == -signal.SIGKILL
    assert corpus_state(out) == corpus_state(tmp_path / "before")
    assert writer(src, out).returncode == 0
    assert corpus_state(out) == clean


def test_ids_survive_new_articles(tmp_path):
    src = write_articles(tmp_path / "in", dict(list(STORIES.items())[:2]))
    out = tmp_path / "out"
    run(str(src), str(out), Settings(batch_size=1))
    before = tables(out)
    write_articles(src, {"b/market.txt": STORIES["b/market.txt"], **QUOTED_AGAIN})
    run(str(src), str(out), Settings(batch_size=1))
    after = tables(out)
    kept = {(p["article_id"], p["person_id"]): p["entity_id"] for p in before["people"]}
    assert kept.items() <= {(p["article_id"], p["person_id"]): p["entity_id"] for p in after["people"]}.items()
    assert entity(after, "Jane Roe")["entity_id"] == entity(before, "Jane Roe")["entity_id"]
    assert after["entity_redirects"] == []  # nothing merged: no id moved


def partition(out: Path) -> set[frozenset[tuple[str, str]]]:
    """Which (article, name) rows are one entity, through redirects: what batching must not change."""
    t = tables(out)
    current = {r["entity_id"]: r["current_entity_id"] for r in t["entity_redirects"]}
    articles = {a["article_id"]: a["source"] for a in open_dataset(out)["articles"].to_table().to_pylist()}
    groups: dict[str, set[tuple[str, str]]] = {}
    for p in t["people"]:
        groups.setdefault(current.get(p["entity_id"], p["entity_id"]), set()).add(
            (articles[p["article_id"]], p["name"])
        )
    return {frozenset(g) for g in groups.values()}


def test_one_batch_or_one_article_at_a_time_gives_the_same_entities(tmp_path):
    corpus = {**STORIES, **QUOTED_AGAIN, **MERGING}
    src = write_articles(tmp_path / "in", corpus)
    run(str(src), str(tmp_path / "one"), Settings(batch_size=len(corpus)))
    run(str(src), str(tmp_path / "each"), Settings(batch_size=1))
    assert partition(tmp_path / "one") == partition(tmp_path / "each")
    doe = [g for g in partition(tmp_path / "each") if ("1/first.txt", "Doe") in g]
    assert doe == [frozenset({("1/first.txt", "Doe"), ("2/second.txt", "Tam Doe")})]  # merged, by a redirect
    assert tables(tmp_path / "each")["entity_redirects"] and not tables(tmp_path / "one")["entity_redirects"]
