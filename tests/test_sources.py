"""Inputs: discovery, the decoding rule, and a reason for every input that cannot be used."""

import errno
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quoteflow.errors import TransientReadError
from quoteflow.records import Article, InputFile, Rejection
from quoteflow.sources import read as sources
from quoteflow.sources.decode import decode
from quoteflow.sources.discover import discover
from quoteflow.sources.metadata import date_from_name, guess_title
from quoteflow.sources.names import name_bytes, source_name
from quoteflow.sources.read import article_from_bytes, read_batch, read_records

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
    found, rejected, _skipped = discover(tmp_path)
    assert [f.source for f in found] == ["a.txt", "b/c.txt", "z.txt"]
    assert rejected == []


def test_symlinks_inside_are_followed_outside_are_rejected(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "real.txt").write_text(TEXT)
    (tmp_path / "secret.txt").write_text(TEXT)
    os.symlink(src / "real.txt", src / "inside.txt")
    os.symlink(tmp_path / "secret.txt", src / "outside.txt")
    found, rejected, _skipped = discover(src)
    assert [f.source for f in found] == ["inside.txt", "real.txt"]
    assert [(r.source, r.stage) for r in rejected] == [("outside.txt", "discover")]
    assert "outside SOURCE" in rejected[0].reason


def test_a_file_source_is_its_own_input(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(TEXT)
    found, _, _skipped = discover(path)
    assert [f.source for f in found] == ["one.txt"]


def read_one(ref: InputFile, max_bytes: int) -> Article | Rejection:
    """What an input that is one article (text, HTML) becomes: exactly one article or rejection."""
    (item,) = read_records(ref, max_bytes).items
    return item[1]


def _ref(path) -> InputFile:
    st = os.stat(path)
    return InputFile(path.name, str(path.parent), (path.name,), st.st_size, st.st_mtime_ns, st.st_dev, st.st_ino)


def test_size_limit_rejects_without_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 1000)
    result = read_one(_ref(path), max_bytes=999)
    assert isinstance(result, Rejection) and "over the limit" in result.reason


def test_vanished_file(tmp_path):
    path = tmp_path / "gone.txt"
    path.write_text(TEXT)
    ref = _ref(path)
    path.unlink()
    result = read_one(ref, max_bytes=10_000)
    assert isinstance(result, Rejection) and "vanished" in result.reason


def _failing_open(err):
    def fake_open(ref):
        raise err

    return fake_open


def test_unreadable_file_is_a_permanent_rejection(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text(TEXT)
    monkeypatch.setattr(sources, "open_input", _failing_open(PermissionError(errno.EACCES, "Permission denied")))
    result = read_one(_ref(path), max_bytes=10_000)
    assert isinstance(result, Rejection) and "permission denied" in result.reason


def test_transient_io_error_raises_for_a_retry(tmp_path, monkeypatch):
    path = tmp_path / "flaky.txt"
    path.write_text(TEXT)
    monkeypatch.setattr(sources, "open_input", _failing_open(OSError(errno.EIO, "Input/output error")))
    with pytest.raises(TransientReadError):
        read_one(_ref(path), max_bytes=10_000)


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


NAME_BYTES = st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\x00" not in b)


@given(parts=st.lists(NAME_BYTES, min_size=1, max_size=4))
def test_stored_names_are_utf8_and_give_back_the_file_name(parts):
    raw = b"/".join(parts)
    stored = source_name(os.fsdecode(raw))
    stored.encode("utf-8")  # always valid UTF-8, whatever the bytes
    assert name_bytes(stored) == raw


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        (b"caf\xe9.txt", "caf%E9.txt"),  # Latin-1 byte
        ("café.txt".encode(), "café.txt"),  # valid UTF-8 is kept as is
        (b"100%.txt", "100%25.txt"),  # a literal % is escaped, so the form stays reversible
        (b"news/\xff\xfe.txt", "news/%FF%FE.txt"),
    ],
)
def test_stored_name_examples(raw, stored):
    assert source_name(os.fsdecode(raw)) == stored and name_bytes(stored) == raw


def test_a_file_with_a_name_that_is_not_utf8_is_read_and_found_again(tmp_path):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as fh:
        fh.write(TEXT.encode())
    found, rejected, _skipped = discover(tmp_path)
    assert [f.source for f in found] == ["caf%E9.txt"] and rejected == []
    article = read_one(found[0], max_bytes=10_000)
    assert isinstance(article, Article) and article.text == TEXT
    with open(os.path.join(folder, name_bytes(article.source)), "rb") as fh:  # the stored name leads back
        assert fh.read() == TEXT.encode()


def test_a_file_replaced_by_another_between_listing_and_reading_is_read_next_run(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    (ref,) = discover(tmp_path)[0]
    (tmp_path / "new.tmp").write_text("Another text entirely.\n")
    os.replace(tmp_path / "new.tmp", tmp_path / "a.txt")  # as editors save: a new file renamed over
    batch = read_batch([ref], {}, 10_000, final_attempt=True)
    assert batch.articles == [] and batch.rejections == []
    assert [r.reason for _, r in batch.transient] == [
        "was replaced by another file between listing and reading: read on the next run"
    ]


def test_a_link_swapped_in_after_listing_is_not_followed(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(TEXT)
    (tmp_path / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (ref,) = discover(src)[0]
    (src / "a.txt").unlink()
    os.symlink(tmp_path / "secret.txt", src / "a.txt")
    result = read_one(ref, max_bytes=10_000)
    assert isinstance(result, Rejection) and "symbolic link" in result.reason
