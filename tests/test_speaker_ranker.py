"""The speaker ranker: the candidates the rules propose, the three speaker models, the packaged
model file, and the training's byte-identical output (made-up texts and examples only)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from quoteflow.extraction import version
from quoteflow.extraction.entities.build import build_entities
from quoteflow.extraction.extract import extract
from quoteflow.extraction.layout import DocumentLayout
from quoteflow.extraction.parse import parse
from quoteflow.extraction.speech import ranker
from quoteflow.extraction.speech.candidates import speaker_candidates
from quoteflow.extraction.speech.document import DocContext
from quoteflow.extraction.speech.features import vocabulary
from quoteflow.extraction.speech.modes import DEFAULT_SPEAKER_MODEL, SPEAKER_MODELS
from quoteflow.extraction.speech.quotes import rule_records
from quoteflow.settings import Settings

from .conftest import read_tables

REPO = Path(__file__).resolve().parents[1]

# (id, text, quoted words, the mention that must be among its candidates)
CANDIDATE_CASES = [
    ("said-after", "Lina Moss runs the depot. “We open at six,” Moss said.", "We open at six,", "Moss"),
    ("said-before", "Ferris Cole spoke first. Cole said: “The fund is empty.”", "The fund is empty.", "Cole"),
    ("pronoun-at-the-cue", "Dora Vint leads the union. “We will strike,” she said.", "We will strike,", "she"),
    (
        "continuation-in-the-next-paragraph",
        "“The roof leaks,” said Ansel Brae, the caretaker.\n“Nobody has come to fix it.”",
        "Nobody has come to fix it.",
        "Ansel Brae",
    ),
    (
        "apposition",
        "The club's treasurer, Perrin Holt, said the accounts were “in good order”.",
        "in good order",
        "Perrin Holt",
    ),
]


def _context(nlp: Any, text: str) -> tuple[Any, DocContext, list[Any]]:
    doc = parse(nlp, [text])[0]
    layout = DocumentLayout.of(doc)
    ctx = DocContext(doc, build_entities(doc, layout), layout)
    return doc, ctx, rule_records(ctx)


@pytest.mark.parametrize(
    ("text", "quote", "mention"), [c[1:] for c in CANDIDATE_CASES], ids=[c[0] for c in CANDIDATE_CASES]
)
def test_candidates_hold_the_speakers_mention(nlp: Any, text: str, quote: str, mention: str) -> None:
    doc, ctx, records = _context(nlp, text)
    record = next(r for r in records if r.text == quote)
    previous = next((r for r in records if r.end <= record.start and r.speaker_span), None)
    cands = speaker_candidates(ctx, record, previous)
    assert mention in [doc[c.start : c.end].text for c in cands]


# (id, text, quoted words, speaker name in every mode)
MODE_CASES = [
    ("said-after", "Lina Moss runs the depot. “We open at six,” Moss said.", "We open at six,", "Lina Moss"),
    ("pronoun", "Dora Vint leads the union. “We will strike,” she said.", "We will strike,", "Dora Vint"),
    (
        "said-inverted",
        "Prices rose again. “Nobody can pay this,” said Tobin Reyes, a baker in the town.",
        "Nobody can pay this,",
        "Tobin Reyes",
    ),
]


@pytest.mark.parametrize("mode", SPEAKER_MODELS)
@pytest.mark.parametrize(("text", "quote", "speaker"), [c[1:] for c in MODE_CASES], ids=[c[0] for c in MODE_CASES])
def test_each_mode_finds_the_clear_speaker(nlp: Any, mode: Any, text: str, quote: str, speaker: str) -> None:
    doc = parse(nlp, [text])[0]
    record = next(q for q in extract(doc, mode).quotes if q.text == quote)
    assert record.speaker is not None and record.speaker.name == speaker
    assert record.speaker_span is not None and text[slice(*record.speaker_span)] in speaker + " she"


def test_combined_keeps_the_explicit_cue_subject(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A model that prefers anyone to the rules' choice changes the ranker's answer, not combined's
    where a cue names the speaker."""
    text = "Ivo Marsh met Kit Lane. “The deal is done,” Lane said."
    contrary = ranker.LinearModel(0.0, {"rule:rule": -5.0, "rule:name": 1.0}, 0.5)
    monkeypatch.setattr(ranker, "load_model", lambda: contrary)
    doc = parse(nlp, [text])[0]
    rules = next(q for q in extract(doc, "rules").quotes if q.text == "The deal is done,")
    combined = next(q for q in extract(doc, "combined").quotes if q.text == "The deal is done,")
    ranked = next(q for q in extract(doc, "ranker").quotes if q.text == "The deal is done,")
    assert text[slice(*rules.speaker_span)] == "Lane"  # type: ignore[misc]
    assert combined == rules
    assert ranked.speaker_span != rules.speaker_span


