"""`--help` that says what a user needs: defaults (those of the QUOTEFLOW_* settings too), the
environment variables, and no type labels on flags.

    batch_size: Annotated[int | None, setting_option("batch_size", min=1)] = None
    # --batch-size  <int range> [x>=1]  Articles per task and per atomic commit.
    #                                   (env QUOTEFLOW_BATCH_SIZE, default 200)
    app = typer.Typer(cls=HelpGroup, epilog=environment_epilog())

A setting's option defaults to None so that the environment (read by `Settings`) decides
when the option is not given; its help shows the setting's own default and variable.
"""

from __future__ import annotations

import json
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from .settings import Settings


def env_name(field: str) -> str:
    return f"QUOTEFLOW_{field.upper()}"


def _default(field: str) -> str:
    """The setting's default as a user would write it (a default factory called: `[]`, not PydanticUndefined)."""
    value = Settings.model_fields[field].get_default(call_default_factory=True, validated_data={})
    if value is None:
        return "none"
    return json.dumps(value) if isinstance(value, list | dict) else str(value)


def setting_option(field: str, *decls: str, help: str | None = None, **kwargs: Any) -> Any:
    """A `typer.Option` for the setting `field`: its description, default and variable in the help."""
    text = (help or Settings.model_fields[field].description or "").rstrip(".")
    # not show_default: typer would print the value in parentheses, and [..] is rich markup
    return typer.Option(*decls, help=f"{text}. (env {env_name(field)}, default {_default(field)})", **kwargs)


def environment_epilog() -> str:
    """Every QUOTEFLOW_* variable with its default and meaning, for the end of `--help`."""
    lines = ["Environment (an option given on the command line wins):"]
    for field, info in Settings.model_fields.items():
        lines.append(f"  {env_name(field)} (default {_default(field)}): {info.description}")
    lines.append("  PREFECT_API_URL (default none): a Prefect server to record runs on; none: a temporary local API")
    return "\n\n".join(lines)


def _usage(pieces: list[str]) -> list[str]:
    """`SOURCE` in the usage line, not `{source}`: required arguments are not a set."""
    return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


def _flags_without_type(params: list[Any]) -> list[Any]:
    """No `<bool>` after a flag such as `--prune` or `--help`: a flag takes no value."""
    for p in params:
        if getattr(p, "is_flag", False) and p.metavar is None:
            p.metavar = ""
    return params


class HelpCommand(TyperCommand):
    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _usage(super().collect_usage_pieces(ctx))

    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_without_type(super().get_params(ctx))


class HelpGroup(TyperGroup):
    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _usage(super().collect_usage_pieces(ctx))

    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_without_type(super().get_params(ctx))
