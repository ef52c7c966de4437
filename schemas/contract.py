"""A table's contract: its pandera model, and the pyarrow schema derived from it.

Each column is declared once, in the pandera model, with an Arrow-backed pandas
dtype; the Parquet schema follows from it (same names, order, types and
nullability), so the two cannot drift apart.

    >>> class Pets(pa.DataFrameModel):
    ...     name: Series[String]
    ...     age: Series[Int32] = pa.Field(nullable=True)
    >>> arrow_schema(Pets)
    name: string not null
    age: int32
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
import pyarrow


def arrow_schema(model: type[pa.DataFrameModel]) -> pyarrow.Schema:
    """The pyarrow schema of `model`'s columns, in order, with their nullability."""
    fields = []
    for name, column in model.to_schema().columns.items():
        dtype = column.dtype.type if column.dtype is not None else None
        if not isinstance(dtype, pd.ArrowDtype):
            raise TypeError(f"{model.__name__}.{name}: declare an Arrow-backed dtype (schemas.dtypes), got {dtype!r}")
        fields.append(pyarrow.field(str(name), dtype.pyarrow_dtype, nullable=column.nullable))
    return pyarrow.schema(fields)


@dataclass(frozen=True)
class TableContract:
    name: str
    model: type[pa.DataFrameModel]

    @functools.cached_property
    def arrow_schema(self) -> pyarrow.Schema:
        return arrow_schema(self.model)
