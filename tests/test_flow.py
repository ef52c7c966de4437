"""The Prefect flow end to end (prefect_test_harness), and the CLI as a user runs it."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from quoteflow.flow import quoteflow_flow
from quoteflow.schemas.tables import TABLES

from .conftest import QUOTEFLOW, REPO, SEEDS, eval_path, gold_files

ARTICLES = {
    "city/bridge.txt": (
        "Bridge Will Reopen In May\n"
        "Mayor Jane Roe said on Monday that the bridge would reopen in May.\n"
        "“We are ready,” Roe said. “The steel is in place.”\n"
        "“It took two years.”\n"
    ),
    "business/acme.txt": "Acme Corp. Vice President of Sales John Doe spoke on Tuesday.\n“Sales are up,” Doe said.\n",
}


def write(folder: Path, articles: dict[str, str]) -> Path:
    for rel, text in articles.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_flow_writes_every_table_validated_and_readable(tmp_path, prefect_api):
    src = write(tmp_path / "in", ARTICLES)
    out = tmp_path / "out"
    summary = quoteflow_flow(source=str(src), out=str(out))
    assert (summary.status, summary.new, summary.rejected, summary.validation_failures) == ("completed", 2, 0, 0)

    def table(name: str) -> str:
        return f"read_parquet('{out}/{name}/**/*.parquet', hive_partitioning=true)"

    assert duckdb.sql(f"select count(*) from {table('articles')}").fetchall() == [(2,)]
    speakers = duckdb.sql(
        f"select speaker, quote_type, attribution from {table('quotes')} "
        "where quote_type <> 'indirect' order by start_char"
    ).fetchall()
    assert ("Jane Roe", "direct", "continuation") in speakers and ("John Doe", "direct", "explicit") in speakers
    # every table reads back in Polars with the documented Arrow types
    for name, contract in TABLES.items():
        frame = pl.read_parquet(str(out / name / "**" / "*.parquet"))
        assert frame.columns == contract.arrow_schema.names
        assert len(frame) == summary.rows.get(name, 0)
    people = pl.read_parquet(str(out / "people" / "**" / "*.parquet"))
    doe = people.filter(pl.col("name") == "John Doe").row(0, named=True)
    assert (doe["role"], doe["organization"]) == ("Vice President of Sales", "Acme Corp.")
    assert people.schema["aliases"] == pl.List(pl.String)


@pytest.mark.slow
def test_second_run_over_the_same_folder_writes_nothing(tmp_path, prefect_api):
    src = write(tmp_path / "in", ARTICLES)
    out = tmp_path / "out"
    first = quoteflow_flow(source=str(src), out=str(out))
    second = quoteflow_flow(source=str(src), out=str(out))
    assert (second.new, second.changed, second.unchanged, second.rows) == (0, 0, 2, {})
    assert second.snapshot is None and first.snapshot == 1


def run_cli(*args, cwd=REPO, env=None):
    return subprocess.run(
        [QUOTEFLOW, *args], cwd=cwd, capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})}
    )


@pytest.mark.slow
def test_cli_run_on_the_seed_passes_the_gold_check_without_a_traceback(tmp_path, cli_env):
    check_gold, gold = eval_path("check_gold.py"), gold_files()
    out = tmp_path / "seed-out"
    done = run_cli("run", str(SEEDS), "--out", str(out), env=cli_env)
    assert done.returncode == 0, done.stderr
    for stream in (done.stdout, done.stderr):
        assert "Traceback" not in stream and "ERROR" not in stream
    assert "articles" in done.stdout and "1 new" in done.stdout
    check = subprocess.run(
        [sys.executable, str(check_gold), "--data", str(out), *map(str, gold)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
    assert check.stdout.strip().endswith(" 0 failed")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "does/not/exist"], "does not exist"),
        (["run", "seeds", "--model", "no_such_pipeline"], "is not installed"),
        (["run", "seeds", "--batch-size", "0"], "Invalid value"),
    ],
)
def test_cli_user_mistakes_are_one_line_without_traceback(args, message, tmp_path):
    done = run_cli(*args, "--out", str(tmp_path / "o"))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


SEED = str(SEEDS / "000_4ee92ff4c902e359.txt")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", str(SEEDS), "--out", ""], "--out is empty"),
        (["run", "", "--out", "o"], "SOURCE is empty"),
        (["run", SEED, "--prune", "--out", "o"], "--prune needs SOURCE to be a folder"),
        (["serve", str(SEEDS), "--cron", "every monday", "--out", "o"], "is not a cron expression"),
        (["serve", str(SEEDS), "--cron", "61 * * * *", "--out", "o"], "is not a cron expression"),
        (["check", "no-such-output"], "holds no quoteflow dataset"),
    ],
)
def test_cli_more_mistakes_are_one_line_without_traceback(args, message, tmp_path):
    done = run_cli(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert list(tmp_path.iterdir()) == [], "a mistaken command wrote into the current folder"


def test_a_full_disk_during_a_commit_is_one_line_and_keeps_what_was_committed(tmp_path, cli_env):
    src = write(tmp_path / "in", {f"s{k}.txt": ARTICLES["city/bridge.txt"] + f"Story {k}.\n" for k in range(4)})
    out = tmp_path / "out"
    # writes from the 20th on fail: the empty first snapshot (10 tables + manifest) and the first
    # batch (7 tables with rows + manifest) are written, the second batch is not
    env = {**cli_env, "QUOTEFLOW_TEST_FAIL_WRITES": "ENOSPC@20"}
    done = run_cli("run", str(src), "--out", str(out), "--batch-size", "2", env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "No space left on device" in errors[0], done.stderr
    assert "nothing of that batch was published" in errors[0] and "Traceback" not in done.stdout + done.stderr
    assert len(pl.read_parquet(str(out / "articles" / "*.parquet"))) == 2  # the first batch, intact
    assert not list((out / ".quoteflow" / "tmp").iterdir()), "the half-built batch was left behind"
    again = run_cli("run", str(src), "--out", str(out), env=cli_env)  # space is back: the run resumes
    assert again.returncode == 0, again.stderr
    assert len(pl.read_parquet(str(out / "articles" / "*.parquet"))) == 4


def test_cli_bad_setting_in_the_environment_is_one_line(tmp_path):
    done = run_cli("run", "seeds", "--out", str(tmp_path / "o"), env={"QUOTEFLOW_BATCH_SIZE": "lots"})
    assert done.returncode == 2 and "QUOTEFLOW_BATCH_SIZE" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_cli_out_folder_with_foreign_tables_is_refused(tmp_path):
    (tmp_path / "o" / "quotes").mkdir(parents=True)
    done = run_cli("run", "seeds", "--out", str(tmp_path / "o"))
    assert done.returncode == 2 and "not a quoteflow table" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [[], ["run"]])
def test_help_for_every_command(command):
    done = run_cli(*command, "--help")
    assert done.returncode == 0 and "Usage" in done.stdout
