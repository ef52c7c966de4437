"""Bounded memory: peak RSS grows slowly with the length of one input, so an input at the
5 MB cap stays far under 2 GB (`make bench` measures the 5 MB case itself)."""

import importlib.util
from pathlib import Path

import pytest

from .conftest import REPO, SEEDS

BOUND_MB = 2048
CAP_MB = 5.0


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_memory", REPO / "bench" / "memory.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_peak_memory_grows_slowly_with_the_length_of_an_input():
    bench = load_bench()
    small, large = 0.1, 0.5
    a = bench.measure(small, Path(SEEDS))
    b = bench.measure(large, Path(SEEDS))
    per_mb = (b["peak_mb"] - a["peak_mb"]) / (large - small)
    at_cap = b["peak_mb"] + (CAP_MB - large) * per_mb
    assert b["rows"]["articles"] == 1 and b["rows"]["quotes"] > 100  # the long text was really extracted
    assert per_mb < 250, f"peak memory grows {per_mb:.0f} MB per MB of text"
    assert at_cap < BOUND_MB, f"an input at the cap would peak at about {at_cap:.0f} MB"
