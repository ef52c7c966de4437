"""The corpus entities a commit keeps (flows/corpus/update.py), with a toy resolver: ids for a
batch's rows, `entities` rows recomputed for what a batch touches, redirects when ids move.

The toy resolver joins a bare surname to the one full name with that surname in the corpus
(the real rules are tested in test_corpus_resolve.py); what is tested here is the bookkeeping
around any blockwise resolver."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from quoteflow.corpus import update
from quoteflow.corpus.resolve import NameRecord
from quoteflow.extraction.entities.model import entity_id
from quoteflow.schemas.tables import TABLES
from quoteflow.schemas.vocab import Table

NOW = datetime(2026, 5, 1, tzinfo=UTC)


def toy_blocks(r: NameRecord) -> frozenset[str]:
    return frozenset({f"{r.kind}:surname:{r.name.split()[-1].lower()}"})


def toy_resolve(records: Sequence[NameRecord]) -> dict[tuple[str, str], str]:
    full: dict[str, set[str]] = defaultdict(set)
    for r in records:
        if len(r.name.split()) > 1:
            full[r.name.split()[-1]].add(r.name)
    out = {}
    for r in records:
        names = full.get(r.name.split()[-1], set())
        name = next(iter(names)) if len(r.name.split()) == 1 and len(names) == 1 else r.name
        out[(r.article_id, r.local_id)] = entity_id(r.kind, name)
    return out


@pytest.fixture(autouse=True)
def toy(monkeypatch):
    monkeypatch.setattr(update, "resolve", toy_resolve)
    monkeypatch.setattr(update, "blocks_of", toy_blocks)


class Memory:
    """A committed state in memory: what `update_entities` reads, and `commit` to apply a batch."""

    def __init__(self) -> None:
        self.tables = {name: TABLES[name].arrow_schema.empty_table() for name in TABLES}
        self.tables[Table.ARTICLES] = article_rows({})  # the columns resolution reads
        self.version = 0

    def read(self, table: str, columns: Sequence[str]) -> pa.Table:
        return self.tables[table].select(list(columns))

    def read_keys(self, table: str, keys) -> pa.Table:
        t = self.tables[table]
        return t.filter(pc.is_in(t.column(t.column_names[0]), value_set=pa.array(sorted(keys), type=pa.string())))

    def commit(self, articles: dict[str, list[str]], removed: frozenset[str] = frozenset()) -> update.EntityUpdate:
        """Commit articles (id -> the people it names), minus the rows of `removed` articles."""
        self.version += 1
        batch = {Table.PEOPLE: people_rows(articles), Table.ARTICLES: article_rows(articles)}
        info = {a: update.ArticleInfo(NOW, a) for a in articles}
        done = update.update_entities(self, batch, set(removed), self.version, NOW, info)
        people = batch[Table.PEOPLE]
        resolved = [
            done.ids[(a, p)]
            for a, p in zip(people["article_id"].to_pylist(), people["person_id"].to_pylist(), strict=True)
        ]
        people = people.set_column(people.schema.get_field_index("entity_id"), "entity_id", pa.array(resolved))
        for name, new in ((Table.PEOPLE, people), (Table.ARTICLES, batch[Table.ARTICLES])):
            old = self.tables[name]
            keep = pc.invert(pc.is_in(old["article_id"], value_set=pa.array(sorted(removed), type=pa.string())))
            self.tables[name] = pa.concat_tables([old.filter(keep), new.cast(old.schema)])
        for name, rows, keys in (
            (Table.ENTITIES, done.entities, done.entity_keys),
            (Table.ENTITY_REDIRECTS, done.redirects, done.redirect_keys),
        ):
            old = self.tables[name]
            keep = pc.invert(pc.is_in(old["entity_id"], value_set=pa.array(sorted(keys), type=pa.string())))
            self.tables[name] = pa.concat_tables([old.filter(keep), rows])
        return done

    def clusters(self) -> set[frozenset[tuple[str, str]]]:
        """The partition of (article, name) the stored ids make, through redirects."""
        moved = dict(
            zip(
                self.tables[Table.ENTITY_REDIRECTS]["entity_id"].to_pylist(),
                self.tables[Table.ENTITY_REDIRECTS]["current_entity_id"].to_pylist(),
                strict=True,
            )
        )
        groups: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for r in self.tables[Table.PEOPLE].to_pylist():
            groups[moved.get(r["entity_id"], r["entity_id"])].add((r["article_id"], r["name"]))
        return {frozenset(g) for g in groups.values()}

    def entity(self, name: str) -> dict:
        (row,) = [r for r in self.tables[Table.ENTITIES].to_pylist() if r["name"] == name]
        return row


def people_rows(articles: dict[str, list[str]]) -> pa.Table:
    rows = [
        {
            "article_id": aid,
            "person_id": entity_id("person", name),
            "entity_id": entity_id("person", name),
            "name": name,
            "aliases": [name],
            "mention_count": 2,
            "quote_count": 1,
            "first_char": 0,
            "gender": "unknown",
            "gender_evidence": [],
        }
        for aid, names in articles.items()
        for name in names
    ]
    return pa.Table.from_pylist(rows, schema=TABLES[Table.PEOPLE].arrow_schema)


def article_rows(articles: dict[str, list[str]]) -> pa.Table:
    rows = [{"article_id": aid, "published_at": NOW, "ingested_at": NOW, "copy_of": None} for aid in articles]
    return pa.Table.from_pylist(
        rows,
        schema=pa.schema([TABLES["articles"].arrow_schema.field(c) for c in update.ARTICLE_INFO_COLUMNS]),
    )


A, B, C, D = (f"{c}" * 16 for c in "abcd")


def test_rows_of_one_entity_share_an_id_and_one_entities_row_counts_them():
    m = Memory()
    m.commit({A: ["Jo Doe", "Al Roe"], B: ["Jo Doe"]})
    doe = m.entity("Jo Doe")
    assert (doe["article_count"], doe["quote_count"], doe["mention_count"]) == (2, 2, 4)
    assert doe["aliases"] == [{"form": "Jo Doe", "count": 2}]
    assert {r["entity_id"] for r in m.tables[Table.PEOPLE].to_pylist() if r["name"] == "Jo Doe"} == {doe["entity_id"]}
    assert m.tables[Table.ENTITIES].num_rows == 2 and m.tables[Table.ENTITY_REDIRECTS].num_rows == 0


def test_a_later_article_that_merges_ids_redirects_the_old_one_and_rows_keep_theirs():
    m = Memory()
    m.commit({A: ["Doe"]})
    bare = m.entity("Doe")["entity_id"]
    m.commit({B: ["Jo Doe"]})
    full = m.entity("Jo Doe")
    assert [r["entity_id"] for r in m.tables[Table.PEOPLE].to_pylist() if r["name"] == "Doe"] == [bare]  # kept
    assert m.tables[Table.ENTITY_REDIRECTS].to_pylist() == [
        {"entity_id": bare, "current_entity_id": full["entity_id"], "redirected_at": NOW, "version": 2}
    ]
    assert full["article_count"] == 2 and {a["form"] for a in full["aliases"]} == {"Doe", "Jo Doe"}
    assert "Doe" not in {r["name"] for r in m.tables[Table.ENTITIES].to_pylist()}  # one entity, not two


def test_a_merge_undone_by_a_second_bearer_removes_the_redirect():
    m = Memory()
    m.commit({A: ["Doe"], B: ["Jo Doe"]})
    assert m.tables[Table.ENTITY_REDIRECTS].num_rows == 0  # one batch: the bare row got the full id directly
    m2 = Memory()
    m2.commit({A: ["Doe"]})
    m2.commit({B: ["Jo Doe"]})
    assert m2.tables[Table.ENTITY_REDIRECTS].num_rows == 1
    m2.commit({C: ["Al Doe"]})  # two full names: the toy resolver no longer joins the bare surname
    assert m2.tables[Table.ENTITY_REDIRECTS].num_rows == 0
    assert {r["name"] for r in m2.tables[Table.ENTITIES].to_pylist()} == {"Doe", "Jo Doe", "Al Doe"}


def test_one_batch_or_one_article_at_a_time_gives_the_same_clusters():
    corpus = {A: ["Doe", "Al Roe"], B: ["Roe"], C: ["Jo Doe", "Roe"], D: ["Doe", "Cy Poe"]}
    at_once = Memory()
    at_once.commit(corpus)
    one_by_one = Memory()
    for aid, names in corpus.items():
        one_by_one.commit({aid: names})
    assert at_once.clusters() == one_by_one.clusters()
    names = lambda m: sorted((r["name"], r["article_count"]) for r in m.tables[Table.ENTITIES].to_pylist())  # noqa: E731
    assert names(at_once) == names(one_by_one) == [("Al Roe", 3), ("Cy Poe", 1), ("Jo Doe", 3)]


def test_a_commit_reads_and_rewrites_only_the_component_it_touches():
    m = Memory()
    m.commit({A: ["Jo Doe"], B: ["Al Roe"], C: ["Cy Poe"]})
    done = m.commit({D: ["Doe"]})
    assert {r["name"] for r in done.entities.to_pylist()} == {"Jo Doe"}
    assert done.entity_keys == {entity_id("person", "Jo Doe")}


def test_removed_articles_leave_the_entities_they_named():
    m = Memory()
    m.commit({A: ["Jo Doe"], B: ["Jo Doe", "Al Roe"]})
    m.commit({}, removed=frozenset({B}))
    assert m.entity("Jo Doe")["article_count"] == 1
    assert "Al Roe" not in {r["name"] for r in m.tables[Table.ENTITIES].to_pylist()}


def test_a_row_the_resolver_misses_still_gets_an_id_of_its_own(monkeypatch):
    monkeypatch.setattr(update, "resolve", lambda records: {})
    m = Memory()
    done = m.commit({A: ["Jo Doe"]})
    assert done.ids == {(A, entity_id("person", "Jo Doe")): entity_id("person", "Jo Doe")}
    assert m.entity("Jo Doe")["article_count"] == 1
