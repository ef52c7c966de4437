"""`articles`: one row per accepted input, its exact decoded text and its provenance."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .dtypes import ARTICLE_ID_PATTERN, SHA256_PATTERN, Int32, String, StringList, TimestampUTC
from .vocab import Encoding, InputFormat, values


class Articles(pa.DataFrameModel):
    article_id: Series[String] = pa.Field(unique=True, str_matches=ARTICLE_ID_PATTERN)
    source: Series[String] = pa.Field(str_length={"min_value": 1})
    title: Series[String] = pa.Field(nullable=True)
    published_at: Series[TimestampUTC] = pa.Field(nullable=True)
    # schema version 3: what the input says about itself (null in rows written before, and when it says nothing)
    url: Series[String] = pa.Field(nullable=True, str_length={"min_value": 1})
    outlet: Series[String] = pa.Field(nullable=True, str_length={"min_value": 1})
    authors: Series[StringList] = pa.Field(nullable=True)
    language: Series[String] = pa.Field(nullable=True, str_length={"min_value": 1})
    format: Series[String] = pa.Field(nullable=True, isin=values(InputFormat))
    text: Series[String] = pa.Field(str_length={"min_value": 1})
    char_count: Series[Int32] = pa.Field(ge=1)
    paragraph_count: Series[Int32] = pa.Field(ge=1)
    sentence_count: Series[Int32] = pa.Field(ge=0)
    content_sha256: Series[String] = pa.Field(str_matches=SHA256_PATTERN)
    encoding: Series[String] = pa.Field(isin=values(Encoding))
    run_id: Series[String]
    ingested_at: Series[TimestampUTC]
    pipeline_version: Series[String]
    spacy_model: Series[String]
    # the extraction rules and model the rows were made with; null in rows written before it existed
    extraction_version: Series[String] = pa.Field(nullable=True, str_length={"min_value": 1})
    # schema version 4: the first stored article this one is a copy of (a reprint); null for a story of its own
    copy_of: Series[String] = pa.Field(nullable=True, str_matches=ARTICLE_ID_PATTERN)

    @pa.dataframe_check(name="char_count_is_len_text")
    def char_count_matches_text(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return df["text"].str.len() == df["char_count"]

    @pa.dataframe_check(name="article_id_is_sha256_prefix")
    def id_derives_from_content(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return df["content_sha256"].str.slice(0, 16) == df["article_id"]

    class Config:
        strict = True
        ordered = True
