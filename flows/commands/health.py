"""`quoteflow check DIR` and `quoteflow repair DIR`: is the committed version whole, and if
not, make the newest intact version the committed one.

    quoteflow check data     # "data: version 7 is whole: 40 files read; rows: …", exit 0 (1 if damaged)
    quoteflow repair data    # what was restored, what could not be (exit 1 if anything)
"""

from __future__ import annotations

from rich.markup import escape

from ..clichecks import err, existing_store, fail
from ..schemas.vocab import TABLE_NAMES
from .common import OutArgument, out


def check(out_dir: OutArgument) -> None:
    """Read every file of the committed version in full and report damage (exit 1 if any)."""
    from ..dataset.health import check as check_store

    report = check_store(existing_store(out_dir))
    if not report.ok:
        for problem in report.problems:
            err.print(f"[bold red]damaged:[/] {escape(problem)}", highlight=False, soft_wrap=True)
        fail(f"{out_dir} is damaged; run `quoteflow repair {out_dir}`", code=1)
    from ..counts import plural

    rows = ", ".join(f"{n} {report.rows.get(n, 0):,}" for n in TABLE_NAMES)
    out.print(
        f"{out_dir}: version {report.version} is whole: {plural(report.files, 'file')} read; rows: {rows}",
        highlight=False,
    )


def repair(out_dir: OutArgument) -> None:
    """Make the newest intact version the committed one, and say what could not be recovered."""
    from ..dataset.health import repair as repair_store
    from ..errors import QuoteflowError

    store = existing_store(out_dir)
    try:
        with store.lock(wait_seconds=0, recover=False):
            report = repair_store(store)
    except QuoteflowError as exc:
        fail(str(exc), code=1)
    for line in report.lines():
        out.print(line, highlight=False)
    if report.not_repaired:  # a scheduled script must see that the output is still not whole
        fail(f"{out_dir} is not whole: {len(report.not_repaired)} damage(s) repair cannot mend, said above", code=1)
