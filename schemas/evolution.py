"""Reading tables written under an earlier version of their contract (pyarrow only).

A column added to a contract is nullable, so a file written before it existed is still
that table: it `conforms`, and `conform` gives it the current shape (the new columns
null). Files are never rewritten just for that; a file rewritten anyway (a commit
replacing some of its rows, a merge) comes out in the current shape.

    conform(old_articles, TABLES["articles"].arrow_schema)   # extraction_version: null

Version 4 is the exception: it renamed `mentions.entity_id` to `local_id` and gave
`people` / `organizations` a corpus `entity_id` that cannot be null. A dataset written
before it is upgraded once, by its next commit (`flows/dataset/upgrade.py`): until then its
files conform with those columns read as null, the renamed one under its new name.

    conform(v3_mentions, TABLES["mentions"].arrow_schema)    # entity_id read as local_id

Version 5 added `people.gender` and `people.gender_evidence`, not null: a file written before
conforms, and `conform` gives its rows the value the article's words could not contradict,
"unknown" with no evidence (`DEFAULTS`); `reading_schema` lets `open_dataset` read such a
file (the two columns null there until a commit rewrites it: read null as "unknown").

    conform(v4_people, TABLES["people"].arrow_schema)        # gender "unknown", gender_evidence []
"""

from __future__ import annotations

import pyarrow

from .vocab import NEW_IN_V5

#: (old name, new name): columns renamed since version 1 (a file has one or the other)
RENAMED = (("entity_id", "local_id"),)
#: columns that may be missing from an older file although the contract says not null:
#: the upgrade to version 4 fills them
FILLED_BY_UPGRADE = frozenset({"entity_id"})
#: columns that may be missing from an older file although the contract says not null, and
#: the value its rows hold instead (version 5: `people.gender` "unknown", no evidence)
DEFAULTS: dict[str, object] = {column: value for (_, column), value in NEW_IN_V5.items()}


def reading_schema(contract: pyarrow.Schema) -> pyarrow.Schema:
    """The schema a reader opens files with: the contract, except that the columns a dataset
    not yet upgraded to version 4 lacks read as null instead of failing."""
    loose = FILLED_BY_UPGRADE | set(DEFAULTS) | {new for _, new in RENAMED}
    return pyarrow.schema(
        [f.with_nullable(True) if f.name in loose else f for f in contract], metadata=contract.metadata
    )


def _renamed(written: pyarrow.Schema, contract: pyarrow.Schema) -> dict[str, str]:
    """old -> new for the columns `written` has under a name the contract replaced."""
    return {
        old: new
        for old, new in RENAMED
        if written.get_field_index(old) >= 0
        and written.get_field_index(new) < 0
        and contract.get_field_index(old) < 0
        and contract.get_field_index(new) >= 0
    }


def conforms(written: pyarrow.Schema, contract: pyarrow.Schema) -> bool:
    """Is `written` (a file's schema) this contract's, or an earlier version of it?

    An earlier version lacks columns added since, all nullable (they read as null); it
    has no column the contract does not know, and every column it has keeps its type."""
    renamed = _renamed(written, contract)
    for f in written:
        name = renamed.get(f.name, f.name)
        if contract.get_field_index(name) < 0 or contract.field(name).type != f.type:
            return False
    names = {renamed.get(n, n) for n in written.names}
    return all(f.nullable or f.name in FILLED_BY_UPGRADE or f.name in DEFAULTS for f in contract if f.name not in names)


def conform(table: pyarrow.Table, contract: pyarrow.Schema) -> pyarrow.Table:
    """`table`, written under an earlier version of the contract, in the current one (added columns null)."""
    renamed = _renamed(table.schema, contract)
    if renamed:
        table = table.rename_columns([renamed.get(n, n) for n in table.column_names])
    columns = [
        table.column(f.name) if table.schema.get_field_index(f.name) >= 0 else _missing(f, table.num_rows)
        for f in contract
    ]
    return pyarrow.Table.from_arrays(columns, schema=contract)


def _missing(field: pyarrow.Field, rows: int) -> pyarrow.Array:
    """A column the file was written without: its default (`DEFAULTS`) on every row, else null."""
    if field.name in DEFAULTS:
        return pyarrow.array([DEFAULTS[field.name]] * rows, type=field.type)
    return pyarrow.nulls(rows, field.type)
