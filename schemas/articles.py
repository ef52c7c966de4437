"""`articles`: one row per accepted input, its exact decoded text and its provenance."""

import pandas as pd
import pandera.pandas as pa
import pyarrow
from pandera.typing import Series

from ._types import (
    ARTICLE_ID_PATTERN,
    INT32,
    STRING,
    TIMESTAMP_UTC,
    Int32,
    String,
    TimestampUTC,
)

ARROW_SCHEMA = pyarrow.schema(
    [
        pyarrow.field("article_id", STRING, nullable=False),
        pyarrow.field("source", STRING, nullable=False),
        pyarrow.field("title", STRING),
        pyarrow.field("published_at", TIMESTAMP_UTC),
        pyarrow.field("text", STRING, nullable=False),
        pyarrow.field("char_count", INT32, nullable=False),
        pyarrow.field("paragraph_count", INT32, nullable=False),
        pyarrow.field("sentence_count", INT32, nullable=False),
        pyarrow.field("content_sha256", STRING, nullable=False),
        pyarrow.field("encoding", STRING, nullable=False),
        pyarrow.field("run_id", STRING, nullable=False),
        pyarrow.field("ingested_at", TIMESTAMP_UTC, nullable=False),
        pyarrow.field("pipeline_version", STRING, nullable=False),
        pyarrow.field("spacy_model", STRING, nullable=False),
    ]
)


class Articles(pa.DataFrameModel):
    article_id: Series[String] = pa.Field(unique=True, str_matches=ARTICLE_ID_PATTERN)
    source: Series[String] = pa.Field(str_length={"min_value": 1})
    title: Series[String] = pa.Field(nullable=True)
    published_at: Series[TimestampUTC] = pa.Field(nullable=True)
    text: Series[String] = pa.Field(str_length={"min_value": 1})
    char_count: Series[Int32] = pa.Field(ge=1)
    paragraph_count: Series[Int32] = pa.Field(ge=1)
    sentence_count: Series[Int32] = pa.Field(ge=0)
    content_sha256: Series[String] = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    encoding: Series[String] = pa.Field(isin=["utf-8", "utf-8-sig", "utf-16", "cp1252"])
    run_id: Series[String]
    ingested_at: Series[TimestampUTC]
    pipeline_version: Series[String]
    spacy_model: Series[String]

    @pa.dataframe_check(name="char_count_is_len_text")
    def char_count_matches_text(cls, df: pd.DataFrame) -> Series[bool]:
        return df["text"].str.len() == df["char_count"]

    @pa.dataframe_check(name="article_id_is_sha256_prefix")
    def id_derives_from_content(cls, df: pd.DataFrame) -> Series[bool]:
        return df["content_sha256"].str.slice(0, 16) == df["article_id"]

    class Config:
        strict = True
        ordered = True
