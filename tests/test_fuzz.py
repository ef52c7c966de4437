"""Random text, full of quotation marks, newlines and control characters, goes through
extraction and validation without an exception, and every span slices back."""

import hashlib
from datetime import UTC, datetime

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from quoteflow.extraction.extract import extract
from quoteflow.extraction.parse import parse
from quoteflow.records import Article, RunInfo
from quoteflow.rows.build import article_rows
from quoteflow.rows.validate import validate_batch

PIECES = st.sampled_from(
    [
        "“",
        "”",
        '"',
        "''",
        "``",
        "‘",
        "’",
        "«",
        "»",
        "„",
        "\n",
        "\n\n",
        " said ",
        " told ",
        "Jane Roe",
        " she ",
        "(FWA)",
        "Federal Widget Agency",
        "—",
        " ― ",
        ":",
        ".",
        ",",
        "\t",
        "\r\n",
        "\x00",
        "\x0b",
        "\x1f",
        "\u2028",
        "\u200b",
        "Mr. ",
        "é",
        "中文",
        "🙂",
        "ROE: ",
        " according to ",
        "KQXR",
    ]
)
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=6)), min_size=1, max_size=80).map("".join)
RUN = RunInfo("fuzz", datetime(2026, 1, 1, tzinfo=UTC), "0")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS)
@example(text="Mr. Mr. Aa said.")  # two readings of one name once gave two mentions of one span
@example(text="Ms. Ms. Bo Cee")
def test_random_text_extracts_and_validates(nlp, text):
    assume(text.strip())
    article = Article("fuzz.txt", text, "utf-8", hashlib.sha256(text.encode()).hexdigest(), None, None)
    doc = parse(nlp, [text])[0]
    assert doc.text == text
    rows = article_rows(article, extract(doc), RUN, "m")
    validated = validate_batch(rows, {article.article_id: "fuzz.txt"})
    assert validated.rejections == [], validated.rejections[0].reason
    for q in rows.rows["quotes"]:
        assert text[q["start_char"] : q["end_char"]] == q["text"]
    for m in rows.rows["mentions"]:
        assert text[m["start_char"] : m["end_char"]] == m["text"]
