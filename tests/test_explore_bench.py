"""bench/explore.py at CI's size: 10,000 made-up quotes, every search checked against brute-force SQL.

The timings it prints are not asserted (speed goals are read from the bench, not from tests);
what is asserted is that the cache's ranked, filtered answers are the brute-force ones, and that
the brute-force comparison itself catches a wrong answer."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))

import explore as explore_bench  # noqa: E402
from explore_check import disagreement  # noqa: E402

from quoteflow.explore.models import QuoteQuery  # noqa: E402


@pytest.mark.slow
def test_every_search_agrees_with_brute_force_sql(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = explore_bench.main(
        ["--quotes", "10000", "--check", "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "c")]
    )
    printed = capsys.readouterr().out
    assert "checked 200 searches against brute-force SQL: 0 differ" in printed, printed
    assert code == 0
    hits_line = next(line for line in printed.splitlines() if line.startswith("searches with hits:"))
    with_hits = int(hits_line.split(":")[1].split()[0])
    assert with_hits >= 150, hits_line  # the check compares real answers, not 200 empty pages


def _hit(article: str, start: int, score: float | None) -> SimpleNamespace:
    return SimpleNamespace(article_id=article, start_char=start, score=score)


WANT = [(3.0, ("a", 1)), (2.0, ("b", 5)), (2.0, ("c", 9)), (1.0, ("d", 2))]


@pytest.mark.parametrize(
    ("total", "hits", "wrong"),
    [
        (4, [_hit("a", 1, 3.0), _hit("c", 9, 2.0)], False),  # equal scores in either order
        (4, [_hit("a", 1, 3.0), _hit("b", 5, 2.0)], False),
        (5, [_hit("a", 1, 3.0), _hit("b", 5, 2.0)], True),  # a total that counts too many
        (4, [_hit("b", 5, 2.0), _hit("a", 1, 3.0)], True),  # the order of different scores
        (4, [_hit("a", 1, 3.0), _hit("d", 2, 2.0)], True),  # a quote with another score
        (4, [_hit("a", 1, 3.0)], True),  # a short page
    ],
)
def test_the_comparison_catches_a_wrong_answer(total: int, hits: list[SimpleNamespace], wrong: bool) -> None:
    why = disagreement(WANT, QuoteQuery(q="x", limit=2), total, hits)
    assert (why is not None) is wrong, why
