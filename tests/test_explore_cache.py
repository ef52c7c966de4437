"""The explore cache: outside OUT, synced by article (kept, added, deleted, never rebuilt), and the
app keeps serving its pinned version while runs commit and the replaced files are deleted."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from quoteflow.dataset.reader import open_dataset
from quoteflow.errors import ExploreCacheError, StoreError
from quoteflow.explore.app import create_app
from quoteflow.explore.cache import cache_folder, open_cache
from quoteflow.pipeline import run
from quoteflow.settings import Settings

from .explore_data import FIRST, SECOND, write

SETTINGS = Settings(batch_size=50)


def rows(cache, sql: str) -> list[tuple]:
    return cache.connection().execute(sql).fetchall()


def test_refresh_adds_new_articles_keeps_cached_rows_and_drops_pruned_ones(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    run(str(write(src, FIRST)), str(out), SETTINGS)
    cache = open_cache(str(out), tmp_path / "cache")
    first = dict(rows(cache, "SELECT quote_id, qrow FROM quotes"))
    assert first and cache.refresh() is False  # nothing new

    run(str(write(src, SECOND)), str(out), SETTINGS)
    assert cache.refresh() is True and cache.version == open_dataset(out).version
    second = dict(rows(cache, "SELECT quote_id, qrow FROM quotes"))
    assert {q: second[q] for q in first} == first, "cached rows were rebuilt, not kept"
    added = set(second) - set(first)
    assert added and min(second[q] for q in added) > max(first.values())
    shine = cache.connection().execute("SELECT count(*) FROM tokens WHERE token = 'shine'").fetchone()
    assert shine == (1,)  # the new quote's words are indexed
    pinned = open_dataset(out)
    assert sorted(second) == sorted(pinned["quotes"].to_table(columns=["quote_id"]).column(0).to_pylist())

    (src / "a1.jsonl").unlink()
    run(str(src), str(out), SETTINGS, prune=True)
    assert cache.refresh() is True
    gone = [a for (a,) in rows(cache, "SELECT article_id FROM articles WHERE source LIKE 'a1.jsonl%'")]
    assert gone == []
    third = dict(rows(cache, "SELECT quote_id, qrow FROM quotes"))
    assert set(third) == set(open_dataset(out)["quotes"].to_table(columns=["quote_id"]).column(0).to_pylist())
    assert {q: third[q] for q in third} == {q: second[q] for q in third}  # the others kept as they were
    orphans = rows(cache, "SELECT count(*) FROM tokens WHERE qrow NOT IN (SELECT qrow FROM quotes)")
    assert orphans == [(0,)]
    assert rows(cache, "SELECT count(*) FROM tokens WHERE token = 'season'") == [(0,)]  # a1's word left
    cache.close()


def test_a_fresh_cache_keeps_its_word_index_sorted_by_token(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    run(str(write(src, FIRST)), str(out), SETTINGS)
    cache = open_cache(str(out), tmp_path / "cache")
    stored = [t for (t,) in rows(cache, "SELECT token FROM tokens")]  # in storage order
    assert stored and stored == sorted(stored)
    speakers = [s for (s,) in rows(cache, "SELECT speaker_entity_id FROM quotes")]
    assert speakers == sorted(speakers, key=lambda s: (s is None, s or ""))  # NULLS LAST, DuckDB's default
    cache.close()


def test_a_cache_file_left_by_an_earlier_process_is_synced_not_rebuilt(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    run(str(write(src, FIRST)), str(out), SETTINGS)
    cache = open_cache(str(out), tmp_path / "cache")
    before = dict(rows(cache, "SELECT quote_id, qrow FROM quotes"))
    cache.close()
    run(str(write(src, SECOND)), str(out), SETTINGS)
    again = open_cache(str(out), tmp_path / "cache")
    after = dict(rows(again, "SELECT quote_id, qrow FROM quotes"))
    assert {q: after[q] for q in before} == before and len(after) > len(before)
    again.close()


def test_the_app_keeps_serving_its_version_while_runs_commit_and_old_files_are_deleted(tmp_path):
    settings = Settings(batch_size=50, snapshot_retention_seconds=1)
    src, out = tmp_path / "in", tmp_path / "out"
    run(str(write(src, FIRST)), str(out), settings)
    cache = open_cache(str(out), tmp_path / "cache")
    pinned = open_dataset(out)
    client = TestClient(create_app(cache), raise_server_exceptions=False)
    expected = client.get("/api/quotes", params={"q": "lantern"}).json()
    overview = client.get("/api/overview").json()
    answers: list[tuple[int, object]] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            r = client.get("/api/quotes", params={"q": "lantern"})
            answers.append((r.status_code, r.json()))
            answers.append((client.get("/api/overview").status_code, None))

    reader = threading.Thread(target=ask)
    reader.start()
    try:
        for k, (key, article) in enumerate(SECOND.items()):
            run(str(write(src, {key: article})), str(out), settings)
            time.sleep(1.2)
            edited = (
                article[0],
                article[1],
                article[2],
                article[3] + f"“Edit {k} of the lantern,” Ines Marrowby said.\n",
            )
            run(str(write(src, {key: edited})), str(out), settings)
    finally:
        stop.set()
        reader.join()
    assert not Path(pinned.location).exists(), "the pinned version's files were not deleted: the test proves nothing"
    assert answers and all(status == 200 for status, _ in answers)
    assert all(body == expected for _, body in answers if body is not None)
    assert client.get("/api/overview").json() == overview  # still the pinned version
    assert client.post("/api/reload").json()["changed"] is True
    newer = client.get("/api/quotes", params={"q": "lantern"}).json()
    assert newer["total"] > expected["total"]
    cache.close()


def test_requests_are_answered_while_the_cache_syncs_to_each_new_version(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    run(str(write(src, FIRST)), str(out), SETTINGS)
    cache = open_cache(str(out), tmp_path / "cache")
    client = TestClient(create_app(cache), raise_server_exceptions=False)
    person = client.get("/api/people", params={"q": "quillfeather"}).json()["people"][0]["entity_id"]
    paths = ["/api/quotes?q=lantern", f"/api/entity/{person}", "/api/overview", "/search?q=harbor", "/api/quotes"]
    statuses: list[int] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            statuses.extend(client.get(path).status_code for path in paths)

    readers = [threading.Thread(target=ask) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        for k in range(3):
            text = f"“Lantern {k} is lit,” Mara Quillfeather said.\n"
            run(str(write(src, {f"x{k}": ("Harbor Gazette", f"2026-03-0{k + 1}", "Lit", text)})), str(out), SETTINGS)
            assert cache.refresh() is True
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert statuses and set(statuses) == {200}
    assert client.get("/api/quotes", params={"q": "lit"}).json()["total"] == 3
    cache.close()


def test_a_reload_when_out_is_gone_says_so_and_keeps_serving(tmp_path):
    import shutil

    src, out = tmp_path / "in", tmp_path / "out"
    run(str(write(src, {"a1": FIRST["a1"]})), str(out), SETTINGS)
    cache = open_cache(str(out), tmp_path / "cache")
    client = TestClient(create_app(cache), raise_server_exceptions=False)
    before = client.get("/api/quotes").json()
    shutil.rmtree(out)
    r = client.post("/api/reload")
    assert r.status_code == 503 and "holds no quoteflow dataset" in r.json()["error"]
    assert client.get("/api/quotes").json() == before
    cache.close()


def test_an_object_storage_out_is_read_through_its_pinned_files(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    target = f"file://{out}"
    run(str(write(src, FIRST)), target, SETTINGS)
    cache = open_cache(target, tmp_path / "cache")
    assert rows(cache, "SELECT count(*) FROM quotes") == [(open_dataset(target)["quotes"].count_rows(),)]
    cache.close()


def test_the_cache_lives_in_the_user_cache_folder_unless_told(tmp_path, monkeypatch):
    monkeypatch.delenv("QUOTEFLOW_EXPLORE_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    one, other = cache_folder(str(tmp_path / "a")), cache_folder(str(tmp_path / "b"))
    assert one.parent == tmp_path / "xdg" / "quoteflow" / "explore" and one != other
    assert cache_folder("relative/../a") == cache_folder(str(Path("a").resolve()))  # the resolved OUT
    monkeypatch.setenv("QUOTEFLOW_EXPLORE_CACHE", str(tmp_path / "mine"))
    assert cache_folder(str(tmp_path / "a")) == tmp_path / "mine"
    assert cache_folder(str(tmp_path / "a"), tmp_path / "given") == tmp_path / "given"


def test_a_cache_inside_out_or_a_missing_dataset_is_one_clear_error(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    with pytest.raises(StoreError, match="holds no quoteflow dataset"):
        open_cache(str(out), tmp_path / "cache")
    assert not (tmp_path / "cache").exists()
    run(str(write(src, {"a1": FIRST["a1"]})), str(out), SETTINGS)
    with pytest.raises(ExploreCacheError, match="must not be inside"):
        open_cache(str(out), out / "cache")
