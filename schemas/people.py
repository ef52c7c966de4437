"""`people`: one row per person per article, names clustered and roles kept."""

import pandas as pd
import pandera.pandas as pa
import pyarrow
from pandera.typing import Series

from ._types import (
    ARTICLE_ID_PATTERN,
    INT32,
    ORGANIZATION_ID_PATTERN,
    PERSON_ID_PATTERN,
    STRING,
    STRING_LIST,
    Int32,
    String,
    StringList,
)
from .checks import NamedEntityChecks

ARROW_SCHEMA = pyarrow.schema(
    [
        pyarrow.field("article_id", STRING, nullable=False),
        pyarrow.field("person_id", STRING, nullable=False),
        pyarrow.field("name", STRING, nullable=False),
        pyarrow.field("aliases", STRING_LIST, nullable=False),
        pyarrow.field("mention_count", INT32, nullable=False),
        pyarrow.field("quote_count", INT32, nullable=False),
        pyarrow.field("first_char", INT32, nullable=False),
        pyarrow.field("role", STRING),
        pyarrow.field("organization", STRING),
        pyarrow.field("organization_id", STRING),
    ]
)


class People(NamedEntityChecks):
    article_id: Series[String] = pa.Field(str_matches=ARTICLE_ID_PATTERN)
    person_id: Series[String] = pa.Field(str_matches=PERSON_ID_PATTERN)
    name: Series[String] = pa.Field(str_length={"min_value": 1})
    aliases: Series[StringList]
    mention_count: Series[Int32] = pa.Field(ge=1)
    quote_count: Series[Int32] = pa.Field(ge=0)
    first_char: Series[Int32] = pa.Field(ge=0)
    role: Series[String] = pa.Field(nullable=True, str_length={"min_value": 1})
    organization: Series[String] = pa.Field(nullable=True, str_length={"min_value": 1})
    organization_id: Series[String] = pa.Field(nullable=True, str_matches=ORGANIZATION_ID_PATTERN)

    @pa.dataframe_check(name="organization_and_id_together")
    def organization_pairs(cls, df: pd.DataFrame) -> Series[bool]:
        # an id needs a name; a name may stand alone (an affiliation not tagged as an entity)
        return ~(df["organization_id"].notna() & df["organization"].isna())

    class Config:
        strict = True
        ordered = True
        unique = ["article_id", "person_id"]
