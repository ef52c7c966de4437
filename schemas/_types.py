"""Column types shared by every table: one pandas ArrowDtype per Parquet type.

The tables travel as pyarrow tables and are validated as pandas frames backed by
the same Arrow types (``to_pandas(types_mapper=pd.ArrowDtype)``), so what pandera
checks is exactly what is written: no object columns, no float-for-nullable-int.
"""

import pandas as pd
import pyarrow as pa

STRING = pa.string()
INT32 = pa.int32()
BOOL = pa.bool_()
STRING_LIST = pa.list_(pa.string())
TIMESTAMP_UTC = pa.timestamp("us", tz="UTC")

String = pd.ArrowDtype(STRING)
Int32 = pd.ArrowDtype(INT32)
Bool = pd.ArrowDtype(BOOL)
StringList = pd.ArrowDtype(STRING_LIST)
TimestampUTC = pd.ArrowDtype(TIMESTAMP_UTC)

ARTICLE_ID_PATTERN = r"^[0-9a-f]{16}$"
PERSON_ID_PATTERN = r"^per_[0-9a-f]{16}$"
ORGANIZATION_ID_PATTERN = r"^org_[0-9a-f]{16}$"
ENTITY_ID_PATTERN = r"^(per|org)_[0-9a-f]{16}$"
