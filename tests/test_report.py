"""The report page: highlights computed from quote spans, untrusted text shown as text, speakers
linked to their rows, rejects listed, and nothing fetched from anywhere."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from quoteflow.pipeline import run
from quoteflow.report import build_report, read_rows
from quoteflow.report.highlight import Span, highlight
from quoteflow.settings import Settings

from .conftest import QUOTEFLOW, write_articles

SCRIPT_ARTICLE = (
    "Council Votes On Budget\n"
    "Mayor Jane Roe said the <script>alert('x')</script> budget & the <b>levy</b> would pass.\n"
    "“We have the votes,” Roe said. Critics called it “a <i>disaster</i>” on Tuesday.\n"
    "Acme Corp. Vice President John Doe disagreed. “It will fail,” he said.\n"
)
INPUTS: dict[str, str | bytes] = {
    "city/budget.txt": SCRIPT_ARTICLE,
    "city/bridge.txt": (
        "Mayor Ann Poe said on Monday that the bridge would reopen in May.\n"
        "“We are ready,” Poe said. “The steel is in place.”\n"
    ),
    "empty.txt": b"",
    "binary.txt": b"\x00\x01binary",
}


class Page(HTMLParser):
    """What a test reads of the page: text per quote id, links, ids, tags, resource URLs."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.quote_text: dict[str, str] = {}
        self.quote_attrs: dict[str, dict[str, str | None]] = {}
        self.ids: set[str] = set()
        self.tags: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []
        self._open: list[str | None] = []  # the quote id each open element belongs to
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.add(tag)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        self.resources += [str(a[k]) for k in ("src", "href") if a.get(k) and not str(a[k]).startswith("#")]
        if tag in ("meta", "link"):
            return
        qid = a.get("data-quote-id")
        if qid:
            self.quote_attrs[qid] = a
        self._open.append(qid)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("meta", "link") and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for qid in {q for q in self._open if q}:
            self.quote_text[qid] = self.quote_text.get(qid, "") + data


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report")
    run(str(write_articles(root / "in", INPUTS)), str(root / "out"), Settings())
    return root / "out"


@pytest.fixture(scope="module")
def page(dataset: Path) -> tuple[str, Page]:
    html = build_report(dataset)
    return html, Page(html)


def test_article_text_is_shown_as_text_never_as_markup(page):
    html, parsed = page
    assert "script" not in parsed.tags and "b" not in parsed.tags and "i" not in parsed.tags
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html and "budget &amp; the" in html
    assert "&lt;i&gt;disaster&lt;/i&gt;" in html


def test_every_quote_is_highlighted_with_its_text_type_and_speaker(dataset, page):
    _, parsed = page
    _, rows = read_rows(dataset)
    assert len(rows["quotes"]) >= 6
    for q in rows["quotes"]:
        attrs = parsed.quote_attrs[q["quote_id"]]
        assert (attrs["data-quote-type"], attrs["data-speaker"] or None) == (q["quote_type"], q["speaker"])
        assert parsed.quote_text[q["quote_id"]] == q["text"], q


def test_speakers_link_to_their_rows_and_every_link_resolves(dataset, page):
    _, parsed = page
    _, rows = read_rows(dataset)
    speakers = {q["speaker_entity_id"] for q in rows["quotes"] if q["speaker_entity_id"]}  # no redirects here
    linked = {link for link in parsed.links if link.startswith(("#per_", "#org_"))}
    assert speakers and {f"#{s}" for s in speakers} == linked
    assert {link[1:] for link in parsed.links if link.startswith("#")} <= parsed.ids
    assert "Jane Roe" in page[0] and "Vice President" in page[0]


def test_rejects_are_listed_with_their_reasons(page):
    html, _ = page
    for source, reason in [("empty.txt", "empty file"), ("binary.txt", "binary")]:
        assert re.search(rf"{re.escape(source)}</td>.*?{reason}", html, flags=re.S), source


