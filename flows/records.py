"""The value objects that travel between the stages of a run.

    InputFile  an input found under SOURCE (what is listed, before it is read), or a record of one
    Article    an input read and decoded: its exact text and metadata, ready for extraction
    Rejection  an input (or a row) that did not make it, and why: a `rejects` row
    RunInfo    the provenance stamped on every row a run writes

They are frozen and hold only plain values, so they pickle to worker processes.

    text = "Mayor Jane Roe said the bridge would reopen."
    Article("city/bridge.txt", text, "utf-8", content_hash(text), title=None, published_at=None)
    # .article_id == short_id(content_hash(text)): the same text always has the same id
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime

from .schemas.ids import short_id
from .schemas.vocab import RejectStage


def content_hash(text: str) -> str:
    """SHA-256 of the UTF-8 encoding of `text`, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_id_for(content_sha256: str) -> str:
    """The article id is the first hex digits of the SHA-256 of its decoded text (`schemas.ids`)."""
    return short_id(content_sha256)


@dataclass(frozen=True, slots=True)
class InputFile:
    """A regular file (or an object) found under SOURCE, as it was when listed."""

    source: str  # its name: the path under SOURCE, '/'-separated, UTF-8 (sources.names); what tables store
    root: str  # the SOURCE folder
    relpath: tuple[str, ...]  # the folders and the file to open under `root`, one by one (links resolved)
    size: int
    mtime_ns: int
    device: int  # st_dev and st_ino: what is opened must be what was listed
    inode: int
    etag: str | None = None  # an object under an s3:// SOURCE: what is read must be what was listed
    container: str | None = None  # a record of a feed or archive: the container's source (`source` is `container#key`)

    @property
    def path(self) -> str:
        return os.path.join(self.root, *self.relpath)


@dataclass(frozen=True, slots=True)
class Article:
    source: str
    text: str
    encoding: str
    content_sha256: str
    title: str | None
    published_at: datetime | None
    url: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    format: str = "text"  # an InputFormat
    language: str | None = None  # set once the article is known to be in the pipeline's language

    @property
    def article_id(self) -> str:
        return article_id_for(self.content_sha256)


@dataclass(frozen=True, slots=True)
class Rejection:
    source: str
    stage: RejectStage
    reason: str
    article_id: str | None = None
    content_sha256: str | None = None
    table_name: str | None = None
    check_name: str | None = None
    failure_case: str | None = None
    record: str | None = None
    details: str | None = None  # a failure's traceback: for the run's log (runlog), not stored in `rejects`


@dataclass(frozen=True, slots=True)
class RunInfo:
    """Provenance stamped on every row a run writes."""

    run_id: str
    ingested_at: datetime
    pipeline_version: str
