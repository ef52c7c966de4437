"""Who chooses each quotation's speaker: the names a run's `speaker_model` setting takes.

    Settings(speaker_model="combined")   # QUOTEFLOW_SPEAKER_MODEL=combined, quoteflow run --speaker-model combined

`rules` the hand-ordered rules alone, `ranker` the learned ranker (`ranker`), `combined` the
rules where an explicit cue names the speaker and the ranker elsewhere. This module imports
nothing heavy: the settings (read where spaCy is never loaded) take their type from it.
"""

from __future__ import annotations

from typing import Literal, get_args

SpeakerModel = Literal["rules", "ranker", "combined"]
SPEAKER_MODELS: tuple[str, ...] = get_args(SpeakerModel)
# `combined`: within 0.1 point of `ranker` in the 5-fold cross-validation on the tune half of
# PolNeAR train (training/speaker.py), and, unlike it, at or above the rules on entity-dev and the own set
DEFAULT_SPEAKER_MODEL: SpeakerModel = "combined"
