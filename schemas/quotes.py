"""`quotes`: one row per quotation (direct, partial) or reported speech (indirect)."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .checks import pair_is_ordered
from .dtypes import ARTICLE_ID_PATTERN, ENTITY_ID_PATTERN, QUOTE_ID_PATTERN, Bool, Int32, String
from .vocab import ENTITY_ID_PREFIX, AttributionKind, EntityKind, QuoteType, values


class Quotes(pa.DataFrameModel):
    article_id: Series[String] = pa.Field(str_matches=ARTICLE_ID_PATTERN)
    quote_id: Series[String] = pa.Field(str_matches=QUOTE_ID_PATTERN)
    text: Series[String] = pa.Field(str_length={"min_value": 1})
    start_char: Series[Int32] = pa.Field(ge=0)
    end_char: Series[Int32] = pa.Field(ge=1)
    quote_type: Series[String] = pa.Field(isin=values(QuoteType))
    speaker: Series[String] = pa.Field(nullable=True, str_length={"min_value": 1})
    speaker_id: Series[String] = pa.Field(nullable=True, str_matches=ENTITY_ID_PATTERN)  # within the article
    speaker_entity_id: Series[String] = pa.Field(nullable=True, str_matches=ENTITY_ID_PATTERN)  # `entities`
    speaker_type: Series[String] = pa.Field(nullable=True, isin=values(EntityKind))
    speaker_mention: Series[String] = pa.Field(nullable=True, str_length={"min_value": 1})
    speaker_start: Series[Int32] = pa.Field(nullable=True, ge=0)
    speaker_end: Series[Int32] = pa.Field(nullable=True, ge=1)
    cue: Series[String] = pa.Field(nullable=True, str_length={"min_value": 1})
    cue_start: Series[Int32] = pa.Field(nullable=True, ge=0)
    cue_end: Series[Int32] = pa.Field(nullable=True, ge=1)
    attribution: Series[String] = pa.Field(nullable=True, isin=values(AttributionKind))
    paragraph_index: Series[Int32] = pa.Field(ge=0)
    sentence_index: Series[Int32] = pa.Field(ge=0)
    marks_closed: Series[Bool] = pa.Field(nullable=True)

    @pa.dataframe_check(name="start_before_end")
    def span_ordered(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return df["start_char"] < df["end_char"]

    @pa.dataframe_check(name="speaker_span_ordered_pair")
    def speaker_span(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return pair_is_ordered(df["speaker_start"], df["speaker_end"])

    @pa.dataframe_check(name="cue_span_ordered_pair")
    def cue_span(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return pair_is_ordered(df["cue_start"], df["cue_end"])

    @pa.dataframe_check(name="speaker_mention_iff_span")
    def mention_with_span(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return df["speaker_mention"].isna() == df["speaker_start"].isna()

    @pa.dataframe_check(name="cue_iff_span")
    def cue_with_span(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return df["cue"].isna() == df["cue_start"].isna()

    @pa.dataframe_check(name="speaker_id_needs_speaker_and_type")
    def resolved_speaker(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        has_id = df["speaker_id"].notna()
        return (
            (has_id == df["speaker_type"].notna())
            & (has_id == df["speaker_entity_id"].notna())
            & (~has_id | df["speaker"].notna())
        )

    @pa.dataframe_check(name="speaker_id_prefix_matches_type")
    def id_matches_type(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        prefix = df["speaker_id"].str.slice(0, 4)
        expected = df["speaker_type"].map(ENTITY_ID_PREFIX, na_action="ignore")
        return df["speaker_id"].isna() | (prefix == expected).fillna(False)

    @pa.dataframe_check(name="attribution_iff_speaker_mention")
    def attribution_rests_on_mention(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return df["attribution"].isna() == df["speaker_start"].isna()

    @pa.dataframe_check(name="marks_closed_only_for_quoted")
    def marks_for_quoted(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return (df["quote_type"] == QuoteType.INDIRECT.value) == df["marks_closed"].isna()

    class Config:
        strict = True
        ordered = True
        unique = ["article_id", "quote_id"]
