"""The `rejects` table: one function makes a `rejects` row, whatever was rejected and where.

    rejects_row(Rejection("city/empty.txt", RejectStage.DECODE, "empty file"), "run-1", when)
    # {"source": "city/empty.txt", "stage": "decode", "reason": "empty file", "article_id": None, …,
    #  "run_id": "run-1", "rejected_at": when}

An input rejected while listing or reading, an article failing extraction or validation,
a copy of a text another input holds (`dedupe`): each is a `Rejection` first, and a row
only here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import datetime

import pyarrow as pa

from ..records import Rejection, RunInfo
from ..schemas.tables import TABLES
from ..schemas.vocab import Table
from .build import Row, to_arrow


def rejects_row(rejection: Rejection, run_id: str, rejected_at: datetime) -> Row:
    """The `rejects` row of `rejection`, stamped with the run that rejected it."""
    row = {**asdict(rejection), "run_id": run_id, "rejected_at": rejected_at}
    del row["details"]  # a traceback goes to the run's log, not into the dataset
    return row


def rejects_of(stamped: Iterable[tuple[Rejection, str, datetime]]) -> pa.Table:
    """The `rejects` rows of (rejection, run id, time) triples, as an Arrow table."""
    return to_arrow(Table.REJECTS, [rejects_row(r, run_id, at) for r, run_id, at in stamped])


def rejects_table(rejections: Sequence[Rejection], run: RunInfo) -> pa.Table:
    """The `rejects` rows of a run's rejections, validated: a reject that fails its own schema is a bug."""
    from .validate import failures, frame_of  # pandera, when there is something to check

    table = rejects_of((r, run.run_id, run.ingested_at) for r in rejections)
    problems = failures(TABLES[Table.REJECTS].model, frame_of(table))
    if problems:
        raise ValueError(f"rejects table failed validation (a quoteflow bug): {problems[0]}")
    return table
