"""The explore app over HTTP: the JSON API's shape, 400s with one-line reasons, 404s, SQL and HTML
injection strings in every parameter (no 500, nothing executed, text shown as text), pages that
fit a phone, and reload."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from quoteflow.explore.app import create_app
from quoteflow.explore.cache import open_cache

from .explore_data import build

QUOTE_KEYS = {"text", "speaker", "speaker_entity_id", "quote_type", "article_id", "title", "outlet", "published_at"}
INJECTIONS = [
    "'; DROP TABLE quotes; --",
    '" OR 1=1 --',
    "x') UNION SELECT text FROM articles --",
    "<script>alert('owned')</script>",
    '"><img src=x onerror=alert(1)>',
    "%' OR '%'='",
    "$(rm -rf /)",
    "🙂 \\ \t ' \"",
]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("explore-app")
    _, out = build(tmp)
    cache = open_cache(str(out), tmp / "cache")
    client = TestClient(create_app(cache), raise_server_exceptions=False)
    yield client, cache
    cache.close()


def ids(client: TestClient) -> dict[str, str]:
    """A person, a redirected person id, an article and an outlet of the made-up data."""
    person = client.get("/api/people", params={"q": "brightwater"}).json()["people"][0]["entity_id"]
    quotes = client.get("/api/quotes", params={"speaker": "dan brightwater", "limit": 200}).json()["quotes"]
    return {"person": person, "article": quotes[0]["article_id"], "outlet": quotes[0]["outlet"]}


def test_api_quotes_has_the_issue_shape(env):
    client, _ = env
    r = client.get("/api/quotes", params={"q": "lantern", "limit": 2})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"total", "quotes"} and body["total"] >= 3 and len(body["quotes"]) == 2
    for q in body["quotes"]:
        assert set(q) >= QUOTE_KEYS
        assert "lantern" in q["text"].lower()
        assert q["published_at"].startswith("2026-")
    every = client.get("/api/quotes", params={"limit": 200}).json()
    assert every["total"] == len(every["quotes"]) == 18  # every parameter optional


def test_api_quotes_speaker_is_a_name_or_alias_in_any_case(env):
    client, _ = env
    by_alias = client.get("/api/quotes", params={"speaker": "DAN BRIGHTWATER"}).json()
    by_name = client.get("/api/quotes", params={"speaker": "daniel brightwater"}).json()
    assert by_alias == by_name and by_alias["total"] == 2
    assert {q["speaker"] for q in by_alias["quotes"]} == {"Dan Brightwater", "Daniel Brightwater"}
    assert len({q["speaker_entity_id"] for q in by_alias["quotes"]}) == 1  # the merged id resolves


def test_api_people_has_the_issue_shape(env):
    client, _ = env
    body = client.get("/api/people", params={"q": "quillfeather"}).json()
    assert set(body) == {"total", "people"} and body["total"] == 1
    assert set(body["people"][0]) == {"entity_id", "name", "quote_count", "article_count"}
    assert body["people"][0]["name"] == "Mara Quillfeather"


def test_api_entity_outlet_overview_and_article(env):
    client, _ = env
    found = ids(client)
    entity = client.get(f"/api/entity/{found['person']}").json()
    assert entity["name"] == "Daniel Brightwater" and entity["quotes"]["total"] == 2
    assert {"aliases", "roles", "affiliations", "weeks", "outlets", "alongside"} <= set(entity)
    outlet = client.get(f"/api/outlet/{quote(found['outlet'])}").json()
    assert outlet["outlet"] == found["outlet"] and outlet["quotes"] > 0
    assert {"weeks", "top_people", "top_organizations", "shares"} <= set(outlet)
    overview = client.get("/api/overview").json()
    assert overview["articles"] == 5 and overview["quotes"] == 18 and overview["version"] == 2
    art = client.get(f"/api/article/{found['article']}").json()
    assert art["article_id"] == found["article"] and art["quotes"]


def test_a_redirected_entity_id_serves_its_entity(env):
    client, cache = env
    old = cache.connection().execute("SELECT entity_id, current_entity_id FROM entity_redirects").fetchall()
    assert old
    for stale, current in old:
        assert client.get(f"/api/entity/{stale}").json()["entity_id"] == current
        assert client.get(f"/entity/{stale}").status_code == 200
        moved = client.get(f"/entity/{stale}?limit=1", follow_redirects=False)  # the page's address names it now
        assert moved.status_code == 307 and moved.headers["location"] == f"/entity/{current}?limit=1"


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ({"since": "last week"}, "since must be a date"),
        ({"until": "2026-02-30"}, "until must be a date"),
        ({"limit": "ten"}, "limit must be a whole number"),
        ({"limit": "201"}, "limit must be at most 200"),
        ({"limit": "0"}, "limit must be at least 1"),
        ({"offset": "-1"}, "offset must be at least 0"),
        ({"offset": "1.5"}, "offset must be a whole number"),
        ({"quote_type": "shouted"}, "quote_type must be one of direct, partial, indirect"),
        ({"since": "2026-02-01", "until": "2026-01-01"}, "is after until"),
        ({"q": "x" * 501}, "at most 500"),
        ({"q": " ".join(f"w{k}" for k in range(40))}, "at most 32"),
    ],
)
def test_bad_parameters_are_a_400_with_a_one_line_reason(env, query, reason):
    client, _ = env
    api = client.get("/api/quotes", params=query)
    assert api.status_code == 400 and reason in api.json()["error"] and "\n" not in api.json()["error"]
    page = client.get("/search", params=query)
    assert page.status_code == 400 and reason in html.unescape(page.text)
    assert "Traceback" not in page.text


UNKNOWN = ["/api/entity/per_0000000000000000", "/entity/per_0000000000000000", "/api/outlet/Nowhere%20Weekly",
           "/outlet/Nowhere", "/article/0", "/api/article/0"]  # fmt: skip


@pytest.mark.parametrize("path", UNKNOWN)
def test_unknown_ids_are_a_404(env, path):
    client, _ = env
    r = client.get(path)
    assert r.status_code == 404
    if path.startswith("/api/"):
        assert set(r.json()) == {"error"}


PARAMETERS = ["q", "speaker", "organization", "outlet", "since", "until", "quote_type", "limit", "offset"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_in_every_parameter_are_answered_as_text(env, value):
    client, cache = env
    before = cache.connection().execute("SELECT count(*) FROM quotes").fetchone()
    pages = [("/search", name) for name in PARAMETERS] + [("/api/quotes", name) for name in PARAMETERS]
    pages += [("/people", "q"), ("/api/people", "q"), ("/entity/x", "offset"), ("/api/entity/x", "limit")]
    for path, name in pages:
        r = client.get(path, params={name: value})
        assert r.status_code in (200, 400, 404), (path, name, r.status_code)
        assert "Traceback" not in r.text and "duckdb" not in r.text.lower()
        if r.headers["content-type"].startswith("text/html"):
            assert "<script>alert" not in r.text and "<img src=x" not in r.text
    for path in ("/entity/", "/api/entity/", "/outlet/", "/api/outlet/", "/article/", "/api/article/"):
        r = client.get(path + quote(value, safe=""))
        assert r.status_code in (404, 200), (path, r.status_code)
        assert "<script>alert" not in r.text and "Traceback" not in r.text
    after = cache.connection().execute("SELECT count(*) FROM quotes").fetchone()
    assert before == after == (18,)  # nothing executed


def test_a_search_shows_the_words_searched_as_escaped_text(env):
    client, _ = env
    r = client.get("/search", params={"q": "<b>lantern</b>", "speaker": "<i>x</i>"})
    assert r.status_code == 200
    assert "&lt;b&gt;lantern&lt;/b&gt;" in r.text and "<b>lantern" not in r.text and "<i>x" not in r.text


@pytest.mark.parametrize("path", ["/", "/search?q=harbor", "/people", "/entity/{person}", "/outlet/{outlet}",
                                  "/article/{article}", "/search?since=nope"])  # fmt: skip
def test_every_page_fits_a_phone_and_allows_no_script(env, path):
    client, _ = env
    r = client.get(path.format(**{k: quote(v) for k, v in ids(client).items()}))
    assert r.status_code in (200, 400)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in r.text
    assert "overflow-wrap: anywhere" in r.text and "<script" not in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]


def test_pages_show_what_was_asked(env):
    client, _ = env
    found = ids(client)
    search = client.get("/search", params={"speaker": "dan brightwater"}).text
    assert search.count('class="hit"') == 2 and f'href="/article/{found["article"]}#' in search
    entity = client.get(f"/entity/{found['person']}").text
    assert "Daniel Brightwater" in entity and '<svg class="chart"' in entity and 'rect class="bar"' in entity
    art = client.get(f"/article/{found['article']}").text
    assert '<mark class="q q-direct"' in art
    paged = client.get("/search", params={"limit": 5, "offset": 5}).text
    assert '<a rel="next" href="/search?offset=10&amp;limit=5">' in paged  # one limit in the link
    assert '<a rel="prev" href="/search?offset=0&amp;limit=5">' in paged


def test_reload_answers_and_keeps_the_version_when_nothing_changed(env):
    client, cache = env
    r = client.post("/reload", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/?reloaded=same"
    assert "still the newest" in client.get(r.headers["location"]).text
    assert client.post("/api/reload").json() == {"version": cache.version, "changed": False}
