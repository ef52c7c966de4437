"""Train the speaker ranker on the tune half of PolNeAR train, and say whether to use it (make train).

    .venv/bin/python training/speaker.py              # CV table, learning curve, ablation; writes the model
    .venv/bin/python training/speaker.py --score DIR  # score the three modes on DIR (text/ + attributions/ beside it)

Examples: every tune article is parsed once with the project's own parse and extraction;
each direct or partial quotation the rules find is lenient-matched (the shared scorer's
rule) to a gold direct attribution; its candidates (`speech.candidates`) are labelled by
whether they overlap a gold Source fragment. The learner is a softmax over each quotation's
candidates (scipy's L-BFGS from zeros: deterministic); the model is written as JSON with rounded coefficients and
sorted keys, so two runs write the same bytes. Folds are by article (a hash of its id).
QUOTEFLOW_EVAL_DIR (default ../shared/eval) finds the data, as bench/accuracy.py does.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

from quoteflow.extraction.entities.build import build_entities
from quoteflow.extraction.layout import DocumentLayout
from quoteflow.extraction.parse import load_pipeline, parse_each
from quoteflow.extraction.speech.document import DocContext
from quoteflow.extraction.speech.features import GROUPS, group_of
from quoteflow.extraction.speech.quotes import rule_records
from quoteflow.extraction.speech.ranker import FORMAT_VERSION, MODEL_FILE, best_candidate, ranking_items
from quoteflow.records import Article
from quoteflow.settings import Settings
from quoteflow.sources.read import article_from_bytes

REPO = Path(__file__).resolve().parents[1]
EVAL = Path(os.environ.get("QUOTEFLOW_EVAL_DIR", REPO.parent / "shared" / "eval")).resolve()
TRAIN = EVAL / "polnear-train"
MODEL_PATH = REPO / "flows" / "extraction" / "speech" / MODEL_FILE
MODES = ("rules", "ranker", "combined")
FOLDS = 5
# 5-fold CV on tune (ranker / combined): C 0.3 -> 91.86 / 91.91, 1 -> 91.96 / 91.96, 3 -> 91.99 / 91.99,
# 10 -> 91.96 / 92.02, 30 -> 91.96 / 92.04; at C=3 a threshold of 0.3, 0.5 or 0.7 gives the same
# figures. C=0.3: above it the default mode lowers entity-dev's speaker accuracy (0.956 -> 0.948 at C=3).
C = 0.3
THRESHOLD = 0.5
DIGITS = 6


class Example(NamedTuple):
    """One quotation matched to gold: its candidates' features and labels, and the rules' answer."""

    article: str
    attribution: str  # how the rules attributed it: explicit, continuation, none
    rule_correct: bool
    rule_index: int | None  # which candidate the rules chose
    has_source: bool
    headline: bool  # a headline's quotation keeps the rules' answer
    features: list[dict[str, float]]
    labels: list[int]


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_polnear", EVAL / "score_polnear.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def texts_in(folder: Path, scorer: ModuleType, half: str | None = None) -> list[Path]:
    """The texts of `folder`; with `half`, only those of that half of the scorer's split."""
    return [p for p in sorted(folder.glob("*.txt")) if half is None or scorer.half_of(p.stem) == half]


def gold_of(texts: list[Path], ann_dir: Path, scorer: ModuleType) -> dict[str, list[dict[str, Any]]]:
    """{article id: gold attributions} for `texts` only (no other article is read)."""
    chosen = scorer._pick_anns([f for f in os.listdir(ann_dir) if f.endswith(".ann")])
    out = {}
    for path in texts:
        name = chosen.get(path.stem)
        out[path.stem] = scorer.parse_ann((ann_dir / name).read_text(encoding="utf-8")) if name else []
    return out


def read_articles(texts: list[Path]) -> list[tuple[str, Article]]:
    out = []
    for path in texts:
        art = article_from_bytes(path.name, path.read_bytes())
        assert isinstance(art, Article), f"{path.name} was rejected"
        out.append((path.stem, art))
    return out


def parsed(texts: list[Path]) -> list[tuple[str, str, Any]]:
    """(article id, text, Doc) for every text of `texts`, parsed once."""
    settings = Settings()
    nlp = load_pipeline(settings.spacy_model)
    arts = read_articles(texts)
    docs = parse_each(
        nlp, [a.text for _, a in arts], batch_chars=settings.parse_batch_chars, chunk_chars=settings.parse_chunk_chars
    )
    out = []
    for (aid, art), doc in zip(arts, docs, strict=True):
        assert not isinstance(doc, Exception), f"{aid}: {doc}"
        out.append((aid, art.text, doc))
    return out


