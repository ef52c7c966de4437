"""Outputs written by an earlier quoteflow, converted once, so the hot path reads one form only.

The first run over such an output (its `recover` step) or `quoteflow repair` converts it:

    OUT/_quoteflow/…                        the metadata folder of an object-store output, before
                                            both backends named it alike: moved to OUT/.quoteflow/
    OUT/.quoteflow/snapshots/00000007/manifest.parquet
                                            a local snapshot's manifest in one file, before bases
                                            and change files: published again as a base
    OUT/.quoteflow/manifest-00000007.parquet, written whole (no chain in its metadata)
                                            the same on object storage

    move_metadata(fs, "bucket/news", "bucket/news/.quoteflow")   # -> True once, then False
    legacy_entries(Path("data/.quoteflow/snapshots/00000007"))   # -> [ManifestEntry("a.txt", …), …] or None

The backends call these and publish the converted state as a new version (`restore`, as
repair does), so a reader never sees a half-converted one.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.fs as pafs
import pyarrow.parquet as pq

from .manifest import ManifestEntry, manifest_from

#: the metadata folder of every output (pyarrow's dataset discovery skips names starting with "." or "_")
META = ".quoteflow"
#: what object-store outputs called it before
OLD_OBJECT_META = "_quoteflow"
#: a local snapshot's manifest in one file, before base and change files
LEGACY_MANIFEST = "manifest.parquet"
_DROPPED = ("lock.json",)  # the writer marker of before: no longer used


#: what `check` and readers say of an object-store output not yet moved
OLD_FOLDER = (
    f"its metadata is in {OLD_OBJECT_META}/, as an earlier quoteflow wrote it: "
    f"`quoteflow repair` or the next run moves it to {META}/"
)


def has_old_metadata(fs: pafs.FileSystem, root: str) -> bool:
    """Is there an object-store metadata folder of before (checked only when `.quoteflow/` has no manifest)?"""
    return any(i.type == pafs.FileType.File for i in fs.get_file_info(_selector(f"{root}/{OLD_OBJECT_META}")))


def _selector(path: str) -> pafs.FileSelector:
    return pafs.FileSelector(path, recursive=True, allow_not_found=True)


def move_metadata(fs: pafs.FileSystem, root: str, meta: str) -> bool:
    """Copy everything under `root/_quoteflow/` to `meta`, then delete the old folder: moved?

    Data files go first, manifests last and in version order, so a run reading `meta` meanwhile
    finds a manifest only once the files it lists are there. What is already there is not copied
    again: a run killed halfway, or two runs converting at once, end with the same folder."""
    old = f"{root}/{OLD_OBJECT_META}"
    found = [i for i in fs.get_file_info(_selector(old)) if i.type == pafs.FileType.File]
    if not found:
        if fs.get_file_info(old).type == pafs.FileType.Directory:
            fs.delete_dir(old)  # an empty folder left by a move killed at its very end
        return False
    there = {i.path[len(meta) + 1 :] for i in fs.get_file_info(_selector(meta)) if i.type == pafs.FileType.File}

    def order(relative: str) -> tuple[bool, str]:
        return ("/" not in relative and relative.startswith("manifest-"), relative)

    for relative in sorted((i.path[len(old) + 1 :] for i in found), key=order):
        if relative in there or relative in _DROPPED or relative.endswith(".tmp"):
            continue
        target = f"{meta}/{relative}"
        fs.create_dir(target.rsplit("/", 1)[0], recursive=True)
        fs.copy_file(f"{old}/{relative}", target)
    fs.delete_dir(old)
    return True


def legacy_entries(snapshot: Path, manifest_dir: str) -> list[ManifestEntry] | None:
    """The entries of `snapshot`'s one-file manifest, or None if it has the current form."""
    path = snapshot / LEGACY_MANIFEST
    if (snapshot / manifest_dir).is_dir() or not path.exists():
        return None
    return sorted(manifest_from([pq.read_table(path)]).values(), key=lambda e: e.source)
