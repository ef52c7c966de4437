"""`quote_clusters`: one quotation followed across articles (flows/corpus/quotes.py).

A row per quotation that one speaker entity is quoted saying in two stories or more (a
reprint is its story's, not another): its longest wording, the `quotes` rows that carry it
(`quote_ids`, copies included), and how far it went. A quote in no row was seen in one story.

    SELECT c.text, c.article_count, c.outlets FROM quote_clusters c
    WHERE c.speaker_entity_id = 'per_1a2b…' ORDER BY c.article_count DESC
"""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .checks import aliases_are_clean
from .dtypes import ENTITY_ID_PATTERN, Int32, String, StringList, TimestampUTC
from .ids import id_pattern

QUOTE_CLUSTER_ID_PATTERN = id_pattern("qc_")


class QuoteClusters(pa.DataFrameModel):
    quote_cluster_id: Series[String] = pa.Field(str_matches=QUOTE_CLUSTER_ID_PATTERN)
    speaker_entity_id: Series[String] = pa.Field(str_matches=ENTITY_ID_PATTERN)  # an `entities` row
    text: Series[String] = pa.Field(str_length={"min_value": 1})  # the longest wording
    quote_ids: Series[StringList]  # the `quotes` rows of it, sorted
    quote_count: Series[Int32] = pa.Field(ge=2)
    article_count: Series[Int32] = pa.Field(ge=2)  # distinct stories (copies count once)
    outlets: Series[StringList]  # the distinct `articles.outlet` values of its stories, sorted
    first_seen: Series[TimestampUTC]
    last_seen: Series[TimestampUTC]

    @pa.dataframe_check(name="quote_ids_nonempty_unique")
    def members_clean(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return aliases_are_clean(df["quote_ids"])

    class Config:
        strict = True
        ordered = True
        unique = ["quote_cluster_id"]
