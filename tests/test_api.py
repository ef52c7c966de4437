"""The Python API: `quoteflow.extract` gives a run's rows for one text, `import quoteflow` stays
light, and the README's "Python API" examples run as written."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys

import pytest

import quoteflow
from quoteflow.pipeline import run
from quoteflow.schemas.tables import TABLES
from quoteflow.schemas.vocab import ARTICLE_TABLES
from quoteflow.settings import Settings

from .conftest import ARTICLES, REPO, SEEDS, comparable, read_tables, write_articles

#: columns a run fills from its input and its own identity, not from the text
NOT_FROM_THE_TEXT = {"source", "run_id", "ingested_at"}


def without_run_columns(rows: list[dict]) -> list[tuple]:
    return comparable([{k: v for k, v in r.items() if k not in NOT_FROM_THE_TEXT} for r in rows])


@pytest.mark.parametrize(
    ("statement", "not_loaded"),
    [
        ("import quoteflow", {"prefect", "spacy", "pandera", "pandas", "typer"}),
        ("import quoteflow; quoteflow.open_dataset", {"prefect", "spacy", "pandera"}),
        ("import quoteflow; quoteflow.extract; quoteflow.Tables", {"prefect", "spacy"}),
    ],
)
def test_importing_quoteflow_loads_neither_prefect_nor_spacy(statement, not_loaded):
    probe = f"{statement}; import sys, json; print(json.dumps(sorted(m for m in sys.modules if '.' not in m)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    loaded = set(eval(done.stdout))  # a JSON list of strings is a Python literal
    assert not (loaded & not_loaded), f"{statement!r} imported {sorted(loaded & not_loaded)}"


def test_extract_gives_the_rows_a_run_writes_for_the_same_text(tmp_path):
    texts = {**dict(list(ARTICLES.items())[:2]), "seed.txt": sorted(SEEDS.glob("*.txt"))[0].read_text("utf-8")}
    src = write_articles(tmp_path / "in", texts)
    run(str(src), str(tmp_path / "out"), Settings())
    written = read_tables(tmp_path / "out")
    for text in texts.values():
        tables = quoteflow.extract(text)
        (aid,) = tables.articles.column("article_id").to_pylist()
        for name in ARTICLE_TABLES:
            mine = getattr(tables, name)
            assert mine.schema.equals(TABLES[name].arrow_schema), name
            theirs = [r for r in written[name] if r["article_id"] == aid]
            assert without_run_columns(mine.to_pylist()) == without_run_columns(theirs), name
        assert tables.quotes.num_rows > 0 and tables.people.num_rows > 0


def test_the_title_given_replaces_the_guessed_one():
    text = ARTICLES["news/story1.txt"]
    assert quoteflow.extract(text).articles.column("title").to_pylist() == [None]
    assert quoteflow.extract(text, title="Bridge news").articles.column("title").to_pylist() == ["Bridge news"]


@pytest.mark.parametrize(
    ("text", "stage", "reason"),
    [
        ("", "decode", "empty file"),
        (" \n\t\n", "decode", "only whitespace"),
        ("Mayor Jane Roe\x00 said so.", "decode", "binary"),
        ("Roe said \ud800 so.", "decode", "lone surrogates"),
    ],
)
def test_a_text_a_run_would_reject_raises_with_the_reason(text, stage, reason):
    with pytest.raises(quoteflow.ArticleRejected) as caught:
        quoteflow.extract(text)
    assert caught.value.stage == stage and reason in caught.value.reason
    assert isinstance(caught.value, quoteflow.QuoteflowError)


def test_extract_wants_a_str():
    with pytest.raises(TypeError, match="str"):
        quoteflow.extract(b"Mayor Jane Roe said so.")  # type: ignore[arg-type]


# ------------------------------------------------------------------ README examples --
def readme_python_blocks(section: str) -> list[str]:
    """The ```python blocks of one `## section` of the README, as written."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"\n## {section}\n")
    end = readme.find("\n## ", start + 1)
    body = readme[start : end if end != -1 else len(readme)]
    return re.findall(r"```python\n(.*?)```", body, flags=re.S)


def test_the_readme_has_python_api_examples():
    blocks = readme_python_blocks("Python API")
    assert len(blocks) >= 3 and any("open_dataset" in b for b in blocks) and any("extract(" in b for b in blocks)


def test_the_readme_python_api_examples_run_verbatim(tmp_path, monkeypatch):
    # the examples read an output folder `data` in the current folder: one made from the seed
    run(str(SEEDS), str(tmp_path / "data"), Settings())
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for block in readme_python_blocks("Python API"):
            exec(compile(block, "README.md (Python API)", "exec"), namespace)  # noqa: S102
    output = printed.getvalue()
    assert "Jane Roe" in output and "only whitespace" in output, output
