"""`people`: one row per person per article, names clustered and roles kept."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .checks import NamedEntityChecks
from .dtypes import (
    ARTICLE_ID_PATTERN,
    ORGANIZATION_ID_PATTERN,
    PERSON_ID_PATTERN,
    Int32,
    String,
    StringList,
    TextSpans,
)
from .vocab import Gender, values


class People(NamedEntityChecks):
    article_id: Series[String] = pa.Field(str_matches=ARTICLE_ID_PATTERN)
    person_id: Series[String] = pa.Field(str_matches=PERSON_ID_PATTERN)  # within the article
    entity_id: Series[String] = pa.Field(str_matches=PERSON_ID_PATTERN)  # across the dataset (`entities`)
    name: Series[String] = pa.Field(str_length={"min_value": 1})
    aliases: Series[StringList]
    mention_count: Series[Int32] = pa.Field(ge=1)
    quote_count: Series[Int32] = pa.Field(ge=0)
    first_char: Series[Int32] = pa.Field(ge=0)
    role: Series[String] = pa.Field(nullable=True, str_length={"min_value": 1})
    organization: Series[String] = pa.Field(nullable=True, str_length={"min_value": 1})
    organization_id: Series[String] = pa.Field(nullable=True, str_matches=ORGANIZATION_ID_PATTERN)
    # what the article states (honorifics, pronouns resolved to the person, gendered nouns), never a first name
    gender: Series[String] = pa.Field(isin=values(Gender))
    gender_evidence: Series[TextSpans]  # the words it rests on; empty when unknown

    @pa.dataframe_check(name="organization_and_id_together")
    def organization_pairs(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        # an id needs a name; a name may stand alone (an affiliation not tagged as an entity)
        return ~(df["organization_id"].notna() & df["organization"].isna())

    @pa.dataframe_check(name="gender_evidence_when_known")
    def gender_evidence_pairs(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        # a known gender rests on at least one word; an unknown one on none
        known = df["gender"] != Gender.UNKNOWN.value
        has_evidence = df["gender_evidence"].map(lambda spans: spans is not None and len(spans) > 0).astype(bool)
        return known == has_evidence

    class Config:
        strict = True
        ordered = True
        unique = ["article_id", "person_id"]
