"""Whose voices the dataset carries: the share of women and men among quotes by a named person
whose gender the article states, always beside how many have one (`people.gender`).

    shares = gender_shares(people_rows, quote_rows)
    shares.women_share, shares.coverage      # 0.31, 0.78: "women 31 % of quotes with known
                                             # gender; gender known for 78 % of quotes"

A row written before schema version 5 (gender null) counts as unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..schemas.vocab import EntityKind, Gender

Row = Mapping[str, Any]


@dataclass(frozen=True)
class GenderShares:
    quotes: int  # rows of `quotes` whose speaker is a person of the article
    known: int  # … of which the article states the speaker's gender
    women: int
    men: int

    @property
    def coverage(self) -> float | None:
        return self.known / self.quotes if self.quotes else None

    @property
    def women_share(self) -> float | None:
        return self.women / self.known if self.known else None

    @property
    def men_share(self) -> float | None:
        return self.men / self.known if self.known else None


def gender_shares(people: Iterable[Row], quotes: Iterable[Row]) -> GenderShares:
    """Count the quotes by a person, by the gender their article states for the speaker."""
    gender = {(p["article_id"], p["person_id"]): p.get("gender") or Gender.UNKNOWN.value for p in people}
    spoken = [
        gender.get((q["article_id"], q["speaker_id"]), Gender.UNKNOWN.value)
        for q in quotes
        if q["speaker_type"] == EntityKind.PERSON and q["speaker_id"] is not None
    ]
    women = spoken.count(Gender.FEMALE.value)
    men = spoken.count(Gender.MALE.value)
    return GenderShares(quotes=len(spoken), known=women + men, women=women, men=men)
