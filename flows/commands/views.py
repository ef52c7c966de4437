"""`quoteflow snapshot`, `report` and `show`: read what runs wrote, never write it.

quoteflow snapshot data                  # the committed version's folder, to read while runs commit
quoteflow snapshot data --version 40     # an earlier version's, while it is kept (`quoteflow history`)
quoteflow report data --out report.html  # one self-contained HTML page
quoteflow show data --people --top 5     # the five most quoted people
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..clichecks import fail
from ..schemas.vocab import TABLE_NAMES
from .common import OutArgument, out


def snapshot(
    out_dir: OutArgument,
    table: Annotated[str | None, typer.Option(help="Print this table's files instead, one per line.")] = None,
    version: Annotated[
        int | None,
        typer.Option(
            "--version", metavar="N", min=0, help="An earlier version, while it is kept (see `quoteflow history`)."
        ),
    ] = None,
) -> None:
    """Print the committed version's folder: read it, not OUT/<table>, while runs may commit."""
    from ..dataset.reader import open_dataset
    from ..errors import QuoteflowError

    if table is not None and table not in TABLE_NAMES:
        fail(f"no table {table!r}; the tables are {', '.join(TABLE_NAMES)}")
    try:
        pinned = open_dataset(out_dir, version)
    except QuoteflowError as exc:
        fail(str(exc))
    if table is None:
        out.print(pinned.location, highlight=False, soft_wrap=True)
    else:
        for path in pinned.files(table):
            out.print(path, highlight=False, soft_wrap=True)


def report(
    out_dir: OutArgument,
    html: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path("report.html"),
) -> None:
    """Write one self-contained HTML page: quotes highlighted in every article, speakers, rejects."""
    from ..errors import QuoteflowError
    from ..report import build_report

    try:
        page = build_report(out_dir)
    except QuoteflowError as exc:
        fail(str(exc))
    try:
        html.write_text(page, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {html}: {exc.strerror or exc}", code=1)
    size = len(page.encode())
    shown = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{-(-size // 1000)} kB"
    out.print(f"report of {out_dir} written to {html} ({shown})", highlight=False)


def show(
    out_dir: OutArgument,
    article: Annotated[
        str | None, typer.Option("--article", help="An article_id (or its first characters): its quotes and speakers.")
    ] = None,
    rejects: Annotated[bool, typer.Option("--rejects", help="List the rejected inputs with their reasons.")] = False,
    people: Annotated[
        bool,
        typer.Option(
            "--people", help="List the most quoted people: quotations, articles, outlets, first and last seen."
        ),
    ] = False,
    top: Annotated[
        int | None, typer.Option("--top", metavar="N", help="With --people: how many to list (20 unless given).")
    ] = None,
) -> None:
    """Print the articles as a table (or the rejects, or the most quoted people), or one article's quotes."""
    from ..console import show_dataset
    from ..dataset.reader import open_dataset
    from ..errors import QuoteflowError

    if rejects and article is not None and not people:
        fail("give --article or --rejects, not both")
    if sum((article is not None, rejects, people)) > 1:
        fail("give one of --article, --rejects, --people, not more")
    if top is not None and not people:
        fail("--top goes with --people (the number of people to list)")
    if top is not None and top < 1:
        fail(f"--top must be at least 1, not {top}")
    try:
        problem = show_dataset(
            out, open_dataset(out_dir), article, rejects=rejects, people=(top or 20) if people else None
        )
    except QuoteflowError as exc:
        fail(str(exc))
    if problem:
        fail(problem)
