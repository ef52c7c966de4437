"""Row-wise check helpers shared by several table models."""

from typing import Any

import pandas as pd
import pandera.pandas as pa


def aliases_are_clean(aliases: "pd.Series[Any]") -> "pd.Series[bool]":
    """True where the list is non-empty, has no null/blank element and no repeat."""

    def ok(value: Any) -> bool:
        if value is None or len(value) == 0:
            return False
        items = list(value)
        return all(isinstance(a, str) and a.strip() for a in items) and len(set(items)) == len(items)

    return pd.Series([ok(v) for v in aliases], index=aliases.index)


def pair_is_ordered(start: pd.Series, end: pd.Series) -> pd.Series:
    """Both null, or both set with 0 <= start < end."""
    both_null = start.isna() & end.isna()
    both_set = start.notna() & end.notna()
    ordered = (start.fillna(0) >= 0) & (start.fillna(0) < end.fillna(0))
    return both_null | (both_set & ordered)


class NamedEntityChecks(pa.DataFrameModel):
    """Row checks `people` and `organizations` share (each declares its own columns).

    The methods carry the check names themselves: pandera 0.35 consumes a `name=` given to
    an inherited check when the first subclass builds its schema, so the second would
    report the method's name instead.
    """

    @pa.dataframe_check()
    def aliases_nonempty_unique_strings(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return aliases_are_clean(df["aliases"])

    @pa.dataframe_check()
    def name_is_an_alias(cls, df: pd.DataFrame) -> "pd.Series[bool]":
        return pd.Series([n in (a or []) for n, a in zip(df["name"], df["aliases"], strict=True)], index=df.index)
