"""Run settings: defaults, overridden by QUOTEFLOW_* environment variables, then by CLI options."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .extraction.package import DEFAULT_PIPELINE
from .extraction.speech.modes import DEFAULT_SPEAKER_MODEL, SpeakerModel
from .sources.formats.base import FieldMap
from .sources.formats.jsonl import parse_field_options


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QUOTEFLOW_", extra="ignore")

    spacy_model: str = Field(
        DEFAULT_PIPELINE,
        description="Installed spaCy pipeline package to load (any English pipeline with parser and NER).",
    )
    speaker_model: SpeakerModel = Field(
        DEFAULT_SPEAKER_MODEL,
        description="Who chooses each quotation's speaker: rules (the hand-ordered rules), ranker "
        "(a model trained on annotated news) or combined (the rules where a cue names the speaker).",
    )
    batch_size: int = Field(200, ge=1, description="Articles per task and per atomic commit.")
    batch_bytes: int = Field(
        10_000_000, ge=1, description="Input bytes per batch, at most (a larger input forms a batch alone)."
    )
    workers: int = Field(
        1,
        ge=1,
        # QUOTEFLOW_N_PROCESS, the knob this one replaced, still sets it
        validation_alias=AliasChoices("workers", "QUOTEFLOW_WORKERS", "QUOTEFLOW_N_PROCESS"),
        description="Processes that parse and extract batches at once (each loads the spaCy model once); "
        "with the dask task runner, the batches in flight.",
    )
    task_runner: Literal["processes", "dask"] = Field(
        "processes", description="Where extraction runs: worker processes on this machine, or a Dask cluster."
    )
    dask_address: str | None = Field(
        None, description="The Dask scheduler to use (tcp://host:8786); none: a local cluster of `workers` processes."
    )
    max_input_bytes: int = Field(5_000_000, ge=1, description="Inputs larger than this are rejected, unread.")
    parse_batch_chars: int = Field(
        100_000, ge=1_000, description="Characters spaCy parses at once (bounds the parser's memory)."
    )
    parse_chunk_chars: int = Field(
        10_000, ge=1_000, description="Longer texts are parsed in pieces of about this size, then joined."
    )
    lock_wait_seconds: float = Field(
        0.0, ge=0, description="How long a run waits for another run on the same output before standing down."
    )
    snapshot_retention_seconds: float = Field(
        900.0,
        ge=0,
        description="Version retention: a replaced version of the dataset is kept this long for readers "
        "(`open_dataset(OUT, version=N)`), then `quoteflow vacuum` (which every run ends with) deletes it.",
    )

    fields: list[str] = Field(
        default_factory=list,
        description="JSON field mapping overrides, NAME=FIELD (`--field text=body`); "
        "from the environment as a JSON list: QUOTEFLOW_FIELDS='[\"text=body\"]'.",
    )

    @field_validator("fields")
    @classmethod
    def _fields_parse(cls, value: list[str]) -> list[str]:
        parse_field_options(value)  # a FieldOptionError (a ValueError) names the bad option
        return value

    def field_map(self) -> FieldMap:
        """The `fields` overrides, parsed (`sources.formats.jsonl`)."""
        return parse_field_options(self.fields)

    @classmethod
    def with_overrides(cls, **overrides: Any) -> Settings:
        """The environment's settings, with the given values (those not None) on top."""
        values: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
        return cls(**values)
