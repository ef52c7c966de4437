"""Listing SOURCE: every input regular file below a folder (`.txt`, `.html`, `.htm`, `.jsonl`,
`.json`, `.warc`, `.warc.gz`), in sorted order, or one file; other files (a folder's, or the
one file named as SOURCE) are counted by type, never read.

    discover(Path("incoming"))
    # -> Listing([InputFile("city/bridge.txt", "/abs/incoming", ("city", "bridge.txt"), 812, …), …],
    #            [Rejection("link.txt", "discover", "symbolic link to /etc/…, outside SOURCE: not followed")],
    #            {".pdf": 9, ".docx": 5})

The walk keeps its own stack (no recursion, so a folder nested 1,000 levels deep is
listed) and opens each folder link by link from SOURCE (`safe_open.open_folder`), so no
path is ever too long and no linked folder is entered. Hidden files and folders (a name
starting with ".") are skipped. An input name that is not a regular file (a FIFO, a
socket, a device) or a link leading outside SOURCE is rejected, never opened. A file of
any other type is not read, but counted (`Listing.skipped`), so a run can say what it
passed over.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa

from ..records import InputFile, Rejection
from ..schemas.vocab import RejectStage
from .bucket import discover_objects, is_bucket_source
from .formats import unsupported_kind
from .inputs import CHUNK_ROWS, Inputs, chunk_table, empty_columns
from .names import source_name
from .safe_open import InputRefused, file_kind, open_folder
from .suffixes import SUFFIXES, suffix_of


class Listing(NamedTuple):
    """What listing SOURCE found: the inputs, the names rejected unread, the other files by type."""

    found: Sequence[InputFile]  # from a folder: `Inputs`, columns that make an InputFile when asked
    rejected: list[Rejection]
    skipped: dict[str, int]  # extension (".pdf") -> files of a type quoteflow does not read


def discover(source: str | Path) -> Listing:
    """Every input regular file below `source` (or `source` itself if it is a file), sorted;
    or every input object under an `s3://` prefix (`bucket.discover_objects`)."""
    if isinstance(source, str) and is_bucket_source(source):
        return Listing(*discover_objects(source))
    source = Path(source)
    if not source.is_dir():
        return _one_file(source)
    root = os.path.realpath(source)
    chunks: list[pa.Table] = []  # the found files, as columns (a million InputFile objects would take 400 MB)
    chunk = empty_columns()
    linked: list[InputFile] = []  # links to files inside SOURCE: found under another name
    rejected: list[Rejection] = []
    skipped: Counter[str] = Counter()
    stack: list[tuple[str, ...]] = [()]
    while stack:
        parts = stack.pop()
        try:
            entries = _list_folder(root, parts)
        except (OSError, InputRefused) as exc:
            reason = f"cannot list the folder: {_why(exc)}"
            rejected.append(Rejection(source_name("/".join(parts)) + "/", RejectStage.DISCOVER, reason))
            continue
        subfolders = []
        prefix = "".join(f"{p}/" for p in parts)
        for name, mode, st in entries:
            if name.startswith("."):
                continue
            if stat.S_ISDIR(mode):
                subfolders.append((*parts, name))
                continue
            if not name.lower().endswith(SUFFIXES):  # one `endswith` per file, a million times
                skipped[unsupported_kind(name)] += 1
                continue
            shown = source_name(prefix + name)
            if stat.S_ISREG(mode):
                sources, relpaths, sizes, mtimes, devices, inodes = chunk
                sources.append(shown)
                relpaths.append(os.fsencode(prefix + name))
                sizes.append(st.st_size)
                mtimes.append(st.st_mtime_ns)
                devices.append(st.st_dev)
                inodes.append(st.st_ino)
                if len(sources) >= CHUNK_ROWS:
                    chunks.append(chunk_table(chunk))
                    chunk = empty_columns()
            elif stat.S_ISLNK(mode):
                found = _linked_file(root, (*parts, name), shown)
                if isinstance(found, InputFile):
                    linked.append(found)
                else:
                    rejected.append(found)
            else:
                reason = f"is {file_kind(mode)}, not a regular file: not read"
                rejected.append(Rejection(shown, RejectStage.DISCOVER, reason))
        stack.extend(sorted(subfolders, reverse=True))
    for f in linked:
        chunk[0].append(f.source)
        chunk[1].append(os.fsencode("/".join(f.relpath)))
        for column, value in zip(chunk[2:], (f.size, f.mtime_ns, f.device, f.inode), strict=True):
            column.append(value)
    inputs = Inputs.build(root, [*chunks, chunk_table(chunk)])
    return Listing(inputs, rejected, dict(sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))))


def _list_folder(root: str, parts: tuple[str, ...]) -> list[tuple[str, int, os.stat_result]]:
    """(name, mode, stat) of every entry of the folder, links not followed."""
    out = []
    with open_folder(root, parts) as fd:
        for entry in os.scandir(fd):
            st = entry.stat(follow_symlinks=False)
            out.append((entry.name, st.st_mode, st))
    return sorted(out, key=lambda e: e[0])


def _linked_file(root: str, rel: tuple[str, ...], shown: str) -> InputFile | Rejection:
    """A symbolic link is followed only to a regular file inside SOURCE."""
    target = os.path.realpath(os.path.join(root, *rel))
    if os.path.commonpath([root, target]) != root:
        return Rejection(shown, RejectStage.DISCOVER, f"symbolic link to {target}, outside SOURCE: not followed")
    try:
        st = os.stat(target, follow_symlinks=False)
    except OSError as exc:
        return Rejection(shown, RejectStage.DISCOVER, f"symbolic link to {target}, which cannot be read: {_why(exc)}")
    if not stat.S_ISREG(st.st_mode):
        return Rejection(shown, RejectStage.DISCOVER, f"symbolic link to {file_kind(st.st_mode)}: not read")
    relpath = tuple(Path(os.path.relpath(target, root)).parts)
    return InputFile(shown, root, relpath, st.st_size, st.st_mtime_ns, st.st_dev, st.st_ino)


def _one_file(source: Path) -> Listing:
    """SOURCE is one file: read it (through a link if the user named one), if it is a regular
    file of a type quoteflow reads; a file of another type is counted, as it is in a folder."""
    shown = source_name(source.name)
    if suffix_of(source.name) is None:
        return Listing([], [], {unsupported_kind(source.name): 1})
    target = os.path.realpath(source)
    try:
        st = os.stat(target)
    except OSError as exc:
        return Listing([], [Rejection(shown, RejectStage.DISCOVER, f"cannot read the file: {_why(exc)}")], {})
    if not stat.S_ISREG(st.st_mode):
        reason = f"is {file_kind(st.st_mode)}, not a regular file: not read"
        return Listing([], [Rejection(shown, RejectStage.DISCOVER, reason)], {})
    folder, name = os.path.split(target)
    return Listing([InputFile(shown, folder, (name,), st.st_size, st.st_mtime_ns, st.st_dev, st.st_ino)], [], {})


def _why(exc: BaseException) -> str:
    return str(exc.strerror or exc) if isinstance(exc, OSError) else str(exc)
