"""An article's mentions in text order, and which entity of a kind was named last before a
token: asked once per description ("the mayor", "the company"), so it must not walk every
mention back to the start of a long text each time.

    order = MentionOrder(index.mentions_in_order())
    order.latest_before(EntityKind.PERSON, 120, lambda e: "mayor" in e.role_words)
    # the person accepted whose last mention before token 120 comes latest, or None
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

from ...schemas.vocab import EntityKind
from .model import Entity, Mention


class MentionOrder:
    def __init__(self, mentions: Sequence[tuple[Entity, Mention]]):
        self._starts = [m.token_start for _, m in mentions]
        # for each kind, every entity with the positions of its mentions in `mentions`
        self._places: dict[EntityKind, list[tuple[Entity, list[int]]]] = {}
        places: dict[int, list[int]] = {}
        for k, (e, _m) in enumerate(mentions):
            if id(e) not in places:
                places[id(e)] = []
                self._places.setdefault(e.kind, []).append((e, places[id(e)]))
            places[id(e)].append(k)

    def latest_before(self, kind: EntityKind, token: int, accept: Callable[[Entity], bool]) -> Entity | None:
        """The entity of `kind` that `accept`s whose last mention starting before `token` is the
        latest (per entity, not mention by mention: a cost in entities, not in the text)."""
        last = bisect.bisect_left(self._starts, token) - 1
        latest = []
        for e, positions in self._places.get(kind, ()):
            k = bisect.bisect_right(positions, last) - 1
            if k >= 0:
                latest.append((positions[k], e))
        for _k, e in sorted(latest, key=lambda p: p[0], reverse=True):
            if accept(e):
                return e
        return None