def test_the_page_loads_nothing_and_runs_nothing(page):
    html, parsed = page
    assert parsed.resources == ["data:,"]  # the empty icon, so no browser asks for /favicon.ico
    assert "<script" not in html.lower() and "default-src 'none'" in html
    assert not re.search(r"url\(|@import", html)


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("a<b>c", [], "a&lt;b&gt;c"),
        (  # a partial quote inside an indirect one: both marked, one inside the other
            "Roe said we must act",
            [Span(9, 20, "quote", "indirect", "q_i"), Span(12, 16, "quote", "partial", "q_p")],
            'Roe said <mark data-quote-id="q_i">we <mark data-quote-id="q_p">must</mark> act</mark>',
        ),
        (  # crossing spans: the later one is cut in two pieces, both carrying its id
            "abcdef",
            [Span(0, 4, "quote", "direct", "q_1"), Span(2, 6, "quote", "direct", "q_2")],
            '<mark data-quote-id="q_1">ab<mark data-quote-id="q_2">cd</mark></mark><mark data-quote-id="q_2">ef</mark>',
        ),
        (  # a speaker linked, a cue marked, an unresolved mention not linked
            "Roe said; he said",
            [Span(0, 3, "speaker", speaker="Jane Roe", speaker_id="per_1"), Span(4, 8, "cue"), Span(10, 12, "speaker")],
            '<a href="#per_1">Roe</a> <span>said</span>; <span>he</span> said',
        ),
        (  # a speaker inside a speaker: no link inside a link
            "Jane Roe",
            [Span(0, 8, "speaker", speaker_id="per_1"), Span(5, 8, "speaker", speaker_id="per_2")],
            '<a href="#per_1">Jane <span>Roe</span></a>',
        ),
        ("abc", [Span(2, 9, "cue"), Span(1, 1, "cue")], "abc"),  # out of range, empty: ignored
    ],
)
def test_highlight_nests_and_escapes(text, spans, expected):
    html = str(highlight(text, spans))
    simple = re.sub(r'\s(?!data-quote-id|href)[\w-]+="[^"]*"', "", html)  # keep the attributes that matter
    assert simple == expected
    assert re.sub(r"<[^>]+>", "", html) == str(highlight(text, []))  # the text, whole and in order


def test_the_report_command_writes_the_page(dataset, tmp_path):
    target = tmp_path / "r.html"
    done = subprocess.run([QUOTEFLOW, "report", str(dataset), "--out", str(target)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert str(target) in done.stdout and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    missing = subprocess.run([QUOTEFLOW, "report", str(tmp_path / "none")], capture_output=True, text=True)
    assert missing.returncode == 2 and "holds no quoteflow dataset" in missing.stderr


def test_the_page_template_is_package_data():
    """An installed wheel has the template: pyproject's package-data names every file of
    flows/report that is not Python."""
    import fnmatch
    import tomllib

    from .conftest import REPO

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["quoteflow.report"]
    data = [p.name for p in (REPO / "flows" / "report").iterdir() if p.is_file() and p.suffix != ".py"]
    assert data and all(any(fnmatch.fnmatch(name, pat) for pat in patterns) for name in data), (data, patterns)


def test_the_overview_gives_women_and_men_among_quotes_with_known_gender_beside_the_coverage(dataset, page):
    """“…,” he said makes Doe male; Roe and Poe are never referred to by gender: unknown."""
    html, _ = page
    _version, rows = read_rows(dataset)
    gender = {p["name"]: p["gender"] for p in rows["people"]}
    assert (gender["John Doe"], gender["Jane Roe"], gender["Ann Poe"]) == ("male", "unknown", "unknown")
    by_person = [q for q in rows["quotes"] if q["speaker_type"] == "person" and q["speaker_id"]]
    by_doe = [q for q in by_person if q["speaker"] == "John Doe"]
    coverage = round(100 * len(by_doe) / len(by_person))
    line = re.search(r'<p class="muted" id="gender">(.*?)</p>', html, re.S)
    assert line is not None
    assert f"Women 0 % and men 100 % of quotes with known gender; gender known for {coverage} % of the" in line[1]
    assert f"{len(by_person)} quotes by a named person" in line[1]


GENDER_ROWS = [
    # (id, people genders, speakers of quotes, (quotes, known, women, men))
    ("none-known", ["unknown", "unknown"], [0, 1, 1], (3, 0, 0, 0)),
    ("mixed", ["female", "male", "unknown"], [0, 0, 1, 2], (4, 3, 2, 1)),
    ("written-before-v5", [None, "female"], [0, 1], (2, 1, 1, 0)),  # a null gender is unknown
    ("no-speaker", ["female"], [None, 0], (1, 1, 1, 0)),
]


@pytest.mark.parametrize(
    ("genders", "speakers", "expected"), [c[1:] for c in GENDER_ROWS], ids=[c[0] for c in GENDER_ROWS]
)
def test_gender_shares_count_quotes_by_the_gender_their_article_states(genders, speakers, expected):
    from quoteflow.report.gender import gender_shares

    people = [{"article_id": "a", "person_id": f"p{i}", "gender": g} for i, g in enumerate(genders)]
    quotes = [
        {
            "article_id": "a",
            "speaker_id": None if s is None else f"p{s}",
            "speaker_type": None if s is None else "person",
        }
        for s in speakers
    ]
    got = gender_shares(people, quotes)
    assert (got.quotes, got.known, got.women, got.men) == expected
