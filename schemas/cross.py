"""Checks that need another table: spans against the article text, ids against entities.

pandera validates one frame at a time, so these are DataFrameSchemas built per batch
around the data they compare with. Their failures come out in pandera's own
failure-case format, like the per-table checks.
"""

from collections.abc import Collection, Mapping

import pandas as pd
import pandera.pandas as pa


def _slices(df: pd.DataFrame, texts: Mapping[str, str], start: str, end: str, expected: str) -> pd.Series:
    """True where the span is null, or lies inside the article and slices to `expected`."""
    out = []
    for aid, s, e, want in zip(df["article_id"], df[start], df[end], df[expected], strict=True):
        if pd.isna(s) and pd.isna(e):
            out.append(pd.isna(want))
            continue
        text = texts.get(aid)
        ok = (
            text is not None
            and not pd.isna(s)
            and not pd.isna(e)
            and 0 <= int(s) < int(e) <= len(text)
            and text[int(s) : int(e)] == want
        )
        out.append(bool(ok))
    return pd.Series(out, index=df.index, dtype=bool)


def _within(df: pd.DataFrame, texts: Mapping[str, str]) -> pd.Series:
    return pd.Series(
        [aid in texts and int(e) <= len(texts[aid]) for aid, e in zip(df["article_id"], df["end_char"], strict=True)],
        index=df.index,
        dtype=bool,
    )


def _known(df: pd.DataFrame, column: str, ids: Collection[tuple[str, str]]) -> pd.Series:
    return pd.Series(
        [pd.isna(v) or (aid, v) in ids for aid, v in zip(df["article_id"], df[column], strict=True)],
        index=df.index,
        dtype=bool,
    )


def _article_known(df: pd.DataFrame, texts: Mapping[str, str]) -> pd.Series:
    return df["article_id"].isin(list(texts)).astype(bool)


def entity_table_checks(
    texts: Mapping[str, str], organization_ids: Collection[tuple[str, str]] | None
) -> pa.DataFrameSchema:
    """people / organizations: the article exists; a person's organization_id exists (None:
    the table has no organization_id to check); a person's gender evidence slices the article."""
    checks = [pa.Check(lambda df: _article_known(df, texts), name="article_exists")]
    if organization_ids is not None:
        checks.append(
            pa.Check(
                lambda df: (
                    _known(df, "organization_id", organization_ids)
                    if "organization_id" in df
                    else pd.Series(True, index=df.index)
                ),
                name="organization_id_exists_in_article",
            )
        )
    checks.append(
        pa.Check(
            lambda df: _evidence_slices(df, texts) if "gender_evidence" in df else pd.Series(True, index=df.index),
            name="gender_evidence_slices_article",
        )
    )
    return pa.DataFrameSchema(checks=checks, name="entity_cross_checks")


def _evidence_slices(df: pd.DataFrame, texts: Mapping[str, str]) -> pd.Series:
    """True where every word of `gender_evidence` lies in the article and slices to its `text`."""
    out = []
    for aid, spans in zip(df["article_id"], df["gender_evidence"], strict=True):
        text = texts.get(aid)
        out.append(
            text is not None
            and all(
                0 <= s["start_char"] < s["end_char"] <= len(text) and text[s["start_char"] : s["end_char"]] == s["text"]
                for s in (spans if spans is not None else [])
            )
        )
    return pd.Series(out, index=df.index, dtype=bool)


def _span_checks(texts: Mapping[str, str]) -> list[pa.Check]:
    """The row's article exists, and its span lies in the text and slices to the row's `text`."""
    return [
        pa.Check(lambda df: _article_known(df, texts), name="article_exists"),
        pa.Check(lambda df: _within(df, texts) if len(df) else pd.Series(dtype=bool), name="end_char_within_text"),
        pa.Check(lambda df: _slices(df, texts, "start_char", "end_char", "text"), name="text_slices_article"),
    ]


def quote_checks(texts: Mapping[str, str], entity_ids: Collection[tuple[str, str]]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        checks=[
            *_span_checks(texts),
            pa.Check(
                lambda df: _slices(df, texts, "speaker_start", "speaker_end", "speaker_mention"),
                name="speaker_mention_slices_article",
            ),
            pa.Check(lambda df: _slices(df, texts, "cue_start", "cue_end", "cue"), name="cue_slices_article"),
            pa.Check(lambda df: _known(df, "speaker_id", entity_ids), name="speaker_id_exists_in_article"),
        ],
        name="quote_cross_checks",
    )


def mention_checks(texts: Mapping[str, str], entity_ids: Collection[tuple[str, str]]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        checks=[
            *_span_checks(texts),
            pa.Check(lambda df: _known(df, "local_id", entity_ids), name="local_id_exists_in_article"),
        ],
        name="mention_cross_checks",
    )
