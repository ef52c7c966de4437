"""Checking an output, and repairing a damaged one from its newest intact data.

    report = check(store)        # every committed file read in full, against its contract
    report.problems              # ["the data file …/quotes/part-00000007-1a2b3c4d.parquet cannot be read (…)"]
    repaired = repair(store)     # the newest version whose files are known, made current again
    repaired.lines()             # what was restored, and each input whose rows were lost

A version is a committed state: a snapshot of a local folder, a manifest on object
storage. `check` reads every file of the committed one and finds what a run would trip
over, and what a reader would be misled by: an unreadable file, a manifest naming files
that are not there, a source with more than one row across `articles` and `rejects`,
table folders that do not hold the committed files (a writer killed right after its
commit point, on object storage).

Repair restores the newest version whose list of files can be read, so it gives up as
little as it can. If that version's manifest reads, it is kept; if not (a change file
shared by every later snapshot, damaged), the manifest is rebuilt from the version's
tables (`rebuild`), and nothing readable is lost. Versions newer than that (a manifest
cut short on object storage) are given up, and the inputs whose rows only they held are
named. An unreadable data file is left out with its part's files in the other tables
(they hold the rest of the same inputs' rows): those inputs are named, and marked to be
read again. Repair never rebuilds from SOURCE, so rows of inputs since deleted from it
survive, and it never deletes a version: it publishes a new one made of an older one's files.
First of all it converts an output an earlier quoteflow wrote (`upgrade.py`), as a run would.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

import pyarrow as pa

from ..counts import plural
from ..errors import DatasetDamaged
from ..schemas.evolution import conform
from ..schemas.tables import TABLES
from ..schemas.vocab import TABLE_NAMES, ManifestStatus, Table
from .manifest import Manifest, ManifestEntry
from .rebuild import given_up, rebuild
from .scan import input_rejects, scan_version, source_problems, stem


class VersionedStore(Protocol):
    """What checking and repairing need from a backend (both implement it)."""

    def version_numbers(self) -> list[int]: ...

    def pointer_problem(self) -> str | None: ...

    def current_number(self) -> int | None: ...

    def version_manifest(self, number: int) -> Manifest: ...

    def readable_manifest(self, number: int) -> Manifest:
        """Version `number`'s manifest from the files of it that read, the damaged ones skipped."""

    def version_files(self, number: int) -> dict[str, list[str]]: ...

    def files_after(self, number: int) -> dict[str, list[str]]:
        """Data files written after version `number` that it does not list (read with `read_file`)."""

    def read_file(self, number: int, table: str, base: str) -> pa.Table: ...

    def folder_problems(self, number: int) -> list[str]:
        """How the plain table folders (`OUT/<table>`) differ from version `number`'s files."""

    def sync_folders(self, number: int) -> None:
        """Make the plain table folders hold version `number`'s files."""

    def restore(self, number: int, manifest: list[ManifestEntry], files: Mapping[str, list[str]]) -> int: ...

    def upgrade(self) -> list[str]:
        """Convert what an earlier quoteflow wrote to the current form (`upgrade.py`): what was done."""


@dataclass
class CheckReport:
    version: int | None
    files: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)  # the problems that are table folders behind
    sources: list[str] = field(default_factory=list)  # the problems that are sources with several rows

    @property
    def ok(self) -> bool:
        return not self.problems


def check(store: VersionedStore) -> CheckReport:
    """Read every file of the committed version in full and compare it with its contract."""
    pointer = store.pointer_problem()
    if pointer is not None:
        return CheckReport(None, problems=[pointer])
    number = store.current_number()
    report = CheckReport(number)
    if number is None:
        return report
    try:
        files = store.version_files(number)
    except DatasetDamaged as exc:
        report.problems.append(exc.what)
        return report
    scan = scan_version(store, number, files)
    report.files, report.rows = scan.files, scan.rows
    report.sources = source_problems(scan)
    report.problems += scan.problems + report.sources
    try:
        manifest = store.version_manifest(number)
    except DatasetDamaged as exc:
        report.problems.append(exc.what)
    else:
        stems = {stem(base) for bases in files.values() for base in bases}
        lost = sorted(s for s, e in manifest.items() if e.part is not None and e.part not in stems)
        if lost:
            names = "input names a data file that is" if len(lost) == 1 else "inputs name data files that are"
            report.problems.append(f"{len(lost)} {names} missing (first: {lost[0]})")
    report.folders = store.folder_problems(number)
    report.problems += report.folders
    return report


