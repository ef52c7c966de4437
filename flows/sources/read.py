"""Reading inputs: bytes from disk through the reader of their format, each article an
`Article`, each input or record that cannot be one a `Rejection` saying why.

    read_records(InputFile("a.txt", "/in", ("a.txt",), 120, …), max_bytes=5_000_000).items
    # -> [(InputFile("a.txt", …), Article("a.txt", "Mayor Jane Roe said …", "utf-8", …))]
    #    or [(InputFile("a.txt", …), Rejection("a.txt", "read", "file is not readable (permission denied)"))]
    read_records(InputFile("feed.jsonl", …), max_bytes=5_000_000).items
    # -> [(InputFile("feed.jsonl#a1", …, container="feed.jsonl"), Article("feed.jsonl#a1", …)),
    #     (InputFile("feed.jsonl#L3", …), Rejection("feed.jsonl#L3", "decode", "line 3 is not valid JSON …"))]
    read_batch([InputFile("feed.jsonl", …)], stored_sha256={}, max_bytes=5_000_000, final_attempt=True).warnings
    # -> {"with an unparseable date in field 'published' (kept, date left empty)": 1}

Every input is opened by `safe_open.open_input` (no link followed, only the regular file
that was listed) and read by its format's reader (`formats`). I/O errors that say "try
again later" (EIO, EAGAIN, ESTALE …) raise `TransientReadError` so the caller can retry;
every other problem is a rejection.
"""

from __future__ import annotations

import errno
import io
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..counts import plural
from ..errors import RetryLater, TransientReadError
from ..records import Article, InputFile, Rejection, content_hash
from ..schemas.vocab import RejectStage
from .bucket import read_object
from .formats import jsonl, reader_for, text
from .formats.base import FieldMap, Item, Problem, ReadOptions, Record, Skipped
from .safe_open import InputRefused, open_input
from .suffixes import is_container

#: errno values that say "try again later" rather than "this file is bad"
TRANSIENT_ERRNOS = {errno.EIO, errno.EAGAIN, errno.EINTR, errno.ETIMEDOUT, errno.ESTALE, errno.EBUSY}


@dataclass(frozen=True)
class Reading:
    """What one input became: its article or rejection, or, for a container, one per record."""

    items: list[tuple[InputFile, Article | Rejection]]
    skipped: Counter[str] = field(default_factory=Counter)  # parts of a container that are not articles
    container: InputFile | None = None  # a feed or archive read whole (its own manifest entry)
    # records of the container whose rows this reading replaces though it gives them no row: the
    # line key of a line now known by its record's id (`feed.jsonl#L3` once line 3 is read whole)
    superseded: frozenset[str] = frozenset()
    warnings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # source -> what its article could not keep


def read_records(ref: InputFile, max_bytes: int, fields: FieldMap = ()) -> Reading:
    """Read one input by its format, through `safe_open.open_input` (or, for an object, `bucket.read_object`).

    Raises `TransientReadError` for I/O errors worth a retry now, `RetryLater` when the
    file changed under the reader (the next run reads it again)."""
    reader = reader_for(ref.source) or text.records  # listing passes only supported names; text, should one slip by
    options = ReadOptions(ref.source, max_bytes, fields)
    container = is_container(ref.source)
    if ref.etag is not None:  # an object under an s3:// SOURCE has an ETag; a file, a device and an inode
        data = read_object(ref, max_bytes)
        if isinstance(data, Rejection):
            return Reading([(ref, data)])
        return _collect(ref, reader(io.BytesIO(data), options), container)
    try:
        with open_input(ref) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes and not container:  # a container's limit is per record
                reason = f"file is {size:,} bytes, over the limit of {max_bytes:,} (QUOTEFLOW_MAX_INPUT_BYTES)"
                return Reading([(ref, Rejection(ref.source, RejectStage.READ, reason))])
            return _collect(ref, reader(fh, options), container)
    except InputRefused as exc:
        if exc.retry:
            raise RetryLater(str(exc)) from exc
        return _refused(ref, str(exc))
    except FileNotFoundError:
        return _refused(ref, "file vanished between listing and reading")
    except PermissionError:
        return _refused(ref, "file is not readable (permission denied)")
    except OSError as exc:
        if exc.errno in TRANSIENT_ERRNOS:
            raise TransientReadError(exc.errno, f"{ref.source}: {exc.strerror}") from exc
        return _refused(ref, f"cannot read the file: {exc.strerror or exc}")


def _refused(ref: InputFile, reason: str) -> Reading:
    return Reading([(ref, Rejection(ref.source, RejectStage.READ, reason))])


def _collect(ref: InputFile, items: Iterator[Item], container: bool) -> Reading:
    """The reader's items as (input, article or rejection); a container's records as inputs of their own."""
    out: list[tuple[InputFile, Article | Rejection]] = []
    skipped: Counter[str] = Counter()
    replaces: set[str] = set()
    warnings: dict[str, tuple[str, ...]] = {}
    whole_rejected = False
    for item in items:
        if isinstance(item, Skipped):
            skipped[item.what] += 1
            continue
        if item.key is None or not container:
            record_ref = ref
        else:
            source = f"{ref.source}#{item.key}"
            size = item.size if isinstance(item, Record) else 0
            record_ref = replace(ref, source=source, size=size, container=ref.source)
            replaces.update(f"{ref.source}#{key}" for key in item.replaces)
        if isinstance(item, Problem):
            whole_rejected |= record_ref is ref
            rejection = Rejection(record_ref.source, item.stage, item.reason, content_sha256=item.content_sha256)
            out.append((record_ref, rejection))
        else:
            out.append((record_ref, article_from_record(record_ref.source, item)))
            if item.warnings:
                warnings[record_ref.source] = item.warnings
        if not container:
            break  # a file that is one article
    # a key this reading gives a row of its own is replaced by that row, not dropped
    superseded = frozenset(replaces - {r.source for r, _ in out})
    return Reading(out, skipped, ref if container and not whole_rejected else None, superseded, warnings)


