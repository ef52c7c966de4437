"""Inputs by format: HTML pages, HTML saved as .txt, JSON Lines feeds and WARC archives give
the right text, metadata and rejects; other files are counted, and said to be skipped."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quoteflow.extraction.language import off_language
from quoteflow.pipeline import run
from quoteflow.records import Article, InputFile, Rejection
from quoteflow.settings import Settings
from quoteflow.sources.discover import discover
from quoteflow.sources.formats import reader_for, unsupported_kind
from quoteflow.sources.formats.base import parse_date, split_authors
from quoteflow.sources.formats.jsonl import FieldOptionError, parse_field_options
from quoteflow.sources.read import read_batch, read_records

from .conftest import QUOTEFLOW, read_tables, write_articles

BODY = [
    "Mayor Jane Roe said on Monday that the bridge would reopen in May, after months of repairs "
    "that closed the main route into the city center.",
    "“We are ready,” Roe said. “The steel is in place and the crews have finished the deck.”",
    "Initech Vice President John Doe disagreed. “It will take a year,” he said, pointing to delays "
    "in the supply of cables.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<title>Council Delays Bridge Vote | Springfield Gazette</title>
<meta property="og:site_name" content="Springfield Gazette">
<link rel="canonical" href="https://gazette.example/city/bridge-vote">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/city">City desk menu</a></li></ul></nav>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. Accept all cookies</div>
<article>
<h1>Council Delays Bridge Vote</h1>
<p class="byline">By <span class="author" rel="author">Pat Writer</span></p>
<time datetime="2024-03-05T10:00:00Z" pubdate>March 5, 2024</time>
{"".join(f"<p>{p}</p>" for p in BODY)}
</article>
<aside class="related"><h2>Related</h2><ul><li><a href="/a">Road closures this weekend</a></li>
<li><a href="/b">Park reopening delayed again</a></li></ul></aside>
<footer><p>Copyright 2024 Springfield Gazette. All rights reserved. Privacy policy</p></footer>
<script>var tracking = "analytics-beacon";</script>
</body></html>
"""
BOILERPLATE = ["City desk menu", "cookies", "Road closures", "Park reopening", "Copyright", "analytics", "</"]


def ref(path: Path, root: Path) -> InputFile:
    st = path.stat()
    rel = tuple(path.relative_to(root).parts)
    return InputFile("/".join(rel), str(root), rel, st.st_size, st.st_mtime_ns, st.st_dev, st.st_ino)


def items(path: Path, **kwargs) -> list[tuple[str, Article | Rejection]]:
    reading = read_records(ref(path, path.parent), 100_000, **kwargs)
    return [(r.source, result) for r, result in reading.items]


@pytest.mark.parametrize("name", ["page.html", "page.htm", "saved-page.txt"])
def test_an_html_page_gives_its_text_and_metadata_without_boilerplate(tmp_path, name):
    path = tmp_path / name
    path.write_text(PAGE, encoding="utf-8")
    [(source, article)] = items(path)
    assert source == name and isinstance(article, Article)
    assert all(p in article.text for p in BODY)
    for junk in BOILERPLATE:
        assert junk not in article.text, junk
    assert (article.title, article.url, article.outlet, article.authors, article.format) == (
        "Council Delays Bridge Vote",
        "https://gazette.example/city/bridge-vote",
        "Springfield Gazette",
        ("Pat Writer",),
        "html",
    )
    assert article.published_at == datetime(2024, 3, 5, 10, tzinfo=UTC)  # the time of <time datetime>, kept


def test_a_plain_text_file_still_guesses_title_and_date(tmp_path):
    path = tmp_path / "2024-03-05_vote.txt"
    path.write_text("Council Delays Bridge Vote\n" + "\n".join(BODY) + "\n")
    [(_, article)] = items(path)
    assert isinstance(article, Article) and article.format == "text"
    assert (article.title, article.published_at) == ("Council Delays Bridge Vote", datetime(2024, 3, 5, tzinfo=UTC))
    assert (article.url, article.outlet, article.authors) == (None, None, ())


FEED = [
    {"guid": "a1", "headline": "Bridge Reopens", "body": BODY[0], "published": "2024-03-05T10:00:00Z",
     "byline": "By Pat Writer and Lee Editor", "site": "Springfield Gazette", "link": "https://g.example/a1"},
    "this line is not json {",
    {"guid": "a3", "headline": "A record with no text"},
    {"text": BODY[1], "authors": ["Ann Lee"], "date": "2024-03-06"},
]  # fmt: skip


