"""Inputs: discovery, the decoding rule, and a reason for every input that cannot be used."""

import errno
import os

import pytest

from quoteflow.errors import TransientReadError
from quoteflow.records import Article, InputFile, Rejection
from quoteflow.sources import read as sources
from quoteflow.sources.decode import decode
from quoteflow.sources.discover import discover
from quoteflow.sources.metadata import date_from_name, guess_title
from quoteflow.sources.read import article_from_bytes, read_input

TEXT = "Jane Roe said “hello” to the council.\n"

DECODE_CASES = [
    ("utf-8", TEXT.encode("utf-8"), TEXT, "utf-8"),
    ("utf-8-bom-dropped", b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT, "utf-8-sig"),
    ("utf-16-with-bom", TEXT.encode("utf-16"), TEXT, "utf-16"),
    ("windows-1252-fallback", "café “déjà vu”\n".encode("cp1252"), "café “déjà vu”\n", "cp1252"),
]


@pytest.mark.parametrize(("data", "text", "encoding"), [c[1:] for c in DECODE_CASES], ids=[c[0] for c in DECODE_CASES])
def test_decoding_rule(data, text, encoding):
    assert decode(data) == (text, encoding)


REJECT_CASES = [
    ("empty", b"", "empty file"),
    ("whitespace-only", b" \n\t \r\n", "only whitespace"),
    ("binary-nul", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("control-characters", bytes(range(1, 9)) * 20 + b"\xff", "control characters"),
]


@pytest.mark.parametrize(("data", "reason"), [c[1:] for c in REJECT_CASES], ids=[c[0] for c in REJECT_CASES])
def test_undecodable_inputs_are_rejected_with_a_reason(data, reason):
    result = article_from_bytes("a.txt", data)
    assert isinstance(result, Rejection)
    assert result.stage == "decode" and reason in result.reason


def test_article_id_derives_from_the_decoded_text():
    a = article_from_bytes("a.txt", TEXT.encode("utf-8"))
    b = article_from_bytes("b.txt", TEXT.encode("utf-16"))
    c = article_from_bytes("c.txt", (TEXT + "x").encode("utf-8"))
    assert isinstance(a, Article) and isinstance(b, Article) and isinstance(c, Article)
    assert a.article_id == b.article_id != c.article_id
    assert len(a.article_id) == 16 and a.content_sha256.startswith(a.article_id)


def test_discover_recurses_sorted_and_skips_hidden_and_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel in ("z.txt", "a.txt", "b/c.txt", ".hidden/d.txt", ".e.txt", "notes.md"):
        (tmp_path / rel).write_text(TEXT)
    found, rejected = discover(tmp_path)
    assert [f.source for f in found] == ["a.txt", "b/c.txt", "z.txt"]
    assert rejected == []


def test_symlinks_inside_are_followed_outside_are_rejected(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "real.txt").write_text(TEXT)
    (tmp_path / "secret.txt").write_text(TEXT)
    os.symlink(src / "real.txt", src / "inside.txt")
    os.symlink(tmp_path / "secret.txt", src / "outside.txt")
    found, rejected = discover(src)
    assert [f.source for f in found] == ["inside.txt", "real.txt"]
    assert [(r.source, r.stage) for r in rejected] == [("outside.txt", "discover")]
    assert "outside SOURCE" in rejected[0].reason


def test_a_file_source_is_its_own_input(tmp_path):
    path = tmp_path / "one.text"
    path.write_text(TEXT)
    found, _ = discover(path)
    assert [f.source for f in found] == ["one.text"]


def _ref(path) -> InputFile:
    st = os.stat(path)
    return InputFile(path.name, str(path), st.st_size, st.st_mtime_ns)


def test_size_limit_rejects_without_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 1000)
    result = read_input(_ref(path), max_bytes=999)
    assert isinstance(result, Rejection) and "over the limit" in result.reason


def test_vanished_file(tmp_path):
    path = tmp_path / "gone.txt"
    path.write_text(TEXT)
    ref = _ref(path)
    path.unlink()
    result = read_input(ref, max_bytes=10_000)
    assert isinstance(result, Rejection) and "vanished" in result.reason


def _failing_open(err):
    def fake_open(*args, **kwargs):
        raise err

    return fake_open


def test_unreadable_file_is_a_permanent_rejection(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text(TEXT)
    monkeypatch.setattr(
        sources, "open", _failing_open(PermissionError(errno.EACCES, "Permission denied")), raising=False
    )
    result = read_input(_ref(path), max_bytes=10_000)
    assert isinstance(result, Rejection) and "permission denied" in result.reason


def test_transient_io_error_raises_for_a_retry(tmp_path, monkeypatch):
    path = tmp_path / "flaky.txt"
    path.write_text(TEXT)
    monkeypatch.setattr(sources, "open", _failing_open(OSError(errno.EIO, "Input/output error")), raising=False)
    with pytest.raises(TransientReadError):
        read_input(_ref(path), max_bytes=10_000)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nyt_2016-09-08_story.txt", "2016-09-08"),
        ("story.txt", None),
        ("x_2016-13-45.txt", None),
        ("2016-09-08/a.txt", None),
    ],
)
def test_published_at_from_an_iso_date_in_the_file_name(name, expected):
    got = date_from_name(name)
    assert (got.date().isoformat() if got else None) == expected
    if got:
        assert got.utcoffset().total_seconds() == 0


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Council Votes To Rebuild The Old Bridge\nThe council voted on Monday to rebuild it.",
            "Council Votes To Rebuild The Old Bridge",
        ),
        ("Council votes to rebuild bridge\nThe council voted on Monday.", "Council votes to rebuild bridge"),
        ("The council voted on Monday to rebuild the bridge.\nIt will cost a lot.", None),
        ("Only one paragraph here", None),
    ],
)
def test_title_is_a_headline_first_paragraph(text, title):
    assert guess_title(text) == title