@dataclass
class RepairReport:
    restored_from: int | None  # the version whose files are now committed (None: no version restored)
    version: int | None  # the new version published
    skipped: list[tuple[int, str]] = field(default_factory=list)  # newer versions given up, and why
    rebuilt: str | None = None  # why the manifest was rebuilt from the tables
    dropped_files: list[str] = field(default_factory=list)  # unreadable files left out
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (intact file, unreadable file of its part)
    to_read_again: list[str] = field(default_factory=list)  # inputs whose rows were in them
    unknown: int = 0  # entries rebuilt without size and modification time
    given_up: list[str] = field(default_factory=list)  # inputs whose rows only the versions given up held
    synced: int | None = None  # the version the table folders were brought up to date with
    not_repaired: list[str] = field(default_factory=list)  # sources with several rows: which is right is unknown
    upgraded: list[str] = field(default_factory=list)  # what of an earlier quoteflow's output was converted

    def lines(self) -> list[str]:
        out = list(self.upgraded)
        if self.synced is not None:
            out.append(f"brought the table folders up to date with the committed version {self.synced}")
        if self.restored_from is not None:
            out += self._restored()
        out += [
            f"not repaired: {p} (repair cannot tell which row is the input's; move the output aside "
            "and run again to rebuild it from SOURCE)"
            for p in self.not_repaired
        ]
        return out or ["nothing to repair: the committed state is whole"]

    def _restored(self) -> list[str]:
        out = [f"restored version {self.restored_from} as version {self.version}"]
        if self.rebuilt:
            out.append(f"rebuilt its manifest from the rows of its tables: {self.rebuilt}")
        out += [f"gave up version {n}: {why}" for n, why in self.skipped]
        out += [f"left out the unreadable file {f}" for f in self.dropped_files]
        out += [
            f"left out {f}, intact, with the damaged part it belongs to ({u} cannot be read)" for f, u in self.left_out
        ]
        if self.unknown:
            out.append(
                f"{plural(self.unknown, 'input')} rebuilt without size and modification time: the next run "
                "reads those still in SOURCE again, and writes nothing for a text that is unchanged"
            )
        out += _named(self.to_read_again, "lost their rows")
        if self.given_up:
            out += _named(self.given_up, "had rows only in the versions given up")
        elif self.skipped:
            out.append("inputs added or changed by the versions given up are processed again by the next run")
        return out


def _named(sources: list[str], what: str) -> list[str]:
    """A count, then each input on a line of its own: every one is named."""
    if not sources:
        return []
    head = f"{plural(len(sources), 'input')} {what}; the next run reads again those still in SOURCE:"
    return [head, *(f"  {s}" for s in sources)]


def repair(store: VersionedStore) -> RepairReport:
    """Convert an earlier quoteflow's output, then make the newest intact version the committed
    state (see the module's docstring)."""
    upgraded = store.upgrade()
    report = _repair(store)
    report.upgraded = upgraded
    return report


def _repair(store: VersionedStore) -> RepairReport:
    checked = check(store)
    if checked.ok:
        return RepairReport(None, None)
    if checked.version is not None and set(checked.problems) <= {*checked.folders, *checked.sources}:
        # the committed version is whole: its folders are behind, or it holds what no version can mend
        synced = None
        if checked.folders:
            store.sync_folders(checked.version)
            synced = checked.version
        return RepairReport(None, None, synced=synced, not_repaired=checked.sources)
    skipped: list[tuple[int, str]] = []
    for number in reversed(store.version_numbers()):
        try:
            files = store.version_files(number)
        except DatasetDamaged as exc:  # nothing says which files it held: given up
            skipped.append((number, exc.what))
            continue
        report = _restore(store, number, files)
        report.skipped = skipped
        if skipped and report.version is not None:
            report.given_up = _given_up(store, number, store.version_manifest(report.version))
        return report
    raise DatasetDamaged(
        "the output", "no version has a readable manifest; move it aside and run again to rebuild it from SOURCE"
    )


def _restore(store: VersionedStore, number: int, files: dict[str, list[str]]) -> RepairReport:
    """Publish version `number` again, without its unreadable parts, its manifest rebuilt if need be."""
    scan = scan_version(store, number, files)
    lost_parts = scan.lost_parts()
    kept = {name: [b for b in files.get(name, ()) if stem(b) not in lost_parts] for name in TABLE_NAMES}
    unreadable = {stem(f.split("/", 1)[1]): f for f in scan.unreadable}
    left_out = [
        (f"{name}/{b}", unreadable[stem(b)])
        for name in TABLE_NAMES
        for b in files.get(name, ())
        if stem(b) in lost_parts and f"{name}/{b}" not in scan.unreadable
    ]
    report = RepairReport(
        number, None, dropped_files=scan.unreadable, left_out=left_out,
        not_repaired=source_problems(scan, without=lost_parts),
    )  # fmt: skip
    try:
        entries, report.to_read_again = _without_lost_parts(store.version_manifest(number), lost_parts)
    except DatasetDamaged as exc:  # every row says which input it is: the manifest is rebuilt from them
        rebuilt = rebuild(scan, store.readable_manifest(number))
        entries, report.to_read_again, report.unknown = rebuilt.entries, rebuilt.lost, rebuilt.unknown
        report.rebuilt = exc.what
    report.version = store.restore(number, entries, kept)
    return report


def _without_lost_parts(manifest: Manifest, lost_parts: set[str]) -> tuple[list[ManifestEntry], list[str]]:
    """The manifest with the inputs of lost parts marked to be read again (their rows are gone)."""
    if not lost_parts:
        return sorted(manifest.values(), key=lambda e: e.source), []
    entries, again = [], []
    for source, e in sorted(manifest.items()):
        if e.part in lost_parts:
            again.append(source)
            e = replace(e, status=ManifestStatus.RETRY, part=None)
        entries.append(e)
    return entries, again


def _given_up(store: VersionedStore, number: int, restored: Manifest) -> list[str]:
    """The inputs whose rows are in the files of the versions after `number`, not as `restored` has them."""
    rows: list[tuple[str, str | None]] = []
    files = store.files_after(number)
    for name in (Table.ARTICLES, Table.REJECTS):
        for base in files.get(name, ()):
            try:
                table = store.read_file(number, name, base)
            except DatasetDamaged:
                continue  # its inputs cannot be named
            if name == Table.REJECTS:
                table = input_rejects(conform(table, TABLES[name].arrow_schema))
            rows += zip(table.column("source").to_pylist(), table.column("content_sha256").to_pylist(), strict=True)
    return given_up(rows, restored.values())