def examples_of(aid: str, text: str, doc: Any, gold: list[dict[str, Any]], scorer: ModuleType) -> list[Example]:
    layout = DocumentLayout.of(doc)
    ctx = DocContext(doc, build_entities(doc, layout), layout)
    records = rule_records(ctx)
    direct = [
        (scorer.charset(text, a["content"]), a["source"]) for a in gold if scorer.gold_is_direct(text, a["content"])
    ]
    out = []
    for item in ranking_items(ctx, records):
        chars = scorer.charset(text, [(item.record.start, item.record.end)])
        best, sources = 0, None
        for gchars, gsources in direct:
            inter = len(chars & gchars)
            if inter and inter >= 0.5 * min(len(chars), len(gchars)) and inter > best:
                best, sources = inter, gsources
        if sources is None:
            continue
        spans = [(doc[c.start : c.end].start_char, doc[c.start : c.end].end_char) for c in item.candidates]
        labels = [int(bool(sources) and scorer._overlaps(s, sources)) for s in spans]
        rule = item.record.speaker_span
        correct = scorer._overlaps(rule, sources) if sources else rule is None
        how = item.record.attribution.value if item.record.attribution is not None else "none"
        index = spans.index(rule) if rule in spans else None
        out.append(Example(aid, how, bool(correct), index, bool(sources), item.headline, item.features, labels))
    return out


def fold_of(article: str) -> int:
    return int(hashlib.sha1(article.encode("utf-8")).hexdigest(), 16) % FOLDS


def fit(examples: Sequence[Example], drop: str | None = None, c: float = C) -> dict[str, Any]:
    """A softmax over each quotation's candidates (a conditional logit: the candidates compete
    for the quotation, where a per-candidate logistic regression judged each alone), L2-penalised
    by 1/C and fitted by scipy's L-BFGS from zeros (deterministic), as the model's JSON dict.
    Quotations whose candidates are all right or all wrong teach nothing and are left out."""
    import numpy as np
    from scipy.optimize import minimize
    from sklearn.feature_extraction import DictVectorizer

    taught = [e for e in examples if any(e.labels) and not all(e.labels)]
    rows = [_without(f, drop) for e in taught for f in e.features]
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(rows).tocsr()
    starts = np.cumsum([0] + [len(e.labels) for e in taught[:-1]])
    group = np.repeat(np.arange(len(taught)), [len(e.labels) for e in taught])
    y = np.array([v for e in taught for v in e.labels], dtype=float)
    target = y / np.add.reduceat(y, starts)[group]  # the gold candidates share the quotation's mass

    def loss(w: Any) -> tuple[float, Any]:
        s = x @ w
        s = s - np.maximum.reduceat(s, starts)[group]
        e = np.exp(s)
        z = np.add.reduceat(e, starts)
        p = e / z[group]
        value = float(0.5 * (w @ w) / c - (target * s).sum() + np.log(z).sum())
        return value, w / c - x.T @ (target - p)

    result = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 5000})
    names = [str(n) for n in vec.get_feature_names_out()]
    weights = {n: round(float(w), DIGITS) for n, w in zip(names, result.x, strict=True)}
    return {
        "format_version": FORMAT_VERSION,
        "kind": "softmax over each quotation's candidate speakers (score = intercept + sum of weights)",
        "intercept": 0.0,
        "threshold": THRESHOLD,
        "feature_names": names,
        "weights": weights,
        "training": {
            "learner": f"conditional logit (softmax per quotation), L2 1/C with C={c}, scipy L-BFGS-B",
            "quotations": len(examples),
            "taught_by": len(taught),
            "articles": len({e.article for e in examples}),
            "candidates": sum(len(e.labels) for e in examples),
            "positives": sum(sum(e.labels) for e in examples),
        },
    }


def write_model(model: dict[str, Any], path: Path, description: str) -> None:
    model = dict(model)
    model["training"] = dict(model["training"], set=description)
    path.write_text(json.dumps(model, sort_keys=True, indent=1) + "\n", encoding="utf-8")


def _without(feats: dict[str, float], drop: str | None) -> dict[str, float]:
    return feats if drop is None else {k: v for k, v in feats.items() if group_of(k) != drop}


def correct(example: Example, mode: str, model: dict[str, Any] | None, drop: str | None = None) -> bool:
    """Is the speaker `mode` gives the quotation right (the rules' answer where the ranker keeps it)?"""
    if mode == "rules" or model is None or (mode == "combined" and example.attribution == "explicit"):
        return example.rule_correct
    if example.headline:
        return example.rule_correct
    w, b = model["weights"], model["intercept"]
    scores = [b + sum(w.get(k, 0.0) * v for k, v in _without(f, drop).items()) for f in example.features]
    k = best_candidate(scores, example.attribution != "none", model["threshold"])
    if k is None or k == example.rule_index:
        return example.rule_correct
    return bool(example.labels[k]) and example.has_source


def cross_validate(
    examples: Sequence[Example], drop: str | None = None, fraction: float = 1.0, c: float = C
) -> dict[str, float]:
    """Attribution accuracy of each mode over the matched quotations, 5 folds by article."""
    right = dict.fromkeys(MODES, 0)
    by_kind: dict[str, list[int]] = {}
    for fold in range(FOLDS):
        train = [e for e in examples if fold_of(e.article) != fold and _kept(e.article, fraction)]
        test = [e for e in examples if fold_of(e.article) == fold]
        model = fit(train, drop, c)
        for e in test:
            for mode in MODES:
                ok = correct(e, mode, model, drop)
                right[mode] += ok
                if mode != "rules":
                    by_kind.setdefault(f"{mode}/{e.attribution}", []).append(ok)
            by_kind.setdefault(f"rules/{e.attribution}", []).append(e.rule_correct)
    n = len(examples)
    out = {mode: right[mode] / n for mode in MODES}
    out |= {k: sum(v) / len(v) for k, v in sorted(by_kind.items())}
    out |= {f"n/{k.split('/')[1]}": len(v) for k, v in by_kind.items() if k.startswith("rules/")}
    return out


