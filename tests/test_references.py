"""Every test file the code and the docs name exists: a docstring that says "tests/test_x.py
checks this" sends a reader to that file, so a renamed or never-written one fails here.

    named_test_files("tests/test_attributes.py checks the result")   # -> {"test_attributes.py"}
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .conftest import REPO

TEST_FILE = re.compile(r"\btest_\w+\.py\b")
#: where a reader meets the name of a test file
PLACES = ["flows", "schemas", "bench", "training", "README.md", "data/README.md", "Makefile"]


def named_test_files(text: str) -> set[str]:
    return set(TEST_FILE.findall(text))


def documents() -> list[Path]:
    found = []
    for place in PLACES:
        path = REPO / place
        if path.is_file():
            found.append(path)
            continue
        for folder, dirs, files in os.walk(path, followlinks=True):  # flows/schemas is a link
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            found.extend(Path(folder) / f for f in files if f.endswith((".py", ".md", ".j2")))
    return found


def test_the_scan_finds_a_named_test_file():
    assert named_test_files("tests/test_attributes.py checks it; see also test_s3.py.") == {
        "test_attributes.py",
        "test_s3.py",
    }
    assert named_test_files("my_test_x.py and test_x.pyc") == set()


def test_every_named_test_file_exists():
    existing = {p.name for p in (REPO / "tests").glob("test_*.py")}
    missing = sorted(
        f"{path.relative_to(REPO)} names {name}"
        for path in documents()
        for name in named_test_files(path.read_text(encoding="utf-8"))
        if name not in existing
    )
    assert len(documents()) > 100  # the walk reaches the package, not an empty folder
    assert not missing, missing
