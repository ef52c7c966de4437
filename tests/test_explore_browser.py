"""`quoteflow explore` in a real browser: the command serves the made-up dataset of explore_data.py
on a free port of 127.0.0.1, and headless Chromium (Debian's `chromium` through Playwright, as the
report's browser test drives it; no browser is downloaded) uses it as a reader would: the search
form finds the quotes the Parquet tables hold, a person's page draws a bar per week they were
quoted, the pager walks every quote once, no page scrolls sideways at 390 px, no console or page
error, no request leaves 127.0.0.1, and injection strings typed into the forms come back as text.

A screenshot of each page is saved under pytest's tmp folder (its path printed). Without a
`chromium` on PATH the tests skip, saying so; CI's `.ci/run` installs it and fails on any skip.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest

from quoteflow.dataset.reader import open_dataset
from quoteflow.pipeline import run
from quoteflow.settings import Settings

from .conftest import QUOTEFLOW
from .explore_data import THIRD, build, write
from .test_explore_cli import free_port
from .test_report_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no `chromium` on PATH: install Debian's chromium (`apt-get install chromium`; CI's .ci/run does)",
    ),
]

PHONE = {"width": 390, "height": 844}
KINDS = ["overview", "search", "people", "person", "organization", "outlet", "article"]  # the pages there are
INJECTIONS = [
    "'; DROP TABLE quotes; --",
    "x') UNION SELECT text FROM articles --",
    "%' OR '%'='",
    "<script>alert('owned')</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><svg onload=alert(2)>",
]

#: the quotes listed on a search or person page: id, the marked text, the speaker shown, the links,
#: the date shown and on how many lines it is drawn
READ_HITS = """() => [...document.querySelectorAll('li.hit')].map(li => ({
  id: li.dataset.quoteId,
  text: li.querySelector('.sentence mark').textContent,
  speaker: li.querySelector('.speaker').textContent,
  links: [...li.querySelectorAll('a')].map(a => a.getAttribute('href')),
  day: [...li.querySelectorAll('time')].map(t => [t.textContent, t.getClientRects().length]),
}))"""

#: the first chart on the page: its box, its bars (week, count, drawn height in pixels) and the labels
#: written with it (in the SVG or under it), each with its text height and whether it is inside the chart's width
READ_BARS = """() => {
  const figure = document.querySelector('figure.timeline');
  const svg = figure && figure.querySelector('svg.chart');
  if (!svg) return null;
  const box = svg.getBoundingClientRect();
  const labels = [...figure.querySelectorAll('svg.chart text, .axis span')].map(t => {
    const b = t.getBoundingClientRect();
    return {text: t.textContent, inside: b.left >= box.left - 0.5 && b.right <= box.right + 0.5, height: b.height};
  });
  return {width: box.width, height: box.height, labels: labels, bars: [...svg.querySelectorAll('rect.bar')].map(
    r => ({label: r.dataset.label, count: Number(r.dataset.count), drawn: r.getBoundingClientRect().height}))};
}"""


def tokens(text: str) -> set[str]:
    """Words as a reader types them: runs of letters and digits, any case."""
    return {w.lower() for w in re.findall(r"[^\W_]+", text)}


class Truth:
    """The committed tables of OUT, joined by hand (never through the app)."""

    def __init__(self, out: Path):
        pinned = open_dataset(out)
        self.version = pinned.version
        articles = {a["article_id"]: a for a in pinned["articles"].to_table().to_pylist()}
        redirects = {r["entity_id"]: r["current_entity_id"] for r in pinned["entity_redirects"].to_table().to_pylist()}
        self.redirects = redirects
        self.entities = {e["entity_id"]: e for e in pinned["entities"].to_table().to_pylist()}
        self.quotes: list[dict[str, Any]] = pinned["quotes"].to_table().to_pylist()
        for q in self.quotes:
            a = articles[q["article_id"]]
            q["outlet"], q["title"] = a["outlet"], a["title"]
            q["dated_at"] = a["published_at"] or a["ingested_at"]
            q["entity"] = redirects.get(q["speaker_entity_id"], q["speaker_entity_id"])
        self.articles = articles

    def entity(self, name: str) -> str:
        return next(e for e, row in self.entities.items() if row["name"] == name)

    def named(self, name: str) -> set[str]:
        want = name.lower()
        return {
            e for e, row in self.entities.items()
            if row["name"].lower() == want or any(a["form"].lower() == want for a in row["aliases"])
        }  # fmt: skip

    def search(self, fields: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """The quotes matching the search form's `fields`, newest first (the order of a search without words)."""
        f = fields or {}
        since = date.fromisoformat(f.get("since", "0001-01-01"))
        until = date.fromisoformat(f.get("until", "9999-12-31"))
        found = [
            q for q in self.quotes
            if tokens(f.get("q", "")) <= tokens(q["text"])
            and (not f.get("speaker") or q["entity"] in self.named(f["speaker"]))
            and (not f.get("outlet") or (q["outlet"] or "").lower() == f["outlet"].lower())
            and since <= q["dated_at"].date() <= until
            and f.get("quote_type", q["quote_type"]) == q["quote_type"]
        ]  # fmt: skip
        found.sort(key=lambda q: (q["article_id"], q["start_char"], q["quote_id"]))
        found.sort(key=lambda q: q["dated_at"], reverse=True)  # stable: ties keep the order above
        return found


