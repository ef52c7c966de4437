"""`quoteflow explore DIR`: serve the read-only web app over DIR's committed version.

quoteflow explore data --port 8765    # until Ctrl-C ("stopped", exit 130; SIGTERM: 143)
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..clichecks import err, fail
from .common import OutArgument, out, stop_code


def explore(
    out_dir: OutArgument,
    port: Annotated[int, typer.Option(min=1, max=65535, help="The port to serve on.")] = 8765,
    host: Annotated[str, typer.Option(help="The address to bind (another than 127.0.0.1 exposes the data).")] = (
        "127.0.0.1"
    ),
) -> None:
    """Serve a read-only web app (and JSON API) over DIR's committed version: search quotes, people, outlets.

    Its DuckDB cache lives outside DIR (in the user's cache folder; QUOTEFLOW_EXPLORE_CACHE names another)."""
    from ..errors import QuoteflowError
    from ..explore.serve import serve as serve_app

    try:
        serve_app(out_dir, host, port, say=lambda line: out.print(line, highlight=False, markup=False))
    except QuoteflowError as exc:
        fail(str(exc))
    except KeyboardInterrupt as exc:
        err.print("stopped", highlight=False)
        raise typer.Exit(stop_code(exc)) from None
