"""Against a real S3 API (moto's server on 127.0.0.1, reached through AWS_ENDPOINT_URL as
any S3 endpoint would be): the CLI writes, re-runs, takes a changed object, survives a
kill mid-commit, and two runs racing to commit neither duplicate nor lose a row. SOURCE may be
an s3:// prefix, read by the rules files follow."""

import re
import subprocess
import time
import uuid
from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pytest

from quoteflow import pipeline
from quoteflow.dataset.store import open_store
from quoteflow.schemas.vocab import TABLE_NAMES
from quoteflow.settings import Settings
from quoteflow.sources.discover import discover
from quoteflow.sources.read import read_batch

from .conftest import ARTICLES, QUOTEFLOW, comparable, read_tables, write_articles

pytestmark = pytest.mark.slow


@pytest.fixture()
def bucket(s3_env):
    import boto3

    name = f"qf-{uuid.uuid4().hex[:12]}"
    boto3.client("s3").create_bucket(Bucket=name)
    return name


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The tables of a plain local run over ARTICLES, and over ARTICLES with story 3 edited."""
    root = tmp_path_factory.mktemp("s3-reference")
    settings = Settings(batch_size=2)
    src = write_articles(root / "in", ARTICLES)
    pipeline.run(str(src), str(root / "out"), settings)
    edited = write_articles(root / "edited", {**ARTICLES, "news/story3.txt": EDITED})
    pipeline.run(str(edited), str(root / "out-edited"), settings)
    return {"plain": _comparable(read_tables(root / "out")), "edited": _comparable(read_tables(root / "out-edited"))}


EDITED = "Governor Ann Vale said the ferry would run again. “It is ready,” Vale said.\n"


def _comparable(tables):
    return {name: comparable(rows) for name, rows in tables.items()}


def s3_tables(env, uri: str):
    """Every table under an s3:// output, read as plain Parquet from its table folders."""
    fs = pafs.S3FileSystem(
        endpoint_override=env["AWS_ENDPOINT_URL"], access_key="testing", secret_key="testing", region="us-east-1"
    )
    root = uri.removeprefix("s3://")
    return {
        name: ds.dataset(f"{root}/{name}", filesystem=fs, format="parquet").to_table().to_pylist()
        for name in TABLE_NAMES
    }


def put_objects(bucket: str, prefix: str, objects: dict[str, str | bytes]) -> None:
    import boto3

    client = boto3.client("s3")
    for key, body in objects.items():
        client.put_object(Bucket=bucket, Key=f"{prefix}/{key}", Body=body if isinstance(body, bytes) else body.encode())


