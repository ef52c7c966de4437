"""`rejects`: every input or row that did not make it into the tables, and why."""

import pandera.pandas as pa
from pandera.typing import Series

from .dtypes import SHA256_PATTERN, String, TimestampUTC
from .vocab import ARTICLE_TABLES, RejectStage, values


class Rejects(pa.DataFrameModel):
    source: Series[String] = pa.Field(str_length={"min_value": 1})
    stage: Series[String] = pa.Field(isin=values(RejectStage))
    reason: Series[String] = pa.Field(str_length={"min_value": 1})
    article_id: Series[String] = pa.Field(nullable=True)
    table_name: Series[String] = pa.Field(nullable=True, isin=[t.value for t in ARTICLE_TABLES])
    check_name: Series[String] = pa.Field(nullable=True)
    failure_case: Series[String] = pa.Field(nullable=True)
    record: Series[String] = pa.Field(nullable=True)
    content_sha256: Series[String] = pa.Field(nullable=True, str_matches=SHA256_PATTERN)
    run_id: Series[String]
    rejected_at: Series[TimestampUTC]

    class Config:
        strict = True
        ordered = True
