"""A run's log file: the details (tracebacks) of its failures, kept beside the dataset.

A scheduled run's stderr is read by people and log collectors: a failure there is one line
that names the input and this file, never a traceback of thousands of lines. The file is
created on the first failure only, one per run:

    OUT/.quoteflow/logs/<run_id>.log      a local output, or one on object storage (rewritten whole)

    log = RunLog("data", "6342ce42-…")
    log.add("news/a.txt", "Traceback (most recent call last): …")   # -> "data/.quoteflow/logs/6342ce42-….log"
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from .dataset.upgrade import META
from .uri import is_uri


class RunLog:
    """Appends failure details to the run's log file, created when first needed."""

    def __init__(self, out: str, run_id: str):
        self.out = out
        self.run_id = run_id
        base, _, query = out.partition("?")  # s3://bucket/out?endpoint_override=…: the query stays last
        self.location = f"{base.rstrip('/')}/{META}/logs/{run_id}.log" + (f"?{query}" if query else "")
        self._text: list[str] = []  # an object store has no append: the whole file is written again
        self.problem: str | None = None  # why the log could not be written, if it could not

    def add(self, source: str, details: str) -> str | None:
        """Record `details` about `source`; returns where they are, to name in a one-line message,
        or None when the log cannot be written (which must not fail the run: `problem` says why)."""
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        entry = f"--- {stamp} {source}\n{details.rstrip()}\n\n"
        try:
            if is_uri(self.out):
                self._text.append(entry)
                self._write_object("".join(self._text))
            else:
                os.makedirs(os.path.dirname(self.location), exist_ok=True)
                with open(self.location, "a", encoding="utf-8") as fh:
                    fh.write(entry)
        except (OSError, ValueError) as exc:  # pyarrow raises OSError; a bad URI ValueError
            self.problem = f"the log {self.location} could not be written ({exc})"
            return None
        return self.location

    def _write_object(self, text: str) -> None:
        import pyarrow.fs as pafs

        fs, path = pafs.FileSystem.from_uri(self.location)
        with fs.open_output_stream(path) as stream:
            stream.write(text.encode("utf-8"))


def read_log(location: str) -> str:
    """The text of a run's log file (a path, or a filesystem URI), or why it cannot be read."""
    try:
        if not is_uri(location):
            with open(location, encoding="utf-8") as fh:
                return fh.read()
        import pyarrow.fs as pafs

        fs, path = pafs.FileSystem.from_uri(location)
        with fs.open_input_stream(path) as stream:
            return bytes(stream.read()).decode("utf-8")
    except (OSError, ValueError) as exc:
        return f"(the log {location} cannot be read: {exc})"
