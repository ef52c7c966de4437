"""Row-wise check helpers shared by several table models."""

import pandas as pd


def aliases_are_clean(aliases: pd.Series) -> pd.Series:
    """True where the list is non-empty, has no null/blank element and no repeat."""

    def ok(value) -> bool:
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
