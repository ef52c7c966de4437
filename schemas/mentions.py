"""`mentions`: every place in the text where a person or organization is named."""

import pandas as pd
import pandera.pandas as pa
import pyarrow
from pandera.typing import Series

from ._types import (
    ARTICLE_ID_PATTERN,
    BOOL,
    ENTITY_ID_PATTERN,
    INT32,
    STRING,
    Bool,
    Int32,
    String,
)

ENTITY_TYPES = ["person", "organization"]

ARROW_SCHEMA = pyarrow.schema(
    [
        pyarrow.field("article_id", STRING, nullable=False),
        pyarrow.field("entity_id", STRING, nullable=False),
        pyarrow.field("entity_type", STRING, nullable=False),
        pyarrow.field("start_char", INT32, nullable=False),
        pyarrow.field("end_char", INT32, nullable=False),
        pyarrow.field("text", STRING, nullable=False),
        pyarrow.field("paragraph_index", INT32, nullable=False),
        pyarrow.field("sentence_index", INT32, nullable=False),
        pyarrow.field("in_quote", BOOL, nullable=False),
    ]
)


class Mentions(pa.DataFrameModel):
    article_id: Series[String] = pa.Field(str_matches=ARTICLE_ID_PATTERN)
    entity_id: Series[String] = pa.Field(str_matches=ENTITY_ID_PATTERN)
    entity_type: Series[String] = pa.Field(isin=ENTITY_TYPES)
    start_char: Series[Int32] = pa.Field(ge=0)
    end_char: Series[Int32] = pa.Field(ge=1)
    text: Series[String] = pa.Field(str_length={"min_value": 1})
    paragraph_index: Series[Int32] = pa.Field(ge=0)
    sentence_index: Series[Int32] = pa.Field(ge=0)
    in_quote: Series[Bool]

    @pa.dataframe_check(name="start_before_end")
    def span_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["start_char"] < df["end_char"]

    @pa.dataframe_check(name="entity_id_prefix_matches_type")
    def id_matches_type(cls, df: pd.DataFrame) -> Series[bool]:
        expected = df["entity_type"].map({"person": "per_", "organization": "org_"})
        return df["entity_id"].str.slice(0, 4) == expected

    class Config:
        strict = True
        ordered = True
        unique = ["article_id", "start_char"]