def _kept(article: str, fraction: float) -> bool:
    """A fixed subset of about `fraction` of the articles (by a second hash of the id)."""
    h = int(hashlib.sha1(("curve:" + article).encode("utf-8")).hexdigest(), 16) % 1000
    return h < fraction * 1000


def recall(examples: Sequence[Example]) -> dict[str, float]:
    with_source = [e for e in examples if e.has_source]
    return {
        "quotations": len(examples),
        "with_source": len(with_source),
        "candidate_recall": sum(any(e.labels) for e in with_source) / max(1, len(with_source)),
        "rules_accuracy": sum(e.rule_correct for e in examples) / max(1, len(examples)),
        "mean_candidates": sum(len(e.labels) for e in examples) / max(1, len(examples)),
    }


def tune_examples(scorer: ModuleType) -> list[Example]:
    tune = texts_in(TRAIN / "text", scorer, "tune")
    gold = gold_of(tune, TRAIN / "attributions", scorer)
    examples: list[Example] = []
    for aid, text, doc in parsed(tune):
        examples.extend(examples_of(aid, text, doc, gold[aid], scorer))
    return examples


def score_modes(folder: Path, ann_dir: Path, scorer: ModuleType) -> None:
    """The shared scorer's figures for each mode on `folder` (parsed once); nothing but totals is printed."""
    from quoteflow.extraction.extract import extract

    texts = texts_in(folder, scorer)
    gold_attrs = gold_of(texts, ann_dir, scorer)
    docs = parsed(texts)
    gold = {aid: {"text": text, "attributions": gold_attrs[aid]} for aid, text, _ in docs}
    for mode in MODES:
        preds = []
        for aid, _, doc in docs:
            for q in extract(doc, mode).quotes:  # type: ignore[arg-type]
                s = q.speaker_span
                c = (q.cue.start, q.cue.end) if q.cue is not None else (None, None)
                preds.append(
                    {"article_id": aid, "start_char": q.start, "end_char": q.end, "speaker_start": s and s[0],
                     "speaker_end": s and s[1], "cue_start": c[0], "cue_end": c[1]}
                )  # fmt: skip
        r = scorer.score(gold, preds, {aid: text for aid, text, _ in docs})
        figures = "  ".join(
            f"{name} {100 * r[key]:.2f}"
            for name, key in (("direct F1", "direct_F1"), ("attribution", "attr_acc"), ("e2e F1", "e2e_F1"))
        )
        print(f"{folder.name:>12} {mode:>9}: {figures}  indirect R {100 * r['indirect_R']:.2f}")


def _row(name: str, figures: dict[str, float]) -> str:
    return f"{name:<28} " + " ".join(f"{100 * figures[m]:6.2f}" for m in MODES)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--score", type=Path, help="score the three modes on this folder of texts instead of training")
    ap.add_argument("--ann", type=Path, default=EVAL / "polnear-train" / "attributions", help="its gold .ann folder")
    ap.add_argument("--quick", action="store_true", help="train and write the model only (no curve, no ablation)")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args(argv)
    scorer = load_scorer()
    if args.score is not None:
        score_modes(args.score, args.ann, scorer)
        return 0
    t0 = time.monotonic()
    examples = tune_examples(scorer)
    print(f"parsed and extracted the tune half in {time.monotonic() - t0:.0f} s")
    r = recall(examples)
    print(
        f"tune: {r['quotations']} matched quotations ({r['with_source']} with a gold source), "
        f"{r['mean_candidates']:.1f} candidates each; candidate recall {100 * r['candidate_recall']:.2f}%, "
        f"rules {100 * r['rules_accuracy']:.2f}%"
    )
    print(f"{'5-fold CV on tune (attr %)':<28} " + " ".join(f"{m:>6}" for m in ("rules", "ranker", "comb.")))
    cv = cross_validate(examples)
    print(_row("all matched quotations", cv))
    for how in ("explicit", "continuation", "none"):
        if f"rules/{how}" in cv:
            print(_row(f"  rules said {how} (n={cv['n/' + how]:.0f})", {m: cv[f"{m}/{how}"] for m in MODES}))
    if not args.quick:
        for fraction in (0.25, 0.5):
            print(_row(f"learning curve {int(fraction * 100)}%", cross_validate(examples, fraction=fraction)))
        print(_row("learning curve 100%", cv))
        for group in GROUPS:
            print(_row(f"ablation: without {group}", cross_validate(examples, drop=group)))
    model = fit(examples)
    write_model(model, args.out, f"PolNeAR train, tune half ({r['quotations']:.0f} quotations)")
    print(f"wrote {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out} "
          f"in {time.monotonic() - t0:.0f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
