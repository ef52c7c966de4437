"""Rules the package states once: how long an id's hex part is (`schemas/ids.py`) and whether
a place is a URI (`uri.is_uri`). A second spelling of either fails here, so the
next change to the rule cannot miss a copy.

    per_3f9a0c1b2d4e5f60     an entity id: a prefix and ID_HEX_DIGITS hex digits of a SHA-256
    "://" in out             asked only by `is_uri`
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from quoteflow.extraction.entities.model import entity_id
from quoteflow.records import article_id_for, content_hash
from quoteflow.rows.build import quote_id
from quoteflow.schemas import dtypes, quote_clusters
from quoteflow.schemas.ids import ID_HEX_DIGITS, hex_id, id_pattern
from quoteflow.uri import is_uri

from .conftest import REPO

PACKAGE = REPO / "flows"

#: a restatement of the id rule: a digest cut to 16, or a pattern of 16 hex digits
ID_RULE = re.compile(r"\[:\s*16\s*\]|\{16\}")
#: a restatement of "is this a URI"
URI_TEST = re.compile(r"""["']://["']\s+(?:not\s+)?in\b""")

#: files that may spell a rule out, and why
ID_RULE_ALLOWED = {
    "schemas/ids.py": "the one definition",
    "explore/cache.py": "the explore cache's folder name is 16 hex digits of OUT's path: a file name, not an id",
}
URI_TEST_ALLOWED = {
    "uri.py": "is_uri itself",
}


def package_files() -> dict[str, Path]:
    found = {}
    for folder, dirs, files in os.walk(PACKAGE, followlinks=True):  # flows/schemas is a link
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for f in files:
            if f.endswith(".py"):
                path = Path(folder) / f
                found[path.relative_to(PACKAGE).as_posix()] = path
    return found


def spelled_out(rule: re.Pattern[str], allowed: dict[str, str]) -> list[str]:
    """`file:line: code` for every line outside `allowed` that states the rule again."""
    out = []
    for name, path in sorted(package_files().items()):
        if name in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if rule.search(code):
                out.append(f"{name}:{number}: {line.strip()}")
    return out


def test_the_id_rule_is_stated_once():
    assert not spelled_out(ID_RULE, ID_RULE_ALLOWED), "use schemas.ids (hex_id, id_pattern, ID_HEX_DIGITS)"


def test_is_uri_is_asked_once():
    assert not spelled_out(URI_TEST, URI_TEST_ALLOWED), "use uri.is_uri"


def test_the_allow_lists_name_files_that_exist():
    files = package_files()
    assert set(ID_RULE_ALLOWED) | set(URI_TEST_ALLOWED) <= set(files)


@pytest.mark.parametrize(
    ("line", "rule", "found"),
    [
        ('digest = hashlib.sha256(b"x").hexdigest()[:16]', ID_RULE, True),
        ('PATTERN = r"^q_[0-9a-f]{16}$"', ID_RULE, True),
        ("chunk = data[:160]", ID_RULE, False),
        ('if "://" in out:', URI_TEST, True),
        ("if '://' not in path and exists(path):", URI_TEST, True),
        ('return source.startswith("s3://")', URI_TEST, False),
    ],
)
def test_the_scans_see_a_restatement(line, rule, found):
    assert bool(rule.search(line)) is found


def test_every_id_has_the_digits_of_the_one_rule():
    text = "Mayor Jane Roe said the bridge would reopen."
    digest = content_hash(text)
    made = {
        "article": (article_id_for(digest), dtypes.ARTICLE_ID_PATTERN),
        "quote": (quote_id(article_id_for(digest), 0, 12, "direct"), dtypes.QUOTE_ID_PATTERN),
        "person": (entity_id("person", "Jane Roe"), dtypes.PERSON_ID_PATTERN),
        "organization": (entity_id("organization", "Harbor Board"), dtypes.ORGANIZATION_ID_PATTERN),
    }
    for kind, (made_id, pattern) in made.items():
        assert re.fullmatch(pattern, made_id), (kind, made_id, pattern)
    assert len(made) == 4
    assert article_id_for(digest) == digest[:ID_HEX_DIGITS] == hex_id(text)
    assert re.fullmatch(dtypes.ENTITY_ID_PATTERN, made["person"][0])
    assert re.fullmatch(dtypes.ENTITY_ID_PATTERN, made["organization"][0])
    assert not re.fullmatch(dtypes.ENTITY_ID_PATTERN, made["quote"][0])


@pytest.mark.parametrize(
    ("prefix", "pattern"),
    [
        ("", dtypes.ARTICLE_ID_PATTERN),
        ("q_", dtypes.QUOTE_ID_PATTERN),
        ("per_", dtypes.PERSON_ID_PATTERN),
        ("org_", dtypes.ORGANIZATION_ID_PATTERN),
        ("(per|org)_", dtypes.ENTITY_ID_PATTERN),
        ("qc_", quote_clusters.QUOTE_CLUSTER_ID_PATTERN),
    ],
)
def test_the_tables_patterns_come_from_the_one_rule(prefix, pattern):
    assert id_pattern(prefix) == pattern
    assert re.fullmatch(pattern, prefix.replace("(per|org)", "per") + "0123456789abcdef")
    assert not re.fullmatch(pattern, prefix.replace("(per|org)", "per") + "0123456789abcde")  # 15 digits


def test_hex_id_is_a_prefixed_sha256_cut_to_the_rule():
    key = "person:jo doe"
    assert hex_id(key, "per_") == "per_" + hashlib.sha256(key.encode()).hexdigest()[:ID_HEX_DIGITS]
    assert ID_HEX_DIGITS == 16  # changing it changes every id already written: a new data format


@pytest.mark.parametrize(
    ("out", "uri"),
    [("s3://bucket/news", True), ("file:///srv/out", True), ("data", False), ("/srv/out", False), ("a:b", False)],
)
def test_is_uri(out, uri):
    assert is_uri(out) is uri
