"""A table's contract: its pandera model, and the pyarrow schema derived from it.

Each column is declared once, in the pandera model, with an Arrow-backed pandas
dtype; the Parquet schema follows from it (same names, order, types and
nullability), so the two cannot drift apart. Every schema carries the contract's
version in its metadata (`quoteflow.schema_version`, see data/README.md, "Changelog"),
so each Parquet file says which version wrote it.

    >>> class Pets(pa.DataFrameModel):
    ...     name: Series[String]
    ...     age: Series[Int32] = pa.Field(nullable=True)
    >>> arrow_schema(Pets)
    name: string not null
    age: int32
    -- schema metadata --
    quoteflow.schema_version: '5'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
import pyarrow

#: the version of the tables' contract; raise it (and add a line to data/README.md's
#: changelog) whenever a column is added or its meaning changes
SCHEMA_VERSION = 5
#: the Parquet (Arrow) schema metadata key holding it
SCHEMA_VERSION_KEY = "quoteflow.schema_version"


def arrow_schema(model: type[pa.DataFrameModel]) -> pyarrow.Schema:
    """The pyarrow schema of `model`'s columns, in order, with their nullability."""
    fields = []
    for name, column in model.to_schema().columns.items():
        dtype = column.dtype.type if column.dtype is not None else None
        if not isinstance(dtype, pd.ArrowDtype):
            raise TypeError(f"{model.__name__}.{name}: declare an Arrow-backed dtype (schemas.dtypes), got {dtype!r}")
        fields.append(pyarrow.field(str(name), dtype.pyarrow_dtype, nullable=column.nullable))
    return pyarrow.schema(fields, metadata={SCHEMA_VERSION_KEY: str(SCHEMA_VERSION)})


def schema_version(schema: pyarrow.Schema) -> int:
    """The contract version a file's schema was written under: files before versions were
    recorded are 1 (no `articles.extraction_version`) or 2."""
    value = (schema.metadata or {}).get(SCHEMA_VERSION_KEY.encode())
    if value is not None:
        return int(value)
    return 2 if "extraction_version" in schema.names else 1


@dataclass(frozen=True)
class TableContract:
    name: str
    model: type[pa.DataFrameModel]

    @functools.cached_property
    def arrow_schema(self) -> pyarrow.Schema:
        return arrow_schema(self.model)
