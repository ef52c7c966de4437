"""Keeping the number of data files small, so that a commit's cost does not grow with the dataset.

Every commit writes one new file per table (a *part*, named by its stem, holding the rows
of the commit's inputs in every table). Left alone, a backfill of 5,000 batches would
leave 5,000 files per table for every later commit to carry and every reader to open.
So parts are merged by size tier, like a log-structured merge tree: a part's tier is
log₄ of the number of inputs it holds, and as soon as one tier has `FAN_IN` parts they
are merged into one part of a higher tier. A tier never keeps more than `FAN_IN - 1`
parts, so a dataset of n inputs has O(log n) files per table, and each row is rewritten
O(log n) times over its life: the cost per commit, amortised, grows with log n at most.

    plan_merges({"part-00000001-aa": 200, "part-00000002-bb": 200, "part-00000003-cc": 190,
                 "part-00000004-dd": 210})
    # -> [["part-00000001-aa", "part-00000002-bb", "part-00000003-cc", "part-00000004-dd"]]
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping

import pyarrow as pa

from ..schemas.evolution import conform
from ..schemas.tables import TABLES
from ..schemas.vocab import INPUT_TABLES
from .files import EMPTY_PART, TableFiles

FAN_IN = 4


def tier(inputs: int) -> int:
    return int(math.log(max(1, inputs), FAN_IN))


def plan_merges(sizes: Mapping[str, int]) -> list[list[str]]:
    """Groups of parts to merge (oldest first), given how many inputs each part holds."""
    sizes = dict(sizes)
    groups: list[list[str]] = []
    while True:
        tiers: dict[int, list[str]] = {}
        for part in sorted(sizes):
            tiers.setdefault(tier(sizes[part]), []).append(part)
        full = next((parts for _, parts in sorted(tiers.items()) if len(parts) >= FAN_IN), None)
        if full is None:
            return groups
        group = full[:FAN_IN]
        groups.append(group)
        sizes[_placeholder(len(groups) - 1)] = sum(sizes.pop(p) for p in group)


def merge_parts(io: TableFiles, files: dict[str, list[str]], groups: list[list[str]], number: int) -> dict[str, str]:
    """Merge each group of parts into one new part, in every table; `files` is updated.
    Returns old stem -> new stem (a group planned on a merged part resolves to the final one)."""
    renamed: dict[str, str] = {}
    for k, group in enumerate(groups):
        members = [renamed.get(p, p) for p in group]  # a part merged earlier in this commit
        stem = f"part-{number:08d}-m{k}-{uuid.uuid4().hex[:8]}"
        for name in INPUT_TABLES:
            bases = [f"{p}.parquet" for p in members if f"{p}.parquet" in files[name]]
            if not bases:
                continue
            schema = TABLES[name].arrow_schema
            table = pa.concat_tables([conform(io.read(name, b), schema) for b in bases])
            if table.num_rows:
                io.write(name, f"{stem}.parquet", table)
                files[name].append(f"{stem}.parquet")
            for base in bases:
                io.drop(name, base)
                files[name].remove(base)
        for old, new in list(renamed.items()):
            if new in members:
                renamed[old] = stem
        for old in group:
            renamed[old] = stem
        renamed[_placeholder(k)] = stem
    for name in INPUT_TABLES:
        files[name].sort()
        if not files[name]:
            io.write(name, EMPTY_PART, TABLES[name].arrow_schema.empty_table())
            files[name].append(EMPTY_PART)
    return {old: new for old, new in renamed.items() if not old.startswith("~")}


def _placeholder(k: int) -> str:
    """The name the k-th merged part goes by while merges are planned."""
    return f"~merged-{k}"
