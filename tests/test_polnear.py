"""Ratchet: the pipeline on the PolNeAR dev split, scored by the shared scorer, must not fall
below the figures recorded in polnear_ratchet.json."""

import importlib.util
import json
from pathlib import Path

import pytest
from quoteflow.extract import extract
from quoteflow.nlp import parse
from quoteflow.sources import article_from_bytes
from quoteflow.tables import RunInfo, article_rows

from .conftest import SHARED

POLNEAR = SHARED / "eval" / "polnear-dev"
RATCHET = json.loads((Path(__file__).with_name("polnear_ratchet.json")).read_text())


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_polnear", SHARED / "eval" / "score_polnear.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result(nlp):
    scorer = load_scorer()
    gold = scorer.load_gold(str(POLNEAR))
    ids = sorted(gold)
    articles = [article_from_bytes(f"{aid}.txt", (POLNEAR / "text" / f"{aid}.txt").read_bytes()) for aid in ids]
    run = RunInfo("ratchet", None, "test", "test")
    preds, texts = [], {}
    for aid, art, doc in zip(ids, articles, parse(nlp, [a.text for a in articles])):
        rows = article_rows(art, extract(doc), run).rows
        texts[aid] = rows["articles"][0]["text"]
        keys = ("start_char", "end_char", "speaker_start", "speaker_end", "cue_start", "cue_end")
        preds.extend({**{k: q[k] for k in keys}, "article_id": aid} for q in rows["quotes"])
    return scorer.score(gold, preds, texts)


@pytest.mark.slow
@pytest.mark.parametrize("metric", [k for k in RATCHET if not k.startswith("_")])
def test_polnear_dev_does_not_regress(result, metric):
    assert result["text_mismatch"] == 0 and result["missing_articles"] == 0
    assert 100 * result[metric] >= RATCHET[metric], f"{metric} fell to {100 * result[metric]:.1f}"
