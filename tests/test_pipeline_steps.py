"""A run's steps are one list (`pipeline.Steps`), called in the order listed, each a named
function; the Prefect flow passes the same list with its steps as tasks."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from quoteflow.pipeline import PLAIN_STEPS, Steps, run
from quoteflow.settings import Settings

from .conftest import write_articles

ORDER = ["discover", "plan", "read", "triage", "extract", "commit", "vacuum"]


def recorded(name: str, step: Callable[..., Any], calls: list[str]) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        calls.append(name)
        return step(*args)

    return call


def test_a_run_calls_every_step_in_the_order_they_are_listed(tmp_path):
    assert [f.name for f in dataclasses.fields(Steps)] == ORDER
    calls: list[str] = []
    steps = Steps(**{name: recorded(name, getattr(PLAIN_STEPS, name), calls) for name in ORDER})
    src = write_articles(tmp_path / "in", {"a.txt": "Mayor Ada Quill said the ferry resumes on Monday.\n"})
    summary = run(str(src), str(tmp_path / "out"), Settings(), steps=steps)
    assert summary.new == 1
    assert calls == ORDER


def test_the_plain_and_the_prefect_steps_are_named_functions():
    from prefect.task_runners import ThreadPoolTaskRunner

    from quoteflow.flow import prefect_steps

    for steps in (PLAIN_STEPS, prefect_steps(ThreadPoolTaskRunner(max_workers=1))):
        for name in ORDER:
            step = getattr(steps, name)
            assert getattr(step, "__name__", type(step).__name__) != "<lambda>", name
