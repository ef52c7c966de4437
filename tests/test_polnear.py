"""Ratchet: the pipeline on the PolNeAR dev split, scored by the shared scorer, must not fall
below the figures recorded in polnear_ratchet.json."""

import importlib.util
import json
from pathlib import Path

import pytest

from quoteflow.dataset.rows import article_rows
from quoteflow.extraction.extract import extract
from quoteflow.extraction.parse import parse
from quoteflow.records import Article, RunInfo
from quoteflow.sources.read import article_from_bytes

from .conftest import eval_path

RATCHET = json.loads((Path(__file__).with_name("polnear_ratchet.json")).read_text())


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_polnear", eval_path("score_polnear.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result(nlp):
    polnear = eval_path("polnear-dev")
    scorer = load_scorer()
    gold = scorer.load_gold(str(polnear))
    ids = sorted(gold)
    articles = [article_from_bytes(f"{aid}.txt", (polnear / "text" / f"{aid}.txt").read_bytes()) for aid in ids]
    assert all(isinstance(a, Article) for a in articles)
    run = RunInfo("ratchet", None, "test")
    preds, texts = [], {}
    for aid, art, doc in zip(ids, articles, parse(nlp, [a.text for a in articles]), strict=True):
        rows = article_rows(art, extract(doc), run, "test").rows
        texts[aid] = rows["articles"][0]["text"]
        keys = ("start_char", "end_char", "speaker_start", "speaker_end", "cue_start", "cue_end")
        preds.extend({**{k: q[k] for k in keys}, "article_id": aid} for q in rows["quotes"])
    return scorer.score(gold, preds, texts)


@pytest.mark.slow
@pytest.mark.parametrize("metric", [k for k in RATCHET if not k.startswith("_")])
def test_polnear_dev_does_not_regress(result, metric):
    assert result["text_mismatch"] == 0 and result["missing_articles"] == 0
    assert 100 * result[metric] >= RATCHET[metric], f"{metric} fell to {100 * result[metric]:.1f}"
