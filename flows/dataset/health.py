"""Checking an output, and repairing a damaged one from its newest intact version.

    report = check(store)        # every committed file read in full, against its contract
    report.problems              # ["the data file …/quotes/part-00000007-1a2b3c4d.parquet cannot be read (…)"]
    repaired = repair(store)     # the newest version whose manifest and files all read, made current
    repaired.lines()             # what was restored, and what could not be

A version is a committed state: a snapshot of a local folder, a manifest on object
storage. Repair restores the newest version whose manifest reads, so it gives up as
little as it can: versions newer than that (a broken `current` link, a manifest cut
short) are reported, and their inputs are processed again by the next run. If one of
that version's data files is unreadable, the version is kept without it (and without
the files of the same commit in the other tables, which hold the rest of the same
inputs' rows): those inputs are marked to be read again, and the ones no longer in
SOURCE are the rows that could not be recovered, said by name. Repair never rebuilds
from SOURCE, so rows of inputs since deleted from it survive, and it never deletes a
version: it publishes a new one made of an older one's files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

import pyarrow as pa

from ..errors import DatasetDamaged
from ..schemas.evolution import conforms
from ..schemas.tables import TABLES
from ..schemas.vocab import TABLE_NAMES, ManifestStatus
from .manifest import Manifest, ManifestEntry


class VersionedStore(Protocol):
    """What checking and repairing need from a backend (both implement it)."""

    def version_numbers(self) -> list[int]: ...

    def pointer_problem(self) -> str | None: ...

    def current_number(self) -> int | None: ...

    def version_manifest(self, number: int) -> Manifest: ...

    def version_files(self, number: int) -> dict[str, list[str]]: ...

    def read_file(self, number: int, table: str, base: str) -> pa.Table: ...

    def restore(self, number: int, manifest: list[ManifestEntry], files: Mapping[str, list[str]]) -> int: ...


@dataclass
class CheckReport:
    version: int | None
    files: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

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
        manifest = store.version_manifest(number)
        files = store.version_files(number)
    except DatasetDamaged as exc:
        report.problems.append(exc.what)
        return report
    report.problems.extend(_file_problems(store, number, files, report))
    stems = {base.removesuffix(".parquet") for bases in files.values() for base in bases}
    lost = sorted(s for s, e in manifest.items() if e.part is not None and e.part not in stems)
    if lost:
        report.problems.append(f"{len(lost)} inputs name data files that are missing (first: {lost[0]})")
    return report


def _file_problems(
    store: VersionedStore, number: int, files: Mapping[str, list[str]], report: CheckReport | None = None
) -> list[str]:
    problems = []
    for name in TABLE_NAMES:
        if not files.get(name):
            problems.append(f"table {name} has no file")
        for base in files.get(name, ()):
            try:
                table = store.read_file(number, name, base)
            except DatasetDamaged as exc:
                problems.append(exc.what)
                continue
            if not conforms(table.schema, TABLES[name].arrow_schema):
                problems.append(f"the data file {name}/{base} does not have the {name} schema (or an earlier one)")
            if report is not None:
                report.files += 1
                report.rows[name] = report.rows.get(name, 0) + table.num_rows
    return problems


@dataclass
class RepairReport:
    restored_from: int | None  # the version whose files are now committed (None: nothing to do)
    version: int | None  # the new version published
    skipped: list[tuple[int, str]] = field(default_factory=list)  # newer versions given up, and why
    dropped_files: list[str] = field(default_factory=list)  # unreadable files left out
    to_read_again: list[str] = field(default_factory=list)  # inputs whose rows were in them

    def lines(self) -> list[str]:
        if self.restored_from is None:
            return ["nothing to repair: the committed state is whole"]
        out = [f"restored version {self.restored_from} as version {self.version}"]
        out += [f"gave up version {n}: {why}" for n, why in self.skipped]
        out += [f"left out the unreadable file {f}" for f in self.dropped_files]
        if self.to_read_again:
            out.append(
                f"{len(self.to_read_again)} inputs lost their rows and are read again by the next run "
                f"(if their files are still in SOURCE): {', '.join(self.to_read_again[:10])}"
                + (" …" if len(self.to_read_again) > 10 else "")
            )
        if self.skipped:
            out.append("inputs added or changed by the versions given up are processed again by the next run")
        return out


def repair(store: VersionedStore) -> RepairReport:
    """Make the newest intact version the committed state (see the module's docstring)."""
    if check(store).ok:
        return RepairReport(None, None)
    skipped: list[tuple[int, str]] = []
    for number in reversed(store.version_numbers()):
        try:
            manifest = store.version_manifest(number)
            files = store.version_files(number)
        except DatasetDamaged as exc:
            skipped.append((number, exc.what))
            continue
        if _file_problems(store, number, files):  # keep this version, without what cannot be read
            return _repair_without_unreadable_files(store, number, manifest, files, skipped)
        new = store.restore(number, sorted(manifest.values(), key=lambda e: e.source), files)
        return RepairReport(number, new, skipped)
    raise DatasetDamaged(
        "the output", "no version has a readable manifest; move it aside and run again to rebuild it from SOURCE"
    )


def _repair_without_unreadable_files(
    store: VersionedStore, number: int, manifest: Manifest, files: dict[str, list[str]], skipped: list[tuple[int, str]]
) -> RepairReport:
    # the files of one commit share a stem in every table and hold the rows of the same inputs:
    # one unreadable file takes its siblings along, and those inputs are read again
    lost_parts: set[str] = set()
    for name in TABLE_NAMES:
        for base in files.get(name, ()):
            try:
                store.read_file(number, name, base)
            except DatasetDamaged:
                lost_parts.add(base.removesuffix(".parquet"))
    kept = {
        name: [b for b in files.get(name, ()) if b.removesuffix(".parquet") not in lost_parts] for name in TABLE_NAMES
    }
    dropped = [f"{name}/{b}" for name in TABLE_NAMES for b in files.get(name, ()) if b not in kept[name]]
    entries = []
    again = []
    for source, e in sorted(manifest.items()):
        if e.part in lost_parts:
            again.append(source)
            e = replace(e, status=ManifestStatus.RETRY, part=None)
        entries.append(e)
    new = store.restore(number, entries, kept)
    return RepairReport(number, new, skipped, dropped, again)
