"""Column types shared by every table: one pandas ``ArrowDtype`` per Parquet type.

The tables travel as pyarrow tables and are validated as pandas frames backed by
the same Arrow types (``to_pandas(types_mapper=pd.ArrowDtype)``), so what pandera
checks is exactly what is written: no object columns, no float-for-nullable-int.
The written pyarrow schema is derived from these (`schemas.contract.arrow_schema`).
"""

from typing import Annotated

import pandas as pd
import pyarrow as pa

from .ids import id_pattern

String = Annotated[pd.ArrowDtype, pa.string()]
Int32 = Annotated[pd.ArrowDtype, pa.int32()]
Bool = Annotated[pd.ArrowDtype, pa.bool_()]
StringList = Annotated[pd.ArrowDtype, pa.list_(pa.string())]
Int64List = Annotated[pd.ArrowDtype, pa.list_(pa.int64())]
TimestampUTC = Annotated[pd.ArrowDtype, pa.timestamp("us", tz="UTC")]
#: a list of (form, count) pairs, most frequent first: `entities.aliases`
CountedStrings = Annotated[
    pd.ArrowDtype, pa.list_(pa.struct([pa.field("form", pa.string(), False), pa.field("count", pa.int32(), False)]))
]

#: words of the article with their offsets, in text order: `people.gender_evidence`
TextSpans = Annotated[
    pd.ArrowDtype,
    pa.list_(
        pa.struct(
            [
                pa.field("text", pa.string(), False),
                pa.field("start_char", pa.int32(), False),
                pa.field("end_char", pa.int32(), False),
            ]
        )
    ),
]

ARTICLE_ID_PATTERN = id_pattern()
SHA256_PATTERN = r"^[0-9a-f]{64}$"
PERSON_ID_PATTERN = id_pattern("per_")
ORGANIZATION_ID_PATTERN = id_pattern("org_")
ENTITY_ID_PATTERN = id_pattern("(per|org)_")
QUOTE_ID_PATTERN = id_pattern("q_")
