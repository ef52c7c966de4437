"""A batch that lost its version number to another run, planned again against the new state.

On object storage two runs may write one output at once: each commit creates the next
manifest only if no writer created it first (a compare-and-swap), and the loser gets
`CommitConflict`. Like a pyiceberg catalog's loser, it re-reads the committed state and
plans its batch again against it, then commits again (`replan`):

- an input the other run committed as this batch read it (same size, modification time,
  ETag and text, an outcome settled for this run) is left out: it is done;
- the others replace whatever the other run committed for them, so no input has rows twice;
- an unchanged record of a feed keeps what the new state says of it;
- which input holds a text (dedupe) is settled again by the commit itself (`dataset.duplicates`).

    again = replan(plan, extracted, store.manifest(), retry)
    again.plan is None        # every input was already committed: the batch stands down
    again.done                # inputs left out, counted as unchanged

`commit_replanning` commits a batch that way, a few times at most, and says in one line
what happened: "another run committed version 7 first; this batch was re-planned and
committed as version 8" (or "… stood down: every input was already committed").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from .batch import BatchCommit, ExtractedBatch, Triage
from .dataset.manifest import NEW_PART, Manifest, ManifestEntry
from .errors import CommitConflict
from .retry import RetryPolicy
from .schemas.vocab import ManifestStatus

_ALL_DONE = "every input was already committed"
_REPLANNED = "re-planned and committed as version"
#: how many times a batch is planned again and committed before the run stands down
MAX_COMMIT_ATTEMPTS = 5


@dataclass(frozen=True)
class Replanned:
    plan: Triage | None  # None: nothing left to commit
    extracted: ExtractedBatch
    done: int  # inputs (not records) the other run committed as this batch read them


def replan(plan: Triage, extracted: ExtractedBatch, manifest: Manifest, retry: RetryPolicy) -> Replanned:
    """`plan` and `extracted` against `manifest`, the state another run committed meanwhile."""

    def committed(e: ManifestEntry) -> bool:
        now = manifest.get(e.source)
        return (
            now is not None
            and retry.settled(now)
            and (now.size, now.mtime_ns, now.etag, now.content_sha256) == (e.size, e.mtime_ns, e.etag, e.content_sha256)
        )

    gone = {e.source for e in plan.entries if committed(e)}
    left = [_refreshed(e, manifest) for e in plan.entries if e.source not in gone]
    done = sum(1 for s in gone if s in plan.outcomes and s not in plan.records)
    if not left:
        return Replanned(None, extracted, done)
    kept = {e.source for e in left}
    # rows another run committed for an input of this batch are replaced by this batch's
    replaced = {s for s in plan.replaced if s not in gone} | {
        e.source
        for e in left
        if e.source in manifest
        and (
            e.part == NEW_PART
            or (e.status == ManifestStatus.CONTAINER and manifest[e.source].status != ManifestStatus.CONTAINER)
        )
    }
    again = Triage(
        [a for a in plan.to_extract if a.source in kept],
        left,
        [r for r in plan.rejections if r.source in kept],
        frozenset(replaced),
        outcomes={s: o for s, o in plan.outcomes.items() if s not in gone},
        records=frozenset(s for s in plan.records if s not in gone),
        skipped=plan.skipped,
        warnings=plan.warnings,
    )
    rejections = [r for r in extracted.rejections if r.source not in gone]
    return Replanned(again, replace(extracted, rejections=rejections), done)


def _refreshed(e: ManifestEntry, manifest: Manifest) -> ManifestEntry:
    """An entry that keeps the rows on record (an unchanged record of a feed) keeps them as the
    new state has them: the other run may have moved them to another part."""
    if e.part in (NEW_PART, None) or e.source not in manifest:
        return e
    return replace(manifest[e.source], size=e.size, mtime_ns=e.mtime_ns, etag=e.etag)


@dataclass(frozen=True)
class Committed:
    plan: Triage  # what was committed
    extracted: ExtractedBatch
    result: BatchCommit | None  # None: the batch stood down, another run committed all of it
    done: int  # inputs (not records) another run committed as this batch read them
    message: str = ""  # what a conflict did, one line


def commit_replanning(
    commit: Callable[[Triage, ExtractedBatch], BatchCommit],
    manifest: Callable[[], Manifest],
    plan: Triage,
    extracted: ExtractedBatch,
    retry: RetryPolicy,
    *,
    stale: bool = False,
) -> Committed:
    """`commit` the batch; on `CommitConflict`, `replan` it against the newest `manifest()` and
    commit what is left, at most `MAX_COMMIT_ATTEMPTS` times in all (then the conflict is raised:
    the run stands down, its earlier batches committed). A `stale` batch, planned before another
    run's commit this run has seen, is planned again first."""
    done, lost, attempt = 0, None, 0
    while True:
        attempt += 1
        try:
            if stale:
                again = replan(plan, extracted, manifest(), retry)
                done += again.done
                if again.plan is None:
                    first = f"version {lost}" if lost is not None else "these inputs"
                    line = f"another run committed {first} first; this batch stood down: {_ALL_DONE}"
                    return Committed(plan, extracted, None, done, line)
                plan, extracted, stale = again.plan, again.extracted, False
            result = commit(plan, extracted)
        except CommitConflict as exc:
            if attempt == MAX_COMMIT_ATTEMPTS:
                raise
            lost = exc.version if lost is None else lost
            stale = True
            continue
        line = ""
        if lost is not None:  # said only of the batch that met the other run's commit
            line = f"another run committed version {lost} first; this batch was {_REPLANNED} {result.snapshot}"
        return Committed(plan, extracted, result, done, line)
