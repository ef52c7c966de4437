"""The version of the extraction: the rules (this package's code and the speaker model's
file), who chooses speakers (the `speaker_model` setting) and the spaCy model.

    extraction_version("en_core_web_sm==3.8.0", "ranker")
    # -> "rules-3f9a2c1b7d4e+ranker/en_core_web_sm==3.8.0"

Every `articles` row records the version its rows were extracted with, so a dataset
written by earlier rules can be brought up to date (`quoteflow run --reextract`). The
rules' part is a digest of this package's source files and data files (the speaker
ranker's JSON model), computed when first asked: any change to the rules or a retrained
model changes it, and nobody has to remember to bump a number.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from .speech.modes import DEFAULT_SPEAKER_MODEL

_PACKAGE = Path(__file__).resolve().parent
_PATTERNS = ("*.py", "*.json")  # the code, and the models that ship with it


@functools.cache
def rules_digest() -> str:
    """12 hex digits of the SHA-256 of every extraction source and model file (path and content)."""
    digest = hashlib.sha256()
    paths = {path for pattern in _PATTERNS for path in _PACKAGE.rglob(pattern)}
    for path in sorted(paths):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def extraction_version(model_label: str, speaker_model: str = DEFAULT_SPEAKER_MODEL) -> str:
    return f"rules-{rules_digest()}+{speaker_model}/{model_label}"
