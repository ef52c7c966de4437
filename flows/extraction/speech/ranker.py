"""The speaker of each quotation chosen by a learned ranker, the rules' choice, or both.

    “We will rebuild,” she said.  Mayor Jane Roe had met the builders.
    choose_speakers(ctx, records, "ranker")   # the candidate scored highest: "she" (-> Jane Roe)

Three modes (`SpeakerModel`, the `speaker_model` setting):
- `rules`     the rules' cascade alone (`attribution`, `quotes`, `coref`): the records as they are;
- `ranker`    every direct and partial quotation takes its best-scored candidate
              (`candidates`, `features`); one the rules left unattributed takes it only when
              the model gives it at least the model's threshold;
- `combined`  the rules' choice where an explicit cue names the speaker, the ranker elsewhere
              (continuations and quotes with no cue).
A headline's quotation keeps the rules' answer in every mode: the rules credit it through
the body quotation holding its words (far from any candidate window) or leave it
unattributed, and the names around it in the headline are its topic, not its speaker.
Reported clauses (`indirect`) keep the rules' speaker in every mode.

The model is a linear one (trained as a softmax over each quotation's candidates) shipped
in the package as JSON (`speaker_model.json`: format version, feature names, weights, the
training set's description), written by
`training/speaker.py` (`make train`); scoring it needs no learning library.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterator
from importlib import resources
from typing import NamedTuple

from ...errors import SpeakerModelError
from ...schemas.vocab import AttributionKind, QuoteType
from .candidates import Candidate, QuoteWindow, quote_window, speaker_candidates
from .document import DocContext
from .features import RecordContext, features, mention_ends, record_context, relative_features
from .modes import SpeakerModel
from .records import QuoteRecord

MODEL_FILE = "speaker_model.json"
FORMAT_VERSION = 1
_RANKED_TYPES = frozenset({QuoteType.DIRECT, QuoteType.PARTIAL})


class LinearModel(NamedTuple):
    intercept: float
    weights: dict[str, float]
    threshold: float  # the probability an unattributed quotation's best candidate needs

    def score(self, feats: dict[str, float]) -> float:
        return self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())


class RankingItem(NamedTuple):
    """One quotation the ranker judges: its candidates and their features."""

    position: int  # where it is in the records
    record: QuoteRecord
    candidates: list[Candidate]
    features: list[dict[str, float]]
    headline: bool  # the quotation is in the headline: it keeps the rules' answer


def model_from_json(data: dict[str, object]) -> LinearModel:
    if data.get("format_version") != FORMAT_VERSION:
        raise SpeakerModelError(
            f"speaker model format {data.get('format_version')!r} is not {FORMAT_VERSION}; retrain it (make train)"
        )
    weights = data["weights"]
    assert isinstance(weights, dict)
    intercept, threshold = data["intercept"], data["threshold"]
    assert isinstance(intercept, float | int) and isinstance(threshold, float | int)
    return LinearModel(float(intercept), {str(k): float(v) for k, v in weights.items()}, float(threshold))


@functools.cache
def load_model() -> LinearModel:
    """The packaged model, read once per process."""
    text = resources.files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return model_from_json(json.loads(text))


def ranking_items(
    ctx: DocContext, records: list[QuoteRecord], wanted: Callable[[QuoteRecord], bool] = lambda r: True
) -> Iterator[RankingItem]:
    """The direct and partial quotations (those `wanted`) with their candidates, in text order;
    the previous quotation is the last one before it with a speaker (by the rules)."""
    previous: QuoteRecord | None = None
    ends = mention_ends(ctx)
    for k, record in enumerate(records):
        if record.quote_type in _RANKED_TYPES and wanted(record):
            window: QuoteWindow = quote_window(ctx, record)
            cands = speaker_candidates(ctx, record, previous, window)
            rc: RecordContext = record_context(ctx, record, previous, ends)
            feats = [features(ctx, record, window, c, rc) for c in cands]
            for f, extra in zip(feats, relative_features(ctx, window, cands), strict=True):
                f.update(dict.fromkeys(extra, 1.0))
            yield RankingItem(k, record, cands, feats, _in_headline(ctx, record))
        if record.speaker_span is not None:
            previous = record


def choose_speakers(ctx: DocContext, records: list[QuoteRecord], mode: SpeakerModel) -> list[QuoteRecord]:
    """`records` with the speaker each mode gives (the rules' records unchanged for `rules`)."""
    if mode == "rules" or not records:
        return records
    model = load_model()
    out = list(records)
    for item in ranking_items(ctx, records, lambda r: mode == "ranker" or r.attribution != AttributionKind.EXPLICIT):
        out[item.position] = ranked(ctx, item, model)
    return out


def ranked(ctx: DocContext, item: RankingItem, model: LinearModel) -> QuoteRecord:
    """The record with its best-scored candidate as the speaker."""
    record = item.record
    if item.headline:
        return record  # a headline's words are credited through the body quotation holding them, or not at all
    k = best_candidate([model.score(f) for f in item.features], record.attribution is not None, model.threshold)
    if k is None:
        return record
    cand = item.candidates[k]
    span = ctx.doc[cand.start : cand.end]
    chars = (span.start_char, span.end_char)
    if chars == record.speaker_span:
        return record
    attribution = record.attribution
    if attribution is None:
        attribution = AttributionKind.EXPLICIT if "cue_subject" in cand.rules else AttributionKind.CONTINUATION
    return record._replace(speaker=cand.entity, speaker_span=chars, attribution=attribution)


def best_candidate(scores: list[float], attributed: bool, threshold: float) -> int | None:
    """The candidate to take (the first of equal scores: text order), or None to keep the
    rules' answer: there is no candidate, or the quotation is unattributed and the best
    candidate's probability is under `threshold`."""
    if not scores:
        return None
    best = max(range(len(scores)), key=lambda k: scores[k])
    if not attributed and _probability(scores[best]) < threshold:
        return None
    return best


def _in_headline(ctx: DocContext, record: QuoteRecord) -> bool:
    """The headline when the first paragraph reads as one; otherwise the first sentence."""
    if ctx.layout.headline is not None:
        return ctx.layout.headline[0] <= record.start < ctx.layout.headline[1]
    return record.paragraph == 0 and record.sentence == 0


def _probability(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))
