"""`organizations`: one row per organization per article, acronyms joined to their expansion."""

import pandera.pandas as pa
import pyarrow
from pandera.typing import Series

from ._types import (
    ARTICLE_ID_PATTERN,
    INT32,
    ORGANIZATION_ID_PATTERN,
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
        pyarrow.field("organization_id", STRING, nullable=False),
        pyarrow.field("name", STRING, nullable=False),
        pyarrow.field("aliases", STRING_LIST, nullable=False),
        pyarrow.field("mention_count", INT32, nullable=False),
        pyarrow.field("quote_count", INT32, nullable=False),
        pyarrow.field("first_char", INT32, nullable=False),
    ]
)


class Organizations(NamedEntityChecks):
    article_id: Series[String] = pa.Field(str_matches=ARTICLE_ID_PATTERN)
    organization_id: Series[String] = pa.Field(str_matches=ORGANIZATION_ID_PATTERN)
    name: Series[String] = pa.Field(str_length={"min_value": 1})
    aliases: Series[StringList]
    mention_count: Series[Int32] = pa.Field(ge=1)
    quote_count: Series[Int32] = pa.Field(ge=0)
    first_char: Series[Int32] = pa.Field(ge=0)

    class Config:
        strict = True
        ordered = True
        unique = ["article_id", "organization_id"]
