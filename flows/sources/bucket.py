"""SOURCE as an S3 prefix: the objects under it, listed and read by the rules files follow.

    discover_objects("s3://news/incoming")
    # -> ([InputFile("2026/bridge.txt", "s3://news/incoming", ("2026", "bridge.txt"), 812,
    #                mtime_ns=…, etag='"9f2c…"'), …], [], {".pdf": 2})

The rules of `safe_open`, for objects: only what was listed is read (the read is pinned to
the listed ETag, so an object replaced in between is left for the next run, as a swapped
file is); an object over the size limit is rejected unread (and at most the limit is
ever fetched); hidden names (a segment starting with ".") and folder markers (keys
ending in "/") are skipped, and only `*.txt`, `*.html` and `*.htm` keys are inputs (feeds and
archives are read from folders only); other keys are counted by type, as files are. A key
with an empty segment (`in/2024//a.txt`) is an input like any other, named as it is
(`2024//a.txt`): no folder could hold it, but S3 has no folders. The manifest keeps each
object's key, size, ETag and modification time, so an unchanged object is not read again.
"""

from __future__ import annotations

from .. import s3
from ..errors import RetryLater, SourceError, TransientReadError
from ..records import InputFile, Rejection
from ..schemas.vocab import RejectStage
from .formats import unsupported_kind
from .names import source_name
from .suffixes import CONTAINERS, suffix_of


def is_bucket_source(source: str) -> bool:
    return source.startswith("s3://")


def discover_objects(uri: str) -> tuple[list[InputFile], list[Rejection], dict[str, int]]:
    """Every input object under the prefix `uri` (or the one object it names), sorted, and
    how many objects of other types there are (by extension)."""
    bucket, prefix = s3.split(uri.rstrip("/"))
    if not bucket:
        raise SourceError(f"SOURCE {uri} names no bucket (give s3://bucket/prefix)")
    found: list[InputFile] = []
    skipped: dict[str, int] = {}
    try:
        for obj in s3.list_objects(bucket, prefix):
            relpath: tuple[str, ...]
            # a key is split at each "/" as it is, empty segments included ("in/2024//a.txt"):
            # S3 has no folders, and such a key names an object like any other
            if obj.key == prefix:  # SOURCE names one object
                folder, _, name = prefix.rpartition("/")
                root, relpath = f"s3://{bucket}/{folder}" if folder else f"s3://{bucket}", (name,)
            elif not prefix or obj.key.startswith(prefix + "/"):
                rest = obj.key[len(prefix) + 1 :] if prefix else obj.key
                root, relpath = f"s3://{bucket}/{prefix}".rstrip("/"), tuple(rest.split("/"))
            else:  # "in2/…" under the prefix "in": another folder
                continue
            if obj.key.endswith("/") or any(part.startswith(".") for part in relpath):
                continue
            if suffix_of(relpath[-1]) in (None, *CONTAINERS):
                kind = unsupported_kind(relpath[-1])
                skipped[kind] = skipped.get(kind, 0) + 1
                continue
            shown = source_name("/".join(relpath))
            found.append(InputFile(shown, root, relpath, obj.size, obj.mtime_ns, 0, 0, etag=obj.etag))
    except (s3.AccessDenied, s3.ObjectMissing) as exc:
        raise SourceError(f"cannot list SOURCE {uri}: {exc} (check the bucket name and the AWS credentials)") from exc
    except Exception as exc:  # no such bucket, no endpoint, no credentials: botocore's own errors
        raise SourceError(f"cannot list SOURCE {uri}: {exc}") from exc
    found.sort(key=lambda f: f.source)
    return found, [], skipped


def read_object(ref: InputFile, max_bytes: int) -> bytes | Rejection:
    """The object's bytes, or why it is rejected. Raises `RetryLater` if it changed after
    listing, `TransientReadError` for a network error worth a retry now."""
    if ref.size > max_bytes:
        reason = f"object is {ref.size:,} bytes, over the limit of {max_bytes:,} (QUOTEFLOW_MAX_INPUT_BYTES)"
        return Rejection(ref.source, RejectStage.READ, reason)
    bucket, folder = s3.split(ref.root)
    key = "/".join((folder, *ref.relpath) if folder else ref.relpath)  # empty segments kept: the listed key
    try:
        return s3.read(bucket, key, ref.etag or "*", max_bytes)
    except s3.ConditionFailed as exc:
        raise RetryLater("object was replaced after listing: read on the next run") from exc
    except s3.ObjectMissing:
        return Rejection(ref.source, RejectStage.READ, "object vanished between listing and reading")
    except s3.AccessDenied:
        return Rejection(ref.source, RejectStage.READ, "object is not readable (access denied)")
    except Exception as exc:  # a dropped connection, a throttled request (after botocore's own retries)
        raise TransientReadError(0, f"{ref.source}: {exc}") from exc
