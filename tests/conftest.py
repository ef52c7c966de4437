"""Shared fixtures: one spaCy pipeline per test session, parsed texts cached by content."""

from __future__ import annotations

import os
from pathlib import Path

# The test harness's temporary Prefect server sends no telemetry (and logs no errors about it).
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import pytest

from quoteflow.extract import Extraction, extract
from quoteflow.nlp import load_pipeline, parse
from quoteflow.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline(Settings().spacy_model)


@pytest.fixture(scope="session")
def analyze(nlp):
    """text -> (doc, Extraction), cached: several tests read the same short texts."""
    cache: dict[str, tuple] = {}

    def run(text: str) -> tuple:
        if text not in cache:
            doc = parse(nlp, [text])[0]
            cache[text] = (doc, extract(doc))
        return cache[text]

    return run


def people(x: Extraction) -> dict[str, object]:
    return {e.name: e for e in x.entities if e.kind == "person"}


def organizations(x: Extraction) -> dict[str, object]:
    return {e.name: e for e in x.entities if e.kind == "organization"}
