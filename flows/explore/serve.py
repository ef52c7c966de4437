"""`quoteflow explore OUT`: sync the cache, say where the app is, serve it with uvicorn until Ctrl-C.

    serve("data", "127.0.0.1", 8765, say=print)
    # syncing the explore cache of data (version 42) in ~/.cache/quoteflow/explore/3f9a…/
    # version 42: 1,204 articles and 5,310 quotes cached in 2.1 s
    # explore data at http://127.0.0.1:8765/ (read-only; Ctrl-C stops it)

A host other than the loopback one is said to expose the data to the network. A port that
cannot be bound is a `QuoteflowError` before anything is served.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

from ..counts import plural
from ..errors import ExploreCacheError
from .cache import cache_folder, open_cache

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def check_port(host: str, port: int) -> None:
    """Fail in one line when `host:port` cannot be listened on (in use, or not an address of this machine)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise ExploreCacheError(f"--host {host} is not an address of this machine ({exc.strerror or exc})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise ExploreCacheError(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another --port"
            ) from None


def serve(out: str, host: str, port: int, say: Callable[[str], None]) -> None:
    """Sync the cache of `out`, then serve the app on `host:port` until interrupted."""
    import uvicorn

    from ..dataset.reader import open_dataset
    from .app import create_app

    check_port(host, port)
    started = time.monotonic()
    pinned = open_dataset(out)  # no dataset: one line, before any cache folder is made
    say(f"syncing the explore cache of {out} (version {pinned.version}) in {cache_folder(out)}")
    cache = open_cache(out)
    cur = cache.connection()
    row = cur.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM quotes)").fetchone()
    cur.close()
    articles, quotes = row if row else (0, 0)
    say(
        f"version {cache.version}: {plural(articles, 'article')} and {plural(quotes, 'quote')} cached "
        f"in {time.monotonic() - started:.1f} s"
    )
    if host not in LOOPBACK:
        say(f"warning: --host {host} makes the data readable from the network, by anyone who can reach this machine")
    shown = f"[{host}]" if ":" in host else host
    say(f"explore {out} at http://{shown}:{port}/ (read-only; Ctrl-C stops it)")
    config = uvicorn.Config(
        create_app(cache),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=1,  # Ctrl-C: a request still running gets a second, no more
        lifespan="off",
    )
    try:
        uvicorn.Server(config).run()
    finally:
        cache.close()
    # uvicorn returns only once a signal stopped it, and re-raises that signal; a Ctrl-C it
    # caught while the shell had SIGINT ignored (a background job) comes back as nothing
    raise KeyboardInterrupt
