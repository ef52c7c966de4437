"""Web archives as crawlers leave them: two archives joined with `cat` (each record twice), an
archive cut short mid-record (a crawl still being written, a copy that stopped). Every record
ends as one article or one reject, each article has one owner, and a takedown works."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from quoteflow.dataset.store import open_store
from quoteflow.pipeline import run
from quoteflow.records import Article, Rejection
from quoteflow.schemas.vocab import ManifestStatus
from quoteflow.settings import Settings
from quoteflow.sources.read import read_records

from .conftest import read_tables
from .test_formats import ref, write_warc


def pages(path: Path, *texts: str) -> Path:
    """An archive of small HTML pages (status 200), one response record each."""
    html = "<html><head><title>Page {k}</title></head><body><article><p>{body}</p></article></body></html>"
    return write_pages(path, *(html.format(k=k, body=body) for k, body in enumerate(texts)))


def write_pages(path: Path, *html: str) -> Path:
    """An archive of these HTML pages (status 200), at https://ledger.example/story-0, -1 …"""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for k, page in enumerate(html):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            uri = f"https://ledger.example/story-{k}"
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(page.encode()), http_headers=headers)
            writer.write_record(record)
    return path


STORIES = (
    "Harbor master Tilda Quenby said on Tuesday that the eastern pier would close for a month of repairs. "
    "“The pilings are older than the lighthouse,” Quenby said, adding that ferries would use the west pier.",
    "Orchard growers in the valley expect a late harvest this year, said Bram Oyelaran, who chairs their "
    "cooperative. “The frost in April cost us three weeks,” he said at the cooperative's spring meeting.",
)


