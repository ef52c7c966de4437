"""Placeholder resolver (exact names): replaced by the corpus resolver."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ..extraction.entities.model import entity_id, normalize_name


class NameRecord(NamedTuple):
    article_id: str
    local_id: str
    kind: str
    name: str
    aliases: tuple[str, ...]
    mention_count: int
    role: str | None
    affiliation: str | None


def blocks_of(record: NameRecord) -> frozenset[str]:
    return frozenset({f"{record.kind}:name:{normalize_name(record.name)}"})


def resolve(records: Sequence[NameRecord]) -> dict[tuple[str, str], str]:
    return {(r.article_id, r.local_id): entity_id(r.kind, r.name) for r in records}
