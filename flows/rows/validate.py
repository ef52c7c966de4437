"""Validation: every table of a batch against its pandera model and the cross-table checks.

A row that fails is never written and never silently dropped: it becomes a rejection (a
`rejects` row, `rejects.py`) naming the table, the check, the failure case and the row itself.
Rejections cascade so the tables stay consistent: an `articles` row that fails takes
the article's rows in every table with it; a person or organization that fails takes
the quotes and mentions that point at it (they fail the cross-table id check).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow

from ..records import Rejection
from ..schemas.cross import entity_table_checks, mention_checks, quote_checks
from ..schemas.tables import TABLES
from ..schemas.vocab import ARTICLE_TABLES, RejectStage, Table
from .build import TableRows, record_json, to_arrow


@dataclass
class ValidatedBatch:
    tables: dict[str, pa_arrow.Table]
    rejections: list[Rejection] = field(default_factory=list)
    rejected_articles: set[str] = field(default_factory=set)

    def counts(self) -> dict[str, int]:
        return {name: t.num_rows for name, t in self.tables.items()}


@dataclass(frozen=True)
class Failure:
    row: int | None  # position in the frame; None when the whole column/table is wrong
    column: str | None
    check: str
    case: str


def failures(schema: pa.DataFrameSchema | type[pa.DataFrameModel], frame: pd.DataFrame) -> list[Failure]:
    """Every failure pandera reports for `frame` (lazy: all checks run)."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        out = []
        for rec in err.failure_cases.to_dict("records"):
            idx = rec.get("index")
            out.append(
                Failure(
                    row=None if idx is None or pd.isna(idx) else int(idx),
                    column=None if pd.isna(rec.get("column")) else str(rec.get("column")),
                    check=str(rec.get("check")),
                    case=str(rec.get("failure_case")),
                )
            )
        return out
    return []


def frame_of(table: pa_arrow.Table) -> pd.DataFrame:
    """The pandas view pandera validates: Arrow-backed columns, a 0..n-1 index."""
    frame: pd.DataFrame = table.to_pandas(types_mapper=pd.ArrowDtype)
    return frame


def _pairs(table: pa_arrow.Table, first: str, second: str) -> list[tuple[str, str]]:
    return list(zip(table.column(first).to_pylist(), table.column(second).to_pylist(), strict=True))


def _reason(table: str, f: Failure) -> str:
    where = f" on column '{f.column}'" if f.column and f.column != "None" else ""
    return f"{table} row failed check '{f.check}'{where} (failure case: {f.case})"


def validate_batch(rows: TableRows, sources: Mapping[str, str]) -> ValidatedBatch:
    """Validated tables of one batch; `sources` maps article_id -> source for the reject rows."""
    tables: dict[str, pa_arrow.Table] = {name: to_arrow(name, rows.rows[name]) for name in ARTICLE_TABLES}
    rejections: list[Rejection] = []
    rejected_articles: set[str] = set()

    def reject_rows(name: str, table: pa_arrow.Table, fails: list[Failure]) -> pa_arrow.Table:
        if not fails:
            return table
        bad: dict[int, list[Failure]] = {}
        whole = [f for f in fails if f.row is None]  # column-level: no row of the table is usable
        for i in range(table.num_rows) if whole else ():
            bad[i] = list(whole)
        for f in fails:
            if f.row is not None:
                bad.setdefault(f.row, []).append(f)
        records = table.to_pylist()
        for i, row_fails in sorted(bad.items()):
            rec = records[i]
            aid = rec.get("article_id")
            checks = list(dict.fromkeys(f.check for f in row_fails))
            rejections.append(
                Rejection(
                    source=sources.get(aid, rec.get("source") or "?"),
                    stage=RejectStage.VALIDATE,
                    reason="; ".join(dict.fromkeys(_reason(name, f) for f in row_fails)),
                    article_id=aid,
                    content_sha256=rec.get("content_sha256"),
                    table_name=name,
                    check_name=" | ".join(checks),
                    failure_case=row_fails[0].case,
                    record=record_json(rec),
                )
            )
        keep = [i not in bad for i in range(table.num_rows)]
        return table.filter(pa_arrow.array(keep, type=pa_arrow.bool_()))

    # articles: a failing article takes all its rows with it
    art = tables["articles"]
    art_fails = failures(TABLES["articles"].model, frame_of(art))
    if art_fails:
        failed_ids = {art.column("article_id")[f.row].as_py() for f in art_fails if f.row is not None}
        if any(f.row is None for f in art_fails):
            failed_ids = set(art.column("article_id").to_pylist())
        rejected_articles |= failed_ids
        tables["articles"] = reject_rows("articles", art, art_fails)
        for name in (t for t in ARTICLE_TABLES if t is not Table.ARTICLES):
            t = tables[name]
            keep = [aid not in failed_ids for aid in t.column("article_id").to_pylist()]
            tables[name] = t.filter(pa_arrow.array(keep, type=pa_arrow.bool_()))
    texts = dict(_pairs(tables["articles"], "article_id", "text"))

    orgs = tables["organizations"]
    orgs = reject_rows("organizations", orgs, failures(TABLES["organizations"].model, frame_of(orgs)))
    orgs = reject_rows("organizations", orgs, failures(entity_table_checks(texts, None), frame_of(orgs)))
    tables["organizations"] = orgs
    org_ids = set(_pairs(orgs, "article_id", "organization_id"))

    people = tables["people"]
    people = reject_rows("people", people, failures(TABLES["people"].model, frame_of(people)))
    people = reject_rows("people", people, failures(entity_table_checks(texts, org_ids), frame_of(people)))
    tables["people"] = people
    entity_ids = org_ids | set(_pairs(people, "article_id", "person_id"))

    fps = tables["fingerprints"]
    tables["fingerprints"] = reject_rows("fingerprints", fps, failures(TABLES["fingerprints"].model, frame_of(fps)))
    cross_checks = {"quotes": quote_checks(texts, entity_ids), "mentions": mention_checks(texts, entity_ids)}
    for table_name, cross in cross_checks.items():
        t = tables[table_name]
        t = reject_rows(table_name, t, failures(TABLES[table_name].model, frame_of(t)))
        t = reject_rows(table_name, t, failures(cross, frame_of(t)))
        tables[table_name] = t
    return ValidatedBatch(tables=tables, rejections=rejections, rejected_articles=rejected_articles)
