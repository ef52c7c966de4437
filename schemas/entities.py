"""`entities` and `entity_redirects`: people and organizations across the whole dataset.

One `entities` row per corpus entity: every `people` / `organizations` row names one by
its `entity_id`, and `quotes.speaker_entity_id` names the speaker's. Ids are kept once
committed; when later articles show that two ids are one entity (or that a merge was
wrong), `entity_redirects` says where the old id now points, so a reader resolves any
stored id with one left join:

    entity_redirects: per_1a2b… -> per_9f8e…     ("Doe", merged into "Jo Doe")
    SELECT coalesce(r.current_entity_id, p.entity_id) AS entity_id, …
    FROM people p LEFT JOIN entity_redirects r USING (entity_id)
"""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .dtypes import ENTITY_ID_PATTERN, CountedStrings, Int32, String, StringList, TimestampUTC
from .vocab import ENTITY_ID_PREFIX, EntityKind, values


class Entities(pa.DataFrameModel):
    entity_id: Series[String] = pa.Field(str_matches=ENTITY_ID_PATTERN)
    kind: Series[String] = pa.Field(isin=values(EntityKind))
    name: Series[String] = pa.Field(str_length={"min_value": 1})  # the fullest form seen
    aliases: Series[CountedStrings]  # every form, with the number of articles using it, most used first
    article_count: Series[Int32] = pa.Field(ge=1)
    quote_count: Series[Int32] = pa.Field(ge=0)
    mention_count: Series[Int32] = pa.Field(ge=1)
    first_seen: Series[TimestampUTC]  # article dates (published_at, else ingested_at)
    last_seen: Series[TimestampUTC]
    role: Series[String] = pa.Field(nullable=True, str_length={"min_value": 1})  # the most frequent
    organization: Series[String] = pa.Field(nullable=True, str_length={"min_value": 1})  # likewise
    match_keys: Series[StringList]  # the keys names are matched by (flows/corpus): where a new name may join

    @pa.dataframe_check(name="entity_id_prefix_matches_kind")
    def id_matches_kind(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return df["entity_id"].str.slice(0, 4) == df["kind"].map(ENTITY_ID_PREFIX)

    @pa.dataframe_check(name="seen_in_order")
    def seen_in_order(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return df["first_seen"] <= df["last_seen"]

    class Config:
        strict = True
        ordered = True
        unique = ["entity_id"]


class EntityRedirects(pa.DataFrameModel):
    entity_id: Series[String] = pa.Field(str_matches=ENTITY_ID_PATTERN)  # an id stored rows still carry
    current_entity_id: Series[String] = pa.Field(str_matches=ENTITY_ID_PATTERN)  # an `entities` row
    redirected_at: Series[TimestampUTC]
    version: Series[Int32] = pa.Field(ge=1)  # the dataset version (commit) that recorded it

    @pa.dataframe_check(name="redirect_goes_elsewhere")
    def goes_elsewhere(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return df["entity_id"] != df["current_entity_id"]

    class Config:
        strict = True
        ordered = True
        unique = ["entity_id"]
