"""Listing SOURCE: every `*.txt` file below a folder, in sorted order, or one file.

discover(Path("incoming"))
# -> ([InputFile("city/bridge.txt", "/abs/incoming/city/bridge.txt", 812, 1732…), …],
#     [Rejection("link.txt", "discover", "symbolic link to /etc/…, outside SOURCE: not followed")])
"""

from __future__ import annotations

import os
from pathlib import Path

from ..records import InputFile, Rejection
from ..schemas.vocab import RejectStage

#: file names matched under a SOURCE folder
INPUT_SUFFIX = ".txt"


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
            if name.startswith(".") or not name.endswith(INPUT_SUFFIX):
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(source).as_posix()
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    reason = f"symbolic link to {target}, outside SOURCE: not followed"
                    rejected.append(Rejection(rel, RejectStage.DISCOVER, reason))
                    continue
            try:
                st = path.stat()
            except OSError as exc:
                rejected.append(Rejection(rel, RejectStage.DISCOVER, f"cannot stat the file: {exc.strerror or exc}"))
                continue
            found.append(InputFile(rel, str(path.absolute()), st.st_size, st.st_mtime_ns))
    found.sort(key=lambda f: f.source)
    return found, rejected
