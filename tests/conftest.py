"""Shared fixtures: one spaCy pipeline per test session, parsed texts cached by content."""

from __future__ import annotations

import os
from pathlib import Path

# The test harness's temporary Prefect server sends no telemetry (and logs no errors about it).
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import pytest
from quoteflow.extract import Extraction, extract
from quoteflow.nlp import load_pipeline, parse
from quoteflow.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline(Settings().spacy_model)


@pytest.fixture(scope="session")
def analyze(nlp):
    """text -> (doc, Extraction), cached: several tests read the same short texts."""
    cache: dict[str, tuple] = {}

    def run(text: str) -> tuple:
        if text not in cache:
            doc = parse(nlp, [text])[0]
            cache[text] = (doc, extract(doc))
        return cache[text]

    return run


def people(x: Extraction) -> dict[str, object]:
    return {e.name: e for e in x.entities if e.kind == "person"}


def organizations(x: Extraction) -> dict[str, object]:
    return {e.name: e for e in x.entities if e.kind == "organization"}


# ------------------------------------------------------------ dataset helpers --
TABLE_NAMES = ("articles", "people", "organizations", "quotes", "mentions", "rejects")
RUN_COLUMNS = {"run_id", "ingested_at", "rejected_at"}  # differ between runs by design


def read_tables(out: Path) -> dict[str, list[dict]]:
    """Every table of an output folder, as rows (what a reader opening `OUT/<table>` sees)."""
    import pyarrow.dataset as ds

    return {name: ds.dataset(str(Path(out) / name), format="parquet").to_table().to_pylist() for name in TABLE_NAMES}


def comparable(rows: list[dict]) -> list[tuple]:
    """Rows without run metadata, sorted: equal for two runs that wrote the same data."""
    return sorted(tuple(sorted((k, repr(v)) for k, v in r.items() if k not in RUN_COLUMNS)) for r in rows)


def by_article(tables: dict[str, list[dict]]) -> dict[str, dict[str, list[tuple]]]:
    """article_id -> table -> comparable rows."""
    out: dict[str, dict[str, list[tuple]]] = {}
    for name in TABLE_NAMES[:-1]:
        for row in tables[name]:
            out.setdefault(row["article_id"], {n: [] for n in TABLE_NAMES[:-1]})[name].append(row)
    return {aid: {n: comparable(rows) for n, rows in t.items()} for aid, t in out.items()}


def write_articles(folder: Path, articles: dict[str, str | bytes]) -> Path:
    for rel, content in articles.items():
        path = Path(folder) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return Path(folder)


ARTICLES = {
    f"news/story{k}.txt": (
        f"Mayor Jane Roe{k} said on Monday that bridge number {k} would reopen in May.\n"
        f"“We are ready,” Roe{k} said. “The steel for bridge {k} is in place.”\n"
        f"Initech{k} Vice President John Doe{k} disagreed. “It will take a year,” he said.\n"
    )
    for k in range(1, 7)
}
