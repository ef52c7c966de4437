"""`organizations`: one row per organization per article, acronyms joined to their expansion."""

import pandera.pandas as pa
from pandera.typing import Series

from .checks import NamedEntityChecks
from .dtypes import ARTICLE_ID_PATTERN, ORGANIZATION_ID_PATTERN, Int32, String, StringList


class Organizations(NamedEntityChecks):
    article_id: Series[String] = pa.Field(str_matches=ARTICLE_ID_PATTERN)
    organization_id: Series[String] = pa.Field(str_matches=ORGANIZATION_ID_PATTERN)  # within the article
    entity_id: Series[String] = pa.Field(str_matches=ORGANIZATION_ID_PATTERN)  # across the dataset (`entities`)
    name: Series[String] = pa.Field(str_length={"min_value": 1})
    aliases: Series[StringList]
    mention_count: Series[Int32] = pa.Field(ge=1)
    quote_count: Series[Int32] = pa.Field(ge=0)
    first_char: Series[Int32] = pa.Field(ge=0)

    class Config:
        strict = True
        ordered = True
        unique = ["article_id", "organization_id"]
