"""JSON feeds under attack: arrays streamed element by element with the per-record cap,
ids that look like line keys, records that are HTML documents, lines read while their
writer was mid-line, pretty-printed objects, unreadable dates, outlets from URLs, and the
decoder's own error messages."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from quoteflow.dataset.store import open_store
from quoteflow.pipeline import run
from quoteflow.records import Article, InputFile, Rejection
from quoteflow.settings import Settings
from quoteflow.sources.formats import jsonl
from quoteflow.sources.formats.base import ReadOptions
from quoteflow.sources.read import read_batch, read_records

from .conftest import read_tables

SETTINGS = Settings(batch_size=10)

TEXTS = [
    "Harbor master Tilda Venn said on Tuesday that the night ferry would run again in June.",
    "“The new pier is finished,” Venn said. “We only wait for the inspectors.”",
    "Councillor Osric Pell of Brambleford disagreed. “Nobody has seen the budget,” he said.",
    "The lighthouse keeper Mira Osk said the fog horn would be replaced before winter.",
]


def ref(path: Path) -> InputFile:
    st = path.stat()
    return InputFile(path.name, str(path.parent), (path.name,), st.st_size, st.st_mtime_ns, st.st_dev, st.st_ino)


def items(path: Path, max_bytes: int = 100_000) -> list[tuple[str, Article | Rejection]]:
    return [(r.source, x) for r, x in read_records(ref(path), max_bytes).items]


def kinds(path: Path, max_bytes: int = 100_000) -> list[tuple[str, str]]:
    return [(source, type(x).__name__) for source, x in items(path, max_bytes)]


def lines(records: list[Any]) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


# ----------------------------------------------------------------------- 1. arrays --
BIG = {"id": "big", "text": "word " * 8_000}  # 40 kB, over a 20,000-byte cap
AROUND_BIG = [{"id": "a1", "text": TEXTS[0]}, BIG, {"id": "a3", "text": TEXTS[1]}, {"id": "a4", "text": TEXTS[2]}]


@pytest.mark.parametrize(
    ("name", "content", "bad"),
    [
        ("feed.jsonl", lines(AROUND_BIG), "feed.jsonl#L2"),
        ("feed.json", json.dumps(AROUND_BIG), "feed.json#L1.2"),  # the second value on line 1
        ("feed.json", json.dumps(AROUND_BIG, indent=2), "feed.json#L6"),
    ],
    ids=["jsonl", "array-on-one-line", "array-pretty-printed"],
)
def test_a_record_over_the_cap_costs_only_itself_in_every_layout(tmp_path, name, content, bad):
    path = tmp_path / name
    path.write_text(content)
    got = items(path, 20_000)
    assert [s for s, _ in got] == [f"{name}#a1", bad, f"{name}#a3", f"{name}#a4"]
    rejection = got[1][1]
    assert isinstance(rejection, Rejection) and rejection.stage == "read"
    assert "bytes, over the limit of 20,000 (QUOTEFLOW_MAX_INPUT_BYTES)" in rejection.reason


def test_a_malformed_array_element_costs_only_itself(tmp_path):
    path = tmp_path / "feed.json"
    body = [json.dumps({"id": "a1", "text": TEXTS[0]}), '{"id": "a2", "text": }', json.dumps({"text": TEXTS[1]})]
    path.write_text("[\n" + ",\n".join(body) + "\n]\n")
    assert kinds(path) == [("feed.json#a1", "Article"), ("feed.json#L3", "Rejection"), ("feed.json#L4", "Article")]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '[{"id": "a1", "text": "x"}, {"id": "a2", "te',
            [("feed.json#a1", "Article"), ("feed.json#L1.2", "Rejection")],
        ),
        ('[{"id": "a1", "text": "x"},\n', [("feed.json#a1", "Article"), ("feed.json#L2", "Rejection")]),
        ('[{"id": "a1", "text": "x"}]\n{"id": "a2"}\n', [("feed.json#a1", "Article"), ("feed.json#L2", "Rejection")]),
        ("[]", [("feed.json", "Rejection")]),
    ],
    ids=["cut-inside-an-element", "cut-after-an-element", "content-after-the-array", "empty"],
)
def test_what_an_array_does_not_hold_is_a_reject_row(tmp_path, content, expected):
    path = tmp_path / "feed.json"
    path.write_text(content)
    assert kinds(path) == expected


def test_an_array_after_a_byte_order_mark_and_blank_space_is_read_whole(tmp_path):
    path = tmp_path / "feed.json"
    path.write_bytes(b"\xef\xbb\xbf \n  " + json.dumps([{"id": "a1", "text": TEXTS[0]}]).encode())
    assert kinds(path) == [("feed.json#a1", "Article")]


class CountingBytes(io.BytesIO):
    """A file that remembers the largest single read."""

    largest = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.largest = max(self.largest, len(data))
        return data


def test_an_array_is_streamed_not_loaded_whole():
    records = [{"id": f"r{k}", "text": TEXTS[k % 4] + " " * 2_000} for k in range(200)]  # ~420 kB
    fh = CountingBytes(json.dumps(records).encode())
    stream = jsonl.records(fh, ReadOptions("feed.json", 100_000))
    first = next(stream)
    assert first.key == "r0" and fh.tell() < len(fh.getvalue()) // 2  # the first record came before the rest was read
    assert sum(1 for _ in stream) == 199 and fh.largest <= 1 << 16


# ----------------------------------------------------------- 2. ids and line keys --
def test_an_id_shaped_like_a_line_key_does_not_take_that_line_s_source(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(lines([{"id": "L2", "text": TEXTS[0]}, "not json", {"id": "id:L2", "text": TEXTS[1]}]))
    assert kinds(path) == [
        ("feed.jsonl#id:L2", "Article"),
        ("feed.jsonl#L2", "Rejection"),
        ("feed.jsonl#id:id:L2", "Article"),
    ]


def test_records_without_ids_on_one_line_each_have_a_source_of_their_own(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(
        f'[{{"text": "{TEXTS[0]}"}}, {{"text": }}, {{"text": "{TEXTS[1]}"}}, {{"id": "L1.2", "text": "x"}}]'
    )
    assert kinds(path) == [
        ("feed.json#L1", "Article"),
        ("feed.json#L1.2", "Rejection"),
        ("feed.json#L1.3", "Article"),
        ("feed.json#id:L1.2", "Article"),
    ]


def test_an_id_met_again_after_a_record_with_no_text_is_one_source(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(lines([{"id": "a3", "title": "No text"}, {"id": "a3", "text": TEXTS[0]}]))
    got = items(path)
    assert [(s, type(x).__name__) for s, x in got] == [("feed.jsonl#a3", "Rejection"), ("feed.jsonl#L2", "Rejection")]
    assert "line 2 repeats the id 'a3' of line 1" in got[1][1].reason


def test_a_run_keeps_one_row_per_source_when_an_id_looks_like_a_line_key(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    feed = src / "feed.jsonl"
    feed.write_text(lines([{"id": "L2", "text": TEXTS[0]}, "not json"]))
    run(str(src), str(out), SETTINGS)
    feed.write_text(lines([{"id": "L2", "text": TEXTS[0] + " " + TEXTS[2]}, "still not json"]))
    run(str(src), str(out), SETTINGS)
    tables = read_tables(out)
    articles = [a["source"] for a in tables["articles"]]
    rejects = [r["source"] for r in tables["rejects"]]
    assert (articles, rejects) == (["feed.jsonl#id:L2"], ["feed.jsonl#L2"])
    assert TEXTS[2] in tables["articles"][0]["text"]
    manifest = open_store(str(out)).manifest()
    assert sorted(manifest.records_of("feed.jsonl")) == ["feed.jsonl#L2", "feed.jsonl#id:L2"]


def test_a_source_stored_by_an_earlier_version_for_an_id_shaped_like_a_line_key_is_replaced(tmp_path, monkeypatch):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    feed = src / "feed.jsonl"
    feed.write_text(lines([{"id": "L7", "text": TEXTS[0]}, {"id": "b", "text": TEXTS[1]}]))
    with monkeypatch.context() as m:  # the earlier version: an id was its key as it is
        m.setattr(jsonl, "id_key", lambda ident: ident)
        run(str(src), str(out), SETTINGS)
    assert sorted(a["source"] for a in read_tables(out)["articles"]) == ["feed.jsonl#L7", "feed.jsonl#b"]
    feed.write_text(feed.read_text() + lines([{"id": "c", "text": TEXTS[2]}]))
    run(str(src), str(out), SETTINGS)
    tables = read_tables(out)
    assert sorted(a["source"] for a in tables["articles"]) == ["feed.jsonl#b", "feed.jsonl#c", "feed.jsonl#id:L7"]
    assert tables["rejects"] == []
    assert "feed.jsonl#L7" not in open_store(str(out)).manifest()


# -------------------------------------------------------------- 3. HTML in a record --
PAGE = """<!DOCTYPE html><html><head><title>Page Title | The Brambleford Echo</title>
<meta property="og:site_name" content="The Brambleford Echo"></head><body>
<nav><a href="/">Home</a> <a href="/port">Port desk menu</a></nav>
<article><h1>Page Title</h1>{}</article>
<footer>Copyright The Brambleford Echo. All rights reserved.</footer></body></html>"""


def test_a_record_whose_text_is_an_html_document_is_read_as_html(tmp_path):
    page = PAGE.format("".join(f"<p>{t}</p>" for t in TEXTS))
    path = tmp_path / "feed.jsonl"
    path.write_text(lines([{"id": "p1", "title": "Own Title", "text": page}, {"id": "p2", "body": page}]))
    [(_, own), (_, bare)] = items(path)
    assert isinstance(own, Article) and isinstance(bare, Article)
    assert all(t in own.text for t in TEXTS) and "<" not in own.text and "Port desk menu" not in own.text
    assert (own.title, own.outlet, own.format) == ("Own Title", "The Brambleford Echo", "jsonl")
    assert bare.title == "Page Title"  # the page's, where the record has none


# ------------------------------------------------------------ 4. a line cut mid-write --
def test_a_line_read_mid_write_is_replaced_by_its_record_once_whole(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    feed = src / "feed.jsonl"
    whole = lines([{"id": "a1", "text": TEXTS[0]}, {"id": "a2", "text": TEXTS[1]}])
    feed.write_text(whole[: whole.index('"a2"') + 12])  # the writer is inside line 2
    run(str(src), str(out), SETTINGS)
    assert [r["source"] for r in read_tables(out)["rejects"]] == ["feed.jsonl#L2"]
    feed.write_text(whole)
    run(str(src), str(out), SETTINGS)
    tables = read_tables(out)
    assert sorted(a["source"] for a in tables["articles"]) == ["feed.jsonl#a1", "feed.jsonl#a2"]
    assert tables["rejects"] == []
    assert sorted(open_store(str(out)).manifest().records_of("feed.jsonl")) == ["feed.jsonl#a1", "feed.jsonl#a2"]


def test_an_article_whose_line_a_record_with_an_id_takes_keeps_its_rows(tmp_path):
    # a record without an id is known by its line; when it leaves the feed and a record with an
    # id comes to sit on that line, the record that left keeps its rows, as any record leaving does
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    feed = src / "feed.jsonl"
    feed.write_text(lines([{"text": TEXTS[0]}]))
    run(str(src), str(out), SETTINGS)
    feed.write_text(lines([{"id": "c", "text": TEXTS[2]}]))
    run(str(src), str(out), SETTINGS)
    assert sorted(a["source"] for a in read_tables(out)["articles"]) == ["feed.jsonl#L1", "feed.jsonl#c"]


def test_a_value_too_large_to_read_is_not_written_again_when_its_feed_grows(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    feed = src / "feed.jsonl"
    feed.write_text(lines(AROUND_BIG))
    settings = Settings(batch_size=10, max_input_bytes=20_000)
    first = run(str(src), str(out), settings)
    assert first.records.rejected == 1
    with feed.open("a") as fh:
        fh.write(lines([{"id": "a5", "text": TEXTS[3]}]))
    grown = run(str(src), str(out), settings)
    # the record over the cap is as it was: unchanged, not rejected (and its row written) again
    assert (grown.records.new, grown.records.changed, grown.records.unchanged, grown.records.rejected) == (1, 0, 4, 0)
    assert grown.rows.get("rejects", 0) == 0


@pytest.mark.parametrize(
    "whole",
    [
        json.dumps({"id": "x1", "title": "A Title", "text": TEXTS[0]}, indent=2),  # read as lines while cut
        json.dumps([{"id": "x1", "text": TEXTS[0]}, {"text": TEXTS[1]}], indent=2),
    ],
    ids=["pretty-printed-object", "pretty-printed-array"],
)
def test_a_json_file_read_mid_write_leaves_no_reject_row_once_whole(tmp_path, whole):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    feed = src / "feed.json"
    feed.write_text(whole[: whole.index("text") + 9])
    run(str(src), str(out), SETTINGS)
    assert read_tables(out)["rejects"] != []
    feed.write_text(whole)
    run(str(src), str(out), SETTINGS)
    tables = read_tables(out)
    assert len(tables["articles"]) == whole.count('"text"') and tables["rejects"] == []


def test_a_line_that_is_still_not_whole_keeps_its_one_reject_row(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(lines([{"id": "a1", "text": TEXTS[0]}]) + '{"id": "a2", "te')
    reading = read_records(ref(path), 100_000)
    assert [r.source for r, _ in reading.items] == ["feed.jsonl#a1", "feed.jsonl#L2"]
    assert "feed.jsonl#L2" not in reading.superseded  # the line's reject row is still the line's


# --------------------------------------------------------- 5. pretty-printed objects --
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (json.dumps({"id": "x1", "text": TEXTS[0]}, indent=2), [("feed.json#x1", "Article")]),
        (json.dumps({"text": TEXTS[0], "title": "T"}, indent=4) + "\n", [("feed.json#L1", "Article")]),
        (
            "\n".join(json.dumps({"id": f"x{k}", "text": TEXTS[k]}, indent=2) for k in (1, 2)),
            [("feed.json#x1", "Article"), ("feed.json#x2", "Article")],
        ),
        (json.dumps({"id": "x1", "text": TEXTS[0]}), [("feed.json#x1", "Article")]),
    ],
    ids=["one-object", "one-object-no-id", "objects-one-after-another", "one-line"],
)
def test_a_pretty_printed_json_object_is_one_record(tmp_path, content, expected):
    path = tmp_path / "feed.json"
    path.write_text(content)
    assert kinds(path) == expected


# ------------------------------------------------------------- 6. unreadable dates --
def test_a_record_with_an_unparseable_date_is_kept_and_counted(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        lines(
            [
                {"id": "a1", "text": TEXTS[0], "published": "next Tuesday"},
                {"id": "a2", "text": TEXTS[1], "date": "2024-02-30"},
                {"id": "a3", "text": TEXTS[2], "published": "2024-03-05"},
            ]
        )
    )
    batch = read_batch([ref(path)], {}, 100_000, final_attempt=True)
    dates = {r.source: a.published_at for r, a in batch.articles}
    assert dates == {"feed.jsonl#a1": None, "feed.jsonl#a2": None, "feed.jsonl#a3": datetime(2024, 3, 5, tzinfo=UTC)}
    assert batch.warnings == {
        "with an unparseable date in field 'published' (kept, date left empty)": 1,
        "with an unparseable date in field 'date' (kept, date left empty)": 1,
    }
    stored = {r.source: a.content_sha256 for r, a in batch.articles}
    assert read_batch([ref(path)], stored, 100_000, final_attempt=True).warnings == {}  # unchanged: nothing written


def test_the_run_summary_and_artifact_name_records_with_an_unparseable_date(tmp_path):
    from quoteflow.flow import summary_markdown

    src = tmp_path / "in"
    src.mkdir()
    (src / "feed.jsonl").write_text(lines([{"id": "a1", "text": TEXTS[0], "published": "next Tuesday"}]))
    summary = run(str(src), str(tmp_path / "out"), SETTINGS)
    line = "1 record with an unparseable date in field 'published' (kept, date left empty)"
    assert line in summary.skipped_lines() and line in summary_markdown(summary)
    assert [a["published_at"] for a in read_tables(tmp_path / "out")["articles"]] == [None]


# ------------------------------------------------------------ 7. outlet from the URL --
@pytest.mark.parametrize(
    ("record", "outlet"),
    [
        ({"url": "https://www.brambleford-echo.example/port/ferry"}, "brambleford-echo.example"),
        ({"link": "http://Wire.Example.org:8080/a?b=c"}, "wire.example.org"),
        ({"url": "https://www.brambleford-echo.example/x", "site": "The Echo"}, "The Echo"),
        ({"url": "not a url"}, None),
        ({}, None),
    ],
)
def test_a_record_without_an_outlet_takes_its_url_s_host(tmp_path, record, outlet):
    path = tmp_path / "feed.jsonl"
    path.write_text(lines([{"text": TEXTS[0], **record}]))
    [(_, article)] = items(path)
    assert isinstance(article, Article) and article.outlet == outlet


# ------------------------------------------------------------ 8. the decoder's message --
@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"id": "a2", "te', "line 2 is not valid JSON (Unterminated string starting at: line 1 column 14 (char 13))"),
        ("not json", "line 2 is not valid JSON (Expecting value: line 1 column 1 (char 0))"),
    ],
)
def test_a_json_error_gives_the_decoder_s_message_as_it_is(tmp_path, line, reason):
    path = tmp_path / "feed.jsonl"
    path.write_text(lines([{"id": "a1", "text": TEXTS[0]}, line]))
    [_, (_, rejection)] = items(path)
    assert isinstance(rejection, Rejection) and rejection.reason == reason
