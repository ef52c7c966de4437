"""Table contracts: for each table, the pyarrow schema that is written and the pandera
model that validates it (`tests/test_schemas.py` keeps the two in step).

`data/README.md` documents every column for readers of the Parquet datasets.
"""

from dataclasses import dataclass

import pandera.pandas as pa
import pyarrow

from . import articles, mentions, organizations, people, quotes, rejects


@dataclass(frozen=True)
class TableContract:
    name: str
    arrow_schema: pyarrow.Schema
    model: type[pa.DataFrameModel]
    key: tuple[str, ...]


TABLES: dict[str, TableContract] = {
    c.name: c
    for c in (
        TableContract("articles", articles.ARROW_SCHEMA, articles.Articles, ("article_id",)),
        TableContract("people", people.ARROW_SCHEMA, people.People, ("article_id", "person_id")),
        TableContract(
            "organizations",
            organizations.ARROW_SCHEMA,
            organizations.Organizations,
            ("article_id", "organization_id"),
        ),
        TableContract("quotes", quotes.ARROW_SCHEMA, quotes.Quotes, ("article_id", "quote_id")),
        TableContract("mentions", mentions.ARROW_SCHEMA, mentions.Mentions, ("article_id", "start_char")),
        TableContract("rejects", rejects.ARROW_SCHEMA, rejects.Rejects, ()),
    )
}

#: the tables that hold one article's extraction; `rejects` stands apart.
ARTICLE_TABLES = ("articles", "people", "organizations", "quotes", "mentions")

__all__ = ["ARTICLE_TABLES", "TABLES", "TableContract"]
