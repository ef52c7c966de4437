"""One version's data files read in full: what `check` and `repair` learn from them.

    scan = scan_version(store, 42, store.version_files(42))
    scan.problems        # ["the data file …/quotes/part-00000007-1a2b3c4d.parquet cannot be read (…)"]
    scan.unreadable      # ["quotes/part-00000007-1a2b3c4d.parquet"]
    scan.lost_parts()    # {"part-00000007-1a2b3c4d"}: its files in the other tables go with it
    scan.articles()      # source, article_id, content_sha256, run_id, ingested_at, part: one row per row
    source_problems(scan)  # ["1 source has rows in both articles and rejects: city/bridge.txt"]

Every input ends as one `articles` row or one `rejects` row, so a source with rows in both,
or twice in one, is damage. A `rejects` row for a row that failed validation in another
table (a quote whose speaker failed) is not the input's own: its article is in `articles`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import pyarrow as pa
import pyarrow.compute as pc

from ..errors import DatasetDamaged
from ..schemas.evolution import conform, conforms
from ..schemas.tables import TABLES
from ..schemas.vocab import NEW_IN_V4, TABLE_NAMES, RejectStage, Table

ARTICLE_COLUMNS = ["source", "article_id", "content_sha256", "run_id", "ingested_at"]
REJECT_COLUMNS = ["source", "stage", "table_name", "article_id", "content_sha256", "run_id", "rejected_at"]
_SHOWN = 5  # sources named in a problem, the count says the rest


class VersionFiles(Protocol):
    def read_file(self, number: int, table: str, base: str) -> pa.Table:
        """A data file of version `number`; `DatasetDamaged` if it cannot be read."""


def stem(base: str) -> str:
    """A data file's part (the stem its files share in every table)."""
    return base.removesuffix(".parquet")


@dataclass
class Scan:
    files: int = 0  # files read
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # "table/base" of the files that cannot be read
    _articles: list[pa.Table] = field(default_factory=list)
    _rejects: list[pa.Table] = field(default_factory=list)

    def lost_parts(self) -> set[str]:
        """The parts with an unreadable file: their other files hold the rest of the same inputs' rows."""
        return {stem(f.split("/", 1)[1]) for f in self.unreadable}

    def articles(self) -> pa.Table:
        return _concat(self._articles, ARTICLE_COLUMNS, Table.ARTICLES)

    def rejects(self) -> pa.Table:
        return _concat(self._rejects, REJECT_COLUMNS, Table.REJECTS)


def _concat(tables: list[pa.Table], columns: list[str], name: str) -> pa.Table:
    if tables:
        return pa.concat_tables(tables)
    schema = TABLES[name].arrow_schema
    return pa.schema([*(schema.field(c) for c in columns), pa.field("part", pa.string())]).empty_table()


def scan_version(store: VersionFiles, number: int, files: Mapping[str, list[str]]) -> Scan:
    """Read every data file of version `number` and compare it with its contract."""
    scan = Scan()
    for name in TABLE_NAMES:
        if not files.get(name) and name not in NEW_IN_V4:  # those: a dataset from before version 4
            scan.problems.append(f"table {name} has no file")
        for base in files.get(name, ()):
            try:
                table = store.read_file(number, name, base)
            except DatasetDamaged as exc:
                scan.problems.append(exc.what)
                scan.unreadable.append(f"{name}/{base}")
                continue
            scan.files += 1
            scan.rows[name] = scan.rows.get(name, 0) + table.num_rows
            schema = TABLES[name].arrow_schema
            if not conforms(table.schema, schema):
                scan.problems.append(f"the data file {name}/{base} does not have the {name} schema (or an earlier one)")
                continue
            if name in (Table.ARTICLES, Table.REJECTS):
                columns = ARTICLE_COLUMNS if name == Table.ARTICLES else REJECT_COLUMNS
                kept = conform(table, schema).select(columns)
                parts = pa.array([stem(base)] * kept.num_rows, type=pa.string())
                (scan._articles if name == Table.ARTICLES else scan._rejects).append(kept.append_column("part", parts))
    return scan


def input_rejects(rejects: pa.Table) -> pa.Table:
    """The `rejects` rows that stand for an input: all but the rows an article lost to validation
    in another table (its `articles` row is the input's)."""
    lost_row = pc.and_(
        pc.equal(rejects.column("stage"), RejectStage.VALIDATE.value),
        pc.not_equal(rejects.column("table_name"), Table.ARTICLES.value),
    )
    return rejects.filter(pc.invert(pc.fill_null(lost_row, False)))


def source_problems(scan: Scan, without: Collection[str] = ()) -> list[str]:
    """Sources with more than one row across `articles` and the inputs' `rejects` rows (those of
    the parts `without` aside)."""
    articles = _outside(scan.articles(), without).column("source")
    rejects = input_rejects(_outside(scan.rejects(), without)).column("source")
    both = pc.unique(rejects.filter(pc.is_in(rejects, value_set=pc.unique(articles)))).to_pylist()
    problems = []
    for sources, what in (
        (both, "rows in both articles and rejects"),
        (_repeated(articles), "more than one row in articles"),
        (_repeated(rejects), "more than one row of their own in rejects"),
    ):
        if sources:
            shown = ", ".join(sorted(sources)[:_SHOWN]) + (" …" if len(sources) > _SHOWN else "")
            noun = "source has" if len(sources) == 1 else "sources have"
            problems.append(f"{len(sources)} {noun} {what}, where every input has one row in one of them: {shown}")
    return problems


def _outside(table: pa.Table, parts: Collection[str]) -> pa.Table:
    if not parts:
        return table
    inside = pc.is_in(table.column("part"), value_set=pa.array(sorted(parts), type=pa.string()))
    return table.filter(pc.invert(inside))


def _repeated(sources: pa.ChunkedArray) -> list[str]:
    counts = pc.value_counts(sources)
    repeated = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
    return [s for s in repeated.to_pylist() if s is not None]
