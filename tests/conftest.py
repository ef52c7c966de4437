"""Shared fixtures: one spaCy pipeline and one Prefect API per test session, parsed texts
cached by content, the shared evaluation data found through one setting.

Evaluation data (`QUOTEFLOW_EVAL_DIR`, default `../shared/eval`, with the seed's gold in
its sibling `gold/`) is present in CI; a fresh clone without it skips the tests that need
it, saying why. `QUOTEFLOW_FORBID_SKIPS=1` (set by `.ci/run`) turns any skip into a failure.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# The test harness's temporary Prefect server sends no telemetry (and logs no errors about it).
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import pytest

from quoteflow.extraction.extract import Extraction, extract
from quoteflow.extraction.parse import load_pipeline, parse
from quoteflow.schemas.vocab import ARTICLE_TABLES, TABLE_NAMES
from quoteflow.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
EVAL_DIR = Path(os.environ.get("QUOTEFLOW_EVAL_DIR", REPO.parent / "shared" / "eval")).resolve()
GOLD_DIR = EVAL_DIR.parent / "gold"
QUOTEFLOW = str(Path(sys.executable).with_name("quoteflow"))


def eval_path(*parts: str) -> Path:
    """A path under the shared evaluation data; skips the test (with the reason) when it is absent."""
    path = EVAL_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"evaluation data not found: {path} (set QUOTEFLOW_EVAL_DIR to the shared eval folder)")
    return path


def gold_files() -> list[Path]:
    files = sorted(GOLD_DIR.glob("*.json"))
    if not files:
        pytest.skip(f"seed gold not found in {GOLD_DIR} (set QUOTEFLOW_EVAL_DIR to the shared eval folder)")
    return files


@pytest.fixture(scope="session")
def nlp() -> Any:
    return load_pipeline(Settings().spacy_model)


@pytest.fixture(scope="session")
def analyze(nlp: Any) -> Callable[[str], tuple[Any, Extraction]]:
    """text -> (doc, Extraction), cached: several tests read the same short texts."""
    cache: dict[str, tuple[Any, Extraction]] = {}

    def run(text: str) -> tuple[Any, Extraction]:
        if text not in cache:
            doc = parse(nlp, [text])[0]
            cache[text] = (doc, extract(doc))
        return cache[text]

    return run


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[str]:
    """One temporary Prefect API for the whole session: flows run in-process against it, and
    CLI runs get its URL (`cli_env`) instead of starting a temporary API of their own."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        url = PREFECT_API_URL.value()
        assert url, "the Prefect test harness set no API URL"
        yield url


#: credentials moto accepts; no real account is ever reached
S3_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}


@pytest.fixture(scope="module")
def s3_env() -> Iterator[dict[str, str]]:
    """An S3 server (moto) on 127.0.0.1 for the module using it, and the environment that reaches it."""
    from moto.server import ThreadedMotoServer

    from quoteflow import s3

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {**S3_CREDENTIALS, "AWS_ENDPOINT_URL": f"http://{host}:{port}"}
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        s3._client.cache_clear()
        yield env
        s3._client.cache_clear()
    server.stop()


@pytest.fixture()
def cli_env(prefect_api: str, tmp_path: Path) -> dict[str, str]:
    """The environment of a CLI run in a test: the session's Prefect API, a private PREFECT_HOME."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTEFLOW_TEST_")}
    return {**env, "PREFECT_API_URL": prefect_api, "PREFECT_HOME": str(tmp_path / "prefect-home")}


def people(x: Extraction) -> dict[str, object]:
    return {e.name: e for e in x.entities if e.kind == "person"}


def organizations(x: Extraction) -> dict[str, object]:
    return {e.name: e for e in x.entities if e.kind == "organization"}


# ------------------------------------------------------------ dataset helpers --
RUN_COLUMNS = {"run_id", "ingested_at", "rejected_at", "first_seen", "last_seen", "redirected_at", "version"}
# (differ between runs by design: an undated article is first seen when it is ingested)


def read_tables(out: Path) -> dict[str, list[dict[str, Any]]]:
    """Every table of an output folder, as rows (what a reader opening `OUT/<table>` sees)."""
    import pyarrow.dataset as ds

    return {name: ds.dataset(str(Path(out) / name), format="parquet").to_table().to_pylist() for name in TABLE_NAMES}


def comparable(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Rows without run metadata, sorted: equal for two runs that wrote the same data."""
    return sorted(tuple(sorted((k, repr(v)) for k, v in r.items() if k not in RUN_COLUMNS)) for r in rows)


def by_article(tables: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    """article_id -> table -> comparable rows."""
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for name in ARTICLE_TABLES:
        for row in tables[name]:
            out.setdefault(row["article_id"], {n: [] for n in ARTICLE_TABLES})[name].append(row)
    return {aid: {n: comparable(rows) for n, rows in t.items()} for aid, t in out.items()}


def write_articles(folder: Path, articles: dict[str, str] | dict[str, str | bytes]) -> Path:
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


# ------------------------------------------------------------------ no skips in CI --
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under QUOTEFLOW_FORBID_SKIPS=1 (CI), a skipped test fails the run: CI has every
    dependency and the shared data, so a skip there hides a test that did not run."""
    if os.environ.get("QUOTEFLOW_FORBID_SKIPS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped:
        if reporter is not None:
            reporter.write_line(
                f"QUOTEFLOW_FORBID_SKIPS=1: {len(skipped)} test(s) skipped; CI must run them all", red=True
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
