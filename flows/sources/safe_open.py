"""The one way quoteflow opens an input: no link followed, only a regular file, only the file
that was listed.

Between listing SOURCE and reading a file, anything can happen to it: it can be replaced
by a symbolic link to `/etc/passwd`, by a FIFO that blocks whoever opens it, or by another
file. So every read goes through `open_input`, which

- opens each folder and then the file relative to the one before it, never following a
  link (`O_NOFOLLOW`): a path swapped for a link leads nowhere, and a path too long for
  the system (a folder nested 1,000 levels deep) still opens;
- opens without blocking (`O_NONBLOCK`) and accepts only a regular file: a FIFO, a socket
  or a device is refused before anything is read from it;
- compares the device and inode it opened with those listed: a file replaced in between
  is refused.

    with open_input(ref) as fh:        # ref: the InputFile discovery listed
        data = fh.read(max_bytes + 1)
    # or InputRefused("is a symbolic link now (it was replaced after listing): not followed")
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from ..records import InputFile

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


class InputRefused(Exception):
    """The file is not one quoteflow may read (the message is the reason, for `rejects`).

    `retry`: the refusal says nothing about the input itself (it was swapped for another
    file while the run read it), so the next run reads it again."""

    def __init__(self, reason: str, *, retry: bool = False):
        super().__init__(reason)
        self.retry = retry


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


@contextmanager
def open_folder(root: str, parts: tuple[str, ...]) -> Iterator[int]:
    """A file descriptor of the folder `root/parts…`, opened link by link without following any."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)  # SOURCE itself, as the user named it
    try:
        for part in parts:
            try:
                child = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    raise InputRefused(f"folder {part!r} is a symbolic link or not a folder now: not followed") from exc
                raise
            os.close(fd)
            fd = child
        yield fd
    finally:
        os.close(fd)


@contextmanager
def open_input(ref: InputFile) -> Iterator[BinaryIO]:
    """The listed file, open for reading; `InputRefused` if it is not what was listed.

    Other `OSError`s (not found, permission denied, I/O errors) pass through for the caller
    to classify."""
    *folders, name = ref.relpath
    with open_folder(ref.root, tuple(folders)) as dir_fd:
        try:
            fd = os.open(name, _FILE_FLAGS, dir_fd=dir_fd)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise InputRefused("is a symbolic link now (it was replaced after listing): not followed") from exc
            raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputRefused(f"is {file_kind(st.st_mode)}, not a regular file: not read")
        if (st.st_dev, st.st_ino) != (ref.device, ref.inode):
            reason = "was replaced by another file between listing and reading: read on the next run"
            raise InputRefused(reason, retry=True)
        os.set_blocking(fd, True)
        fh = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with fh:
        yield fh
