"""`fingerprints`: one row per article, what syndicated-copy detection compares (flows/corpus/copies.py).

MinHash values of the article's word shingles and their LSH band hashes: a new article is
compared only with the stored ones sharing a band hash with it. A reader has no use for
them beyond that; `articles.copy_of` holds the outcome.
"""

import pandera.pandas as pa
from pandera.typing import Series

from .dtypes import ARTICLE_ID_PATTERN, Int64List, String


class Fingerprints(pa.DataFrameModel):
    article_id: Series[String] = pa.Field(unique=True, str_matches=ARTICLE_ID_PATTERN)
    method: Series[String] = pa.Field(str_length={"min_value": 1})  # fingerprints of two methods never compare
    bands: Series[Int64List]
    signature: Series[Int64List]

    class Config:
        strict = True
        ordered = True