def cli(env, cli_env, *args, check=True):
    """`quoteflow run ARGS` against the S3 server, to its end."""
    done = subprocess.run(
        [QUOTEFLOW, "run", *args], env={**cli_env, **env}, text=True, capture_output=True, timeout=300
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Traceback" not in done.stdout + done.stderr
    return done


def summary_line(output: str) -> str:
    return next(line for line in output.splitlines() if re.match(r"\d+ inputs?: ", line))


def test_the_cli_reads_an_s3_source_into_an_s3_output_incrementally(s3_env, cli_env, bucket, reference):
    put_objects(bucket, "in", ARTICLES)
    source, out = f"s3://{bucket}/in", f"s3://{bucket}/out"
    first = cli(s3_env, cli_env, source, "--out", out, "--batch-size", "2")
    assert "6 new" in summary_line(first.stdout), first.stdout
    assert _comparable(s3_tables(s3_env, out)) == reference["plain"]

    again = cli(s3_env, cli_env, source, "--out", out, "--batch-size", "2")
    assert "since the last run (6 inputs unchanged): no rows written" in again.stdout, again.stdout

    put_objects(bucket, "in", {"news/story3.txt": EDITED})
    edited = cli(s3_env, cli_env, source, "--out", out, "--batch-size", "2")
    assert "0 new, 1 changed, 5 unchanged" in summary_line(edited.stdout), edited.stdout
    tables = s3_tables(s3_env, out)
    assert _comparable(tables) == reference["edited"]
    # the pinned reading API sees what the plain table folders hold, between runs
    import quoteflow

    opened = quoteflow.open_dataset(out)
    for name in TABLE_NAMES:
        assert comparable(opened[name].to_table().to_pylist()) == comparable(tables[name]), name
    # the manifest keys are object keys, with their size, ETag and modification time
    manifest = open_store(out).manifest()
    assert sorted(manifest) == sorted(ARTICLES)
    assert all(e.etag and e.etag.startswith('"') and e.size > 0 and e.mtime_ns > 0 for e in manifest.values())


def kill_run(s3_env, cli_env, src, out: str, point: str) -> None:
    """A CLI run of SOURCE into `out` in batches of two, killed at the crash point `point`."""
    env = {**cli_env, "QUOTEFLOW_TEST_CRASH_AT": point}
    killed = cli(s3_env, env, str(src), "--out", out, "--batch-size", "2", check=False)
    assert killed.returncode != 0


def test_a_run_killed_mid_commit_on_s3_resumes_to_the_tables_of_a_clean_run(
    s3_env, cli_env, bucket, reference, tmp_path
):
    src = write_articles(tmp_path / "in", ARTICLES)
    out = f"s3://{bucket}/out"
    kill_run(s3_env, cli_env, src, out, "after_write_people@2")
    committed = open_store(out).manifest()
    assert 0 < len(committed) < len(ARTICLES), "the kill must land after one commit and before the last"
    resumed = cli(s3_env, cli_env, str(src), "--out", out, "--batch-size", "2")
    assert f"{len(ARTICLES) - len(committed)} new" in summary_line(resumed.stdout)
    assert _comparable(s3_tables(s3_env, out)) == reference["plain"]
    check = subprocess.run([QUOTEFLOW, "check", out], env={**cli_env, **s3_env}, text=True, capture_output=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_s3_output_killed_right_after_its_commit_point_is_found_by_check_and_brought_up_to_date(
    s3_env, cli_env, bucket, tmp_path
):
    src = write_articles(tmp_path / "in", ARTICLES)
    out = f"s3://{bucket}/out"
    kill_run(s3_env, cli_env, src, out, "after_publish@2")
    committed = open_store(out).manifest()
    assert len(committed) == 4, "the kill must land right after the second commit point"
    assert len(s3_tables(s3_env, out)["articles"]) == 2  # the table folders still hold version 1

    def qf(*args):
        return subprocess.run([QUOTEFLOW, *args], env={**cli_env, **s3_env}, text=True, capture_output=True)

    checked = qf("check", out)
    assert checked.returncode == 1 and "articles" in checked.stderr, checked.stdout + checked.stderr
    repaired = qf("repair", out)
    assert repaired.returncode == 0 and "up to date" in repaired.stdout, repaired.stdout + repaired.stderr
    assert qf("check", out).returncode == 0
    assert sorted(a["source"] for a in s3_tables(s3_env, out)["articles"]) == sorted(committed)


def _wait_for(path: Path, proc: subprocess.Popen, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.1)


def _race(s3_env, cli_env, ours, theirs, out, gate, second_new):
    """Our run paused before its commit point, theirs run to the end (`second_new` in its summary),
    then ours released: its output, after it exited 0."""
    first = _paused_run(s3_env, cli_env, ours, out, gate)
    second = cli(s3_env, cli_env, str(theirs), "--out", out, "--batch-size", "6")
    assert second_new in summary_line(second.stdout), second.stdout
    gate.touch()
    output, _ = first.communicate(timeout=300)
    assert first.returncode == 0, output
    return output


def _paused_run(s3_env, cli_env, src, out, gate: Path) -> subprocess.Popen:
    """A run that stops just before its first commit point until `gate` exists."""
    run = subprocess.Popen(
        [QUOTEFLOW, "run", str(src), "--out", out, "--batch-size", "6"],
        env={**cli_env, **s3_env, "QUOTEFLOW_TEST_PAUSE_AT": f"before_publish@1:{gate}"},
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    _wait_for(Path(f"{gate}.paused"), run)
    return run


def _manifests(bucket: str) -> list[str]:
    import boto3

    listed = boto3.client("s3").list_objects_v2(Bucket=bucket, Prefix="out/.quoteflow/manifest-")
    return sorted(o["Key"].rsplit("/", 1)[1] for o in listed.get("Contents", []))


def _one_row_per_input(tables) -> None:
    sources = [r["source"] for r in tables["articles"]] + [r["source"] for r in tables["rejects"]]
    assert len(sources) == len(set(sources)), sorted(sources)


def test_two_runs_racing_on_the_same_inputs_commit_them_once_and_the_loser_stands_down(
    s3_env, cli_env, bucket, reference, tmp_path
):
    """No writer marker: the second run commits while the first waits before its commit point;
    the first then finds version 1 taken, plans its batch again and finds every input done."""
    src = write_articles(tmp_path / "in", ARTICLES)
    out, gate = f"s3://{bucket}/out", tmp_path / "gate"
    output = _race(s3_env, cli_env, src, src, out, gate, "6 new")
    assert (
        "another run committed version 1 first; this batch stood down: every input was already committed" in output
    ), output
    assert _manifests(bucket) == ["manifest-00000000.parquet", "manifest-00000001.parquet"]  # the loser's: none
    tables = s3_tables(s3_env, out)
    assert _comparable(tables) == reference["plain"]  # nothing duplicated, nothing lost
    _one_row_per_input(tables)
    third = cli(s3_env, cli_env, str(src), "--out", out)
    assert "since the last run (6 inputs unchanged): no rows written" in third.stdout, third.stdout
    check = subprocess.run([QUOTEFLOW, "check", out], env={**cli_env, **s3_env}, text=True, capture_output=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_two_runs_racing_on_different_inputs_both_commit_and_the_loser_says_so(
    s3_env, cli_env, bucket, reference, tmp_path
):
    names = sorted(ARTICLES)
    ours = write_articles(tmp_path / "ours", {k: ARTICLES[k] for k in names[:3]})
    theirs = write_articles(tmp_path / "theirs", {k: ARTICLES[k] for k in names[3:]})
    out, gate = f"s3://{bucket}/out", tmp_path / "gate"
    output = _race(s3_env, cli_env, ours, theirs, out, gate, "3 new")
    assert "another run committed version 1 first; this batch was re-planned and committed as version 2" in output
    assert "3 new" in summary_line(output), output
    assert _manifests(bucket) == [f"manifest-{n:08d}.parquet" for n in range(3)]  # no commit lost
    assert sorted(open_store(out).manifest()) == names
    tables = s3_tables(s3_env, out)
    assert sorted(a["source"] for a in tables["articles"]) == names
    _one_row_per_input(tables)
    assert len(tables["quotes"]) == len(reference["plain"]["quotes"])
    check = subprocess.run([QUOTEFLOW, "check", out], env={**cli_env, **s3_env}, text=True, capture_output=True)
    assert check.returncode == 0, check.stdout + check.stderr


# ------------------------------------------------------------------ an s3:// SOURCE --
def test_an_s3_prefix_is_listed_by_the_rules_a_folder_is(bucket):
    put_objects(
        bucket,
        "in",
        {
            "a.txt": "one",
            "sub/b.txt": "two",
            "notes.md": "not an input",
            ".hidden/c.txt": "hidden",
            "sub/.d.txt": "hidden",
            "sub/": b"",  # a folder marker
        },
    )
    put_objects(bucket, "in2", {"e.txt": "another prefix"})
    put_objects(bucket, "in", {"100%/f.txt": "percent"})
    found, rejected, _skipped = discover(f"s3://{bucket}/in")
    assert [f.source for f in found] == ["100%25/f.txt", "a.txt", "sub/b.txt"]
    assert rejected == []
    assert all(f.etag and f.size > 0 for f in found)
    one, _, _skipped = discover(f"s3://{bucket}/in/sub/b.txt")
    assert [(f.source, f.root) for f in one] == [("b.txt", f"s3://{bucket}/in/sub")]


def test_an_object_is_read_only_as_listed_and_within_the_size_limit(bucket):
    put_objects(bucket, "in", {"a.txt": "Mayor Jane Roe spoke.", "big.txt": "x" * 200, "gone.txt": "soon gone"})
    found, _, _skipped = discover(f"s3://{bucket}/in")
    put_objects(bucket, "in", {"a.txt": "Replaced after listing."})
    import boto3

    boto3.client("s3").delete_object(Bucket=bucket, Key="in/gone.txt")
    read = read_batch(found, {}, max_bytes=100, final_attempt=True)
    assert [f.source for f, _ in read.transient] == ["a.txt"]  # read again on the next run
    reasons = {f.source: r.reason for f, r in read.rejections}
    assert reasons["big.txt"].startswith("object is 200 bytes, over the limit of 100")
    assert reasons["gone.txt"] == "object vanished between listing and reading"
    again, _, _skipped = discover(f"s3://{bucket}/in")
    fresh = read_batch([f for f in again if f.source == "a.txt"], {}, max_bytes=100, final_attempt=True)
    assert [a.text for _, a in fresh.articles] == ["Replaced after listing."]


def test_a_missing_bucket_is_one_line_naming_it(s3_env, cli_env, tmp_path):
    done = cli(s3_env, cli_env, "s3://no-such-bucket-here/in", "--out", str(tmp_path / "out"), check=False)
    assert done.returncode != 0
    assert "Traceback" not in done.stdout + done.stderr
    assert "no-such-bucket-here" in done.stdout + done.stderr


def test_a_key_with_an_empty_path_segment_is_listed_read_and_counted(bucket, tmp_path):
    bodies = {
        "2024//story.txt": "Mayor Jane Roe said the bridge would reopen.",
        "/lead.txt": "Governor Ann Vale said the ferry would run again.",
    }
    put_objects(bucket, "in", bodies)  # keys "in/2024//story.txt" and "in//lead.txt"
    found, rejected, skipped = discover(f"s3://{bucket}/in")
    assert sorted(f.source for f in found) == sorted(bodies) and rejected == [] and skipped == {}
    read = read_batch(found, {}, max_bytes=1000, final_attempt=True)
    assert {f.source: a.text for f, a in read.articles} == bodies, read.rejections
    one, _, _ = discover(f"s3://{bucket}/in/2024//story.txt")  # SOURCE naming the object itself
    assert [a.text for _, a in read_batch(one, {}, max_bytes=1000, final_attempt=True).articles] == [
        bodies["2024//story.txt"]
    ]
    summary = pipeline.run(f"s3://{bucket}/in", str(tmp_path / "out"), Settings())
    assert (summary.inputs, summary.new) == (2, 2)
    assert sorted(a["source"] for a in read_tables(tmp_path / "out")["articles"]) == sorted(bodies)


def test_explore_syncs_its_cache_from_an_s3_output_and_answers_from_it(s3_env, bucket, tmp_path):
    """`quoteflow explore s3://…`: the cache reads the pinned version's objects through pyarrow,
    and a search answers what the S3 tables hold, also after a second run added an article."""
    from quoteflow.dataset.reader import open_dataset
    from quoteflow.explore.cache import open_cache
    from quoteflow.explore.queries import QuoteQuery, search_quotes

    out = f"s3://{bucket}/out"
    first = dict(list(ARTICLES.items())[:3])
    pipeline.run(str(write_articles(tmp_path / "in", first)), out, Settings(batch_size=2))
    cache = open_cache(out, tmp_path / "cache")
    stored = open_dataset(out)["quotes"].to_table().num_rows
    assert stored > 0 and search_quotes(cache.connection(), QuoteQuery(limit=200)).total == stored
    pipeline.run(str(write_articles(tmp_path / "in", ARTICLES)), out, Settings(batch_size=2))
    assert cache.refresh()
    stored_after = open_dataset(out)["quotes"].to_table().num_rows
    assert stored_after > stored and search_quotes(cache.connection(), QuoteQuery(limit=200)).total == stored_after
    cache.close()
