"""`quoteflow report`: one self-contained HTML page to judge an extraction by eye.

    html = build_report("data")                   # the committed version of an output
    Path("report.html").write_text(html, encoding="utf-8")

An overview, the people and organizations quoted across the dataset, every article with
its quotes highlighted by type (speakers and cues marked, speakers linked to their row),
and the rejects with their reasons. No script and no network resource: the file opens
anywhere, offline, and article text (untrusted) is only ever shown as text.
"""

from __future__ import annotations

import os
from typing import Any

from ..dataset.reader import open_dataset
from ..schemas.vocab import TABLE_NAMES
from .model import ReportView, report_view
from .render import render

__all__ = ["ReportView", "build_report", "read_rows", "render", "report_view"]


def read_rows(out: str | os.PathLike[str]) -> tuple[int, dict[str, list[dict[str, Any]]]]:
    """The committed version of `out` and every table's rows."""
    data = open_dataset(out)
    return data.version, {name: data[name].to_table().to_pylist() for name in TABLE_NAMES}


def build_report(out: str | os.PathLike[str], *, title: str | None = None) -> str:
    """The report page for the output `out` (a folder or a filesystem URI)."""
    version, rows = read_rows(out)
    return render(report_view(rows, version), title=title or f"quoteflow report: {os.fspath(out)}")
