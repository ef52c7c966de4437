"""Every error quoteflow raises on purpose, in one place.

`QuoteflowError` and its subclasses are problems a user can fix; their message is
one line that says what is wrong and what to do, and the command line prints it
as is (exit code 2). Anything else that escapes is a bug.

    >>> raise StoreLocked("data is being written by pid 4242 on host-a")
    Traceback (most recent call last):
    quoteflow.errors.StoreLocked: data is being written by pid 4242 on host-a
"""

from __future__ import annotations


class QuoteflowError(Exception):
    """A problem the user can fix, said in one line."""


class StoreError(QuoteflowError):
    """The output (a folder or a filesystem URI) cannot be used."""


class StoreLocked(StoreError):
    """Another run is writing the same output."""


class DatasetDamaged(StoreError):
    """Committed files of the output are missing or unreadable: `quoteflow repair OUT` mends it."""

    def __init__(self, out: str, what: str):
        super().__init__(f"{out} is damaged: {what}. Nothing was written; run `quoteflow repair {out}`")
        self.what = what


class CommitFailed(QuoteflowError):
    """A batch could not be committed (a full disk, a lost connection): nothing of it was published."""

    def __init__(self, out: str, exc: OSError):
        super().__init__(
            f"committing a batch to {out} failed ({exc.strerror or exc}); nothing of that batch was published "
            "and what was committed before is intact: free space (or fix the cause) and run again to resume"
        )


class ExploreCacheError(QuoteflowError):
    """The explore cache (a DuckDB file outside OUT) cannot be made or opened."""


class BadQuery(QuoteflowError):
    """An explore query the user can fix (a parameter out of range, too many words)."""


class SpacyModelError(QuoteflowError):
    """The configured spaCy pipeline is not installed, or lacks a parser or NER."""


class SpeakerModelError(QuoteflowError):
    """The packaged speaker model cannot be read (a format this version does not know)."""


class PrefectApiUnavailable(QuoteflowError):
    """The temporary Prefect API of a run did not start."""


class SourceError(QuoteflowError):
    """SOURCE cannot be listed (a missing bucket, credentials that may not list it)."""


class CommitConflict(StoreLocked):
    """Another writer committed the version this run was about to commit (object storage): the
    batch is planned again against the new state and committed as the next version."""

    def __init__(self, message: str, version: int):
        super().__init__(message)
        self.version = version


class ArticleRejected(QuoteflowError):
    """A text that a run would reject (`quoteflow.extract`): its `rejects` stage and reason."""

    def __init__(self, stage: str, reason: str):
        super().__init__(f"a run would reject this text at the {stage} stage: {reason}")
        self.stage = stage
        self.reason = reason


class RetryLater(Exception):
    """Reading failed for a reason that says nothing about the input: try it on the next run."""


class TransientReadError(OSError):
    """An I/O error worth retrying (EIO, EAGAIN, ESTALE ...): the read is tried again."""
