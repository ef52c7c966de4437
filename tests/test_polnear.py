"""Ratchet: the pipeline on PolNeAR, scored by the shared scorer, must not fall below the
figures recorded in polnear_ratchet.json: the dev split, and the check half of PolNeAR train
(about 420 articles nobody reads for errors: how extraction does on news it was not tuned on)."""

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from quoteflow.extraction.extract import extract
from quoteflow.extraction.parse import parse
from quoteflow.records import Article, RunInfo
from quoteflow.rows.build import article_rows
from quoteflow.sources.read import article_from_bytes

from .conftest import eval_path

RATCHET = json.loads((Path(__file__).with_name("polnear_ratchet.json")).read_text())
SETS = [name for name in RATCHET if not name.startswith("_")]


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_polnear", eval_path("score_polnear.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_of(scorer: ModuleType, name: str) -> tuple[Path, dict[str, Any]]:
    """The folder and gold articles of a ratchet set ('dev' or 'train check half')."""
    if name == "dev":
        folder = eval_path("polnear-dev")
        return folder, scorer.load_gold(str(folder))
    folder = eval_path("polnear-train")
    half = name.removeprefix("train ").removesuffix(" half")
    gold = scorer.load_gold(str(folder))
    return folder, {aid: g for aid, g in gold.items() if scorer.half_of(aid) == half}


def score_set(nlp: Any, name: str) -> dict[str, Any]:
    scorer = load_scorer()
    folder, gold = gold_of(scorer, name)
    ids = sorted(gold)
    articles = [article_from_bytes(f"{aid}.txt", (folder / "text" / f"{aid}.txt").read_bytes()) for aid in ids]
    assert all(isinstance(a, Article) for a in articles)
    run = RunInfo("ratchet", None, "test")
    preds, texts = [], {}
    keys = ("start_char", "end_char", "speaker_start", "speaker_end", "cue_start", "cue_end")
    for aid, art, doc in zip(ids, articles, parse(nlp, [a.text for a in articles]), strict=True):
        rows = article_rows(art, extract(doc), run, "test").rows
        texts[aid] = rows["articles"][0]["text"]
        preds.extend({**{k: q[k] for k in keys}, "article_id": aid} for q in rows["quotes"])
    result: dict[str, Any] = scorer.score(gold, preds, texts)
    return result


@pytest.fixture(scope="module")
def results(nlp: Any) -> dict[str, dict[str, Any]]:
    return {}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("dataset", "metric"), [(name, k) for name in SETS for k in RATCHET[name]], ids=lambda v: str(v).replace(" ", "-")
)
def test_polnear_does_not_regress(nlp: Any, results: dict[str, dict[str, Any]], dataset: str, metric: str) -> None:
    if dataset not in results:
        results[dataset] = score_set(nlp, dataset)
    result = results[dataset]
    assert result["text_mismatch"] == 0 and result["missing_articles"] == 0
    assert 100 * result[metric] >= RATCHET[dataset][metric], f"{dataset}: {metric} fell to {100 * result[metric]:.2f}"


def test_the_check_half_is_about_half_of_train() -> None:
    """The ratchet's check half is the scorer's split, not an empty or whole set."""
    scorer = load_scorer()
    _, train = gold_of(scorer, "train tune half")
    _, check = gold_of(scorer, "train check half")
    assert not set(train) & set(check)
    assert 0.4 < len(check) / (len(check) + len(train)) < 0.6
