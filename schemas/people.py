"""`people`: one row per person per article, names clustered and roles kept."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .checks import NamedEntityChecks
from .dtypes import ARTICLE_ID_PATTERN, ORGANIZATION_ID_PATTERN, PERSON_ID_PATTERN, Int32, String, StringList


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

    @pa.dataframe_check(name="organization_and_id_together")
    def organization_pairs(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        # an id needs a name; a name may stand alone (an affiliation not tagged as an entity)
        return ~(df["organization_id"].notna() & df["organization"].isna())

    class Config:
        strict = True
        ordered = True
        unique = ["article_id", "person_id"]
