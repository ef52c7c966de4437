"""The S3 API calls pyarrow does not make: object listings with ETags, reads pinned to an
ETag, and conditional writes (create only if absent).

Endpoint, region and credentials come from the standard AWS settings, as for pyarrow
(`AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`, `~/.aws/config` …), so the same environment
reaches the same server with both.

    bucket, key = split("s3://news/incoming/2026")      # -> ("news", "incoming/2026")
    list_objects("news", "incoming/2026")                # -> ObjectInfo(key, size, etag, mtime_ns), …
    read("news", "incoming/2026/a.txt", etag, 5_000_000)  # -> bytes, or ConditionFailed if replaced
    put_if_absent("news", "out/.quoteflow/manifest-00000007.parquet", data)   # -> False if it exists

boto3 is imported on first use: a run that never touches S3 does not load it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .uri import is_uri

#: error codes of a condition (If-Match, If-None-Match) that did not hold
_CONDITION_FAILED = {"PreconditionFailed", "ConditionalRequestConflict", "412", "409"}
_MISSING = {"NoSuchKey", "404", "NotFound"}
_DENIED = {"AccessDenied", "403", "InvalidAccessKeyId", "SignatureDoesNotMatch"}


class ConditionFailed(Exception):
    """The object is not (or no longer) the one the request was conditioned on."""


class ObjectMissing(Exception):
    """No such object."""


class AccessDenied(Exception):
    """The credentials may not read or write the object."""


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    key: str
    size: int
    etag: str
    mtime_ns: int


def split(uri: str) -> tuple[str, str]:
    """(bucket, key or prefix) of an `s3://bucket/key` URI."""
    parts = urlsplit(uri)
    return parts.netloc, parts.path.lstrip("/")


@functools.cache
def _client(endpoint: str | None = None) -> Any:
    import boto3

    return boto3.client("s3", endpoint_url=endpoint) if endpoint else boto3.client("s3")


def endpoint_of(uri: str) -> str | None:
    """The endpoint a URI names in pyarrow's own query parameters (`?endpoint_override=host:port`
    `&scheme=http`), for boto3 to reach the same server; None: the AWS settings decide."""
    query = parse_qs(urlsplit(uri).query)
    host = query.get("endpoint_override", [None])[0]
    if not host or is_uri(host):  # given whole, with its scheme
        return host
    return f"{query.get('scheme', ['https'])[0]}://{host}"


def _code(exc: Exception) -> str:
    response = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


def _translate(exc: Exception) -> Exception:
    """A botocore error as one of this module's, or as is."""
    code = _code(exc)
    if code in _CONDITION_FAILED:
        return ConditionFailed(code)
    if code in _MISSING:
        return ObjectMissing(code)
    if code in _DENIED:
        return AccessDenied(code)
    return exc


def list_objects(bucket: str, prefix: str) -> Iterator[ObjectInfo]:
    """Every object under `prefix`, page by page (S3 lists keys in UTF-8 binary order)."""
    pages = _client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    try:
        for page in pages:
            for obj in page.get("Contents", ()):
                modified: datetime = obj["LastModified"]
                mtime_ns = int(modified.timestamp()) * 10**9 + modified.microsecond * 1000
                yield ObjectInfo(obj["Key"], int(obj["Size"]), str(obj["ETag"]), mtime_ns)
    except Exception as exc:
        raise _translate(exc) from exc


def read(bucket: str, key: str, etag: str, max_bytes: int) -> bytes:
    """At most `max_bytes + 1` bytes of the object, if its ETag is still `etag`."""
    try:
        response = _client().get_object(Bucket=bucket, Key=key, IfMatch=etag, Range=f"bytes=0-{max_bytes}")
        return bytes(response["Body"].read())
    except Exception as exc:
        if _code(exc) == "InvalidRange":  # an empty object has no byte 0
            return b""
        raise _translate(exc) from exc


def put_if_absent(bucket: str, key: str, data: bytes, endpoint: str | None = None) -> bool:
    """Write the object unless one exists under `key` (atomically, on the server): created?"""
    try:
        _client(endpoint).put_object(Bucket=bucket, Key=key, Body=data, IfNoneMatch="*")
    except Exception as exc:
        translated = _translate(exc)
        if isinstance(translated, ConditionFailed):
            return False
        raise translated from exc
    return True