def boundaries(path: Path) -> list[tuple[int, int]]:
    """(offset, end) of every record of a complete archive, in the file's bytes."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        archive = ArchiveIterator(fh)
        spans = []
        for _ in archive:
            start = archive.get_record_offset()
            spans.append((start, start + archive.get_record_length()))
        return spans


def kinds(path: Path) -> list[tuple[str, str]]:
    reading = read_records(ref(path, path.parent), 100_000)
    return [(type(x).__name__, x.reason if isinstance(x, Rejection) else x.url or "") for _, x in reading.items]


# ------------------------------------------------------------------ joined archives --
@pytest.mark.parametrize("name", ["joined.warc", "joined.warc.gz"])
def test_a_record_repeated_in_one_archive_is_read_once_and_the_repeat_is_a_reject(tmp_path, name):
    one = write_warc(tmp_path / f"one{name.removeprefix('joined')}")
    path = tmp_path / name
    path.write_bytes(one.read_bytes() * 2)  # `cat one.warc one.warc > joined.warc`
    reading = read_records(ref(path, tmp_path), 100_000)
    articles = [(r.source, x) for r, x in reading.items if isinstance(x, Article)]
    repeats = [(r.source, x) for r, x in reading.items if isinstance(x, Rejection)]
    assert len(articles) == 2 and len({s for s, _ in articles}) == 2
    assert len(repeats) == 2 and not {s for s, _ in repeats} & {s for s, _ in articles}
    for (source, _), (_, repeat) in zip(articles, repeats, strict=True):
        record_id = source.split("#", 1)[1]
        assert f"repeats the WARC-Record-ID {record_id}" in repeat.reason and repeat.stage == "decode"


def test_a_joined_archive_has_one_owner_per_record_and_a_takedown_removes_every_row(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    one = pages(tmp_path / "one.warc.gz", *STORIES)
    (src / "joined.warc.gz").write_bytes(one.read_bytes() * 2)
    summary = run(str(src), str(out), Settings())
    tables = read_tables(out)
    assert (summary.new, summary.records.new, summary.records.duplicates, summary.records.rejected) == (1, 4, 0, 2)
    assert len(tables["articles"]) == 2 and tables["quotes"]
    manifest = open_store(str(out)).manifest()
    for article in tables["articles"]:  # each stored article is held by its own record
        assert manifest[article["source"]].status == ManifestStatus.ARTICLE
        assert manifest.holder(article["article_id"]) == article["source"]
    assert sorted("repeats the WARC-Record-ID" in r["reason"] for r in tables["rejects"]) == [True, True]

    (src / "joined.warc.gz").unlink()  # the takedown
    pruned = run(str(src), str(out), Settings(), prune=True)
    after = read_tables(out)
    assert pruned.pruned == 5  # the archive, its two records and the two repeats
    assert {name: len(rows) for name, rows in after.items()} == dict.fromkeys(after, 0)


def test_settling_never_makes_a_source_a_duplicate_of_itself():
    from datetime import UTC, datetime

    from quoteflow.dataset.manifest import NEW_PART, Manifest, ManifestEntry
    from quoteflow.rows.dedupe import settle

    def entry(status: ManifestStatus) -> ManifestEntry:
        when = datetime(2024, 1, 1, tzinfo=UTC)
        return ManifestEntry("a.warc#<urn:x>", status, "sha", "aid", 1, 1, NEW_PART, "r", when, None, "a.warc")

    settled = settle(Manifest(), [entry(ManifestStatus.ARTICLE), entry(ManifestStatus.DUPLICATE)])
    assert [e.status for e in settled.entries] == [ManifestStatus.ARTICLE]
    assert settled.owned == {"aid"} and settled.duplicates == {}


# ------------------------------------------------------------------- cut archives --
def cut_points(start: int, end: int) -> list[int]:
    """Points inside a record's block: its first bytes, its WARC and HTTP headers, its page."""
    return sorted({start + 1, start + 9, *range(start + 60, start + 401, 85), (start + end) // 2, end - 60})


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_an_archive_cut_inside_its_last_record_keeps_the_records_before_and_rejects_that_one(tmp_path, name):
    whole = pages(tmp_path / f"whole-{name}", *STORIES)
    (_, first_end), (start, end) = boundaries(whole)
    data = whole.read_bytes()
    for cut in cut_points(start, end):
        path = tmp_path / name
        path.write_bytes(data[:cut])
        found = kinds(path)
        assert len(found) == 2 and found[0] == ("Article", "https://ledger.example/story-0"), (cut, found)
        kind, reason = found[1]
        assert kind == "Rejection" and "truncated" in reason and "archive ends" in reason, (cut, reason)


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_an_archive_cut_anywhere_never_stores_a_partial_record(tmp_path, name):
    whole = write_warc(tmp_path / f"whole-{name}")
    data = whole.read_bytes()
    spans = boundaries(whole)
    for cut in range(1, len(data), 53):
        if name.endswith(".gz") and any(end - 16 <= cut < end for _, end in spans):
            continue  # cut in a gzip member's last bytes: its block may be whole (see the test below)
        path = tmp_path / name
        path.write_bytes(data[:cut])
        reading = read_records(ref(path, tmp_path), 100_000)  # never raises
        complete = sum(1 for k in (0, 3) if spans[k][1] <= cut)  # the two HTML pages of `write_warc`
        inside_a_page = any(spans[k][0] < cut < spans[k][1] for k in (0, 3))
        articles = [x for _, x in reading.items if isinstance(x, Article)]
        truncated = [x for _, x in reading.items if isinstance(x, Rejection) and "truncated" in x.reason]
        assert len(articles) == complete, (cut, reading.items)
        assert len(truncated) <= 1 and (len(truncated) == 1 or not inside_a_page), (cut, reading.items)
        assert reading.items or reading.skipped, cut  # an archive cut short is never silently empty


@pytest.mark.parametrize(("name", "lost"), [("end.warc", 2), ("end.warc", 4), ("end.warc.gz", 4)])
def test_a_record_whose_block_is_whole_is_read_though_the_bytes_after_it_are_cut(tmp_path, name, lost):
    """A record is whole when its block is: the blank lines (or the gzip trailer) after it carry no text."""
    whole = pages(tmp_path / f"whole-{name}", *STORIES)
    path = tmp_path / name
    path.write_bytes(whole.read_bytes()[:-lost])
    assert [kind for kind, _ in kinds(path)] == ["Article", "Article"]


def test_a_cut_archive_stores_the_records_before_the_cut_and_rejects_the_cut_one(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    whole = pages(tmp_path / "whole.warc", *STORIES)
    (_, _), (start, end) = boundaries(whole)
    (src / "crawl.warc").write_bytes(whole.read_bytes()[: end - 60])  # inside the second page
    run(str(src), str(out), Settings())
    tables = read_tables(out)
    assert [a["url"] for a in tables["articles"]] == ["https://ledger.example/story-0"]
    [reject] = tables["rejects"]
    assert reject["source"].startswith("crawl.warc#<urn:uuid:") and "truncated" in reject["reason"]
