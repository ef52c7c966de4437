"""`quoteflow history` and `quoteflow vacuum`: the versions an output keeps, and deleting old ones.

    quoteflow history data              # one line per kept version, newest first, the current one marked
    quoteflow history data --json       # the same as JSON, rows added and replaced per table
    quoteflow vacuum data --dry-run     # what a vacuum would delete (versions, paths, bytes); deletes nothing
    quoteflow vacuum data --retention 0 # every version but the current one deleted

Read an earlier version with `quoteflow snapshot data --version N` or
`quoteflow.open_dataset("data", version=N)` while it is kept.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..clichecks import existing_store, fail
from ..clihelp import setting_option
from .common import OutArgument, out

if TYPE_CHECKING:
    from ..dataset.versions import CommitRecord


def history(
    out_dir: OutArgument,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON list, rows per table.")] = False,
) -> None:
    """List the versions the output keeps, newest first: time, run id, operation, rows added / replaced."""
    from ..errors import QuoteflowError

    store = existing_store(out_dir)
    try:
        current = store.current_number()
        records: list[CommitRecord] = store.history()
    except QuoteflowError as exc:
        fail(str(exc))
    except OSError as exc:  # object storage out of reach
        fail(f"cannot read the versions of {out_dir}: {exc}", code=1)
    if as_json:
        out.print_json(json.dumps([_as_json(r, r.version == current) for r in records]))
        return
    for r in records:
        out.print(history_line(r, r.version == current), highlight=False, markup=False)


def history_line(r: CommitRecord, current: bool) -> str:
    """`7 *current  2026-05-04 09:30:12 UTC  run 3f2a…  57 rows added, 3 replaced` (what is known)."""
    when = r.committed_at.strftime("%Y-%m-%d %H:%M:%S UTC") if r.committed_at else "time unknown"
    if not r.recorded:
        what = "no commit record (written before records)"
    else:
        what = f"{r.operation} {r.run_id or 'no run id'}  "
        what += f"{sum(r.rows_added.values()):,} rows added, {sum(r.rows_replaced.values()):,} replaced"
    mark = "*current" if current else ""
    return f"{r.version:>8} {mark:<8}  {when}  {what}"


def _as_json(r: CommitRecord, current: bool) -> dict[str, Any]:
    return {
        "version": r.version,
        "current": current,
        "committed_at": r.committed_at.isoformat() if r.committed_at else None,
        "run_id": r.run_id,
        "operation": r.operation,
        "rows_added": sum(r.rows_added.values()) if r.recorded else None,
        "rows_replaced": sum(r.rows_replaced.values()) if r.recorded else None,
        "tables": {
            name: {"added": r.rows_added.get(name, 0), "replaced": r.rows_replaced.get(name, 0)}
            for name in sorted(set(r.rows_added) | set(r.rows_replaced))
        },
    }


def vacuum(
    out_dir: OutArgument,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would be deleted; delete nothing.")] = False,
    retention: Annotated[
        float | None,
        setting_option(
            "snapshot_retention_seconds",
            "--retention",
            help="Delete the versions replaced more than this many seconds ago",
            min=0,
            metavar="SECONDS",
        ),
    ] = None,
) -> None:
    """Delete the versions replaced longer ago than the retention (never the current one), and their files."""
    from ..errors import QuoteflowError

    store = existing_store(out_dir)
    if retention is not None:
        store.retention_seconds = retention
    try:
        report = store.vacuum(dry_run=dry_run)
    except QuoteflowError as exc:
        fail(str(exc), code=1)
    except OSError as exc:  # what was deleted before stays deleted: the versions left are whole
        fail(f"vacuuming {out_dir} stopped: {exc}", code=1)
    out.print(f"{out_dir}: {report.line()}", highlight=False, markup=False)
    for path in report.paths if dry_run else ():
        out.print(f"  {path}", highlight=False, markup=False, soft_wrap=True)
