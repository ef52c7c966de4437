"""`mentions`: every place in the text where a person or organization is named."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .dtypes import ARTICLE_ID_PATTERN, ENTITY_ID_PATTERN, Bool, Int32, String
from .vocab import ENTITY_ID_PREFIX, EntityKind, values


class Mentions(pa.DataFrameModel):
    article_id: Series[String] = pa.Field(str_matches=ARTICLE_ID_PATTERN)
    local_id: Series[String] = pa.Field(str_matches=ENTITY_ID_PATTERN)  # person_id / organization_id
    entity_type: Series[String] = pa.Field(isin=values(EntityKind))
    start_char: Series[Int32] = pa.Field(ge=0)
    end_char: Series[Int32] = pa.Field(ge=1)
    text: Series[String] = pa.Field(str_length={"min_value": 1})
    paragraph_index: Series[Int32] = pa.Field(ge=0)
    sentence_index: Series[Int32] = pa.Field(ge=0)
    in_quote: Series[Bool]

    @pa.dataframe_check(name="start_before_end")
    def span_ordered(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return df["start_char"] < df["end_char"]

    @pa.dataframe_check(name="local_id_prefix_matches_type")
    def id_matches_type(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return df["local_id"].str.slice(0, 4) == df["entity_type"].map(ENTITY_ID_PREFIX)

    class Config:
        strict = True
        ordered = True
        unique = ["article_id", "start_char"]
