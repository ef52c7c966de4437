"""Extraction accuracy on every annotated set, beside its goal (make accuracy).

    .venv/bin/python bench/accuracy.py [--json FILE]

Runs quoteflow (plain pipeline, fresh outputs) on
- entity-dev (QUOTEFLOW_EVAL_DIR/entity-dev: 6 PolNeAR + 6 BBC articles), scored as a whole
  and per half by the shared `score_entities.py`;
- the project's own made-up set (tests/entity_set), scored the same way;
- the PolNeAR dev split, scored by the shared `score_polnear.py`;
- both halves of PolNeAR train: the tune half (read for errors) and the check half (only ever
  scored), and the gap between them (how much the rules fit what they were written on);
and prints one table. `accuracy_figures()` is what the ratchet tests call. Then, over every
English text there is (seeds/, entity-dev, PolNeAR dev, both halves of PolNeAR train, the own
set), how many the language check turns away (`language_rejections()`; it should be none).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

from quoteflow.extraction.language import off_language
from quoteflow.extraction.parse import load_pipeline
from quoteflow.pipeline import run
from quoteflow.records import Article
from quoteflow.settings import Settings
from quoteflow.sources.read import article_from_bytes

REPO = Path(__file__).resolve().parents[1]
EVAL = Path(os.environ.get("QUOTEFLOW_EVAL_DIR", REPO.parent / "shared" / "eval")).resolve()
OWN = REPO / "tests" / "entity_set"

ENTITY_FIGURES = ("people_f1", "orgs_f1", "quotes_f1", "speaker_acc", "e2e_f1", "indirect_r", "indirect_speaker_acc")
GOALS = {
    "people_f1": 0.95,
    "orgs_f1": 0.85,
    "quotes_f1": 0.97,
    "speaker_acc": 0.92,
    "e2e_f1": 0.90,
    "indirect_r": 0.92,
    "indirect_speaker_acc": 0.90,
    "polnear_direct_F1": 0.94,
    "polnear_attr_acc": 0.92,
    "polnear_e2e_F1": 0.88,
}


def extract_folder(texts: Path, out: Path) -> None:
    summary = run(str(texts), str(out), Settings())
    if summary.status != "completed":
        raise SystemExit(f"the run over {texts} did not complete: {summary.message}")


def score_entities(out: Path, gold: Path, subset: str = "all") -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(EVAL / "score_entities.py"), "--data", str(out), "--gold-dir", str(gold),
         "--subset", subset, "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if not done.stdout.strip():
        raise SystemExit(f"score_entities.py failed: {done.stderr}")
    figures: dict[str, float] = json.loads(done.stdout)
    return {k: float(figures[k]) for k in ENTITY_FIGURES}


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_polnear(out: Path) -> dict[str, float]:
    scorer = _load(EVAL / "score_polnear.py")
    gold = scorer.load_gold(str(EVAL / "polnear-dev"))
    texts, preds = scorer.read_pred_dir(str(out))
    result = scorer.score(gold, preds, texts)
    return {f"polnear_{k}": float(v) for k, v in result.items() if isinstance(v, float)}


def score_polnear_halves(out: Path) -> dict[str, dict[str, float]]:
    """{'polnear-train tune': figures, 'polnear-train check': figures} of one run over PolNeAR train."""
    scorer = _load(EVAL / "score_polnear.py")
    gold = scorer.load_gold(str(EVAL / "polnear-train"))
    texts, preds = scorer.read_pred_dir(str(out))
    figures = {}
    for half in ("tune", "check"):
        ids = {aid for aid in gold if scorer.half_of(aid) == half}
        result = scorer.score(
            {aid: gold[aid] for aid in ids},
            [p for p in preds if p["article_id"] in ids],
            {a: texts[a] for a in ids if a in texts},
        )
        figures[f"polnear-train {half}"] = {f"polnear_{k}": float(v) for k, v in result.items() if isinstance(v, float)}
    return figures


def accuracy_figures(
    sets: tuple[str, ...] = ("entity-dev", "own", "polnear", "polnear-train"),
) -> dict[str, dict[str, float]]:
    """{set name: {figure: value}} for the sets asked for (the shared ones only when present)."""
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if "own" in sets:
            extract_folder(OWN / "text", Path(tmp, "own"))
            figures["own"] = score_entities(Path(tmp, "own"), OWN / "gold")
        if "entity-dev" in sets and (EVAL / "entity-dev").is_dir():
            extract_folder(EVAL / "entity-dev" / "text", Path(tmp, "dev"))
            for subset, name in (
                ("all", "entity-dev"),
                ("polnear", "entity-dev polnear half"),
                ("bbc", "entity-dev bbc half"),
            ):
                figures[name] = score_entities(Path(tmp, "dev"), EVAL / "entity-dev" / "gold", subset)
        if "polnear" in sets and (EVAL / "polnear-dev").is_dir():
            extract_folder(EVAL / "polnear-dev" / "text", Path(tmp, "polnear"))
            figures["polnear-dev"] = score_polnear(Path(tmp, "polnear"))
        if "polnear-train" in sets and (EVAL / "polnear-train").is_dir():
            run(
                str(EVAL / "polnear-train" / "text"),
                str(Path(tmp, "train")),
                Settings(workers=min(2, os.cpu_count() or 1)),
            )
            figures.update(score_polnear_halves(Path(tmp, "train")))
    return figures


def english_texts() -> dict[str, list[Path]]:
    """Every English text at hand, by set (the shared ones only when present)."""
    sets = {"seeds": sorted((REPO / "seeds").glob("*.txt")), "own": sorted((OWN / "text").glob("*.txt"))}
    for name in ("entity-dev", "polnear-dev"):
        if (EVAL / name).is_dir():
            sets[name] = sorted((EVAL / name / "text").glob("*.txt"))
    if (EVAL / "polnear-train").is_dir():
        half_of = _load(EVAL / "score_polnear.py").half_of
        train = sorted((EVAL / "polnear-train" / "text").glob("*.txt"))
        for half in ("tune", "check"):
            sets[f"polnear-train {half}"] = [p for p in train if half_of(p.stem) == half]
    return sets


def language_rejections() -> dict[str, tuple[int, int]]:
    """{set: (texts the language check rejects, texts)}, each text read as a run reads it."""
    nlp = load_pipeline(Settings().spacy_model)
    out = {}
    for name, paths in english_texts().items():
        rejected = 0
        for path in paths:
            article = article_from_bytes(path.name, path.read_bytes())
            if isinstance(article, Article) and off_language(article.text, str(nlp.lang), nlp.Defaults.stop_words):
                rejected += 1
        out[name] = (rejected, len(paths))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    if not (EVAL / "score_entities.py").exists():
        raise SystemExit(f"the shared scorers are not in {EVAL}: set QUOTEFLOW_EVAL_DIR")
    figures = accuracy_figures()
    entity_sets = [s for s in figures if not s.startswith("polnear")]
    print(f"{'figure':<22}" + "".join(f"{s:>26}" for s in entity_sets) + f"{'goal':>8}")
    for key in ENTITY_FIGURES:
        row = "".join(f"{figures[s][key]:>26.3f}" for s in entity_sets)
        print(f"{key:<22}{row}{GOALS[key]:>8.2f}")
    polnear = [s for s in ("polnear-dev", "polnear-train tune", "polnear-train check") if s in figures]
    if polnear:
        halves = "polnear-train tune" in figures and "polnear-train check" in figures
        print("PolNeAR (percent)" + ("; gap = tune - check, goal <= 1 on attribution and end-to-end" if halves else ""))
        print(
            f"  {'figure':<12}"
            + "".join(f"{s:>22}" for s in polnear)
            + (f"{'gap':>8}" if halves else "")
            + f"{'goal':>8}"
        )
        for key in ("polnear_direct_F1", "polnear_attr_acc", "polnear_e2e_F1", "polnear_indirect_R"):
            row = "".join(f"{100 * figures[s][key]:>22.2f}" for s in polnear)
            if halves:
                row += f"{100 * (figures['polnear-train tune'][key] - figures['polnear-train check'][key]):>8.2f}"
            goal = f"{100 * GOALS[key]:>8.0f}" if key in GOALS else ""
            print(f"  {key.removeprefix('polnear_'):<12}{row}{goal}")
    print("English texts the language check rejects (should be 0):")
    for name, (rejected, total) in language_rejections().items():
        print(f"  {name:<22} {rejected} of {total}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