def write_feed(path: Path, records: list, *, array: bool = False) -> Path:
    if array:
        path.write_text(json.dumps([r for r in records if isinstance(r, dict)], indent=1))
    else:
        path.write_text("".join((json.dumps(r) if isinstance(r, dict) else r) + "\n" for r in records))
    return path


def test_a_jsonl_feed_gives_one_input_per_record_and_rejects_bad_lines(tmp_path):
    got = items(write_feed(tmp_path / "feed.jsonl", FEED))
    assert [s for s, _ in got] == ["feed.jsonl#a1", "feed.jsonl#L2", "feed.jsonl#a3", "feed.jsonl#L4"]
    first, bad, empty, last = (r for _, r in got)
    assert isinstance(first, Article) and isinstance(last, Article)
    assert (first.text, first.title, first.outlet, first.url, first.format) == (
        BODY[0], "Bridge Reopens", "Springfield Gazette", "https://g.example/a1", "jsonl"
    )  # fmt: skip
    assert first.authors == ("Pat Writer", "Lee Editor") and last.authors == ("Ann Lee",)
    assert first.published_at == datetime(2024, 3, 5, 10, tzinfo=UTC)
    assert last.published_at == datetime(2024, 3, 6, tzinfo=UTC) and last.title is None
    assert isinstance(bad, Rejection) and (bad.stage, bad.reason.split(" (")[0]) == (
        "decode",
        "line 2 is not valid JSON",
    )
    assert isinstance(empty, Rejection) and "no text" in empty.reason


def test_a_json_array_is_read_element_by_element(tmp_path):
    got = items(write_feed(tmp_path / "feed.json", FEED, array=True))
    assert [s for s, _ in got] == ["feed.json#a1", "feed.json#a3", "feed.json#L15"]
    assert [type(r).__name__ for _, r in got] == ["Article", "Rejection", "Article"]


def test_field_overrides_pick_other_record_fields(tmp_path):
    path = write_feed(tmp_path / "feed.jsonl", [{"id": 7, "summary": "short", "story": {"words": BODY[2]}}])
    [(source, article)] = items(path, fields=parse_field_options(["text=story.words", "title=summary"]))
    assert source == "feed.jsonl#7" and isinstance(article, Article)
    assert (article.text, article.title) == (BODY[2], "short")


@pytest.mark.parametrize(
    ("options", "message"),
    [(["text"], "expected NAME=FIELD"), (["body=text"], "no article field 'body'"), (["text="], "expected NAME=FIELD")],
)
def test_bad_field_options_say_what_is_wrong(options, message):
    with pytest.raises(FieldOptionError, match=message):
        parse_field_options(options)


def test_a_record_over_the_limit_is_rejected_and_the_rest_read(tmp_path):
    path = write_feed(tmp_path / "feed.jsonl", [{"id": "big", "text": "x" * 500}, {"id": "ok", "text": BODY[0]}])
    reading = read_records(ref(path, tmp_path), 300)
    assert [(r.source, type(x).__name__) for r, x in reading.items] == [
        ("feed.jsonl#L1", "Rejection"),
        ("feed.jsonl#ok", "Article"),
    ]
    assert "over the limit" in reading.items[0][1].reason


def write_warc(path: Path) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        pages = [
            ("https://gazette.example/city/bridge-vote", "200 OK", "text/html; charset=utf-8", PAGE.encode()),
            ("https://gazette.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
            ("https://gazette.example/gone", "404 Not Found", "text/html", b"<html><body>Not found</body></html>"),
            ("https://gazette.example/ferry", "200 OK", "text/html", PAGE.replace("bridge", "ferry").encode()),
        ]
        for uri, status, ctype, payload in pages:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers)
            writer.write_record(record)
    return path


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_a_warc_gives_its_html_responses_with_status_200(tmp_path, name):
    path = write_warc(tmp_path / name)
    reading = read_records(ref(path, tmp_path), 100_000)
    assert [type(x).__name__ for _, x in reading.items] == ["Article", "Article"]
    (r1, a1), (r2, a2) = reading.items
    assert r1.source.startswith(f"{name}#<urn:uuid:") and r1.container == name
    assert isinstance(a1, Article) and isinstance(a2, Article)
    assert (a1.url, a2.url) == ("https://gazette.example/city/bridge-vote", "https://gazette.example/ferry")
    assert a1.format == "warc" and all(p in a1.text for p in BODY) and "cookies" not in a1.text
    assert "ferry" in a2.text and a1.published_at == datetime(2024, 3, 5, 10, tzinfo=UTC)
    assert reading.skipped == {"WARC response that is not an HTML page with status 200": 2}


