"""`rejects`: every input or row that did not make it into the tables, and why."""

import pandera.pandas as pa
import pyarrow
from pandera.typing import Series

from ._types import STRING, TIMESTAMP_UTC, String, TimestampUTC

STAGES = ["discover", "read", "decode", "dedupe", "parse", "extract", "validate"]

ARROW_SCHEMA = pyarrow.schema(
    [
        pyarrow.field("source", STRING, nullable=False),
        pyarrow.field("stage", STRING, nullable=False),
        pyarrow.field("reason", STRING, nullable=False),
        pyarrow.field("article_id", STRING),
        pyarrow.field("table_name", STRING),
        pyarrow.field("check_name", STRING),
        pyarrow.field("failure_case", STRING),
        pyarrow.field("record", STRING),
        pyarrow.field("content_sha256", STRING),
        pyarrow.field("run_id", STRING, nullable=False),
        pyarrow.field("rejected_at", TIMESTAMP_UTC, nullable=False),
    ]
)


class Rejects(pa.DataFrameModel):
    source: Series[String] = pa.Field(str_length={"min_value": 1})
    stage: Series[String] = pa.Field(isin=STAGES)
    reason: Series[String] = pa.Field(str_length={"min_value": 1})
    article_id: Series[String] = pa.Field(nullable=True)
    table_name: Series[String] = pa.Field(
        nullable=True, isin=["articles", "people", "organizations", "quotes", "mentions"]
    )
    check_name: Series[String] = pa.Field(nullable=True)
    failure_case: Series[String] = pa.Field(nullable=True)
    record: Series[String] = pa.Field(nullable=True)
    content_sha256: Series[String] = pa.Field(nullable=True, str_matches=r"^[0-9a-f]{64}$")
    run_id: Series[String]
    rejected_at: Series[TimestampUTC]

    class Config:
        strict = True
        ordered = True
