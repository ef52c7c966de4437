"""Reading tables written under an earlier version of their contract (pyarrow only).

A column added to a contract is nullable, so a file written before it existed is still
that table: it `conforms`, and `conform` gives it the current shape (the new columns
null). Files are never rewritten just for that; a file rewritten anyway (a commit
replacing some of its rows, a merge) comes out in the current shape.

    conform(old_articles, TABLES["articles"].arrow_schema)   # extraction_version: null
"""

from __future__ import annotations

import pyarrow


def conforms(written: pyarrow.Schema, contract: pyarrow.Schema) -> bool:
    """Is `written` (a file's schema) this contract's, or an earlier version of it?

    An earlier version lacks columns added since, all nullable (they read as null); it
    has no column the contract does not know, and every column it has keeps its type."""
    if any(contract.get_field_index(f.name) < 0 or contract.field(f.name).type != f.type for f in written):
        return False
    return all(f.nullable for f in contract if written.get_field_index(f.name) < 0)


def conform(table: pyarrow.Table, contract: pyarrow.Schema) -> pyarrow.Table:
    """`table`, written under an earlier version of the contract, in the current one (added columns null)."""
    columns = [
        table.column(f.name) if table.schema.get_field_index(f.name) >= 0 else pyarrow.nulls(table.num_rows, f.type)
        for f in contract
    ]
    return pyarrow.Table.from_arrays(columns, schema=contract)