def article_from_record(source: str, record: Record) -> Article | Rejection:
    """An `Article` from a reader's record, or the reason its text is not usable."""
    sha = content_hash(record.text)
    if not record.text.strip():
        return Rejection(source, RejectStage.DECODE, "file holds only whitespace", content_sha256=sha)
    meta = record.meta
    return Article(
        source=source,
        text=record.text,
        encoding=record.encoding,
        content_sha256=sha,
        title=meta.title,
        published_at=meta.published_at,
        url=meta.url,
        outlet=meta.outlet,
        authors=meta.authors,
        format=record.format,
    )


def article_from_bytes(source: str, data: bytes) -> Article | Rejection:
    """An `Article` from a text input's bytes (an HTML document read as HTML), or the reason they are not usable."""
    item = next(text.from_bytes(data, ReadOptions(source, max(len(data), 1))))
    if isinstance(item, Record):
        return article_from_record(source, item)
    assert isinstance(item, Problem)  # a single file's reader yields no `Skipped`
    return Rejection(source, item.stage, item.reason, content_sha256=item.content_sha256)


@dataclass(frozen=True)
class ReadBatch:
    """A batch of inputs after reading, sorted by what happened to each."""

    articles: list[tuple[InputFile, Article]] = field(default_factory=list)
    rejections: list[tuple[InputFile, Rejection]] = field(default_factory=list)
    unchanged: list[InputFile] = field(default_factory=list)  # touched, same text: nothing to do
    transient: list[tuple[InputFile, Rejection]] = field(default_factory=list)  # to read again on the next run
    containers: list[InputFile] = field(default_factory=list)  # feeds and archives read (their records above)
    skipped: dict[str, int] = field(default_factory=dict)  # parts of containers that are not articles, by kind
    superseded: set[str] = field(default_factory=set)  # records whose rows go without a row of their own
    warnings: dict[str, int] = field(default_factory=dict)  # what the articles to write could not keep, by kind


def read_batch(
    files: Sequence[InputFile],
    stored_sha256: Mapping[str, str],
    max_bytes: int,
    *,
    final_attempt: bool,
    fields: FieldMap = (),
) -> ReadBatch:
    """Read every file; transient errors raise `TransientReadError` unless this is the final attempt.

    `stored_sha256` maps a source (a file, or a record of a container) to the hash of what
    is stored for it, so an input that was touched but not changed is recognised (and
    costs no extraction), and a record of a container that did not change writes nothing.
    """
    out = ReadBatch()
    skipped: Counter[str] = Counter()
    warned: Counter[str] = Counter()
    for f in files:
        try:
            reading = read_records(f, max_bytes, fields)
        except TransientReadError as exc:
            if not final_attempt:
                raise
            reason = f"I/O error persisted after retries: {exc.strerror}"
            out.transient.append((f, Rejection(f.source, RejectStage.READ, reason)))
            continue
        except RetryLater as exc:
            out.transient.append((f, Rejection(f.source, RejectStage.READ, str(exc))))
            continue
        skipped.update(reading.skipped)
        out.superseded.update(reading.superseded)
        if reading.container is not None:
            out.containers.append(reading.container)
        for ref, result in reading.items:
            same = result.content_sha256 is not None and stored_sha256.get(ref.source) == result.content_sha256
            if isinstance(result, Rejection):
                if same and ref.container is not None:
                    out.unchanged.append(ref)  # the same bad record as last time: on record already
                else:
                    out.rejections.append((ref, result))
            elif same:
                out.unchanged.append(ref)
            else:
                out.articles.append((ref, result))
                warned.update(reading.warnings.get(ref.source, ()))  # said for what is written, not for what is not
    out.skipped.update(skipped)
    out.warnings.update(warned)
    return out


def stale_line_rejects(
    read: ReadBatch, records_of: Callable[[str], Iterable[str]], rejected: Callable[[str], bool]
) -> set[str]:
    """The rejected records of the JSON feeds read whose line key the reading did not give again:
    a reject row names a line as it was (half written, say), and the line is now something
    else (a record known by its id, part of an object written over several lines) or gone.
    A record that left its feed keeps its rows; a line that was never a record does not."""
    given = {f.source for f, _ in (*read.articles, *read.rejections)} | {f.source for f in read.unchanged}
    out = set()
    for feed in read.containers:
        if reader_for(feed.source) is not jsonl.records:
            continue
        for source in records_of(feed.source):
            key = source[len(feed.source) + 1 :]
            if source not in given and jsonl.is_line_key(key) and rejected(source):
                out.add(source)
    return out


def warning_lines(warnings: Mapping[str, int]) -> list[str]:
    """What the run kept but could not read whole, one line each:
    "2 records with an unparseable date in field 'published' (kept, date left empty)"."""
    return [f"{plural(n, 'record')} {what}" for what, n in warnings.items()]
