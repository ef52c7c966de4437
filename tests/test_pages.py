"""Pages as the web serves them: nested deeper than a parser's default limit, `.txt` files
that mention `<html>` in prose, JavaScript app shells, timestamps with a time of day, and a
file of another type named directly as SOURCE. Every one is read right or rejected saying why."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from quoteflow.records import Article, Rejection
from quoteflow.sources.read import read_records

from .test_formats import ref

STORY = (
    "Harbor master Tilda Quenby said on Tuesday that the eastern pier would close for a month of repairs. "
    "“The pilings are older than the lighthouse,” Quenby said, adding that ferries would use the west pier "
    "until the crews from the county yard had replaced the worst of them."
)


def read_one(path: Path) -> Article | Rejection:
    [(_, result)] = read_records(ref(path, path.parent), 5_000_000).items
    return result


def nested(depth: int, nav: str = "") -> str:
    """A page whose story sits `depth` elements deep (as unclosed tags or wrapper divs leave it)."""
    return (
        f"<!doctype html><html><head><title>Pier Closes</title></head><body>{nav}"
        + "<div>" * depth
        + f"<article><p>{STORY}</p></article>"
        + "</div>" * depth
        + "</body></html>"
    )


# ----------------------------------------------------------------- deep nesting --
@pytest.mark.parametrize("depth", [300, 1500])
def test_a_page_nested_deeper_than_the_parsers_default_limit_is_read(tmp_path, depth):
    path = tmp_path / "deep.html"
    path.write_text(nested(depth, nav='<nav><a href="/">Home</a> <a href="/port">Port news</a></nav>'))
    article = read_one(path)
    assert isinstance(article, Article), article
    assert STORY in article.text and "Port news" not in article.text


def test_a_page_nested_too_deeply_for_the_parser_says_so(tmp_path):
    path = tmp_path / "abyss.html"
    path.write_text(nested(3000))
    rejection = read_one(path)
    assert isinstance(rejection, Rejection)
    assert "nested too deeply" in rejection.reason and "2,048" in rejection.reason
    assert "navigation" not in rejection.reason


# ------------------------------------------------------- sniffing an HTML document --
TUTOR = "<html> is the root element of a web page, said the tutor, and every other element sits inside it.\n"
DOCUMENTS = {
    "doctype, html, head": "<!doctype html><html><head><title>Pier</title></head><body><p>{story}</p></body></html>",
    "html on its own line": "<html>\n<head><title>Pier</title></head>\n<body><p>{story}</p></body>\n</html>\n",
    "a comment first": "<!-- saved from url=(0030)https://ledger.example/pier -->\n<html lang=en><head>"
    "<title>Pier</title></head><body><p>{story}</p></body></html>",
    "an XML prolog": '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
    "<title>Pier</title></head><body><p>{story}</p></body></html>",
    "upper case, no html tag": "<!DOCTYPE HTML>\n<HEAD><TITLE>Pier</TITLE></HEAD><BODY><P>{story}</P></BODY>",
    "a fragment wrapped in html": "<html><p>{story}</p></html>\n",
}
PROSE = {
    "the tutor's <html>": TUTOR,
    "a doctype in prose": "<!doctype html> tells the browser which rules to follow, the instructor told the class.\n",
    "tags named in prose": "<html> <head> and <body> are the three parts of every page, the tutor said again.\n",
    "an html-like word": "<htmlx> is not a tag at all, the reviewer said of the draft.\n",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [*((t, True) for t in DOCUMENTS.values()), *((t, False) for t in PROSE.values())],
    ids=[*DOCUMENTS, *PROSE],
)
def test_an_html_document_is_told_from_prose_that_starts_with_a_tag(text, expected):
    from quoteflow.sources.formats.html import is_html_document

    assert is_html_document(text.format(story=STORY)) is expected


@pytest.mark.parametrize("text", list(PROSE.values()), ids=list(PROSE))
def test_a_txt_that_starts_with_a_tag_in_prose_stays_text(tmp_path, text):
    path = tmp_path / "lesson.txt"
    path.write_text(text + STORY + "\n", encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, Article) and article.format == "text"
    assert article.text == text + STORY + "\n"  # stored exactly, not run through the HTML reader


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
@pytest.mark.parametrize("text", list(DOCUMENTS.values()), ids=list(DOCUMENTS))
def test_a_txt_that_is_an_html_document_is_read_as_html(tmp_path, text, encoding):
    path = tmp_path / "saved.txt"
    path.write_bytes(text.format(story=STORY).encode(encoding))
    article = read_one(path)
    assert isinstance(article, Article) and article.format == "html", article
    assert STORY in article.text and "<" not in article.text


# ------------------------------------------------------------ JavaScript app shells --
SHELLS = {
    "noscript and a root div": (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"/><title>Tide Tables</title>'
        '<script defer src="/static/js/main.4f2a.js"></script></head><body>'
        '<noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>',
        "('You need to enable JavaScript to run this app.')",
    ),
    "scripts and a root div only": (
        '<!DOCTYPE html><html><head><title>Ledger</title></head><body><div id="app"></div>'
        '<script src="/app.js"></script></body></html>',
        "(scripts, and no text of its own)",
    ),
    "a noscript paragraph and page data": (
        "<!DOCTYPE html><html><head><title>Ledger</title></head><body><noscript><p>Please turn on "
        'JavaScript in your browser to see this site.</p></noscript><div id="mount"></div>'
        '<script id="page-data" type="application/json">{"props": {"page": "/pier"}}</script></body></html>',
        "('Please turn on JavaScript in your browser to see this site.')",
    ),
}


@pytest.mark.parametrize(("page", "shown"), list(SHELLS.values()), ids=list(SHELLS))
@pytest.mark.parametrize("name", ["app.html", "app.txt"])
def test_a_javascript_app_shell_is_rejected_as_holding_no_article_text(tmp_path, page, shown, name):
    path = tmp_path / name
    path.write_text(page)
    rejection = read_one(path)
    assert isinstance(rejection, Rejection), rejection
    assert rejection.reason == f"the page has no article text: only a script shell {shown}"


def test_a_page_with_a_story_and_a_noscript_note_is_an_article(tmp_path):
    path = tmp_path / "story.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Pier Closes</title><script src='/a.js'></script></head><body>"
        f"<noscript>This page works best with JavaScript.</noscript><article><p>{STORY}</p></article></body></html>"
    )
    article = read_one(path)
    assert isinstance(article, Article) and STORY in article.text


# ------------------------------------------------------------- publication times --
def dated(head: str, body_extra: str = "") -> str:
    return (
        f"<!doctype html><html><head><title>Pier Closes</title>{head}</head><body>{body_extra}"
        f"<article><h1>Pier Closes</h1><p>{STORY}</p></article></body></html>"
    )


TIMES = {
    "article:published_time": (
        dated('<meta property="article:published_time" content="2024-03-05T18:30:00Z">'),
        datetime(2024, 3, 5, 18, 30, tzinfo=UTC),
    ),
    "JSON-LD datePublished, an offset": (
        dated(
            '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": '
            '"NewsArticle", "headline": "Pier Closes", "datePublished": "2024-03-05T18:30:00+01:00", '
            '"dateModified": "2024-03-07T08:00:00+01:00"}]}</script>'
        ),
        datetime(2024, 3, 5, 17, 30, tzinfo=UTC),
    ),
    "<time datetime>, late in the evening west of Greenwich": (
        dated("", '<time datetime="2024-03-05T21:30:00-05:00" pubdate>March 5, 2024</time>'),
        datetime(2024, 3, 6, 2, 30, tzinfo=UTC),
    ),
    "a date alone stays midnight": (
        dated('<meta property="article:published_time" content="2024-03-05">'),
        datetime(2024, 3, 5, tzinfo=UTC),
    ),
    "a time of another day is not taken": (
        dated(
            '<meta property="article:published_time" content="2024-03-05">'
            '<meta property="article:modified_time" content="2024-03-09T11:15:00Z">',
            '<time datetime="2024-03-09T11:15:00Z">updated March 9</time>',
        ),
        datetime(2024, 3, 5, tzinfo=UTC),
    ),
}


@pytest.mark.parametrize(("page", "expected"), list(TIMES.values()), ids=list(TIMES))
def test_an_html_page_keeps_the_time_and_zone_of_its_publication(tmp_path, page, expected):
    path = tmp_path / "pier.html"
    path.write_text(page)
    article = read_one(path)
    assert isinstance(article, Article) and article.published_at == expected


def test_a_warc_page_keeps_the_time_of_its_publication(tmp_path):
    from .test_warc import write_pages

    path = write_pages(tmp_path / "crawl.warc.gz", TIMES["article:published_time"][0])
    article = read_one(path)
    assert isinstance(article, Article) and article.published_at == datetime(2024, 3, 5, 18, 30, tzinfo=UTC)


# ------------------------------------------------- an unsupported file named as SOURCE --
@pytest.mark.parametrize(("name", "kind"), [("report.pdf", ".pdf"), ("NOTES", "(no extension)")])
def test_a_file_of_another_type_named_as_source_is_skipped_as_in_a_folder(tmp_path, name, kind):
    from quoteflow.sources.discover import discover

    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n" + STORY.encode())  # text enough to pass for an article if it were read
    assert discover(path) == ([], [], {kind: 1})
    assert discover(tmp_path) == ([], [], {kind: 1})


def test_the_cli_skips_and_reports_an_unsupported_source_file_as_it_does_in_a_folder(tmp_path, cli_env):
    import json
    import subprocess

    from .conftest import QUOTEFLOW, read_tables

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n" + STORY.encode())

    def run_cli(source: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        out = tmp_path / f"out-{source.name}-{len(extra)}"
        done = subprocess.run(
            [QUOTEFLOW, "run", str(source), "--out", str(out), *extra], env=cli_env, capture_output=True, text=True
        )
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert not out.exists() or not any(read_tables(out).values())  # no row written
        return done

    said = {}
    for source in (folder, folder / "report.pdf"):
        text = run_cli(source).stdout
        assert "skipped 1 file of unsupported types: .pdf 1" in text and "no rows written" in text, text
        summary = json.loads(run_cli(source, "--json").stdout)
        said[source] = {k: summary[k] for k in ("status", "inputs", "new", "rejected", "rows", "skipped_files")}
    assert said[folder] == said[folder / "report.pdf"] == {
        "status": "completed", "inputs": 0, "new": 0, "rejected": 0, "rows": {}, "skipped_files": {".pdf": 1},
    }  # fmt: skip
