"""The entity-scale bench's made-up corpus (bench/made_up_corpus.py, bench/scale_entities.py):
its rows pass the table contracts, its surnames are skewed, and committing it builds entities."""

import importlib.util
import random
import sys
from collections import Counter

import pyarrow.dataset as ds

from .conftest import REPO


def load(name):
    sys.path.insert(0, str(REPO / "bench"))  # scale_entities imports its sibling
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(REPO / "bench"))


def test_people_are_distinct_and_surnames_are_skewed():
    made_up = load("made_up_corpus")
    rng = random.Random(1)
    people = made_up.made_up_people(5000, made_up.made_up_orgs(50, rng), rng)
    bearers = Counter(p.last for p in people)
    assert len({p.name for p in people}) == 5000
    assert len({p.first for p in people}) == 300
    assert bearers.most_common(1)[0][1] >= 200  # hundreds share the commonest surname
    assert min(bearers.values()) <= 3  # and a rare one is borne by a handful


def test_made_up_rows_pass_the_contracts_and_commit_into_entities(tmp_path):
    bench = load("scale_entities")
    people, orgs = bench.corpus(600)
    plan = bench.article_plan(people, orgs, random.Random(2))
    assert any(len(r["people"]) > 3 for r in plan)  # some articles name someone by surname only
    assert bench.rejected(plan) == 0
    articles = bench.build(str(tmp_path / "out"), people, orgs, batch=100)
    entities = ds.dataset(str((tmp_path / "out" / "entities").resolve())).to_table().to_pylist()
    names = {e["name"] for e in entities if e["kind"] == "person"}
    # every made-up person is a corpus entity (full names are distinct, so none merge)
    assert {p.name for p in people} <= names
    assert articles == len(plan) and sum(e["kind"] == "organization" for e in entities) > 0