def test_the_setting_chooses_the_speaker_model(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().speaker_model == DEFAULT_SPEAKER_MODEL
    monkeypatch.setenv("QUOTEFLOW_SPEAKER_MODEL", "combined")
    assert Settings().speaker_model == "combined"
    monkeypatch.setenv("QUOTEFLOW_SPEAKER_MODEL", "oracle")
    with pytest.raises(ValueError, match="speaker_model"):
        Settings()


def test_the_extraction_version_covers_the_model_file_and_the_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "extraction"
    (package / "speech").mkdir(parents=True)
    (package / "rules.py").write_text("RULE = 1\n")
    model = package / "speech" / ranker.MODEL_FILE
    model.write_text('{"weights": {"a": 1.0}}\n')
    monkeypatch.setattr(version, "_PACKAGE", package)
    version.rules_digest.cache_clear()
    try:
        before = version.extraction_version("pipe==1", "ranker")
        model.write_text('{"weights": {"a": 1.5}}\n')
        version.rules_digest.cache_clear()
        after = version.extraction_version("pipe==1", "ranker")
        assert before != after
        assert version.extraction_version("pipe==1", "rules") != after
    finally:
        version.rules_digest.cache_clear()


def test_the_packaged_model_loads_and_names_only_features_that_exist(nlp: Any) -> None:
    data = json.loads((REPO / "flows" / "extraction" / "speech" / ranker.MODEL_FILE).read_text())
    assert data["format_version"] == ranker.FORMAT_VERSION
    assert sorted(data["weights"]) == data["feature_names"] and data["training"]["set"]
    assert ranker.load_model().weights == data["weights"]
    unknown = sorted(set(data["feature_names"]) - vocabulary())
    assert not unknown, f"the model names features features.py does not make: {unknown}"
    # and the vocabulary is what features.py makes: every name seen on a few texts is in it
    seen: set[str] = set()
    for _, text, *_ in CANDIDATE_CASES + MODE_CASES:
        _, ctx, records = _context(nlp, text)
        for item in ranker.ranking_items(ctx, records):
            for f in item.features:
                seen |= set(f)
    assert seen and seen <= vocabulary()


def test_an_old_model_format_is_refused() -> None:
    with pytest.raises(ranker.SpeakerModelError, match="make train"):
        ranker.model_from_json({"format_version": 0, "weights": {}, "intercept": 0.0, "threshold": 0.5})


def _training() -> ModuleType:
    spec = importlib.util.spec_from_file_location("training_speaker", REPO / "training" / "speaker.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_training_twice_writes_the_same_bytes(tmp_path: Path) -> None:
    sp = _training()
    examples = [
        sp.Example(
            f"a{k}",
            "explicit" if k % 3 else "continuation",
            True,
            0,
            True,
            False,
            [{"rule:rule": 1.0, "distance:after_0-2": 1.0}, {"rule:name": 1.0, f"distance:before_{k % 4}": 1.0}],
            [1, 0] if k % 5 else [0, 1],
        )
        for k in range(20)
    ]
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    sp.write_model(sp.fit(examples), first, "made-up examples")
    sp.write_model(sp.fit(list(examples)), second, "made-up examples")
    assert first.read_bytes() == second.read_bytes()
    model = ranker.model_from_json(json.loads(first.read_text()))
    assert model.weights["rule:rule"] > model.weights["rule:name"]


@pytest.mark.parametrize("mode", SPEAKER_MODELS)
def test_a_headline_quote_keeps_the_rules_answer(nlp: Any, mode: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """However sure the model is, a headline's scare quote the rules credit to no one keeps no speaker."""
    text = "Council “had a secret plan” for depot\n\nMembers of Dunmere Council met on Monday to discuss the depot.\n"
    eager = ranker.LinearModel(10.0, {}, 0.5)
    monkeypatch.setattr(ranker, "load_model", lambda: eager)
    doc = parse(nlp, [text])[0]
    quote = next(q for q in extract(doc, mode).quotes if q.text == "had a secret plan")
    assert quote.speaker is None and quote.speaker_span is None and quote.attribution is None


@pytest.mark.parametrize("mode", SPEAKER_MODELS)
def test_a_headline_quote_keeps_the_speaker_of_its_body_quotation(
    nlp: Any, mode: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'Depot ‘a disgrace’' takes the speaker of the body quotation holding its words, whatever
    the model thinks of the names in the headline."""
    text = (
        "Ada Quell’s depot ‘a disgrace’\n\nAda Quell closed her depot on Monday. “It is a disgrace,” said Nell Ostrow, "
        "who chairs the residents' group.\n"
    )
    contrary = ranker.LinearModel(0.0, {"rule:rule": -5.0, "rule:name": 1.0}, 0.5)
    monkeypatch.setattr(ranker, "load_model", lambda: contrary)
    doc = parse(nlp, [text])[0]
    quote = next(q for q in extract(doc, mode).quotes if q.text == "a disgrace")
    assert quote.speaker is not None and quote.speaker.name == "Nell Ostrow"


@pytest.mark.parametrize("mode", ["rules", "ranker"])
def test_a_run_extracts_with_the_speaker_model_it_is_given(tmp_path: Path, mode: str) -> None:
    """The setting reaches extraction and the version each article records (so --reextract
    picks up a change of speaker model)."""
    from quoteflow.pipeline import run

    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text("Depot to close\n\nIvo Marsh met Kit Lane. “The deal is done,” Lane said.\n")
    run(str(source), str(tmp_path / "out"), Settings(speaker_model=mode))  # type: ignore[arg-type]
    tables = read_tables(tmp_path / "out")
    assert tables["articles"][0]["extraction_version"].split("/")[0].endswith("+" + mode)
    assert [q["speaker"] for q in tables["quotes"]] == ["Kit Lane"]


def test_scoring_the_model_does_not_import_the_learning_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from quoteflow.extraction.extract import extract; "
        "from quoteflow.extraction.speech.ranker import load_model; load_model(); "
        "sys.exit('sklearn' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_a_cue_subject_pronoun_outranks_the_name_it_stands_for(nlp: Any) -> None:
    """The conjunctions and the candidate's place among the quotation's others are features."""
    doc, ctx, records = _context(nlp, "Dora Vint leads the union. “We will strike,” she said.")
    item = next(ranker.ranking_items(ctx, records))
    by_text = {doc[c.start : c.end].text: f for c, f in zip(item.candidates, item.features, strict=True)}
    she, name = by_text["she"], by_text["Dora Vint"]
    assert {"pair:cue_subject*pronoun", "pair:cue_subject*after", "pair:cue_sentence"} <= set(she)
    assert {"rank:nearest_after", "rank:nearest_subject_after", "rank:entity_nearest"} <= set(she)
    assert {"rank:nearest_before", "rank:nearest_subject_before"} <= set(name)
    assert "rank:entity_nearest" not in name  # "she" is the nearer mention of the same person
    assert "pair:rule_entity*explicit" in name and "pair:rule_entity*explicit" in she


def test_training_learns_from_the_choice_within_a_quotation() -> None:
    """A softmax per quotation: a quotation with a single candidate says nothing about which of
    two candidates to prefer (a per-candidate logistic regression learnt 'names are wrong')."""
    sp = _training()
    informative = [
        sp.Example(f"a{k}", "explicit", True, 0, True, False, [{"rule:rule": 1.0}, {"rule:name": 1.0}], [0, 1])
        for k in range(10)
    ]
    lonely = [sp.Example(f"b{k}", "none", False, None, True, False, [{"rule:name": 1.0}], [0]) for k in range(60)]
    lonely += [sp.Example(f"c{k}", "explicit", True, 0, True, False, [{"rule:rule": 1.0}], [1]) for k in range(30)]
    model = sp.fit(informative + lonely)
    assert model["weights"]["rule:name"] > model["weights"]["rule:rule"]
    assert model["training"]["quotations"] == 100
