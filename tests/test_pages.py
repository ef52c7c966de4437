"""Pages as the web serves them: nested deeper than a parser's default limit, `.txt` files
that mention `<html>` in prose, JavaScript app shells, timestamps with a time of day, and a
file of another type named directly as SOURCE. Every one is read right or rejected saying why."""

from __future__ import annotations

from pathlib import Path

import pytest

from quoteflow.records import Article, Rejection
from quoteflow.sources.read import read_records

from .test_formats import ref

STORY = (
    "Harbor master Tilda Quenby said on Tuesday that the eastern pier would close for a month of repairs. "
    "“The pilings are older than the lighthouse,” Quenby said, adding that ferries would use the west pier "
    "until the crews from the county yard had replaced the worst of them."
)


def read_one(path: Path) -> Article | Rejection:
    [(_, result)] = read_records(ref(path, path.parent), 5_000_000).items
    return result


def nested(depth: int, nav: str = "") -> str:
    """A page whose story sits `depth` elements deep (as unclosed tags or wrapper divs leave it)."""
    return (
        f"<!doctype html><html><head><title>Pier Closes</title></head><body>{nav}"
        + "<div>" * depth
        + f"<article><p>{STORY}</p></article>"
        + "</div>" * depth
        + "</body></html>"
    )


# ----------------------------------------------------------------- deep nesting --
@pytest.mark.parametrize("depth", [300, 1500])
def test_a_page_nested_deeper_than_the_parsers_default_limit_is_read(tmp_path, depth):
    path = tmp_path / "deep.html"
    path.write_text(nested(depth, nav='<nav><a href="/">Home</a> <a href="/port">Port news</a></nav>'))
    article = read_one(path)
    assert isinstance(article, Article), article
    assert STORY in article.text and "Port news" not in article.text


def test_a_page_nested_too_deeply_for_the_parser_says_so(tmp_path):
    path = tmp_path / "abyss.html"
    path.write_text(nested(3000))
    rejection = read_one(path)
    assert isinstance(rejection, Rejection)
    assert "nested too deeply" in rejection.reason and "2,048" in rejection.reason
    assert "navigation" not in rejection.reason
