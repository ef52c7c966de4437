"""Ratchet: entity-dev (as a whole and each half) and the project's own made-up set, scored by the
shared scorer, must not fall below the figures recorded in accuracy_ratchet.json."""

import importlib.util
import json
from pathlib import Path

import pytest

from .conftest import REPO, eval_path

RATCHET = json.loads(Path(__file__).with_name("accuracy_ratchet.json").read_text())
CASES = [(s, k) for s, figures in RATCHET.items() if not s.startswith("_") for k in figures]


@pytest.fixture(scope="module")
def figures():
    eval_path("score_entities.py")  # the shared scorer (skips, with the reason, without it)
    eval_path("entity-dev")
    spec = importlib.util.spec_from_file_location("bench_accuracy", REPO / "bench" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.accuracy_figures(("entity-dev", "own"))


@pytest.mark.slow
@pytest.mark.parametrize(("dataset", "figure"), CASES, ids=[f"{s}:{k}" for s, k in CASES])
def test_accuracy_does_not_regress(figures, dataset, figure):
    got = figures[dataset][figure]
    assert got >= RATCHET[dataset][figure], f"{dataset} {figure} fell to {got:.3f}"
