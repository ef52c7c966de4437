"""Keyed tables (flows/dataset/keyed.py): rows replaced by key, files split by key range, so a
commit rewrites only the files that own the keys it changes."""

from collections.abc import Sequence
from datetime import UTC, datetime

import pyarrow as pa
import pytest

from quoteflow.dataset import keyed
from quoteflow.dataset.files import EMPTY_PART
from quoteflow.schemas.tables import TABLES

NOW = datetime(2026, 1, 1, tzinfo=UTC)
SCHEMA = TABLES["entity_redirects"].arrow_schema


class Files:
    """A commit's files in memory, remembering what it wrote."""

    def __init__(self) -> None:
        self.data: dict[str, pa.Table] = {}
        self.written: list[str] = []

    def read(self, table: str, base: str, columns: Sequence[str] | None = None) -> pa.Table:
        data = self.data[base]
        return data.select(list(columns)) if columns is not None else data

    def write(self, table: str, base: str, data: pa.Table) -> None:
        self.data[base] = data
        self.written.append(base)

    def keep(self, table: str, base: str) -> None:
        assert base in self.data

    def drop(self, table: str, base: str) -> None:
        self.data.pop(base, None)

    def rows(self, bases: list[str]) -> list[str]:
        """The keys of `bases`, file after file in the order of their ranges."""
        ordered = sorted(bases, key=lambda b: keyed.first_key(b) or "")
        return [k for b in ordered for k in self.data[b].column("entity_id").to_pylist()]


def ids(*numbers: int) -> list[str]:
    return [f"per_{n:016x}" for n in numbers]


def redirects(keys: list[str], target: str = "per_" + "f" * 16) -> pa.Table:
    rows = [{"entity_id": k, "current_entity_id": target, "redirected_at": NOW, "version": 1} for k in keys]
    return pa.Table.from_pylist(rows, schema=SCHEMA)


@pytest.fixture(autouse=True)
def small_files(monkeypatch):
    monkeypatch.setattr(keyed, "TARGET_ROWS", 4)


def commit(io: Files, live: list[str], rows: pa.Table, keys: frozenset[str] = frozenset(), n: int = 2) -> list[str]:
    io.written.clear()
    return keyed.rebuild_keyed(io, "entity_redirects", live, rows, keys, n)


def test_a_large_batch_is_split_in_sorted_ranges_named_by_their_first_key():
    io = Files()
    files = commit(io, [EMPTY_PART], redirects(ids(*range(20, 0, -1))), n=1)
    assert len(files) == 5 and io.rows(files) == ids(*range(1, 21))
    assert sorted(keyed.first_key(b) for b in files) == ids(1, 5, 9, 13, 17)


@pytest.mark.parametrize(
    ("change", "deleted", "rewritten_first_keys"),
    [
        (ids(6), (), [ids(5)[0]]),  # replace a key: only its range's file
        (ids(100), (), [ids(17)[0]]),  # a new key past the end: the last file
        (ids(0), (), [ids(0)[0]]),  # a new key before the start: the first file, renamed by its new first key
        ((), ids(9, 10, 11, 12), []),  # a range emptied: its file goes, nothing written
        (ids(2), ids(14), [ids(1)[0], ids(13)[0]]),  # two ranges: two files
    ],
)
def test_a_commit_rewrites_only_the_files_owning_the_keys_it_changes(change, deleted, rewritten_first_keys):
    io = Files()
    live = commit(io, [EMPTY_PART], redirects(ids(*range(1, 21))), n=1)
    files = commit(io, live, redirects(list(change), target="per_" + "e" * 16), frozenset(deleted))
    assert [keyed.first_key(b) for b in io.written] == rewritten_first_keys
    expected = sorted((set(ids(*range(1, 21))) | set(change)) - set(deleted))
    assert sorted(io.rows(files)) == expected and len(set(io.rows(files))) == len(expected)
    moved = {r["entity_id"] for b in files for r in io.data[b].to_pylist() if r["current_entity_id"].endswith("e")}
    assert moved == set(change)
    assert all(io.rows([b]) == sorted(io.rows([b])) for b in files)


def test_a_range_that_outgrows_twice_the_target_is_split():
    io = Files()
    live = commit(io, [EMPTY_PART], redirects(ids(10, 20)), n=1)
    files = commit(io, live, redirects(ids(*range(11, 20))))
    assert len(files) == 3 and io.rows(files) == ids(*range(10, 21))


def test_files_of_another_layout_are_brought_into_ranges_and_nothing_changed_writes_nothing():
    io = Files()
    io.data["part-00000001-aa.parquet"] = redirects(ids(3, 1, 2))
    files = commit(io, ["part-00000001-aa.parquet"], redirects([]))
    assert [keyed.first_key(b) for b in files] == ids(1) and io.rows(files) == ids(1, 2, 3)
    assert commit(io, files, redirects([])) == files and io.written == []
    emptied = commit(io, files, redirects([]), frozenset(ids(1, 2, 3)))
    assert emptied == [EMPTY_PART] and io.data[EMPTY_PART].num_rows == 0
