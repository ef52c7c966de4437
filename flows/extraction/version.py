"""The version of the extraction: the rules (this package's code) and the spaCy model.

    extraction_version("en_core_web_sm==3.8.0")   # -> "rules-3f9a2c1b7d4e/en_core_web_sm==3.8.0"

Every `articles` row records the version its rows were extracted with, so a dataset
written by earlier rules can be brought up to date (`quoteflow run --reextract`). The
rules' part is a digest of this package's source files, computed when first asked: any
change to the rules changes it, and nobody has to remember to bump a number.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def rules_digest() -> str:
    """12 hex digits of the SHA-256 of every extraction source file (path and content)."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def extraction_version(model_label: str) -> str:
    return f"rules-{rules_digest()}/{model_label}"
