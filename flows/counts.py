"""What quoteflow counts, defined once: every line that prints a count (the run's batch lines
and summary, its JSON and artifact, `quoteflow show`, the report) uses these words so.

    input        a file (or object) under SOURCE: a text or HTML page, a feed, an archive
    record       an entry of a feed or an archive; it becomes one article (or one reject)
    article      a row of `articles`: a text stored and extracted
    quotation    a quoted or reported statement; a partial quote inside a reported clause of the
                 same speaker ("Roe said the plan was “a betrayal”") is one quotation with it,
                 though `quotes` holds a row for each
    people, organizations   `people` and `organizations` have a row per article naming one;
                 across the dataset, the distinct ones (by id) are fewer
    rejected     inputs and records that ended in `rejects` (copies of a stored text included);
                 `rejects` rows also hold rows that failed validation

    plural(1, "article")                      # "1 article"
    Outcomes(new=2, unchanged=7).line("input")   # "9 inputs: 2 new, 0 changed, 7 unchanged, 0 rejected"
    quotation_count(quote_rows)               # 12 where `quotes` has 13 rows
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from .schemas.vocab import QuoteType

Q = TypeVar("Q", bound=Mapping[str, Any])

#: the definitions above, one line each, for help texts and run artifacts
DEFINITIONS = (
    "an input is a file (or object) under SOURCE: a text or HTML page, a feed or an archive",
    "a record is an entry of a feed or archive, and becomes one article or one reject",
    "a quotation counts a partial quote inside a reported clause of its speaker once (`quotes` has a row for each)",
)


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """`1 article`, `2 articles`, `0 articles` (`nouns` for an irregular plural: person/people)."""
    return f"{n:,} {noun if n == 1 else nouns or noun + 's'}"


@dataclass
class Outcomes:
    """What became of the inputs (or records) a run met: new + changed + retried + unchanged is
    all of them; `rejected` counts those of them that ended in `rejects`, `duplicates` those
    rejected as a copy of a stored text."""

    new: int = 0  # not seen before
    changed: int = 0  # seen before, with other content
    retried: int = 0  # read again with the same content: a failure or error tried again
    unchanged: int = 0  # as before: not read, or read and found the same
    rejected: int = 0
    duplicates: int = 0

    @property
    def total(self) -> int:
        return self.new + self.changed + self.retried + self.unchanged

    @property
    def read(self) -> int:
        """Met and not found unchanged."""
        return self.new + self.changed + self.retried

    def line(self, unit: str) -> str:
        """`10 inputs: 2 new, 1 changed, 7 unchanged, 1 rejected (1 duplicate)`"""
        parts = [f"{self.new:,} new", f"{self.changed:,} changed"]
        if self.retried:
            parts.append(f"{self.retried:,} retried")
        parts += [f"{self.unchanged:,} unchanged", f"{self.rejected:,} rejected"]
        copies = f" ({plural(self.duplicates, 'duplicate')})" if self.duplicates else ""
        return f"{plural(self.total, unit)}: {', '.join(parts)}{copies}"


def quotations(quotes: Iterable[Q]) -> list[Q]:
    """The rows of `quotes` that count as quotations: all but a partial quote inside an indirect
    row of the same article and speaker (which is one quotation with it)."""
    rows = list(quotes)
    reported: defaultdict[str, list[tuple[int, int, Any]]] = defaultdict(list)
    for q in rows:
        if q["quote_type"] == QuoteType.INDIRECT:
            reported[q["article_id"]].append((q["start_char"], q["end_char"], _speaker(q)))

    def nested(q: Q) -> bool:
        return q["quote_type"] == QuoteType.PARTIAL and any(
            start <= q["start_char"] and q["end_char"] <= end and who == _speaker(q)
            for start, end, who in reported.get(q["article_id"], ())
        )

    return [q for q in rows if not nested(q)]


def quotation_count(quotes: Iterable[Mapping[str, Any]]) -> int:
    """How many quotations `quotes` rows hold (`quotations`)."""
    return len(quotations(quotes))


def _speaker(q: Mapping[str, Any]) -> Any:
    """Who a row's speaker is: the resolved entity, else the words that name it (else nobody)."""
    return q.get("speaker_id") or q.get("speaker_mention")


#: the columns `quotation_count` reads
QUOTATION_COLUMNS = ["article_id", "quote_type", "start_char", "end_char", "speaker_id", "speaker_mention"]
