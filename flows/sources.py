"""Inputs: find the article files under SOURCE, read them, decode them, or say why not.

Everything here is plain Python over the local filesystem. Each input ends as an
`Article` or a `Rejection` with a reason a person can act on; nothing is dropped.

Decoding rule (documented in data/README.md):
1. a UTF-8 or UTF-16 byte-order mark decides the encoding (the mark is not kept);
2. otherwise a NUL byte means a binary file (rejected);
3. otherwise strict UTF-8;
4. otherwise strict Windows-1252 (which includes Latin-1 text), when the result has
   no control characters besides tab, newline, carriage return and form feed;
5. otherwise the file is rejected as undecodable.
The decoded text is stored exactly; every offset in every table indexes into it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .text import headline_span, paragraph_spans

#: file names matched under a SOURCE folder
INPUT_GLOB_SUFFIX = ".txt"

#: errno values that say "try again later" rather than "this file is bad"
TRANSIENT_ERRNOS = {errno.EIO, errno.EAGAIN, errno.EINTR, errno.ETIMEDOUT, errno.ESTALE, errno.EBUSY}

_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}


class TransientReadError(OSError):
    """An I/O error worth retrying (the task that reads is retried by Prefect)."""


@dataclass(frozen=True, slots=True)
class InputFile:
    source: str  # path relative to SOURCE, '/'-separated; what `articles.source` stores
    path: str  # absolute path to open
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Article:
    source: str
    text: str
    encoding: str
    content_sha256: str
    title: str | None
    published_at: datetime | None

    @property
    def article_id(self) -> str:
        return article_id_for(self.content_sha256)


@dataclass(frozen=True, slots=True)
class Rejection:
    source: str
    stage: str
    reason: str
    article_id: str | None = None
    content_sha256: str | None = None
    table_name: str | None = None
    check_name: str | None = None
    failure_case: str | None = None
    record: str | None = None


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_id_for(content_sha256: str) -> str:
    """The article id is the first 16 hex digits of the SHA-256 of its decoded text."""
    return content_sha256[:16]


# ----------------------------------------------------------------- discover --
def discover(source: Path) -> tuple[list[InputFile], list[Rejection]]:
    """Every `*.txt` file below `source` (or `source` itself if it is a file), sorted.

    Hidden files and folders (name starting with '.') are skipped. Symbolic links to
    files are followed only when their target lies inside `source`; the others are
    rejected (stage `discover`). Linked folders are not descended into.
    """
    source = Path(source)
    root = source.resolve()
    if source.is_file():
        st = source.stat()
        return [InputFile(source.name, str(root), st.st_size, st.st_mtime_ns)], []
    found: list[InputFile] = []
    rejected: list[Rejection] = []
    for dirpath, dirnames, filenames in os.walk(source, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith(INPUT_GLOB_SUFFIX):
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(source).as_posix()
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    rejected.append(
                        Rejection(rel, "discover", f"symbolic link to {target}, outside SOURCE: not followed")
                    )
                    continue
            try:
                st = path.stat()
            except OSError as exc:
                rejected.append(Rejection(rel, "discover", f"cannot stat the file: {exc.strerror or exc}"))
                continue
            found.append(InputFile(rel, str(path.absolute()), st.st_size, st.st_mtime_ns))
    found.sort(key=lambda f: f.source)
    return found, rejected


# --------------------------------------------------------------------- read --
def read_input(ref: InputFile, max_bytes: int) -> Article | Rejection:
    """Read and decode one input. Raises `TransientReadError` for errors worth a retry."""
    try:
        size = os.stat(ref.path).st_size
        if size > max_bytes:
            return Rejection(
                ref.source,
                "read",
                f"file is {size:,} bytes, over the limit of {max_bytes:,} (QUOTEFLOW_MAX_INPUT_BYTES)",
            )
        with open(ref.path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        return Rejection(ref.source, "read", "file vanished between listing and reading")
    except PermissionError:
        return Rejection(ref.source, "read", "file is not readable (permission denied)")
    except IsADirectoryError:
        return Rejection(ref.source, "read", "path is a directory, not a file")
    except OSError as exc:
        if exc.errno in TRANSIENT_ERRNOS:
            raise TransientReadError(exc.errno, f"{ref.source}: {exc.strerror}") from exc
        return Rejection(ref.source, "read", f"cannot read the file: {exc.strerror or exc}")
    if len(data) > max_bytes:  # grew after stat
        return Rejection(ref.source, "read", f"file is over the limit of {max_bytes:,} bytes")
    return article_from_bytes(ref.source, data)


def article_from_bytes(source: str, data: bytes) -> Article | Rejection:
    if not data:
        return Rejection(source, "decode", "empty file")
    decoded = decode(data)
    if isinstance(decoded, str):
        return Rejection(source, "decode", decoded)
    text, encoding = decoded
    sha = content_hash(text)
    if not text.strip():
        return Rejection(source, "decode", "file holds only whitespace", content_sha256=sha)
    return Article(
        source=source,
        text=text,
        encoding=encoding,
        content_sha256=sha,
        title=guess_title(text),
        published_at=date_from_name(source),
    )


def decode(data: bytes) -> tuple[str, str] | str:
    """(text, encoding) by the module's decoding rule, or the reason it cannot be decoded."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return _checked(data.decode("utf-8-sig"), "utf-8-sig")
        except UnicodeDecodeError as exc:
            return f"has a UTF-8 byte-order mark but invalid UTF-8 at byte {exc.start}"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            return f"has a UTF-16 byte-order mark but invalid UTF-16 at byte {exc.start}"
    if b"\x00" in data:
        return "binary file (contains NUL bytes), not text"
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return f"not UTF-8 (invalid byte at {utf8_error.start}) and not Windows-1252 text"
        result = _checked(text, "cp1252")
        if isinstance(result, str):
            return f"not UTF-8 (invalid byte at {utf8_error.start}); as Windows-1252 it {result}"
        return result


def _checked(text: str, encoding: str) -> tuple[str, str] | str:
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    if bad and (encoding == "cp1252" or bad > max(8, len(text) // 100)):
        return f"contains {bad} control characters: binary data, not text"
    return text, encoding


# ----------------------------------------------------------------- metadata --
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def date_from_name(source: str) -> datetime | None:
    """`published_at`: an ISO date (YYYY-MM-DD) in the file name, as midnight UTC; else None."""
    m = _ISO_DATE.search(source.rsplit("/", 1)[-1])
    if not m:
        return None
    try:
        return datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=UTC)
    except ValueError:
        return None


def guess_title(text: str) -> str | None:
    """`articles.title`: the headline paragraph, when the text starts with one."""
    span = headline_span(text, paragraph_spans(text))
    return text[span[0] : span[1]] if span else None
