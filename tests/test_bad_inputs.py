"""The bad-input catalogue: every input ends in `articles` or in `rejects` with a reason a
person understands, the run completes, and the good articles of the batch are written."""

import errno
import os
import signal
import socket
import subprocess
from pathlib import Path

import pytest

from quoteflow import pipeline
from quoteflow.flow import quoteflow_flow
from quoteflow.pipeline import run
from quoteflow.records import InputFile
from quoteflow.rows import build as dataset_rows
from quoteflow.settings import Settings
from quoteflow.sources import discover as discover_module
from quoteflow.sources import read as sources

from .conftest import ARTICLES, QUOTEFLOW, read_tables, write_articles

GOOD = {"good.txt": ARTICLES["news/story1.txt"]}


def vanished(src: Path, monkeypatch) -> None:
    real = pipeline.discover

    def listed_then_gone(path):
        listed = real(path)
        return listed._replace(found=listed.found + [InputFile("gone.txt", str(src), ("gone.txt",), 120, 1, 0, 0)])

    monkeypatch.setattr(pipeline, "discover", listed_then_gone)


def unreadable(src: Path, monkeypatch) -> None:
    write_articles(src, {"locked.txt": "A text nobody may read."})
    real = sources.open_input

    def guarded(ref):
        if ref.relpath[-1] == "locked.txt":
            raise PermissionError(errno.EACCES, "Permission denied", ref.path)
        return real(ref)

    monkeypatch.setattr(sources, "open_input", guarded)


def outside_link(src: Path, monkeypatch) -> None:
    secret = src.parent / "secret.txt"
    secret.write_text(ARTICLES["news/story2.txt"])
    os.symlink(secret, src / "link.txt")


def invalid_row(src: Path, monkeypatch) -> None:
    write_articles(src, {"bad-row.txt": ARTICLES["news/story3.txt"]})
    real = dataset_rows.article_rows

    def corrupt(article, extraction, run_info, model):
        rows = real(article, extraction, run_info, model)
        if article.source == "bad-row.txt":
            rows.rows["quotes"][0]["speaker_id"] = "per_" + "0" * 16  # names nobody in the article
        return rows

    monkeypatch.setattr(dataset_rows, "article_rows", corrupt)  # batch imports it per call


def fifo(src: Path, monkeypatch) -> None:
    os.mkfifo(src / "pipe.txt")  # opening it for reading would block forever


def unix_socket(src: Path, monkeypatch) -> None:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(src / "sock.txt"))  # the socket file stays when the socket closes


def after_listing(src: Path, monkeypatch, change) -> None:
    """Run `change` between listing SOURCE and reading it."""
    real = pipeline.discover

    def listed_then_changed(path):
        listed = real(path)
        change()
        return listed

    monkeypatch.setattr(pipeline, "discover", listed_then_changed)


def swapped_for_outside_link(src: Path, monkeypatch) -> None:
    write_articles(src, {"swap.txt": ARTICLES["news/story2.txt"]})
    secret = src.parent / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")

    def swap():
        (src / "swap.txt").unlink()
        os.symlink(secret, src / "swap.txt")

    after_listing(src, monkeypatch, swap)


def swapped_for_fifo(src: Path, monkeypatch) -> None:
    write_articles(src, {"swap.txt": ARTICLES["news/story2.txt"]})

    def swap():
        (src / "swap.txt").unlink()
        os.mkfifo(src / "swap.txt")

    after_listing(src, monkeypatch, swap)


def folder_swapped_for_link(src: Path, monkeypatch) -> None:
    write_articles(src, {"sub/inner.txt": ARTICLES["news/story2.txt"]})
    outside = write_articles(src.parent / "outside", {"inner.txt": "root:x:0:0:root:/root:/bin/bash\n"})

    def swap():
        (src / "sub" / "inner.txt").unlink()
        (src / "sub").rmdir()
        os.symlink(outside, src / "sub")

    after_listing(src, monkeypatch, swap)


def non_utf8_name(src: Path, monkeypatch) -> None:
    with open(os.path.join(os.fsencode(src), b"caf\xe9.txt"), "wb") as fh:
        fh.write(ARTICLES["news/story2.txt"].encode("utf-8"))


def remove_deep(folder: Path) -> None:
    """Remove a chain of nested "ddd" folders without recursion (shutil.rmtree overflows on it)."""
    current, k = folder / "ddd", 0
    while current.is_dir():
        for entry in current.iterdir():
            if entry.name != "ddd":
                entry.unlink()
        flattened = folder / f"flat{k}"
        if (current / "ddd").is_dir():
            os.rename(current / "ddd", flattened)
        current.rmdir()
        current, k = flattened, k + 1