@dataclass
class Server:
    url: str
    truth: Truth
    shots: Path


@dataclass
class Tab:
    """A page at phone width whose console errors, page errors, dialogs and outside requests are kept."""

    page: Any
    shots: Path
    problems: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    routed: list[str] = field(default_factory=list)

    def open(self, url: str, status: int = 200) -> None:
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.status == status, (url, response and response.status)
        self.fits(url)

    def fits(self, where: str) -> None:
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{where} scrolls sideways on a 390-px screen ({width} px wide)"

    def shoot(self, name: str) -> Path:
        path = self.shots / f"explore-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        print(f"screenshot: {path}")
        return path

    def clean(self) -> None:
        assert not self.problems, self.problems
        assert not self.outside, f"requests left 127.0.0.1: {self.outside}"
        assert self.routed, "no request went through the route: the check above saw nothing"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`quoteflow explore OUT` over the made-up dataset, stopped by Ctrl-C at the end of the module."""
    tmp = tmp_path_factory.mktemp("explore-browser")
    src, out = build(tmp)
    run(str(write(src, THIRD)), str(out), Settings(batch_size=50))
    port = free_port()
    env = {**os.environ, "QUOTEFLOW_EXPLORE_CACHE": str(tmp / "cache"), "NO_COLOR": "1"}
    with open(tmp / "server.log", "w") as log:
        proc = subprocess.Popen(
            [QUOTEFLOW, "explore", str(out), "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/overview", timeout=5):
                    break
            except OSError:
                assert proc.poll() is None, (tmp / "server.log").read_text()
                assert time.monotonic() < deadline, "the app did not answer within 90 s"
                time.sleep(0.2)
        yield Server(url, Truth(out), tmp_path_factory.mktemp("explore-screenshots"))
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def tab(browser: Any, server: Server) -> Iterator[Tab]:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    seen = Tab(page, server.shots)

    def route(r: Any) -> None:
        parts = urlsplit(r.request.url)
        if parts.scheme == "data" or (parts.scheme == "http" and parts.hostname == "127.0.0.1"):
            seen.routed.append(r.request.url)
            r.continue_()
        else:
            seen.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: seen.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (seen.problems.append(f"a dialog opened: {d.type} {d.message}"), d.dismiss()))
    yield seen
    context.close()


def submit(tab: Tab, fields: dict[str, str]) -> Any:
    """Type `fields` into the quote search form on the page and submit it as a reader would."""
    form = tab.page.locator('form.search[action="/search"]')
    for name, value in fields.items():
        field = form.locator(f'[name="{name}"]')
        field.select_option(value) if name == "quote_type" else field.fill(value)
    return follow(tab, form.locator('button[type="submit"]'))


def follow(tab: Tab, target: Any) -> Any:
    """Click `target` (a locator or a selector) and wait for the page it leads to; its response."""
    with tab.page.expect_navigation(wait_until="load") as nav:
        (tab.page.locator(target) if isinstance(target, str) else target).click()
    return nav.value


SEARCHES = [
    {"q": "lantern"},
    {"q": "Steel"},
    {"q": "lantern", "speaker": "mara quillfeather"},
    {"speaker": "Dan Brightwater"},  # an alias: the merged entity's quotes under both names
    {"outlet": "coastline courier"},
    {"q": "ferry", "outlet": "Harbor Gazette"},
    {"since": "2026-01-14", "until": "2026-02-03"},  # both ends inclusive
    {"q": "the", "quote_type": "direct"},
]


@pytest.mark.parametrize("fields", SEARCHES, ids=lambda f: "-".join(f"{k}={v}" for k, v in f.items()))
def test_the_search_form_finds_the_quotes_the_tables_hold(tab, server, fields):
    expected = server.truth.search(fields)
    assert expected, f"the made-up data has no quote for {fields}: a useless case"
    tab.open(server.url + "/")
    response = submit(tab, fields)
    assert response.status == 200
    tab.fits("the search page")
    hits = tab.page.evaluate(READ_HITS)
    total = tab.page.inner_text("p.total")
    want = {q["quote_id"]: q for q in expected}
    assert total.startswith(f"{len(expected)} quote"), total
    if fields.get("q"):  # ranked: the same quotes, best match first
        assert sorted(h["id"] for h in hits) == sorted(want)
    else:  # newest first
        assert [h["id"] for h in hits] == [q["quote_id"] for q in expected]
    for h in hits:
        q = want[h["id"]]
        assert h["text"] == q["text"]
        assert h["speaker"] == (q["speaker"] or "no named speaker")
        assert h["day"] == [[f"{q['dated_at']:%Y-%m-%d}", 1]]  # the article's date, on one line
        assert f"/article/{q['article_id']}#{q['quote_id']}" in h["links"]
        if q["outlet"]:
            assert f"/outlet/{quote(q['outlet'])}" in h["links"]
    for name, value in fields.items():  # the form shows what was asked
        assert tab.page.locator(f'form.search [name="{name}"]').input_value() == value
    first = want[hits[0]["id"]]
    follow(tab, f'li.hit[data-quote-id="{first["quote_id"]}"] a[href^="/article/"]')  # to the quote in its article
    assert tab.page.evaluate("location.hash") == f"#{first['quote_id']}"
    assert first["text"] in tab.page.locator(":target").inner_text()
    marked = tab.page.evaluate("() => [...document.querySelectorAll('.text mark')].map(m => m.textContent)")
    assert first["text"] in marked
    tab.fits("the article page")
    tab.clean()


@pytest.mark.parametrize(("fields", "limit"), [({}, 5), ({"q": "the"}, 2), ({"outlet": "Harbor Gazette"}, 3)])
def test_the_pager_walks_every_quote_once(tab, server, fields, limit):
    expected = [q["quote_id"] for q in server.truth.search(fields)]
    assert len(expected) > 2 * limit
    tab.open(f"{server.url}/search?{urlencode({**fields, 'limit': limit})}")
    seen: list[str] = []
    shown: list[list[str]] = []
    while True:
        ids = [h["id"] for h in tab.page.evaluate(READ_HITS)]
        assert 0 < len(ids) <= limit and not set(ids) & set(seen), (ids, seen)
        seen += ids
        shown.append(ids)
        for name, value in fields.items():  # the search asked stays in the form on every page
            assert tab.page.locator(f'form.search [name="{name}"]').input_value() == value
        following = tab.page.locator('nav.pages a[rel="next"]')
        if not following.count():
            break
        follow(tab, following)
        tab.fits(f"search page {len(shown)}")
    assert len(shown) == -(-len(expected) // limit)
    assert seen == expected if not fields.get("q") else sorted(seen) == sorted(expected)  # ranked: any order
    follow(tab, 'nav.pages a[rel="prev"]')  # and back: the page before the last
    assert [h["id"] for h in tab.page.evaluate(READ_HITS)] == shown[-2]
    tab.clean()


def test_a_person_page_draws_a_bar_per_week_quoted_and_pages_their_quotes(tab, server):
    truth = server.truth
    person = truth.entity("Mara Quillfeather")
    theirs = [q for q in truth.search() if q["entity"] == person]
    weeks = Counter("{}-W{:02d}".format(*datetime.date(q["dated_at"]).isocalendar()[:2]) for q in theirs)
    assert len(weeks) >= 3 and len(theirs) > 2
    tab.open(f"{server.url}/entity/{person}?limit=2")
    assert tab.page.inner_text("h1") == "Mara Quillfeather"
    chart = tab.page.evaluate(READ_BARS)
    assert chart is not None, "no timeline chart on the person page"
    assert 0 < chart["width"] <= PHONE["width"] and chart["height"] > 0
    drawn = {b["label"]: b["count"] for b in chart["bars"] if b["drawn"] > 0}
    assert drawn == dict(weeks), chart["bars"]  # one visible bar per week with quotes, its height their count
    first, last = min(weeks), max(weeks)
    assert [t["text"] for t in chart["labels"]] == [first, last], chart["labels"]  # the axis: first and last week
    for label in chart["labels"]:  # readable on a phone, and not cut by the chart's edge
        assert label["inside"] and label["height"] >= 11, label
    heights = {b["label"]: b["drawn"] for b in chart["bars"] if b["drawn"] > 0}
    most = max(weeks, key=lambda w: weeks[w])
    assert all(heights[w] <= heights[most] + 0.01 for w in heights)
    tab.shoot("timeline")
    seen: list[str] = []
    while True:  # their quotes, two a page, each once
        ids = [h["id"] for h in tab.page.evaluate(READ_HITS)]
        assert ids and not set(ids) & set(seen)
        seen += ids
        following = tab.page.locator('nav.pages a[rel="next"]')
        if not following.count():
            break
        follow(tab, following)
        assert tab.page.evaluate(READ_BARS)["bars"] == chart["bars"]  # the same timeline on every page
    assert seen == [q["quote_id"] for q in theirs]
    tab.clean()


def test_a_merged_id_redirects_to_its_entity_and_people_are_found_by_alias(tab, server):
    truth = server.truth
    assert truth.redirects, "the made-up data merges no name: a useless case"
    for stale, current in truth.redirects.items():
        tab.open(f"{server.url}/entity/{stale}?limit=1")
        assert tab.page.url == f"{server.url}/entity/{current}?limit=1"  # the address names the entity now
        assert tab.page.inner_text("main h1") == truth.entities[current]["name"]
    tab.open(server.url + "/people")
    tab.page.locator('form.search [name="q"]').fill("DAN BRIGHTWATER")
    follow(tab, 'form.search button[type="submit"]')
    follow(tab, 'ol.hits a[href^="/entity/"]')
    assert tab.page.inner_text("main h1") == "Daniel Brightwater"
    tab.clean()


@pytest.mark.parametrize("key", sorted(THIRD))
def test_unbreakable_words_and_markup_in_the_data_fit_a_phone_as_text(tab, server, key):
    outlet, _, title, text = THIRD[key]
    found = [a for a in server.truth.articles.values() if a["outlet"] == outlet]
    assert len(found) == 1 and found[0]["title"] == title
    tab.open(f"{server.url}/article/{found[0]['article_id']}")
    assert tab.page.inner_text("main h1") == title
    assert tab.page.inner_text(".text") == found[0]["text"]  # the markup in it is text
    assert tab.page.evaluate("document.querySelectorAll('main img, main script, main b').length") == 0
    tab.shoot(f"article-{key}")
    follow(tab, 'main p.muted a[href^="/outlet/"]')  # its outlet, through the link the page gives
    assert tab.page.inner_text("main h1") == outlet
    tab.fits(f"the outlet page of {outlet!r}")
    tab.shoot(f"outlet-{key}")
    follow(tab, 'main a[href^="/search?outlet="]')  # and its quotes, through the outlet's search link
    tab.fits(f"the search of {outlet!r}")
    expected = [q["quote_id"] for q in server.truth.search({"outlet": outlet})]
    assert expected and [h["id"] for h in tab.page.evaluate(READ_HITS)] == expected
    tab.open(server.url + "/")  # the overview lists them all
    tab.clean()


@pytest.mark.parametrize("typed", INJECTIONS)
def test_injection_strings_typed_into_the_forms_show_as_text(tab, server, typed):
    tab.open(server.url + "/")
    fields = {"q": typed, "speaker": typed, "organization": typed, "outlet": typed}
    response = submit(tab, fields)
    assert response.status == 200, tab.page.content()
    assert tab.page.inner_text("main h1") == "Quotes"
    assert tab.page.inner_text("p.total").startswith("0 quotes")
    for name in fields:
        assert tab.page.locator(f'form.search [name="{name}"]').input_value() == typed
    assert typed in tab.page.title()
    injected = tab.page.evaluate(
        "() => document.scripts.length + document.querySelectorAll('img, main svg, textarea').length"
    )
    assert injected == 0, tab.page.content()
    assert "Traceback" not in tab.page.content()
    follow(tab, 'header a[href="/people"]')  # and the people form
    tab.page.locator('form.search [name="q"]').fill(typed)
    response = follow(tab, 'form.search button[type="submit"]')
    assert response.status == 200 and tab.page.inner_text("ol.hits") == "Nobody matches."
    assert tab.page.locator('form.search [name="q"]').input_value() == typed
    all_quotes = urllib.request.urlopen(server.url + "/api/quotes?limit=1", timeout=10).read()
    total = len(server.truth.quotes)
    assert f'"total":{total}'.encode() in all_quotes.replace(b" ", b"")  # nothing was dropped or changed
    tab.clean()


def test_the_reload_button_keeps_the_pinned_version_when_nothing_changed(tab, server):
    tab.open(server.url + "/people")
    response = follow(tab, 'header form[action="/reload"] button')
    assert response.status == 200 and urlsplit(tab.page.url).path == "/"
    assert f"Version {server.truth.version} is still the newest." in tab.page.inner_text("p.notice")
    tab.fits("the overview after a reload")
    tab.clean()


#: every link of the page (resolved), its ids, and the ids given twice
READ_LINKS = """() => {
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  return {links: [...document.querySelectorAll('a[href]')].map(a => a.href), ids: ids,
          twice: ids.filter((id, k) => ids.indexOf(id) !== k)};
}"""


def test_every_page_linked_from_the_overview_fits_a_phone_and_is_screenshotted(tab, server):
    """A crawl of the site from `/`: each page answers 200 and fits a phone, no page gives an id
    twice, the fragment of each link names an element of the page it leads to; the first page of
    each kind (overview, search, people, person, organization, outlet, article) is screenshotted."""
    queue, ids, fragments, shots = ["/"], {"/": set()}, set(), {}
    while queue:
        path = queue.pop(0)
        tab.open(server.url + path)
        kind = urlsplit(path).path.split("/")[1] or "overview"
        kind = {"per": "person", "org": "organization"}.get(path.split("/")[-1][:3], kind) if kind == "entity" else kind
        if kind not in shots:
            shots[kind] = tab.shoot(kind)
        found = tab.page.evaluate(READ_LINKS)
        assert not found["twice"], (path, found["twice"])
        one = re.search(r"(?<![\d.,])1 (quotes|articles)\b", tab.page.inner_text("body"))
        assert one is None, f"{path} says {one and one.group()!r}"
        ids[path] = set(found["ids"])
        for link in found["links"]:
            parts = urlsplit(link)
            assert parts.hostname == "127.0.0.1", link
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.fragment:
                fragments.add((target, parts.fragment))
            if target not in ids:
                ids[target] = set()
                queue.append(target)
        assert len(ids) < 300, "the crawl does not end"
    assert len(ids) > 20 and set(shots) == set(KINDS)
    assert not [(page, want) for page, want in fragments if want not in ids[page]]
    assert all(shot.stat().st_size > 5_000 for shot in shots.values())
    tab.open(server.url + "/search?since=not-a-date", status=400)  # an error page fits too
    assert "since must be a date" in tab.page.inner_text("p.reason")
    tab.problems = [p for p in tab.problems if "status of 400" not in p]  # the 400 itself, logged by Chromium
    tab.shoot("error")
    tab.clean()
