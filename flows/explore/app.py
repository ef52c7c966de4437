"""The explore web app: HTML pages and a JSON API over an `ExploreCache`, read-only.

    app = create_app(open_cache("data"))
    # GET /                      overview and search forms      GET /api/overview
    # GET /search?q=&speaker=…   quotes found, paged            GET /api/quotes?q=&speaker=…
    # GET /people?q=NAME         people found                   GET /api/people?q=NAME
    # GET /entity/{id}           a person or organization       GET /api/entity/{id}
    #                            (a merged id redirects to it)  (a merged id answers as it)
    # GET /outlet/{name}         one outlet                     GET /api/outlet/{name}
    # GET /article/{id}          an article, quotes marked      GET /api/article/{id}
    # GET or POST /reload        pick up the newest committed version

A bad parameter is a 400 with a one-line reason (JSON under /api, a short page otherwise),
an unknown id a 404; no traceback ever reaches a response. Every page carries a
Content-Security-Policy that allows no script and no request to another origin.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import BadQuery, QuoteflowError
from ..report.highlight import Span, highlight
from . import params
from .cache import ExploreCache
from .charts import bars
from .models import Article, Summary, to_json
from .pages import resolve
from .queries import article, entity_page, outlet_page, overview, search_people, search_quotes

LOG = logging.getLogger(__name__)
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'"
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


@functools.cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("quoteflow.explore", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["week_bars"] = lambda weeks, attr, title: bars([(w.week, getattr(w, attr)) for w in weeks], title=title)
    env.globals["count_bars"] = lambda counts, title: bars([(c.label, c.count) for c in counts], title=title)
    env.filters["day"] = lambda v: v.strftime("%Y-%m-%d") if v is not None else "—"
    env.filters["counted"] = lambda n, noun: f"{n} {noun}" if n == 1 else f"{n} {noun}s"  # "1 quote", "2 quotes"
    env.filters["pct"] = lambda part, whole: f"{100 * part / whole:.0f} %" if whole else "—"
    return env


def _page(name: str, code: int = 200, **context: Any) -> HTMLResponse:
    html = _environment().get_template(name).render(**context)
    return HTMLResponse(html, status_code=code, headers=HEADERS)


def _json(value: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(to_json(value), status_code=status, headers=HEADERS)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _article_html(found: Article) -> Markup:
    """The article's text with quotes, speakers and cues marked (the report's highlighter)."""
    spans: list[Span] = []
    for q in found.quotes:
        link = q.speaker_entity_id
        spans.append(Span(q.start_char, q.end_char, "quote", q.quote_type, q.quote_id, q.speaker, link))
        if q.speaker_start is not None and q.speaker_end is not None:
            spans.append(Span(q.speaker_start, q.speaker_end, "speaker", speaker=q.speaker, speaker_id=link))
        if q.cue_start is not None and q.cue_end is not None:
            spans.append(Span(q.cue_start, q.cue_end, "cue"))
    return highlight(found.text, spans)


def create_app(cache: ExploreCache) -> Starlette:
    """The app serving `cache`: one DuckDB cursor per request."""

    def cursor_of(handler: Callable[[Request, Any], Response]) -> Callable[[Request], Awaitable[Response]]:
        """Run a handler with its own cursor, in a worker thread (DuckDB blocks)."""
        from starlette.concurrency import run_in_threadpool

        def call(request: Request) -> Response:
            cur = cache.connection()
            try:
                return handler(request, cur)
            finally:
                cur.close()

        async def endpoint(request: Request) -> Response:
            return await run_in_threadpool(call, request)

        return endpoint

    summaries: dict[int, Summary] = {}  # the overview changes only with the version: computed once per version

    def whole(cur: Any) -> Summary:
        version = cache.version
        if version not in summaries:
            summaries.clear()
            summaries[version] = overview(cur)
        return summaries[version]

    def home(request: Request, cur: Any) -> Response:
        reloaded = request.query_params.get("reloaded")
        return _page("overview.html.j2", summary=whole(cur), version=cache.version, reloaded=reloaded)

    def search(request: Request, cur: Any) -> Response:
        query = params.quote_query(request.query_params)
        found = search_quotes(cur, query)
        args = {k: v for k, v in request.query_params.items() if k not in ("offset", "limit") and v}
        return _page("search.html.j2", query=query, page=found, args=args, version=cache.version)

    def people(request: Request, cur: Any) -> Response:
        limit, offset = params.paging(request.query_params)
        q = params.text(request.query_params, "q")
        found = search_people(cur, q, limit, offset)
        return _page("people.html.j2", q=q or "", page=found, limit=limit, offset=offset, version=cache.version)

    def entity(request: Request, cur: Any) -> Response:
        limit, offset = params.paging(request.query_params)
        asked = request.path_params["entity_id"]
        current = resolve(cur, asked)
        if current != asked:  # a merged id: the address names the entity now (the API answers in place)
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(f"/entity/{quote(current, safe='')}{query}", status_code=307)
        found = entity_page(cur, asked, limit, offset)
        if found is None:
            raise HTTPException(404, "no person or organization with that id")
        return _page("entity.html.j2", e=found, limit=limit, offset=offset, version=cache.version)

    def outlet(request: Request, cur: Any) -> Response:
        found = outlet_page(cur, request.path_params["name"])
        if found is None:
            raise HTTPException(404, "no article from that outlet")
        return _page("outlet.html.j2", summary=found, version=cache.version)

    def article_view(request: Request, cur: Any) -> Response:
        found = article(cur, request.path_params["article_id"])
        if found is None:
            raise HTTPException(404, "no article with that id")
        return _page("article.html.j2", a=found, html=_article_html(found), version=cache.version)

    def api_quotes(request: Request, cur: Any) -> Response:
        return _json(search_quotes(cur, params.quote_query(request.query_params)))

    def api_people(request: Request, cur: Any) -> Response:
        limit, offset = params.paging(request.query_params)
        return _json(search_people(cur, params.text(request.query_params, "q"), limit, offset))

    def api_entity(request: Request, cur: Any) -> Response:
        limit, offset = params.paging(request.query_params)
        found = entity_page(cur, request.path_params["entity_id"], limit, offset)
        if found is None:
            raise HTTPException(404, "no person or organization with that id")
        return _json(found)

    def api_outlet(request: Request, cur: Any) -> Response:
        found = outlet_page(cur, request.path_params["name"])
        if found is None:
            raise HTTPException(404, "no article from that outlet")
        return _json(found)

    def api_overview(request: Request, cur: Any) -> Response:
        return _json({"version": cache.version, **to_json(whole(cur))})

    def api_article(request: Request, cur: Any) -> Response:
        found = article(cur, request.path_params["article_id"])
        if found is None:
            raise HTTPException(404, "no article with that id")
        return _json(found)

    async def reload(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        try:
            changed = await run_in_threadpool(cache.refresh)
        except QuoteflowError as exc:  # OUT gone or unreadable: the pinned version is still served
            return _error(request, 503, f"could not reload: {exc}")
        if _is_api(request):
            return _json({"version": cache.version, "changed": changed})
        return RedirectResponse(f"/?reloaded={'new' if changed else 'same'}", status_code=303)

    async def bad_query(request: Request, exc: Exception) -> Response:
        return _error(request, 400, str(exc))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return _error(request, exc.status_code, exc.detail)

    async def server_error(request: Request, exc: Exception) -> Response:
        LOG.error("explore: %s failed: %r", request.url.path, exc)  # the server's log, never the response
        return _error(request, 500, "internal error: the query failed; the server's log says why")

    routes = [
        Route("/", cursor_of(home)),
        Route("/search", cursor_of(search)),
        Route("/people", cursor_of(people)),
        Route("/entity/{entity_id}", cursor_of(entity)),
        Route("/outlet/{name:path}", cursor_of(outlet)),
        Route("/article/{article_id}", cursor_of(article_view)),
        Route("/reload", reload, methods=["GET", "POST"]),
        Route("/api/quotes", cursor_of(api_quotes)),
        Route("/api/people", cursor_of(api_people)),
        Route("/api/entity/{entity_id}", cursor_of(api_entity)),
        Route("/api/outlet/{name:path}", cursor_of(api_outlet)),
        Route("/api/overview", cursor_of(api_overview)),
        Route("/api/article/{article_id}", cursor_of(api_article)),
        Route("/api/reload", reload, methods=["POST"]),
    ]
    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        BadQuery: bad_query,
        HTTPException: http_error,
        Exception: server_error,
    }
    return Starlette(routes=routes, exception_handlers=handlers)


def _error(request: Request, status: int, reason: str) -> Response:
    if _is_api(request):
        return _json({"error": reason}, status)
    return _page("error.html.j2", status, status=status, reason=reason, version=None)