@pytest.fixture(autouse=True)
def _no_deep_leftovers(tmp_path):
    yield
    if (tmp_path / "in" / "ddd").is_dir():
        remove_deep(tmp_path / "in")


def deeply_nested(src: Path, monkeypatch) -> None:
    """1,100 folders deep: a recursive walk overflows, and the path is longer than PATH_MAX."""
    fd = os.open(src, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(1100):
            os.mkdir("ddd", dir_fd=fd)
            child = os.open("ddd", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = child
        leaf = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(leaf, ARTICLES["news/story2.txt"].encode("utf-8"))
        os.close(leaf)
    finally:
        os.close(fd)


def unlistable_folder(src: Path, monkeypatch) -> None:
    write_articles(src, {"locked/hidden.txt": ARTICLES["news/story2.txt"]})
    real = discover_module.open_folder

    def guarded(root, parts):
        if parts[-1:] == ("locked",):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(root, parts)

    monkeypatch.setattr(discover_module, "open_folder", guarded)


# (id, files or setup, expected table, reason fragment, settings)
CATALOGUE = [
    ("empty-file", {"empty.txt": b""}, "rejects", "empty file", {}),
    ("whitespace-only", {"blank.txt": b" \n\t\r\n  "}, "rejects", "only whitespace", {}),
    ("binary-file", {"image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00"}, "rejects", "binary file", {}),
    ("windows-1252-text", {"latin.txt": "Jane Roe said “déjà vu” on Monday.".encode("cp1252")}, "articles", None, {}),
    ("not-decodable", {"garbage.txt": b"\x81\x8d\x8f\x90\x9d" * 20}, "rejects", "not UTF-8", {}),
    ("over-the-size-limit", {"huge.txt": "word " * 400}, "rejects", "over the limit", {"max_input_bytes": 1000}),
    ("vanished-before-reading", vanished, "rejects", "vanished", {}),
    ("unreadable", unreadable, "rejects", "permission denied", {}),
    ("symlink-outside-source", outside_link, "rejects", "outside SOURCE", {}),
    (
        "no-entities-no-quotes",
        {"plain.txt": "it rained all day and then it stopped.\nnothing else happened.\n"},
        "articles",
        None,
        {},
    ),
    (
        "unbalanced-marks",
        {"unbalanced.txt": "“She never closed this quote.\nJane Roe said “yes” to it. ”Stray.\n"},
        "articles",
        None,
        {},
    ),
    (
        "ten-thousand-marks",
        {"marks.txt": "Jane Roe said " + "“" * 5000 + "”" * 5000 + "\nDone.\n"},
        "articles",
        None,
        {},
    ),
    ("row-failing-validation", invalid_row, "rejects", "speaker_id_exists_in_article", {}),
    ("fifo-named-txt", fifo, "rejects", "FIFO", {}),
    ("socket-named-txt", unix_socket, "rejects", "socket", {}),
    ("file-swapped-for-an-outside-link-after-listing", swapped_for_outside_link, "rejects", "symbolic link", {}),
    ("file-swapped-for-a-fifo-after-listing", swapped_for_fifo, "rejects", "FIFO", {}),
    ("folder-swapped-for-a-link-after-listing", folder_swapped_for_link, "rejects", "not followed", {}),
    ("file-name-not-utf8", non_utf8_name, "articles", None, {}),
    ("nested-1100-folders-deep", deeply_nested, "articles", None, {}),
    ("folder-not-listable", unlistable_folder, "rejects", "cannot list the folder", {}),
]


@pytest.mark.parametrize(
    ("setup", "table", "reason", "overrides"), [c[1:] for c in CATALOGUE], ids=[c[0] for c in CATALOGUE]
)
def test_every_input_ends_in_articles_or_rejects(tmp_path, monkeypatch, setup, table, reason, overrides):
    src = write_articles(tmp_path / "in", GOOD)
    if callable(setup):
        setup(src, monkeypatch)
    else:
        write_articles(src, setup)
    signal.alarm(120)  # an input that blocks the run (a FIFO) fails the test instead of hanging it
    try:
        summary = run(str(src), str(tmp_path / "out"), Settings(**overrides))
    finally:
        signal.alarm(0)
    tables = read_tables(tmp_path / "out")
    assert summary.status == "completed"
    assert not any("root:x:0" in a["text"] for a in tables["articles"]), "a file outside SOURCE was read"
    sources_written = {a["source"] for a in tables["articles"]}
    assert "good.txt" in sources_written  # the rest of the batch is written
    if table == "articles":
        assert len(sources_written) == 2 and not tables["rejects"]
    else:
        assert tables["rejects"], "nothing was rejected"
        assert any(reason in (r["reason"] + " " + (r["check_name"] or "")) for r in tables["rejects"]), tables[
            "rejects"
        ]
    if reason == "speaker_id_exists_in_article":  # quarantined with pandera's failure case, article kept
        rej = tables["rejects"][0]
        assert rej["table_name"] == "quotes" and rej["failure_case"] and rej["record"]
        assert "bad-row.txt" in sources_written


def test_an_article_with_nothing_to_extract_is_kept_with_zero_rows_elsewhere(tmp_path):
    src = write_articles(tmp_path / "in", {"plain.txt": "it rained all day and then it stopped.\n"})
    run(str(src), str(tmp_path / "out"), Settings())
    tables = read_tables(tmp_path / "out")
    assert [a["source"] for a in tables["articles"]] == ["plain.txt"]
    assert all(tables[n] == [] for n in ("people", "organizations", "quotes", "mentions", "rejects"))


@pytest.mark.slow
def test_a_two_megabyte_one_line_text_is_processed(tmp_path):
    line = "Jane Roe said “the bridge will reopen in May” and the council agreed with the plan. "
    text = (line * (2_000_000 // len(line) + 1))[:2_000_000]
    src = write_articles(tmp_path / "in", {"one-line.txt": text})
    summary = run(str(src), str(tmp_path / "out"), Settings())
    tables = read_tables(tmp_path / "out")
    assert summary.rejected == 0 and len(tables["articles"]) == 1 and len(tables["articles"][0]["text"]) == 2_000_000
    assert len(tables["quotes"]) > 10_000


def test_the_cli_exits_0_on_a_folder_full_of_bad_inputs(tmp_path, cli_env):
    src = write_articles(
        tmp_path / "in", {**GOOD, "empty.txt": b"", "image.txt": b"\x00\x01\x02", "blank.txt": b"  \n"}
    )
    done = subprocess.run(
        [QUOTEFLOW, "run", str(src), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
        env=cli_env,
    )
    assert done.returncode == 0, done.stderr
    assert "3 rejected" in done.stdout and "Traceback" not in done.stderr
    tables = read_tables(tmp_path / "out")
    assert len(tables["articles"]) == 1 and len(tables["rejects"]) == 3


@pytest.mark.slow
def test_transient_read_errors_are_retried_by_prefect_permanent_ones_are_not(tmp_path, monkeypatch, prefect_api):
    src = write_articles(
        tmp_path / "in", {**GOOD, "flaky.txt": ARTICLES["news/story2.txt"], "locked.txt": "Nobody may read this."}
    )
    calls = {"flaky.txt": 0, "locked.txt": 0}
    real = sources.open_input

    def failing(ref):
        name = ref.relpath[-1]
        if name in calls:
            calls[name] += 1
            if name == "flaky.txt" and calls[name] == 1:
                raise OSError(errno.EIO, "Input/output error", ref.path)
            if name == "locked.txt":
                raise PermissionError(errno.EACCES, "Permission denied", ref.path)
        return real(ref)

    monkeypatch.setattr(sources, "open_input", failing)
    summary = quoteflow_flow(source=str(src), out=str(tmp_path / "out"))
    tables = read_tables(tmp_path / "out")
    assert sorted(a["source"] for a in tables["articles"]) == ["flaky.txt", "good.txt"]
    assert [(r["source"], "permission denied" in r["reason"]) for r in tables["rejects"]] == [("locked.txt", True)]
    # the first attempt stopped at the transient error (flaky.txt sorts first) and Prefect
    # retried the task; the permanent error, met on the retry, became a rejection at once
    assert calls == {"flaky.txt": 2, "locked.txt": 1}
    assert summary.status == "completed"


@pytest.mark.slow
def test_a_permanent_read_error_is_not_retried(tmp_path, monkeypatch, prefect_api):
    src = write_articles(tmp_path / "in", {**GOOD, "locked.txt": "Nobody may read this."})
    calls = []
    real = sources.open_input

    def failing(ref):
        if ref.relpath[-1] == "locked.txt":
            calls.append(ref.path)
            raise PermissionError(errno.EACCES, "Permission denied", ref.path)
        return real(ref)

    monkeypatch.setattr(sources, "open_input", failing)
    summary = quoteflow_flow(source=str(src), out=str(tmp_path / "out"))
    assert len(calls) == 1 and summary.rejected == 1 and summary.new == 2  # new, and one of them rejected
