"""`MentionOrder.latest_before` answers as walking the mentions back from the token would,
without that walk (which made descriptions in a long article quadratic)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quoteflow.extraction.entities.model import Entity, Mention
from quoteflow.extraction.entities.order import MentionOrder
from quoteflow.schemas.vocab import EntityKind


def naive(mentions, kind, token, accept):
    for e, m in reversed(mentions):
        if m.token_start < token and e.kind == kind and accept(e):
            return e
    return None


@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 60)), max_size=40),
    st.integers(0, 70),
    st.sets(st.integers(0, 5)),
)
def test_the_latest_entity_before_a_token_is_the_one_a_walk_back_finds(placed, token, accepted):
    kinds = [EntityKind.PERSON, EntityKind.ORGANIZATION]
    entities = [Entity(kind=kinds[k % 2], name=f"E{k}") for k in range(6)]
    mentions = sorted(
        ((entities[k], Mention(0, 1, "x", start, start + 1)) for k, start in placed), key=lambda em: em[1].token_start
    )
    order = MentionOrder(mentions)
    for kind in kinds:
        accept = lambda e: int(e.name[1:]) in accepted  # noqa: E731
        assert order.latest_before(kind, token, accept) is naive(mentions, kind, token, accept)