def test_the_reader_is_chosen_by_extension():
    names = ["a.txt", "a.HTML", "a.htm", "a.jsonl", "a.json", "a.warc", "a.warc.gz", "a.pdf", "a.gz", "README"]
    assert [getattr(reader_for(n), "__module__", None) for n in names] == [
        "quoteflow.sources.formats.text",
        "quoteflow.sources.formats.html",
        "quoteflow.sources.formats.html",
        "quoteflow.sources.formats.jsonl",
        "quoteflow.sources.formats.jsonl",
        "quoteflow.sources.formats.warc",
        "quoteflow.sources.formats.warc",
        None,
        None,
        None,
    ]
    assert [unsupported_kind(n) for n in ("x.PDF", "a/b.docx", "README", ".hidden")] == [
        ".pdf", ".docx", "(no extension)", "(no extension)"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=UTC)),
        ("2024-03-05T10:00:00+02:00", datetime(2024, 3, 5, 8, tzinfo=UTC)),
        (1709632800, datetime(2024, 3, 5, 10, tzinfo=UTC)),
        ("March 5", None),
        (True, None),
    ],
)
def test_dates_from_metadata(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("By Pat Writer and Lee Editor", ("Pat Writer", "Lee Editor")), (["A B", "A B", 3], ("A B", "3")), (None, ())],
)
def test_authors_from_a_byline_or_a_list(value, expected):
    assert split_authors(value) == expected


def test_discover_counts_files_of_other_types(tmp_path):
    write_articles(tmp_path, {"a.txt": "x", "b.html": "x", "c.jsonl": "x", "d.pdf": "x", "e/f.pdf": "x", "g.docx": "x"})
    found, rejected, skipped = discover(tmp_path)
    assert [f.source for f in found] == ["a.txt", "b.html", "c.jsonl"] and rejected == []
    assert skipped == {".pdf": 2, ".docx": 1}


GERMAN = (
    "Der Bürgermeister sagte am Montag, dass die Brücke im Mai wieder geöffnet werde. Die Arbeiten an der "
    "Stahlkonstruktion seien fast abgeschlossen, und die Stadt habe alle Genehmigungen erhalten. Kritiker "
    "bezweifeln jedoch, dass der Zeitplan eingehalten werden kann, weil die Lieferung der Kabel sich verzögert hat."
)
FRENCH = (
    "Le maire a déclaré lundi que le pont rouvrirait en mai. Les travaux sur la structure en acier sont presque "
    "terminés et la ville a obtenu toutes les autorisations. Les critiques doutent cependant que le calendrier "
    "puisse être respecté, car la livraison des câbles a pris du retard."
)


@pytest.mark.parametrize(
    ("text", "rejected"),
    [(GERMAN, True), (FRENCH, True), (GERMAN[:120], False), (" ".join(BODY * 2), False), ("Kurz.", False)],
    ids=["german", "french", "short-german-not-judged", "english", "tiny"],
)
def test_language_by_stop_word_share(nlp, text, rejected):
    assert (off_language(text, nlp.lang, nlp.Defaults.stop_words) is not None) == rejected


def test_no_english_evaluation_text_is_taken_for_another_language(nlp):
    from .conftest import eval_path

    texts = sorted(eval_path("polnear-dev", "text").glob("*.txt")) + sorted(
        eval_path("entity-dev", "text").glob("*.txt")
    )
    assert texts
    flagged = [p.name for p in texts if off_language(p.read_text(encoding="utf-8"), nlp.lang, nlp.Defaults.stop_words)]
    assert flagged == []


