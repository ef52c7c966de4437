"""Reading inputs: bytes from disk, decoded into an `Article`, or a `Rejection` saying why not.

    read_input(InputFile("a.txt", "/in/a.txt", 120, 0), max_bytes=5_000_000)
    # -> Article("a.txt", "Mayor Jane Roe said …", "utf-8", …)
    #    or Rejection("a.txt", "read", "file is not readable (permission denied)")

Every input is opened by `safe_open.open_input` (no link followed, only the regular file
that was listed). I/O errors that say "try again later" (EIO, EAGAIN, ESTALE …) raise
`TransientReadError` so the caller can retry; every other problem is a rejection.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..errors import RetryLater, TransientReadError
from ..records import Article, InputFile, Rejection, content_hash
from ..schemas.vocab import RejectStage
from .bucket import read_object
from .decode import decode
from .metadata import date_from_name, guess_title
from .safe_open import InputRefused, open_input

#: errno values that say "try again later" rather than "this file is bad"
TRANSIENT_ERRNOS = {errno.EIO, errno.EAGAIN, errno.EINTR, errno.ETIMEDOUT, errno.ESTALE, errno.EBUSY}


def read_input(ref: InputFile, max_bytes: int) -> Article | Rejection:
    """Read and decode one input, through `safe_open.open_input` (or, for an object, `bucket.read_object`).

    Raises `TransientReadError` for I/O errors worth a retry now, `RetryLater` when the
    file changed under the reader (the next run reads it again)."""
    # an object under an s3:// SOURCE has an ETag; a file, a device and an inode
    data = read_object(ref, max_bytes) if ref.etag is not None else _read_file(ref, max_bytes)
    if isinstance(data, Rejection):
        return data
    if len(data) > max_bytes:  # grew after it was listed
        return Rejection(ref.source, RejectStage.READ, f"file is over the limit of {max_bytes:,} bytes")
    return article_from_bytes(ref.source, data)


def _read_file(ref: InputFile, max_bytes: int) -> bytes | Rejection:
    try:
        with open_input(ref) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                reason = f"file is {size:,} bytes, over the limit of {max_bytes:,} (QUOTEFLOW_MAX_INPUT_BYTES)"
                return Rejection(ref.source, RejectStage.READ, reason)
            data = fh.read(max_bytes + 1)
    except InputRefused as exc:
        if exc.retry:
            raise RetryLater(str(exc)) from exc
        return Rejection(ref.source, RejectStage.READ, str(exc))
    except FileNotFoundError:
        return Rejection(ref.source, RejectStage.READ, "file vanished between listing and reading")
    except PermissionError:
        return Rejection(ref.source, RejectStage.READ, "file is not readable (permission denied)")
    except OSError as exc:
        if exc.errno in TRANSIENT_ERRNOS:
            raise TransientReadError(exc.errno, f"{ref.source}: {exc.strerror}") from exc
        return Rejection(ref.source, RejectStage.READ, f"cannot read the file: {exc.strerror or exc}")
    return data


def article_from_bytes(source: str, data: bytes) -> Article | Rejection:
    """An `Article` from an input's bytes, or the reason they are not usable text."""
    if not data:
        return Rejection(source, RejectStage.DECODE, "empty file")
    decoded = decode(data)
    if isinstance(decoded, str):
        return Rejection(source, RejectStage.DECODE, decoded)
    text, encoding = decoded
    sha = content_hash(text)
    if not text.strip():
        return Rejection(source, RejectStage.DECODE, "file holds only whitespace", content_sha256=sha)
    return Article(
        source=source,
        text=text,
        encoding=encoding,
        content_sha256=sha,
        title=guess_title(text),
        published_at=date_from_name(source),
    )


@dataclass(frozen=True)
class ReadBatch:
    """A batch of inputs after reading, sorted by what happened to each."""

    articles: list[tuple[InputFile, Article]] = field(default_factory=list)
    rejections: list[tuple[InputFile, Rejection]] = field(default_factory=list)
    unchanged: list[InputFile] = field(default_factory=list)  # touched, same text: nothing to do
    transient: list[tuple[InputFile, Rejection]] = field(default_factory=list)  # to read again on the next run


def read_batch(
    files: Sequence[InputFile], stored_sha256: Mapping[str, str], max_bytes: int, *, final_attempt: bool
) -> ReadBatch:
    """Read every file; transient errors raise `TransientReadError` unless this is the final attempt.

    `stored_sha256` maps a source to the hash of the text stored for it, so a file that
    was touched but not changed is recognised (and costs no extraction).
    """
    out = ReadBatch()
    for f in files:
        try:
            result = read_input(f, max_bytes)
        except TransientReadError as exc:
            if not final_attempt:
                raise
            reason = f"I/O error persisted after retries: {exc.strerror}"
            out.transient.append((f, Rejection(f.source, RejectStage.READ, reason)))
            continue
        except RetryLater as exc:
            out.transient.append((f, Rejection(f.source, RejectStage.READ, str(exc))))
            continue
        if isinstance(result, Rejection):
            out.rejections.append((f, result))
        elif stored_sha256.get(f.source) == result.content_sha256:
            out.unchanged.append(f)
        else:
            out.articles.append((f, result))
    return out