def test_a_run_over_every_format(tmp_path):
    src = tmp_path / "in"
    write_articles(src, {"page.html": PAGE, "saved.txt": PAGE.replace("bridge", "tunnel"), "german.txt": GERMAN * 2})
    write_feed(src / "feed.jsonl", FEED)
    write_warc(src / "crawl.warc.gz")
    summary = run(str(src), str(tmp_path / "out"), Settings())
    tables = read_tables(tmp_path / "out")
    articles = {a["source"]: a for a in tables["articles"]}
    rejects = {r["source"]: r for r in tables["rejects"]}
    warc = sorted(s for s in articles if s.startswith("crawl.warc.gz#"))
    assert len(warc) == 2 and set(articles) == {"saved.txt", "feed.jsonl#a1", "feed.jsonl#L4", *warc}
    assert {s: r["stage"] for s, r in rejects.items()} == {
        "page.html": "dedupe",  # the same text as the archive's first page, which comes first
        "german.txt": "language",
        "feed.jsonl#L2": "decode",
        "feed.jsonl#a3": "decode",
    }
    assert articles["saved.txt"]["format"] == "html" and "</" not in articles["saved.txt"]["text"]
    assert articles["feed.jsonl#a1"]["authors"] == ["Pat Writer", "Lee Editor"]
    assert {a["language"] for a in articles.values()} == {"en"}
    for q in tables["quotes"]:  # offsets index the stored text, whatever the format
        text = next(a["text"] for a in articles.values() if a["article_id"] == q["article_id"])
        assert text[q["start_char"] : q["end_char"]] == q["text"]
    assert summary.skipped_records == {"WARC response that is not an HTML page with status 200": 2}
    # five files; the feed's four records and the archive's two are records
    assert (summary.inputs, summary.new, summary.rejected, summary.duplicates) == (5, 5, 2, 1)
    assert (summary.records.total, summary.records.new, summary.records.rejected) == (6, 6, 2)
    # record ids are random, so the archive's records are found by their URLs
    assert sorted(articles[w]["url"] for w in warc) == [
        "https://gazette.example/city/bridge-vote",
        "https://gazette.example/ferry",
    ]


def test_the_cli_says_which_files_it_skipped(tmp_path, cli_env):
    src = write_articles(tmp_path / "in", {f"doc{k}.pdf": b"%PDF-1.4" for k in range(3)})
    write_articles(src, {"a.docx": b"PK", "b.docx": b"PK"})
    done = subprocess.run(
        [QUOTEFLOW, "run", str(src), "--out", str(tmp_path / "out")], env=cli_env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "skipped 5 files of unsupported types: .pdf 3, .docx 2" in done.stdout
    assert "no inputs under" in done.stdout and "no rows written" in done.stdout


def test_a_bad_field_option_is_a_usage_error(tmp_path, cli_env):
    src = write_articles(tmp_path / "in", {"a.txt": BODY[0]})
    done = subprocess.run(
        [QUOTEFLOW, "run", str(src), "--field", "headline=title"], env=cli_env, capture_output=True, text=True
    )
    assert done.returncode == 2 and "no article field 'headline'" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unchanged_bad_record_is_not_rejected_again(tmp_path):
    path = write_feed(tmp_path / "feed.jsonl", FEED)
    first = read_batch([ref(path, tmp_path)], {}, 100_000, final_attempt=True)
    stored = {r.source: x.content_sha256 for r, x in first.rejections if x.content_sha256}
    again = read_batch([ref(path, tmp_path)], stored, 100_000, final_attempt=True)
    assert [r.source for r, _ in again.rejections] == [] and len(again.unchanged) == 2
    assert gzip  # the WARC tests write .warc.gz through warcio's own gzip


def test_the_run_summary_and_artifact_report_what_was_skipped():
    from quoteflow.flow import summary_markdown
    from quoteflow.pipeline import RunSummary

    summary = RunSummary("r1", "in", "out", skipped_files={".pdf": 9, ".docx": 5}, skipped_records={"WARC x": 2})
    lines = ["skipped 14 files of unsupported types: .pdf 9, .docx 5", "skipped 2 × WARC x"]
    assert summary.skipped_lines() == lines
    assert all(line in summary_markdown(summary) for line in lines)


def test_every_input_extension_has_a_reader():
    """`sources/suffixes.py` names the extensions (the store's `repair` reads no input) and
    `formats.READERS` gives each its reader: the two lists must name the same extensions."""
    from quoteflow.sources.formats import READERS
    from quoteflow.sources.suffixes import CONTAINERS, SUFFIXES

    assert tuple(READERS) == SUFFIXES and set(SUFFIXES) >= CONTAINERS
